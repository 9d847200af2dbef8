// One log template: its trend and its stored lines, searchable.
import { get, qs } from '../api.js';
import { chart, base, cssVar } from '../charts.js';
import { h, panel, table } from '../dom.js';
import { fmtTime } from '../format.js';

export async function render(main, [id], params) {
  const source = id.slice(0, id.lastIndexOf(':'));
  const [templates, counts, lines] = await Promise.all([
    get('/api/v1/logs/templates' + qs({ source, limit: 10000 })),
    get(`/api/v1/logs/templates/${encodeURIComponent(id)}/counts` + qs({ minutes: 1440 })),
    get(`/api/v1/logs/templates/${encodeURIComponent(id)}/lines` + qs({ q: params.get('q'), limit: 200 })),
  ]);
  const t = templates.find(x => x.id === id);
  main.append(h('h1', {}, `Log template ${id}`));
  main.append(h('p', { class: 'mono', id: 'template-text' }, t ? t.template : ''));
  if (t) {
    main.append(h('p', { class: 'row' }, h('span', { class: 'tag' }, `source ${t.source}`), h('span', { class: 'tag' }, `${t.count.toLocaleString('en-US')} lines`),
      h('span', { class: 'tag' }, `first seen ${fmtTime(t.firstSeen)}`), h('span', { class: 'tag' }, `last seen ${fmtTime(t.lastSeen)}`), t.new ? h('span', { class: 'tag' }, 'new pattern') : null));
  }
  const trend = h('div', { class: 'chart small', id: 'template-trend', role: 'img', 'aria-label': 'Lines per minute over the last day' });
  const q = h('input', { id: 'lines-q', type: 'search', value: params.get('q') || '' });
  main.append(h('div', { class: 'grid' },
    panel('Trend (lines per minute, last 24 h)', { class: 'panel wide' }, trend),
    panel('Lines', { class: 'panel wide', id: 'template-lines' },
      h('form', { class: 'row', onsubmit: e => { e.preventDefault(); location.hash = `#/logs/templates/${encodeURIComponent(id)}?q=${encodeURIComponent(q.value.trim())}`; } },
        h('span', { class: 'field' }, h('label', { for: 'lines-q' }, 'Lines containing'), q), h('button', { type: 'submit' }, 'Search')),
      lines.length === 0 ? h('p', { class: 'notice' }, 'No stored line matches.') :
        table('Lines of the template, newest first', ['Time', 'Line'], lines.map(l => h('tr', {}, h('td', {}, fmtTime(l.time)), h('td', { class: 'mono' }, l.line)))))));
  chart(trend).setOption({
    ...base(),
    grid: { left: 40, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: counts.map(c => [Date.parse(c.minute), c.count]), itemStyle: { color: cssVar('--accent') }, barMaxWidth: 8 }],
  });
}
