// The participant’s phone in a gallery walk (views/gallery/walk.ejs): the countdown, live comments (SSE), and comments kept in the
// browser until the server has them. No user text is ever put in as HTML: only textContent.
(function () {
  'use strict';
  var root = document.querySelector('[data-gallery-walk]');
  if (!root) return;
  var base = root.getAttribute('data-base');
  var strings = JSON.parse(root.getAttribute('data-strings') || '{}');
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  // Per person and walk, not per session: a comment kept when the session ended is sent from the next one.
  var queueKey = 'natverk-gallery-queue:' + root.getAttribute('data-queue-owner');
  var connection = root.querySelector('[data-connection]');

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return 'k' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }
  var tabId = newKey().replace(/[^\w-]/g, '').slice(0, 40);

  function showConnection(text) {
    if (!connection) return;
    connection.textContent = text || '';
    connection.hidden = !text;
  }

  // ---- the countdown: from the server's reading, ticking on this device's clock ----
  var countdown = root.querySelector('[data-countdown]');
  var phase = root.getAttribute('data-phase');
  var round = Number(root.getAttribute('data-round'));
  var remaining = Number(root.getAttribute('data-remaining-ms')) || 0;
  // The reading was made at the server's "now"; the page may arrive later, so count from the server time
  // corrected by this device's offset to it, measured at load (both clocks tick at the same rate).
  var offset = Number(root.getAttribute('data-server-now')) - Date.now();
  var deadline = Number(root.getAttribute('data-server-now')) + remaining;
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    if (!countdown) return;
    var left = phase === 'running' ? Math.max(0, deadline - (Date.now() + offset)) : remaining;
    // The round ran out: the next one has begun by the stored clock, and the server knows the next station.
    if (phase === 'running' && left === 0 && mode === 'live') moveOn();
    var seconds = Math.ceil(left / 1000);
    countdown.textContent = pad(Math.floor(seconds / 60)) + ':' + pad(seconds % 60);
  }
  tick();
  setInterval(tick, 1000);
  function applyClock(data) {
    if (typeof data.remainingMs === 'number') {
      remaining = data.remainingMs;
      deadline = Date.now() + offset + data.remainingMs;
    }
    if (typeof data.phase === 'string') phase = data.phase;
    var label = root.querySelector('[data-phase-label]');
    if (typeof data.round === 'number' && data.round !== round && phase !== 'ended') {
      round = data.round;
      moveOn();
    }
    if (label) {
      if (phase === 'ended') label.textContent = strings.ended;
      else if (round > 0) label.textContent = strings.round.replace('{round}', String(round)) + (phase === 'paused' ? ' · ' + strings.paused : '');
    }
    tick();
  }
  // ---- a new round: the page is reloaded for the next station, unless the visitor is writing ----
  var mode = root.getAttribute('data-mode');
  var movingOn = false;
  function moveOn() {
    if (movingOn) return;
    var writing = Array.prototype.some.call(root.querySelectorAll('textarea'), function (area) { return area.value.trim() !== ''; });
    if (writing) {
      showNotice(strings.roundChanged);
      var notice = root.querySelector('[data-notice]');
      if (notice && !notice.querySelector('button')) {
        var go = document.createElement('button');
        go.type = 'button';
        go.textContent = strings.goToStation;
        go.addEventListener('click', function () { location.reload(); });
        notice.appendChild(document.createTextNode(' '));
        notice.appendChild(go);
      }
      return;
    }
    movingOn = true;
    // A room of phones reloads spread over a few seconds, not all in the same instant.
    setTimeout(function () { location.reload(); }, 500 + Math.random() * 2500);
  }

  function showNotice(text) {
    var notice = root.querySelector('[data-notice]');
    if (!notice) {
      notice = document.createElement('p');
      notice.className = 'notice';
      notice.setAttribute('data-notice', '');
      notice.setAttribute('role', 'status');
      root.insertBefore(notice, root.children[1] || null);
    }
    notice.textContent = text;
  }

  // ---- comments on the page ----
  function slideSections(stationId, slide) {
    return root.querySelectorAll('[data-station="' + Number(stationId) + '"] [data-slide="' + Number(slide) + '"]');
  }
  function commentItem(c) {
    var li = document.createElement('li');
    li.className = 'walk-comment-item';
    li.setAttribute('data-comment', String(c.id));
    var meta = document.createElement('p');
    meta.className = 'walk-comment-meta';
    var parts = [c.mine ? strings.you : (c.commenterName || strings.anonymous)];
    if (typeof c.promptIndex === 'number' && strings.prompts[c.promptIndex]) parts.push(strings.prompts[c.promptIndex]);
    if (c.region) parts.push(strings.pointsAtRegion);
    meta.textContent = parts.join(' · ');
    li.appendChild(meta);
    if (c.notesQuote) {
      var quote = document.createElement('blockquote');
      quote.textContent = c.notesQuote;
      li.appendChild(quote);
    }
    var body = document.createElement('p');
    body.className = 'walk-comment-body';
    body.textContent = c.body;
    li.appendChild(body);
    if (c.region) li.setAttribute('data-region', JSON.stringify(c.region));
    return li;
  }
  function addComment(c) {
    slideSections(c.stationId, c.slide).forEach(function (section) {
      var list = section.querySelector('[data-comments]');
      if (!list || list.querySelector('[data-comment="' + Number(c.id) + '"]')) return;
      var item = commentItem(c);
      list.appendChild(item);
      markRegion(section, item);
    });
  }
  // A comment that points at a region is outlined on the slide picture (placed by script: the CSP allows no inline style).
  function markRegion(section, item) {
    var raw = item.getAttribute('data-region');
    var picture = section.querySelector('[data-picture]');
    if (!raw || !picture) return;
    var r;
    try { r = JSON.parse(raw); } catch (e) { return; }
    var mark = document.createElement('span');
    mark.className = 'walk-region';
    placeBox(mark, r);
    picture.appendChild(mark);
  }
  function placeBox(el, r) {
    el.style.left = (r.x * 100) + '%';
    el.style.top = (r.y * 100) + '%';
    el.style.width = (r.w * 100) + '%';
    el.style.height = (r.h * 100) + '%';
  }
  root.querySelectorAll('[data-comment][data-region]').forEach(function (item) {
    var section = item.closest('[data-slide]');
    if (section) markRegion(section, item);
  });

  // With hideUntilPosted, a station's earlier comments arrive once this visitor has posted there: read them
  // from the page again (escaped by the server) rather than building them here.
  function revealStation(stationId) {
    var station = root.querySelector('[data-station="' + Number(stationId) + '"]');
    var withheld = station && station.querySelector('[data-withheld]');
    if (!withheld) return;
    fetch(location.pathname, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-station="' + Number(stationId) + '"]');
      if (!fresh) return;
      fresh.querySelectorAll('[data-slide]').forEach(function (freshSlide) {
        var list = station.querySelector('[data-slide="' + freshSlide.getAttribute('data-slide') + '"] [data-comments]');
        var freshList = freshSlide.querySelector('[data-comments]');
        if (!list || !freshList) return;
        freshList.querySelectorAll('[data-comment]').forEach(function (item) {
          if (list.querySelector('[data-comment="' + item.getAttribute('data-comment') + '"]')) return;
          var copy = document.importNode(item, true);
          list.appendChild(copy);
          markRegion(list.closest('[data-slide]'), copy);
        });
      });
      withheld.remove();
    }).catch(function () {});
  }

  // ---- the queue: a comment is kept in this browser until the server has answered for it ----
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || '[]'); } catch (e) { return []; }
  }
  function writeQueue(queue) {
    try { localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* private mode: the queue lives in memory only */ memoryQueue = queue; }
  }
  var memoryQueue = null;
  function queue() { return memoryQueue || readQueue(); }
  function statusFor(item) {
    var section = slideSections(item.payload.stationId, item.payload.slide)[0];
    return section && section.querySelector('[data-form-status]');
  }
  function say(item, text, refused) {
    var el = statusFor(item);
    if (!el) return;
    el.textContent = text;
    el.classList.toggle('field-error', Boolean(refused));
  }
  var flushing = false;
  function flush() {
    if (flushing) return;
    var pending = queue();
    if (!pending.length) return;
    flushing = true;
    var item = pending[0];
    fetch(base + '/comments', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(Object.assign({ _csrf: csrf }, item.payload)),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        var done = response.status === 200 || response.status === 201;
        // A session that has ended (401) or a page whose form token is stale (403 without our JSON) is no
        // refusal of the comment: it stays kept until the person opens the walk again.
        var sessionGone = response.status === 401 || (response.status === 403 && !answer.code);
        var never = !done && !sessionGone && response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
        if (done || never) {
          writeQueue(queue().filter(function (q) { return q.payload.clientKey !== item.payload.clientKey; }));
          if (done) {
            say(item, strings.sent, false);
            revealStation(item.payload.stationId);
          } else {
            say(item, strings.refused + ' ' + (answer.error || response.statusText), true);
          }
          flushing = false;
          flush();
        } else {
          say(item, sessionGone ? strings.sessionEnded : strings.waiting, sessionGone);
          flushing = false;
        }
      });
    }).catch(function () {
      say(item, strings.waiting, false);
      flushing = false;
    });
  }
  window.addEventListener('online', flush);
  setInterval(flush, 10000);

  // ---- writing a comment: the slide, a prompt, and where it points ----
  var pointers = new WeakMap();
  function setPointer(form, pointer) {
    pointers.set(form, pointer);
    var box = form.querySelector('[data-pointer]');
    var text = form.querySelector('[data-pointer-text]');
    if (box && text) {
      box.hidden = !pointer;
      text.textContent = pointer ? (pointer.region ? strings.pointsAtRegion : strings.pointsAtSentence + ': “' + pointer.quote + '”') : '';
    }
    var section = form.closest('[data-slide]');
    section.querySelectorAll('.walk-sentence').forEach(function (b) {
      b.setAttribute('aria-pressed', pointer && pointer.sentence === Number(b.getAttribute('data-sentence')) ? 'true' : 'false');
    });
    var draft = section.querySelector('.walk-draft');
    if (draft && !(pointer && pointer.region)) draft.remove();
  }
  root.querySelectorAll('[data-comment-form]').forEach(function (form) {
    var section = form.closest('[data-slide]');
    var station = form.closest('[data-station]');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = form.querySelector('textarea[name=body]');
      var prompt = form.querySelector('select[name=promptIndex]');
      var pointer = pointers.get(form);
      var payload = {
        stationId: Number(station.getAttribute('data-station')),
        slide: Number(section.getAttribute('data-slide')),
        body: body.value,
        clientKey: newKey(),
      };
      if (prompt && prompt.value !== '') payload.promptIndex = Number(prompt.value);
      if (pointer && pointer.region) payload.region = pointer.region;
      if (pointer && typeof pointer.sentence === 'number') payload.notesSentence = pointer.sentence;
      var pending = queue();
      pending.push({ payload: payload });
      writeQueue(pending);
      body.value = '';
      setPointer(form, null);
      say({ payload: payload }, navigator.onLine === false ? strings.waiting : strings.sending, false);
      flush();
    });
    var clear = form.querySelector('[data-clear-pointer]');
    if (clear) clear.addEventListener('click', function () { setPointer(form, null); });
    section.querySelectorAll('.walk-sentence').forEach(function (button) {
      button.addEventListener('click', function () {
        var index = Number(button.getAttribute('data-sentence'));
        var current = pointers.get(form);
        setPointer(form, current && current.sentence === index ? null : { sentence: index, quote: button.textContent });
      });
    });
    var pointAt = form.querySelector('[data-point-at]');
    var picture = section.querySelector('[data-picture]');
    if (pointAt && picture) {
      pointAt.addEventListener('click', function () {
        var on = pointAt.getAttribute('aria-pressed') !== 'true';
        pointAt.setAttribute('aria-pressed', on ? 'true' : 'false');
        picture.classList.toggle('walk-drawing', on);
      });
      drawRegions(picture, function (region) {
        pointAt.setAttribute('aria-pressed', 'false');
        picture.classList.remove('walk-drawing');
        setPointer(form, { region: region });
      });
    }
  });

  // A rectangle drawn with the pointer (finger, pen or mouse), kept as fractions of the picture.
  function drawRegions(picture, done) {
    var start = null;
    var draft = null;
    function at(event) {
      var box = picture.getBoundingClientRect();
      return { x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)), y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)) };
    }
    function rect(a, b) {
      return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
    }
    picture.addEventListener('pointerdown', function (event) {
      if (!picture.classList.contains('walk-drawing')) return;
      event.preventDefault();
      start = at(event);
      picture.setPointerCapture(event.pointerId);
      var old = picture.querySelector('.walk-draft');
      if (old) old.remove();
      draft = document.createElement('span');
      draft.className = 'walk-region walk-draft';
      picture.appendChild(draft);
      placeBox(draft, { x: start.x, y: start.y, w: 0, h: 0 });
    });
    picture.addEventListener('pointermove', function (event) {
      if (start && draft) placeBox(draft, rect(start, at(event)));
    });
    picture.addEventListener('pointerup', function (event) {
      if (!start) return;
      var r = rect(start, at(event));
      start = null;
      if (r.w < 0.02 || r.h < 0.02) {
        if (draft) draft.remove();
        return;
      }
      r = { x: +r.x.toFixed(4), y: +r.y.toFixed(4), w: +r.w.toFixed(4), h: +r.h.toFixed(4) };
      done(r);
    });
  }

  // ---- quick reactions ----
  function showCounts(stationId, slide, counts, mine) {
    slideSections(stationId, slide).forEach(function (section) {
      section.querySelectorAll('.walk-reaction').forEach(function (button) {
        var kind = button.getAttribute('data-kind');
        var count = button.querySelector('[data-count]');
        if (count && counts && typeof counts[kind] === 'number') count.textContent = String(counts[kind]);
        if (mine && mine.kind === kind) button.setAttribute('aria-pressed', mine.on ? 'true' : 'false');
      });
    });
  }
  root.querySelectorAll('.walk-reaction').forEach(function (button) {
    button.addEventListener('click', function () {
      var section = button.closest('[data-slide]');
      var station = button.closest('[data-station]');
      var stationId = Number(station.getAttribute('data-station'));
      var slide = Number(section.getAttribute('data-slide'));
      var kind = button.getAttribute('data-kind');
      fetch(base + '/reactions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ _csrf: csrf, stationId: stationId, slide: slide, kind: kind }),
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) showCounts(stationId, slide, answer.counts, { kind: kind, on: answer.on });
        });
      }).catch(function () { showConnection(strings.waiting); });
    });
  });

  // ---- phones that joined with this person's code ----
  // As the server writes it (fmt.clock): the network's time zone and the language's 24-hour style, not the device's.
  function clockTime(date) {
    var style = strings.clockStyle;
    var parts = {};
    new Intl.DateTimeFormat('en-GB', { timeZone: style.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .forEach(function (part) { parts[part.type] = part.value; });
    return style.prefix + parts.hour + style.separator + parts.minute;
  }
  function addPhone(data) {
    var list = root.querySelector('[data-phones]');
    if (!list || list.querySelector('[data-phone="' + String(data.handle).replace(/[^\w-]/g, '') + '"]')) return;
    var li = document.createElement('li');
    li.setAttribute('data-phone', String(data.handle).replace(/[^\w-]/g, ''));
    var time = clockTime(new Date(data.joinedAt));
    li.appendChild(document.createTextNode(strings.phoneJoined.replace('{time}', time) + ' '));
    var form = document.createElement('form');
    form.method = 'post';
    form.action = base + '/phones/' + encodeURIComponent(data.handle) + '/sign-out';
    var token = document.createElement('input');
    token.type = 'hidden';
    token.name = '_csrf';
    token.value = csrf;
    var button = document.createElement('button');
    button.type = 'submit';
    button.className = 'danger';
    button.textContent = strings.signOutPhone;
    form.appendChild(token);
    form.appendChild(button);
    li.appendChild(form);
    list.appendChild(li);
  }

  // ---- the live stream: EventSource reconnects by itself and resumes from the last event it saw ----
  if (window.EventSource) {
    var source = new EventSource(base + '/events?clientId=' + encodeURIComponent(tabId));
    source.addEventListener('open', function () {
      showConnection('');
      flush();
    });
    source.addEventListener('error', function () { showConnection(strings.reconnecting); });
    source.addEventListener('comment', function (event) { addComment(JSON.parse(event.data)); });
    source.addEventListener('reaction', function (event) {
      var data = JSON.parse(event.data);
      showCounts(data.stationId, data.slide, data.counts, data.mine);
    });
    source.addEventListener('clock', function (event) { applyClock(JSON.parse(event.data)); });
    source.addEventListener('plan', function (event) {
      // Only a change that concerns this person (moved, or the whole plan made again) sends them elsewhere.
      var data = JSON.parse(event.data);
      if (mode === 'live' && (data.change === 'made' || data.change === 'swapped' || data.forMe === true)) moveOn();
    });
    source.addEventListener('phone', function (event) { addPhone(JSON.parse(event.data)); });
  }
  flush();
})();
