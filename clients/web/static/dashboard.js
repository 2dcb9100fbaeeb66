// The dashboard's charts, each drawn from the data table beneath it
// (data-table names it), so a chart never shows a figure its table does
// not. Chart.js is served from concierge-web's own files.
//
// Bars (the default): data-series names the numeric columns, data-label-col
// the column naming each bar. Lines (data-kind="line"): each row of the
// table is a line named by its first cell, each further column a point on
// the x axis named by its header; a cell without a figure ("—") is a gap.
(function () {
  'use strict';
  if (!window.Chart) return;
  var palette = ['#1f5f8b', '#c0392b', '#7a5a00', '#2e7d32', '#6a1b9a',
                 '#00838f', '#ad1457', '#4e342e', '#37474f', '#ef6c00'];
  function number(cell) {
    var text = cell.textContent.trim();
    if (text === '' || text === '—') return null;
    var n = Number(text);
    return isNaN(n) ? null : n;
  }
  document.querySelectorAll('canvas[data-table]').forEach(function (canvas) {
    var table = document.getElementById(canvas.dataset.table);
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length === 0) {
      canvas.parentNode.hidden = true;
      return;
    }
    var heads = table.tHead.rows[0].cells;
    var config;
    if (canvas.dataset.kind === 'line') {
      var labels = [];
      for (var c = 1; c < heads.length; ++c) labels.push(heads[c].textContent);
      config = {
        type: 'line',
        data: {
          labels: labels,
          datasets: rows.map(function (r, i) {
            var data = [];
            for (var c = 1; c < r.cells.length; ++c) data.push(number(r.cells[c]));
            return {
              label: r.cells[0].textContent,
              borderColor: palette[i % palette.length],
              backgroundColor: palette[i % palette.length],
              spanGaps: false,
              data: data
            };
          })
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          plugins: {legend: {position: 'bottom'}},
          scales: {y: {beginAtZero: true, suggestedMax: 100}}
        }
      };
    } else {
      var labelCol = Number(canvas.dataset.labelCol || 0);
      var colors = (canvas.dataset.colors || '').split(',');
      var series = canvas.dataset.series.split(',').map(Number);
      config = {
        type: 'bar',
        data: {
          labels: rows.map(function (r) {
            return r.cells[labelCol].textContent;
          }),
          datasets: series.map(function (col, i) {
            return {
              label: heads[col].textContent,
              backgroundColor: colors[i] || '#1f5f8b',
              data: rows.map(function (r) {
                return Number(r.cells[col].textContent);
              })
            };
          })
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          plugins: {legend: {position: 'bottom'}},
          scales: {y: {beginAtZero: true}}
        }
      };
    }
    new window.Chart(canvas, config);
  });
})();
