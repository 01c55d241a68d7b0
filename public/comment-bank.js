// The comment bank on the grading page: a click puts a phrase where the cursor last was (feedback or a
// criterion's comment), and the sentence at the feedback's cursor can be taken into the "add" field.
// Without JavaScript the list is text to copy from and the field is typed into.
(() => {
  const bank = document.querySelector('[data-comment-bank]');
  if (!bank) return;
  const feedback = document.querySelector('[data-feedback]');
  let target = feedback;
  for (const field of document.querySelectorAll('[data-bank-target]')) field.addEventListener('focus', () => { target = field; });
  for (const button of bank.querySelectorAll('[data-insert]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      if (!target) return;
      const phrase = button.parentElement.querySelector('[data-phrase]').textContent;
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      const before = target.value.slice(0, start);
      const glue = before && !/\s$/.test(before) ? ' ' : '';
      target.value = before + glue + phrase + target.value.slice(end);
      const caret = start + glue.length + phrase.length;
      target.focus();
      target.setSelectionRange(caret, caret);
    });
  }
  const take = bank.querySelector('[data-take-sentence]');
  const field = bank.querySelector('[data-bank-new]');
  if (take && field && feedback) {
    take.hidden = false;
    take.addEventListener('click', () => {
      const text = feedback.value;
      const at = feedback.selectionStart ?? text.length;
      const start = Math.max(text.lastIndexOf('.', at - 1), text.lastIndexOf('\n', at - 1)) + 1;
      const stops = ['.', '\n'].map((mark) => text.indexOf(mark, at)).filter((index) => index >= 0);
      const end = stops.length ? Math.min(...stops) + 1 : text.length;
      field.value = text.slice(start, end).trim();
      field.focus();
    });
  }
})();
