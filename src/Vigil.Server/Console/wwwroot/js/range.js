// The time range picker shared by pages: presets (15 m … 30 d) or an absolute start and end, kept in the URL.
import { h } from './dom.js';

export const PRESETS = [['15m', 900], ['1h', 3600], ['6h', 21600], ['24h', 86400], ['7d', 604800], ['30d', 2592000]];

/** {start, end} in Unix seconds from URL params: start/end (absolute) or range (a preset), default def. */
export function rangeOf(params, def = '1h') {
  const start = Number(params.get('start')), end = Number(params.get('end'));
  if (params.get('start') && params.get('end') && isFinite(start) && isFinite(end) && start < end) return { start, end, preset: null };
  const preset = PRESETS.find(p => p[0] === params.get('range')) || PRESETS.find(p => p[0] === def);
  const now = Date.now() / 1000;
  return { start: now - preset[1], end: now, preset: preset[0] };
}

function toLocalInput(seconds) {
  const d = new Date(seconds * 1000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** The picker; onChange(params) gets {range} or {start, end}. */
export function rangePicker(range, onChange) {
  const select = h('select', { id: 'range' },
    PRESETS.map(([p]) => h('option', { value: p, selected: range.preset === p }, `Last ${p.replace('m', ' min').replace('h', ' h').replace('d', ' d')}`)),
    h('option', { value: 'abs', selected: range.preset === null }, 'Absolute…'));
  const from = h('input', { type: 'datetime-local', id: 'range-start', value: toLocalInput(range.start) });
  const to = h('input', { type: 'datetime-local', id: 'range-end', value: toLocalInput(range.end) });
  const apply = h('button', { type: 'button', id: 'range-apply' }, 'Apply');
  const abs = h('span', { class: 'row', hidden: range.preset !== null },
    h('span', { class: 'field' }, h('label', { for: 'range-start' }, 'From'), from),
    h('span', { class: 'field' }, h('label', { for: 'range-end' }, 'To'), to), apply);
  select.addEventListener('change', () => {
    if (select.value === 'abs') { abs.hidden = false; from.focus(); } else onChange({ range: select.value });
  });
  apply.addEventListener('click', () => {
    const s = new Date(from.value).getTime() / 1000, e = new Date(to.value).getTime() / 1000;
    if (isFinite(s) && isFinite(e) && s < e) onChange({ start: String(Math.floor(s)), end: String(Math.ceil(e)) });
  });
  return h('span', { class: 'row' }, h('span', { class: 'field' }, h('label', { for: 'range' }, 'Time range'), select), abs);
}
