// Can this frame keep a (partitioned) cookie? Then carry on with the launch here; otherwise leave the
// "open in a new window" button as the way in.
(function () {
  var section = document.getElementById('cookie-check');
  var name = 'nv_cookie_probe';
  document.cookie = name + '=1; Path=/; Secure; SameSite=None; Partitioned; Max-Age=60';
  var kept = document.cookie.indexOf(name + '=1') !== -1;
  document.cookie = name + '=; Path=/; Secure; SameSite=None; Partitioned; Max-Age=0';
  if (kept) {
    document.getElementById('launch-here').submit();
  } else {
    section.setAttribute('data-state', 'blocked');
  }
})();
