// Moves focus to a form's error summary when the page comes back with errors, so a screen reader
// reads it and a keyboard user starts there; a summary link focuses its field, not just scrolls to it.
(function () {
  var summary = document.querySelector('[data-error-summary]');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'center' });
    target.focus();
  });
})();
