// The gallery walk's countdown on the console and the big screen: ticks locally, corrected for the difference
// between this device's clock and the server's, and re-reads the walk's state on every live event.
(function () {
  'use strict';
  var root = document.querySelector('[data-gallery-clock]');
  if (!root) return;
  var state = { phase: root.dataset.phase, roundEndsAt: root.dataset.roundEndsAt || null, remainingMs: Number(root.dataset.remainingMs) || 0 };
  var offsetMs = Date.parse(root.dataset.serverNow) - Date.now();
  var countdown = root.querySelector('[data-countdown]');

  function mmss(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  var askedAtEnd = null;
  function tick() {
    var remaining = state.phase === 'running' && state.roundEndsAt ? Date.parse(state.roundEndsAt) - (Date.now() + offsetMs) : state.remainingMs;
    // The round ran out: by the stored clock the next one has begun; ask once what the room looks like now.
    if (state.phase === 'running' && remaining <= 0 && askedAtEnd !== state.roundEndsAt) {
      askedAtEnd = state.roundEndsAt;
      setTimeout(refresh, 300);
    }
    countdown.textContent = mmss(state.phase === 'ended' || state.phase === 'not_started' ? 0 : remaining);
  }

  function roundLabel(clock, rounds) {
    if (clock.phase === 'not_started') return root.dataset.labelNotStarted;
    if (clock.phase === 'ended') return root.dataset.labelEnded;
    var label = root.dataset.labelRound.replace('{round}', String(clock.round));
    return clock.phase === 'paused' ? label + ' · ' + root.dataset.labelPaused : label;
  }

  function renderRound(which, round) {
    var list = document.querySelector('[data-round-list="' + which + '"]');
    if (!list) return;
    var fresh = document.createElement(round ? 'ul' : 'p');
    fresh.setAttribute('data-round-list', which);
    if (!round) {
      fresh.className = 'muted';
      fresh.textContent = which === 'next' ? root.dataset.labelNoNext : root.dataset.labelNobody;
    } else {
      fresh.className = 'gallery-stations';
      round.stations.forEach(function (station) {
        var item = document.createElement('li');
        var name = document.createElement('strong');
        name.textContent = root.dataset.labelStation.replace('{number}', String(station.number)) + (station.groupName ? ' (' + station.groupName + ')' : '');
        item.appendChild(name);
        item.appendChild(document.createTextNode(': ' + (station.visitors.length ? station.visitors.join(', ') : root.dataset.labelNobody)));
        fresh.appendChild(item);
      });
    }
    list.replaceWith(fresh);
  }

  function refresh() {
    fetch(root.dataset.stateUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (walk) {
        if (!walk) return;
        offsetMs = Date.parse(walk.clock.serverNow) - Date.now();
        state = walk.clock;
        root.querySelector('[data-round]').textContent = roundLabel(walk.clock, walk.rounds);
        var presence = root.querySelector('[data-presence]');
        if (presence) presence.textContent = root.dataset.labelPhones.replace('{connected}', String(walk.presence.connected)).replace('{reconnecting}', String(walk.presence.reconnecting));
        renderRound('current', walk.current);
        renderRound('next', walk.next);
        tick();
      })
      .catch(function () { /* the next event or the next periodic read brings it */ });
  }

  tick();
  setInterval(tick, 1000);
  // A read every half minute catches what a dropped stream missed, without reloading the page under the
  // room's eyes (a meta refresh would, and takes the timing out of the viewer's hands: WCAG 2.2.1).
  setInterval(refresh, 30000);
  if (window.EventSource) {
    var events = new EventSource(root.dataset.eventsUrl);
    ['clock', 'plan', 'presence'].forEach(function (kind) { events.addEventListener(kind, refresh); });
  }
})();
