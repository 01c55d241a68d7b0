// LTI Dynamic Registration: tell the platform's registration dialog that we are done.
(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
