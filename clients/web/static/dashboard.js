// The dashboard's charts, each drawn from the data table beneath it
// (data-table names it; data-series the numeric columns; data-label-col the
// column naming each bar), so a chart never shows a figure its table does
// not. Chart.js is served from concierge-web's own files.
(function () {
  'use strict';
  if (!window.Chart) return;
  document.querySelectorAll('canvas[data-table]').forEach(function (canvas) {
    var table = document.getElementById(canvas.dataset.table);
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length === 0) {
      canvas.parentNode.hidden = true;
      return;
    }
    var heads = table.tHead.rows[0].cells;
    var labelCol = Number(canvas.dataset.labelCol || 0);
    var colors = (canvas.dataset.colors || '').split(',');
    var series = canvas.dataset.series.split(',').map(Number);
    new window.Chart(canvas, {
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
    });
  });
})();
