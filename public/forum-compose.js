// Mentions by choice, not by typing: the chosen person's id goes into the text as @[Name](#user-ID), which the server resolves.
document.querySelectorAll('[data-mention-picker]').forEach((picker) => {
  const form = picker.closest('form');
  const composer = form && form.querySelector('[data-composer]');
  const select = picker.querySelector('select');
  const button = picker.querySelector('[data-mention-insert]');
  if (!composer || !select || !button) return;
  picker.hidden = false;
  button.addEventListener('click', () => {
    const option = select.options[select.selectedIndex];
    if (!option) return;
    const name = option.textContent.replace(/[[\]()\n]/g, ' ').trim();
    const mention = `@[${name}](#user-${option.value}) `;
    const start = composer.selectionStart ?? composer.value.length;
    composer.value = composer.value.slice(0, start) + mention + composer.value.slice(composer.selectionEnd ?? start);
    composer.focus();
    composer.selectionStart = composer.selectionEnd = start + mention.length;
  });
});
