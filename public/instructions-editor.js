// Attaches the EasyMDE editor (toolbar and preview) to textareas marked data-markdown-editor. Without JavaScript,
// or if the editor fails to load, the plain textarea stays and takes Markdown as before. Icons would come from
// Font Awesome on a CDN, which the CSP forbids: the buttons carry their own (translated) words instead.
(function () {
  'use strict';
  if (typeof window.EasyMDE !== 'function') return;
  var stylesheet = document.createElement('link');
  stylesheet.rel = 'stylesheet';
  stylesheet.href = '/assets/vendor/easymde.min.css';
  document.head.appendChild(stylesheet);
  document.querySelectorAll('textarea[data-markdown-editor]').forEach(function (textarea) {
    var labels = {};
    try {
      labels = JSON.parse(textarea.getAttribute('data-labels') || '{}');
    } catch (error) {
      labels = {};
    }
    var button = function (name, action, fallback) {
      var label = labels[name] || fallback;
      return { name: name, action: action, text: label, title: label, className: 'editor-button' };
    };
    var E = window.EasyMDE;
    new E({
      element: textarea,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: true,
      forceSync: true,
      status: false,
      minHeight: '12rem',
      toolbar: [
        button('bold', E.toggleBold, 'B'),
        button('italic', E.toggleItalic, 'I'),
        button('heading', E.toggleHeadingSmaller, 'H'),
        '|',
        button('bulletList', E.toggleUnorderedList, '•'),
        button('numberedList', E.toggleOrderedList, '1.'),
        button('quote', E.toggleBlockquote, '"'),
        button('link', E.drawLink, 'Link'),
        '|',
        Object.assign(button('preview', E.togglePreview, 'Preview'), { noDisable: true }),
      ],
    });
  });
})();
