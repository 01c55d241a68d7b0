// The gradebook as a grid for the keyboard: one cell is in the tab order at a time (roving tabindex), arrow
// keys move between cells, Home/End go to the row's first and last cell (with Ctrl: the table's), Enter opens
// the cell's link. Without this script every link is reached with Tab as usual.
(function () {
  'use strict';
  var table = document.getElementById('gradebook');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll('thead tr, tbody tr, tfoot tr'));
  var grid = rows.map(function (row) { return Array.prototype.slice.call(row.children); });
  var current = null;
  grid.forEach(function (cells) {
    cells.forEach(function (cell) {
      cell.setAttribute('tabindex', '-1');
      Array.prototype.forEach.call(cell.querySelectorAll('a'), function (link) { link.setAttribute('tabindex', '-1'); });
    });
  });
  function place(cell) {
    if (current) current.setAttribute('tabindex', '-1');
    current = cell;
    cell.setAttribute('tabindex', '0');
  }
  place(grid[1] ? grid[1][0] : grid[0][0]);
  function positionOf(cell) {
    for (var r = 0; r < grid.length; r++) {
      var c = grid[r].indexOf(cell);
      if (c >= 0) return { r: r, c: c };
    }
    return null;
  }
  function moveTo(r, c) {
    r = Math.max(0, Math.min(grid.length - 1, r));
    c = Math.max(0, Math.min(grid[r].length - 1, c));
    var cell = grid[r][c];
    place(cell);
    cell.focus();
  }
  table.addEventListener('focusin', function (event) {
    var cell = event.target.closest('th, td');
    if (cell && positionOf(cell)) place(cell);
  });
  table.addEventListener('keydown', function (event) {
    var at = positionOf(event.target.closest('th, td'));
    if (!at) return;
    var keys = {
      ArrowRight: [at.r, at.c + 1], ArrowLeft: [at.r, at.c - 1], ArrowDown: [at.r + 1, at.c], ArrowUp: [at.r - 1, at.c],
      Home: event.ctrlKey ? [0, 0] : [at.r, 0], End: event.ctrlKey ? [grid.length - 1, grid[grid.length - 1].length - 1] : [at.r, grid[at.r].length - 1],
    };
    if (event.key === 'Enter') {
      var link = grid[at.r][at.c].querySelector('a');
      if (link) { event.preventDefault(); link.click(); }
      return;
    }
    var to = keys[event.key];
    if (!to) return;
    event.preventDefault();
    moveTo(to[0], to[1]);
  });
})();
