// Metrics explorer: series by name and labels, a time range, the actual value against the default detector's
// expected value and band, anomalies marked (click: the signal), drag to zoom, several series overlaid.
import { get, qs } from '../api.js';
import { chart, base, PALETTE, cssVar } from '../charts.js';
import { h, panel, table, errorBox } from '../dom.js';
import { fmtNumber, fmtTime, seriesKey } from '../format.js';
import { rangeOf, rangePicker } from '../range.js';

function go(params) { location.hash = '#/metrics?' + params.toString(); }

export async function render(main, _args, params) {
  const queries = params.getAll('q');
  const range = rangeOf(params);
  main.append(h('h1', {}, 'Metrics explorer'));

  const setRange = r => {
    const p = new URLSearchParams();
    queries.forEach(q => p.append('q', q));
    for (const [k, v] of Object.entries(r)) p.set(k, v);
    go(p);
  };
  const setQueries = qsList => {
    const p = new URLSearchParams(params);
    p.delete('q');
    qsList.forEach(q => p.append('q', q));
    go(p);
  };

  main.append(queryPanel(queries, setQueries, range, setRange));
  if (queries.length === 0) {
    main.append(h('p', { class: 'notice' }, 'Choose a metric (and labels) and add it to the chart.'));
    return;
  }
  const chartEl = h('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': 'Chart of the chosen series with expected value and band' });
  const note = h('p', { class: 'muted', id: 'points-note' });
  const anomalyList = h('div', { id: 'anomalies' });
  main.append(panel('Chart', { class: 'panel wide' }, note, chartEl,
    h('p', { class: 'muted' }, 'Drag across the chart to zoom into a period; dots mark anomalous points, diamonds the stored signals (click either to open the signal).')),
  panel('Anomalies and signals', { class: 'panel wide' }, anomalyList));

  let band;
  try {
    band = await get('/api/v1/band' + qs({ 'match[]': queries, start: range.start.toFixed(3), end: range.end.toFixed(3) }));
  } catch (e) { chartEl.replaceWith(errorBox(e)); return; }
  // Stored signals of each drawn series, in the window (at most ten series, so at most ten requests).
  const stored = await Promise.all(band.series.map(s => get('/api/v1/signals' + qs({
    kind: 'MetricAnomaly', entity: seriesKey(s.labels), from: new Date(range.start * 1000).toISOString(), to: new Date(range.end * 1000).toISOString(), limit: 500,
  }))));
  draw(chartEl, band, stored, range, setRange);
  const drawn = band.series.reduce((n, s) => n + s.points.length, 0), raw = band.series.reduce((n, s) => n + s.rawPoints, 0);
  note.textContent = band.series.length === 0 ? 'No series match.'
    : `${band.series.length} series, ${raw.toLocaleString('en-US')} points in the window, ${drawn.toLocaleString('en-US')} drawn (reduced by the server). ` +
      `Detector: ${band.detector}, anomalous from score ${band.threshold}.`;
  anomalyList.replaceChildren(listAnomalies(band, stored));
}

function queryPanel(queries, setQueries, range, setRange) {
  const metric = h('input', { id: 'metric', list: 'metric-names', autocomplete: 'off', placeholder: 'e.g. http_request_duration_seconds' });
  const labelName = h('input', { id: 'label-name', list: 'label-names', autocomplete: 'off', placeholder: 'label' });
  const labelValue = h('input', { id: 'label-value', list: 'label-values', autocomplete: 'off', placeholder: 'value' });
  const names = h('datalist', { id: 'metric-names' }), labelNames = h('datalist', { id: 'label-names' }), labelValues = h('datalist', { id: 'label-values' });
  const chips = h('div', { class: 'chips', 'aria-label': 'Label filters' });
  const selector = h('input', { id: 'selector', class: 'mono', size: 50, placeholder: 'or type a selector: name{label="value"}' });
  const filters = [];
  let series = [];

  const build = () => {
    const m = metric.value.trim();
    const parts = filters.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    selector.value = parts.length ? `${m}{${parts.join(',')}}` : m;
  };
  const showChips = () => chips.replaceChildren(...filters.map(([k, v], i) => h('span', { class: 'chip' }, `${k}="${v}"`,
    h('button', { type: 'button', 'aria-label': `Remove filter ${k}`, onclick: () => { filters.splice(i, 1); showChips(); build(); } }, '×'))));
  const fillValues = () => {
    const k = labelName.value.trim();
    const values = [...new Set(series.map(s => s[k]).filter(v => v !== undefined))].sort().slice(0, 500);
    labelValues.replaceChildren(...values.map(v => h('option', { value: v })));
  };
  metric.addEventListener('change', async () => {
    build();
    const m = metric.value.trim();
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m)) return;
    try { series = await get('/api/v1/series' + qs({ 'match[]': m })); } catch { series = []; }
    const keys = [...new Set(series.flatMap(s => Object.keys(s)).filter(k => k !== '__name__'))].sort();
    labelNames.replaceChildren(...keys.map(k => h('option', { value: k })));
    fillValues();
  });
  labelName.addEventListener('change', fillValues);
  const addFilter = h('button', { type: 'button', id: 'add-filter', onclick: () => {
    if (labelName.value.trim() && labelValue.value !== '') { filters.push([labelName.value.trim(), labelValue.value]); labelName.value = ''; labelValue.value = ''; showChips(); build(); }
  } }, 'Add filter');
  const add = h('button', { type: 'submit', class: 'primary', id: 'add-series' }, 'Add to chart');
  const replace = h('button', { type: 'button', id: 'run', onclick: () => { if (selector.value.trim()) setQueries([selector.value.trim()]); } }, 'Show only this');
  const form = h('form', { 'aria-label': 'Series query', onsubmit: e => { e.preventDefault(); if (selector.value.trim() && !queries.includes(selector.value.trim())) setQueries([...queries, selector.value.trim()]); } },
    h('div', { class: 'row' },
      h('span', { class: 'field' }, h('label', { for: 'metric' }, 'Metric name'), metric),
      h('span', { class: 'field' }, h('label', { for: 'label-name' }, 'Label'), labelName),
      h('span', { class: 'field' }, h('label', { for: 'label-value' }, 'Value'), labelValue),
      addFilter),
    chips,
    h('div', { class: 'row' }, h('span', { class: 'field' }, h('label', { for: 'selector' }, 'Selector'), selector), add, replace),
    names, labelNames, labelValues);
  get('/api/v1/label/__name__/values').then(v => names.replaceChildren(...v.slice(0, 2000).map(n => h('option', { value: n })))).catch(() => { });

  const current = h('div', { class: 'chips', 'aria-label': 'Series on the chart' }, queries.map(q => h('span', { class: 'chip mono' }, q,
    h('button', { type: 'button', 'aria-label': `Remove ${q} from the chart`, onclick: () => setQueries(queries.filter(x => x !== q)) }, '×'))));
  return panel('Query', { class: 'panel wide' }, form, h('div', { class: 'row' }, rangePicker(range, setRange)), current);
}

function draw(el, band, stored, range, setRange) {
  const c = chart(el);
  const danger = cssVar('--critical');
  const series = [];
  band.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const name = seriesKey(s.labels) + (s.measure === 'value' ? '' : ' (rate/s)');
    const t = p => p[0] * 1000;
    series.push(
      { id: `lower-${i}`, name: `${name} band`, type: 'line', stack: `band-${i}`, data: s.points.map(p => [t(p), p[3]]), showSymbol: false, lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
      { id: `band-${i}`, name: `${name} band`, type: 'line', stack: `band-${i}`, data: s.points.map(p => [t(p), p[4] !== null && p[3] !== null ? p[4] - p[3] : null]), showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: .18 }, tooltip: { show: false }, silent: true },
      { id: `expected-${i}`, name: `${name} expected`, type: 'line', data: s.points.map(p => [t(p), p[2]]), showSymbol: false, lineStyle: { type: 'dashed', width: 1, color }, itemStyle: { color } },
      { id: `actual-${i}`, name, type: 'line', data: s.points.map(p => [t(p), p[1]]), showSymbol: false, lineStyle: { width: 1.6, color }, itemStyle: { color } },
      { id: `anomalies-${i}`, name: `${name} anomalies`, type: 'scatter', data: s.anomalies.map(a => ({ value: [a[0] * 1000, a[1]], score: a[2], seriesIndex: i })), symbolSize: 8, itemStyle: { color: danger }, z: 5 },
      { id: `signals-${i}`, name: `${name} signals`, type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: danger, borderColor: '#fff', borderWidth: 1 }, z: 6,
        data: stored[i].filter(sig => Date.parse(sig.start) / 1000 >= range.start).map(sig => ({ value: [Date.parse(sig.start), Number(sig.evidence.observed ?? NaN)], signal: sig })) });
  });
  c.setOption({
    ...base(),
    color: PALETTE,
    grid: { left: 56, right: 16, top: 56, bottom: 40 },
    legend: { type: 'scroll', top: 0, data: band.series.map(s => seriesKey(s.labels) + (s.measure === 'value' ? '' : ' (rate/s)')) },
    tooltip: { trigger: 'axis', valueFormatter: v => fmtNumber(v) },
    toolbox: { right: 8, top: 26, feature: { dataZoom: { yAxisIndex: 'none', title: { zoom: 'Drag to zoom', back: 'Back' } } } },
    xAxis: { type: 'time', min: range.start * 1000, max: range.end * 1000 },
    yAxis: { type: 'value', scale: true },
    dataZoom: [{ type: 'inside', zoomOnMouseWheel: 'shift' }],
    series,
  });
  // Drag-to-zoom is on from the start; a finished drag asks the server for the narrower window at full detail.
  c.dispatchAction({ type: 'takeGlobalCursor', key: 'dataZoomSelect', dataZoomSelectActive: true });
  c.on('datazoom', () => {
    const z = c.getOption().dataZoom.find(d => d.startValue !== undefined);
    if (z && z.endValue - z.startValue > 1000) setRange({ start: String(Math.floor(z.startValue / 1000)), end: String(Math.ceil(z.endValue / 1000)) });
  });
  c.on('click', e => {
    if (e.data && e.data.signal) { location.hash = signalHref(e.data.signal); return; }
    if (e.data && e.data.score !== undefined) {
      const sig = nearestSignal(stored[e.data.seriesIndex], e.data.value[0]);
      if (sig) location.hash = signalHref(sig);
      else document.getElementById('points-note').textContent = `The detector scored this point ${e.data.score.toFixed(2)}; no stored signal covers ${fmtTime(e.data.value[0] / 1000)}.`;
    }
  });
  el.dataset.series = String(band.series.length);
  el.dataset.band = String(band.series.some(s => s.points.some(p => p[3] !== null && p[4] !== null && p[4] > p[3])));
  el.dataset.anomalies = String(band.series.reduce((n, s) => n + s.anomalies.length, 0));
  el.dataset.signals = String(stored.reduce((n, s) => n + s.length, 0));
}

export function signalHref(sig) { return `#/signals/${encodeURIComponent(sig.fingerprint)}/${encodeURIComponent(sig.start)}`; }

function nearestSignal(signals, ms) {
  let best = null, bestGap = Infinity;
  for (const s of signals) {
    const start = Date.parse(s.start), end = s.end ? Date.parse(s.end) : Date.now();
    const gap = ms < start ? start - ms : ms > end ? ms - end : 0;
    if (gap < bestGap) { best = s; bestGap = gap; }
  }
  return bestGap <= 10 * 60 * 1000 ? best : null;
}

function listAnomalies(band, stored) {
  const rows = [];
  band.series.forEach((s, i) => {
    for (const sig of stored[i]) {
      rows.push(h('tr', {}, h('td', {}, fmtTime(sig.start)), h('td', {}, 'signal'), h('td', { class: 'mono hide-narrow' }, seriesKey(s.labels)),
        h('td', {}, h('a', { href: signalHref(sig) }, sig.summary))));
    }
    for (const a of s.anomalies.slice(-50)) {
      const sig = nearestSignal(stored[i], a[0] * 1000);
      rows.push(h('tr', {}, h('td', {}, fmtTime(a[0])), h('td', {}, `point, score ${a[2].toFixed(2)}`), h('td', { class: 'mono hide-narrow' }, seriesKey(s.labels)),
        h('td', {}, sig ? h('a', { href: signalHref(sig) }, `value ${fmtNumber(a[1])}, in signal`) : `value ${fmtNumber(a[1])}`)));
    }
  });
  return rows.length ? table('Anomalous points and stored signals', ['Time', 'What', { text: 'Series', class: 'hide-narrow' }, 'Detail'], rows) : h('p', { class: 'notice' }, 'No anomalies in this window.');
}
