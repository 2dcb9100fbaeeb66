// The live board: Server-Sent Events from /desk/board/events (concierge-web
// feeds them from WatchTasks). A "snapshot" replaces the columns; a "card"
// replaces or removes one card, keeping the newer of two versions (data-v),
// so a repeated event never doubles or rewinds a card. EventSource itself
// reconnects and sends the last event id (the WatchTasks cursor) back.
(function () {
  'use strict';
  var board = document.getElementById('board');
  if (!board || !window.EventSource) return;
  var status = document.getElementById('board-status');
  var state = status.querySelector('.board-state');
  var columns = document.getElementById('board-columns');
  function show(which) {
    state.textContent = status.dataset[which];
    board.dataset.live = which === 'live' ? '1' : '0';
  }
  function count() {
    columns.querySelectorAll('.column').forEach(function (c) {
      c.querySelector('.count').textContent =
          c.querySelectorAll('.bcard').length;
    });
  }
  var source = new EventSource(board.dataset.events);
  source.addEventListener('snapshot', function (e) {
    columns.innerHTML = e.data;
    count();
    show('live');
    board.dataset.snapshots = String(Number(board.dataset.snapshots || 0) + 1);
  });
  source.addEventListener('card', function (e) {
    var t = document.createElement('template');
    t.innerHTML = e.data;
    var card = t.content.querySelector('.bcard');
    if (!card) return;
    var old = document.getElementById(card.id);
    if (old && Number(old.dataset.v) > Number(card.dataset.v)) return;
    if (old) old.remove();
    var col = columns.querySelector(
        '.column[data-col="' + card.dataset.col + '"] .cards');
    if (col && card.dataset.col) {
      card.classList.add('fresh');
      col.insertBefore(card, col.firstChild);
    }
    count();
    board.dataset.cursor = e.lastEventId;
  });
  source.addEventListener('gone', function () {
    source.close();
    window.location.reload();
  });
  source.addEventListener('open', function () { show('live'); });
  source.addEventListener('error', function () { show('offline'); });
})();
