// Keeps open forum pages current (served as /assets/forum-live.js, on pages whose element carries data-live-url):
// unread badges of thread rows ([data-thread-id] with data-highest and data-last-read, a [data-unread-badge]
// inside), forum counts ([data-forum-id][data-forum-unread]), and on a thread page (the data-live-url element
// also has data-thread-id and data-highest) a polite "N new posts — show them" bar instead of moving the page.
// Events carry numbers and ids only; nothing from them is ever put in as HTML (textContent only).
// EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
(function () {
  'use strict';
  var root = document.querySelector('[data-live-url]');
  if (!root || typeof window.EventSource !== 'function') return;

  var pageThreadId = Number(root.getAttribute('data-thread-id') || 0);
  var pageHighest = Number(root.getAttribute('data-highest') || 0);
  var bar = root.querySelector('[data-live-bar]');
  var showButton = bar ? bar.querySelector('[data-live-show]') : null;
  var unseen = [];

  function numberOf(element, name) {
    var value = element.getAttribute(name);
    return value === null || value === '' ? null : Number(value);
  }

  function updateRow(row, post) {
    var highest = Math.max(numberOf(row, 'data-highest') || 0, Number(post.highestNumber) || 0);
    row.setAttribute('data-highest', String(highest));
    var lastRead = numberOf(row, 'data-last-read');
    if (post.mine) {
      lastRead = Math.max(lastRead || 0, Number(post.number) || 0);
      row.setAttribute('data-last-read', String(lastRead));
    }
    var badge = row.querySelector('[data-unread-badge]');
    if (!badge || lastRead === null || row.getAttribute('data-level') === 'muted') return;
    var unread = Math.max(0, highest - lastRead);
    badge.textContent = unread > 0 ? String(unread) : '';
    badge.hidden = unread === 0;
  }

  function bumpForum(post) {
    if (post.mine || post.privateToUserId !== null) return;
    var counters = document.querySelectorAll('[data-forum-id="' + Number(post.forumId) + '"][data-forum-unread]');
    for (var i = 0; i < counters.length; i++) {
      var count = (Number(counters[i].getAttribute('data-forum-unread')) || 0) + 1;
      counters[i].setAttribute('data-forum-unread', String(count));
      var shown = counters[i].querySelector('[data-forum-unread-badge]') || counters[i];
      shown.textContent = String(count);
      shown.hidden = false;
    }
  }

  function announceNew(post) {
    var number = Number(post.number) || 0;
    if (post.mine || number <= pageHighest || unseen.indexOf(number) !== -1 || !bar || !showButton) return;
    unseen.push(number);
    var count = unseen.length;
    var text = count === 1 ? bar.getAttribute('data-one') : (bar.getAttribute('data-other') || '').split(bar.getAttribute('data-count-sentinel') || '\u0000').join(String(count));
    showButton.textContent = text || String(count);
    showButton.hidden = false;
  }

  if (showButton) {
    showButton.addEventListener('click', function () {
      // The page holding the first new post (a long thread is read a page at a time), scrolled to it.
      if (!unseen.length) {
        window.location.hash = 'phases';
        window.location.reload();
        return;
      }
      var first = Math.min.apply(null, unseen);
      if (window.location.search === '?at=' + first) {
        window.location.hash = 'post-' + first;
        window.location.reload();
      } else {
        window.location.assign(window.location.pathname + '?at=' + first + '#post-' + first);
      }
    });
  }

  var source = new window.EventSource(root.getAttribute('data-live-url'));
  source.addEventListener('post', function (message) {
    var post;
    try {
      post = JSON.parse(message.data);
    } catch (_error) {
      return;
    }
    var threadId = Number(post.threadId);
    var rows = document.querySelectorAll('[data-thread-id="' + threadId + '"]');
    for (var i = 0; i < rows.length; i++) if (rows[i] !== root) updateRow(rows[i], post);
    bumpForum(post);
    if (pageThreadId && threadId === pageThreadId) announceNew(post);
  });
  // A supervision thread's facilitator opened the next phase: the page offers to show it rather than jumping.
  source.addEventListener('phase', function (message) {
    var opened;
    try {
      opened = JSON.parse(message.data);
    } catch (_error) {
      return;
    }
    if (!pageThreadId || Number(opened.threadId) !== pageThreadId || !bar || !showButton) return;
    showButton.textContent = bar.getAttribute('data-phase') || '';
    showButton.hidden = false;
  });
  window.addEventListener('pagehide', function () {
    source.close();
  });
})();
