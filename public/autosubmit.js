// Posts the deep linking response back to the platform without a click; the button stays as fallback.
document.querySelectorAll('form[data-autosubmit]').forEach((form) => form.submit());
