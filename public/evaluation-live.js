// The evaluation's big screen: on every answer that arrives (a live event carrying the count only) the count and
// the charts are read again from the server, already thresholded, and swapped in without reloading the page.
(function () {
  'use strict';
  var root = document.querySelector('[data-evaluation-screen]');
  if (!root) return;
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(root.dataset.liveUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var current = root.querySelector('[data-evaluation-live]');
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var fresh = holder.querySelector('[data-evaluation-live]');
        if (!current || !fresh) return;
        // The count moves with every answer; the charts only every `chartStep` answers (on an anonymous form the
        // threshold), so the room cannot read one person's answer off the bars the moment it arrives.
        var drawnAt = Number(current.dataset.chartsAt || current.dataset.count);
        var count = Number(fresh.dataset.count);
        var step = Number(fresh.dataset.chartStep) || 1;
        var hasCharts = current.querySelector('svg') !== null;
        if (!hasCharts || count - drawnAt >= step || count < drawnAt) {
          fresh.dataset.chartsAt = String(count);
          current.replaceWith(fresh);
          return;
        }
        var oldCount = current.querySelector('[data-respondents]');
        var newCount = fresh.querySelector('[data-respondents]');
        if (oldCount && newCount) oldCount.replaceWith(newCount);
      })
      .catch(function () { /* the next answer or the next periodic read brings it */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  // A read every half minute catches what a dropped stream missed.
  setInterval(refresh, 30000);
  if (window.EventSource) {
    var events = new EventSource(root.dataset.eventsUrl);
    events.addEventListener('answered', refresh);
  }
})();
