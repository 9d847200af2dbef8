// Signals: a swimlane per entity over time coloured by the worst severity band, and the list with filters.
import { get, qs } from '../api.js';
import { chart, base, BAND_COLORS } from '../charts.js';
import { h, bandPill, panel, table } from '../dom.js';
import { BAND_ORDER, bandOf, entityOf, fmtTime } from '../format.js';
import { rangeOf, rangePicker } from '../range.js';
import { signalHref } from './metrics.js';

const KINDS = ['MetricAnomaly', 'LogAnomaly', 'NewLogPattern', 'SloBurn', 'ForecastBreach', 'ExternalAlert'];
const BUCKETS = 48;

export async function render(main, _args, params, ctx) {
  const range = rangeOf(params, '24h');
  const set = changes => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === '' || v === null) p.delete(k); else p.set(k, v); }
    if ('range' in changes) { p.delete('start'); p.delete('end'); }
    if ('start' in changes) p.delete('range');
    location.hash = '#/signals?' + p.toString();
  };
  main.append(h('h1', {}, 'Signals'));

  const kind = h('select', { id: 'f-kind', onchange: e => set({ kind: e.target.value }) }, h('option', { value: '' }, 'Any kind'),
    KINDS.map(k => h('option', { value: k, selected: params.get('kind') === k }, k)));
  const band = h('select', { id: 'f-band', onchange: e => set({ min: e.target.value }) }, h('option', { value: '' }, 'Any severity'),
    BAND_ORDER.slice(1).map((b, i) => h('option', { value: String([3, 25, 50, 75][i]), selected: params.get('min') === String([3, 25, 50, 75][i]) }, `${b} and worse`)));
  const open = h('input', { type: 'checkbox', id: 'f-open', checked: params.get('open') === 'true', onchange: e => set({ open: e.target.checked ? 'true' : '' }) });
  const service = h('input', { id: 'f-service', value: params.get('service') || '', placeholder: 'service/checkout', onchange: e => set({ service: e.target.value.trim() }) });
  main.append(panel('Filters', { class: 'panel wide' }, h('div', { class: 'row' },
    h('span', { class: 'field' }, h('label', { for: 'f-kind' }, 'Kind'), kind),
    h('span', { class: 'field' }, h('label', { for: 'f-band' }, 'Severity'), band),
    h('span', { class: 'field' }, h('label', { for: 'f-service' }, 'Entity'), service),
    h('span', { class: 'row' }, open, h('label', { for: 'f-open' }, 'Open only')),
    rangePicker(range, set))));

  const lane = h('div', { class: 'chart small', id: 'swimlane', role: 'img', 'aria-label': 'Swimlane of signals per entity over time, coloured by severity' });
  const list = h('div', { id: 'signal-list' });
  main.append(h('div', { class: 'grid' }, panel('Swimlane', { class: 'panel wide' }, lane), panel('List', { class: 'panel wide' }, list)));

  const load = async () => {
    let signals = await get('/api/v1/signals' + qs({
      kind: params.get('kind'), min_severity: params.get('min'), open: params.get('open'), limit: 5000,
      from: new Date(range.start * 1000).toISOString(), to: new Date(range.end * 1000).toISOString(),
    }));
    const wanted = params.get('service');
    if (wanted) signals = signals.filter(s => entityOf(s.labels, s.entity) === wanted || s.entity === wanted);
    swimlane(lane, signals, range, set);
    list.replaceChildren(signals.length === 0 ? h('p', { class: 'notice' }, 'No signals match.') :
      table('Signals, newest first', ['Start', 'Severity', 'Kind', 'Entity', 'Summary', 'State'], signals.slice(0, 500).map(s => h('tr', {},
        h('td', {}, fmtTime(s.start)), h('td', {}, bandPill(s.band)), h('td', {}, s.kind),
        h('td', {}, entityOf(s.labels, s.entity)),
        h('td', {}, h('a', { href: signalHref(s) }, s.summary)),
        h('td', {}, s.end ? `ended ${fmtTime(s.end)}` : 'open')))));
  };
  await load();
  let timer = null;
  ctx.onSignal(() => { if (!timer && !params.get('start')) timer = setTimeout(() => { timer = null; load(); }, 1500); });
  return () => { if (timer) clearTimeout(timer); };
}

function swimlane(el, signals, range, set) {
  const width = (range.end - range.start) / BUCKETS;
  const cells = new Map();
  const entities = new Map();
  for (const s of signals) {
    const e = entityOf(s.labels, s.entity);
    entities.set(e, Math.max(entities.get(e) || 0, s.severity));
    const from = Math.max(0, Math.floor((Date.parse(s.start) / 1000 - range.start) / width));
    const to = Math.min(BUCKETS - 1, Math.floor(((s.end ? Date.parse(s.end) / 1000 : range.end) - range.start) / width));
    for (let b = from; b <= to; b++) {
      const k = `${e}\u0000${b}`;
      cells.set(k, Math.max(cells.get(k) ?? -1, s.severity));
    }
  }
  const names = [...entities.entries()].sort((a, b) => a[1] - b[1] || b[0].localeCompare(a[0])).map(x => x[0]).slice(-30);
  const index = new Map(names.map((n, i) => [n, i]));
  const data = [];
  for (const [k, sev] of cells) {
    const [e, b] = k.split('\u0000');
    if (index.has(e)) data.push([Number(b), index.get(e), sev]);
  }
  el.style.height = `${Math.max(160, 60 + names.length * 26)}px`;
  const colors = BAND_COLORS();
  const c = chart(el);
  c.setOption({
    ...base(),
    grid: { left: 8, right: 12, top: 8, bottom: 30, containLabel: true },
    tooltip: { formatter: p => `${names[p.value[1]]}<br>${fmtTime(range.start + p.value[0] * width)}: severity ${p.value[2]} (${bandOf(p.value[2])})` },
    xAxis: { type: 'category', data: Array.from({ length: BUCKETS }, (_, b) => fmtTime(range.start + b * width).slice(5, 16)), splitArea: { show: false } },
    yAxis: { type: 'category', data: names, axisLabel: { width: 200, overflow: 'truncate' } },
    visualMap: {
      type: 'piecewise', show: false, dimension: 2,
      pieces: [{ lt: 3, color: colors.low }, { gte: 3, lt: 25, color: colors.warning }, { gte: 25, lt: 50, color: colors.minor }, { gte: 50, lt: 75, color: colors.major }, { gte: 75, color: colors.critical }],
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: 'transparent', borderWidth: 1 } }],
  });
  c.on('click', p => set({ service: names[p.value[1]] }));
  el.dataset.lanes = String(names.length);
}
