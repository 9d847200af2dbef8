// Logs: templates with counts and trends (new ones highlighted), and search over lines.
import { get, qs } from '../api.js';
import { sparkline, cssVar } from '../charts.js';
import { h, panel, table } from '../dom.js';
import { fmtTime } from '../format.js';

const SPARKS = 40;

export async function render(main, _args, params) {
  main.append(h('h1', {}, 'Logs'));
  const set = changes => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v) p.set(k, v); else p.delete(k); }
    location.hash = '#/logs?' + p.toString();
  };
  const tq = h('input', { id: 'template-q', type: 'search', value: params.get('tq') || '', placeholder: 'text in the template' });
  const source = h('input', { id: 'source', value: params.get('source') || '', placeholder: 'any source' });
  const lq = h('input', { id: 'line-q', type: 'search', value: params.get('q') || '', placeholder: 'text in the line' });
  main.append(h('div', { class: 'grid' },
    panel('Search', { class: 'panel wide' },
      h('form', { class: 'row', 'aria-label': 'Template filter', onsubmit: e => { e.preventDefault(); set({ tq: tq.value.trim(), source: source.value.trim() }); } },
        h('span', { class: 'field' }, h('label', { for: 'template-q' }, 'Templates containing'), tq),
        h('span', { class: 'field' }, h('label', { for: 'source' }, 'Source'), source),
        h('button', { type: 'submit' }, 'Filter templates')),
      h('form', { class: 'row', 'aria-label': 'Line search', onsubmit: e => { e.preventDefault(); set({ q: lq.value.trim() }); } },
        h('span', { class: 'field' }, h('label', { for: 'line-q' }, 'Lines containing'), lq),
        h('button', { type: 'submit', class: 'primary' }, 'Search lines')))));

  if (params.get('q')) {
    const lines = await get('/api/v1/logs/lines' + qs({ q: params.get('q'), source: params.get('source'), limit: 200 }));
    main.append(panel(`Lines containing “${params.get('q')}”`, { class: 'panel wide', id: 'line-results' },
      lines.length === 0 ? h('p', { class: 'notice' }, 'No stored line matches.') :
        table('Matching lines, newest first', ['Time', 'Source', 'Template', 'Line'], lines.map(l => h('tr', {},
          h('td', {}, fmtTime(l.time)), h('td', {}, l.source),
          h('td', {}, h('a', { href: `#/logs/templates/${encodeURIComponent(l.templateId)}` }, l.templateId)),
          h('td', { class: 'mono' }, l.line))))));
  }

  const templates = await get('/api/v1/logs/templates' + qs({ q: params.get('tq'), source: params.get('source'), limit: 200 }));
  const rows = templates.map((t, i) => {
    const spark = h('div', { class: 'spark', 'aria-hidden': 'true' });
    if (i < SPARKS) spark.dataset.id = t.id;
    return h('tr', { class: t.new ? 'new' : '', dataset: { template: t.id } },
      h('td', {}, h('a', { href: `#/logs/templates/${encodeURIComponent(t.id)}`, class: 'mono' }, t.template), t.new ? [' ', h('span', { class: 'tag' }, 'new')] : null),
      h('td', {}, t.source),
      h('td', { class: 'num' }, t.count.toLocaleString('en-US')),
      h('td', { class: 'hide-narrow' }, spark),
      h('td', { class: 'hide-narrow' }, fmtTime(t.lastSeen)));
  });
  main.append(panel('Templates', { class: 'panel wide', id: 'templates' },
    h('p', { class: 'muted' }, 'Most lines first. Highlighted: templates that appeared after their source\u2019s warm-up (each raised a new-pattern signal). Trend: lines per minute over the last 6 hours.'),
    templates.length === 0 ? h('p', { class: 'notice' }, 'No templates yet: send logs by syslog, JSON lines or OTLP.') :
      table('Log templates', ['Template', 'Source', { text: 'Lines', class: 'num' }, 'Trend', 'Last seen'], rows)));

  // Trends of the templates shown first, fetched together.
  const sparks = [...main.querySelectorAll('.spark[data-id]')];
  const counts = await Promise.all(sparks.map(el => get(`/api/v1/logs/templates/${encodeURIComponent(el.dataset.id)}/counts` + qs({ minutes: 360 })).catch(() => [])));
  const now = Date.now();
  sparks.forEach((el, i) => sparkline(el, counts[i].map(c => [Date.parse(c.minute), c.count]), cssVar('--accent'), now - 360 * 60000, now));
}
