// The confirmation of an action is shown where the person acted: the address's #fragment names that part of
// the page, so the message moves to its top and that part is brought into view with the message in it.
// Without JavaScript the message stays at the top of the page, kept in view by position: sticky.
(() => {
  const flash = document.getElementById('flash');
  if (!flash) return;
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && id !== 'flash' ? document.getElementById(id) : null;
  if (target) {
    const host = target.tagName === 'TR' ? target.cells[target.cells.length - 1] : target;
    const heading = host.firstElementChild && /^H[1-6]$/.test(host.firstElementChild.tagName) ? host.firstElementChild : null;
    if (heading) heading.after(flash);
    else host.prepend(flash);
    flash.classList.add('in-place');
    target.scrollIntoView({ block: 'start' });
  }
  // Focus makes screen readers read it, and scrolls to it if it is still out of view.
  flash.focus();
})();
