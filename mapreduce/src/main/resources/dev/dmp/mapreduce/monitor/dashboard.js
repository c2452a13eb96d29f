// Draws the daily page's charts from the figures the page carries (#dmp-data); the tables beside
// them hold the same numbers.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('dmp-data').textContent);
  const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
    '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  const color = (i) => palette[i % palette.length];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    const canvas = document.getElementById('chart-' + id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  function series(map) {
    return Object.keys(map).map((name, i) => ({
      label: name, data: map[name], backgroundColor: color(i), borderColor: color(i)
    }));
  }

  const stacked = { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } };

  draw('fates', { type: 'bar', data: { labels: data.days, datasets: series(data.fates) },
    options: stacked });

  const band = 'rgba(78, 121, 167, 0.18)';
  draw('volume', { type: 'line', data: { labels: data.days, datasets: [
    { label: 'lowest of the previous 7 days', data: data.low, pointRadius: 0, borderWidth: 0,
      backgroundColor: band, fill: false },
    { label: 'highest of the previous 7 days', data: data.high, pointRadius: 0, borderWidth: 0,
      backgroundColor: band, fill: '-1' },
    { label: '7-day median', data: data.median, pointRadius: 0, borderColor: '#4e79a7',
      borderDash: [4, 4] },
    { label: 'read', data: data.read, borderColor: '#e15759', backgroundColor: '#e15759' }
  ] }, options: { spanGaps: true, scales: { y: { beginAtZero: true } } } });

  draw('rejects', { type: 'bar', data: { labels: Object.keys(data.rejects), datasets: [
    { label: 'rejected records', data: Object.values(data.rejects), backgroundColor: color(2) }
  ] }, options: { indexAxis: 'y' } });

  draw('bots', { type: 'bar', data: { labels: Object.keys(data.bots), datasets: [
    { label: '% of records from robots', data: Object.values(data.bots), backgroundColor: color(1) }
  ] } });

  draw('people', { data: { labels: data.days, datasets: [
    { type: 'line', label: 'people', data: data.people, borderColor: color(0),
      backgroundColor: color(0), yAxisID: 'people' },
    { type: 'bar', label: 'new OneIDs', data: data.newOneids, backgroundColor: color(4),
      yAxisID: 'changes' },
    { type: 'bar', label: 'merged OneIDs', data: data.mergedOneids, backgroundColor: color(5),
      yAxisID: 'changes' }
  ] }, options: { scales: {
    people: { position: 'left', beginAtZero: true },
    changes: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } } });

  draw('segments', { type: 'line', data: { labels: data.days, datasets: series(data.segments) },
    options: { spanGaps: true } });

  for (const by of ['source', 'event_type', 'campaign']) {
    const rows = data.report[by] || [];
    draw('report-' + by, { type: 'bar', data: { labels: rows.map((r) => r.key), datasets: [
      { label: 'events', data: rows.map((r) => r.events), backgroundColor: color(0) },
      { label: 'unique people', data: rows.map((r) => r.people), backgroundColor: color(1) }
    ] }, options: { indexAxis: by === 'campaign' ? 'y' : 'x' } });
  }

  if (data.hours.hours) {
    draw('hours', { type: 'bar', data: { labels: data.hours.hours,
      datasets: series(data.hours.sources) }, options: stacked });
  }

  if (data.minutes.minutes) {
    const lines = series(data.minutes.sources).map((d) => Object.assign(d, { pointRadius: 0 }));
    draw('minutes', { type: 'line', data: { labels: data.minutes.minutes, datasets: lines },
      options: { spanGaps: false, scales: { y: { beginAtZero: true } } } });
  }
}());
