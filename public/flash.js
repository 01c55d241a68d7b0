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
  } else {
    flash.scrollIntoView({ block: 'nearest' });
  }
  // A live region announces changes, not what was there on load: the text is put back once the region is in place.
  const text = flash.textContent;
  flash.textContent = '';
  window.setTimeout(() => {
    flash.textContent = text;
  }, 50);
  // Moodle frames the tool from another origin, where browsers refuse focus without a click: then this does nothing.
  flash.focus({ preventScroll: true });
})();
