// One slide at a time with its notes beside it; arrow keys, Page Up/Down, Home and End move between slides.
// Without script every slide is listed one under the other.
document.querySelectorAll('[data-slide-viewer]').forEach((viewer) => {
  const slides = Array.from(viewer.querySelectorAll('.slide'));
  if (slides.length < 2) return;
  const nav = viewer.querySelector('.slide-nav');
  const position = viewer.querySelector('[data-position]');
  const fromHash = slides.findIndex((slide) => '#' + slide.id === window.location.hash);
  let current = fromHash >= 0 ? fromHash : 0;
  const show = (index) => {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach((slide, i) => (slide.hidden = i !== current));
    position.textContent = position.dataset.template.replace('{n}', String(current + 1)).replace('{count}', String(slides.length));
    history.replaceState(null, '', '#' + slides[current].id);
  };
  nav.hidden = false;
  viewer.querySelector('[data-previous]').addEventListener('click', () => show(current - 1));
  viewer.querySelector('[data-next]').addEventListener('click', () => show(current + 1));
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    const moves = { ArrowLeft: -1, ArrowUp: -1, PageUp: -1, ArrowRight: 1, ArrowDown: 1, PageDown: 1 };
    if (event.key in moves) show(current + moves[event.key]);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(slides.length - 1);
    else return;
    event.preventDefault();
  });
  show(current);
});
