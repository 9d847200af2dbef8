// Incidents: the list with status, severity, entities and duration (the incidents API's contract).
import { getOptional, qs } from '../api.js';
import { h, bandPill, panel, table, unavailable } from '../dom.js';
import { fmtDuration, fmtTime } from '../format.js';

export async function render(main, _args, params) {
  main.append(h('h1', {}, 'Incidents'));
  const set = (k, v) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); location.hash = '#/incidents?' + p.toString(); };
  const status = h('select', { id: 'i-status', onchange: e => set('status', e.target.value) }, h('option', { value: '' }, 'Any status'),
    ['open', 'acknowledged', 'resolved'].map(s => h('option', { value: s, selected: params.get('status') === s }, s)));
  const entity = h('input', { id: 'i-entity', value: params.get('entity') || '', onchange: e => set('entity', e.target.value.trim()) });
  main.append(panel('Filters', { class: 'panel wide' }, h('div', { class: 'row' },
    h('span', { class: 'field' }, h('label', { for: 'i-status' }, 'Status'), status),
    h('span', { class: 'field' }, h('label', { for: 'i-entity' }, 'Entity'), entity))));
  const incidents = await getOptional('/api/v1/incidents' + qs({ status: params.get('status'), entity: params.get('entity'), limit: 500 }));
  if (incidents === null) { main.append(unavailable('The incidents API')); return; }
  main.append(panel('List', { class: 'panel wide', id: 'incident-list' }, incidents.length === 0 ? h('p', { class: 'notice' }, 'No incidents match.') :
    table('Incidents, newest first', ['Opened', 'Severity', 'Title', 'Status', 'Entities', 'Signals', 'Duration', 'Assignee'], incidents.map(i => h('tr', {},
      h('td', {}, fmtTime(i.opened)), h('td', {}, bandPill(i.band)),
      h('td', {}, h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, i.title), i.rootCause ? h('div', { class: 'muted' }, `probable cause: ${i.rootCause.entity}`) : null),
      h('td', {}, i.status), h('td', {}, (i.entities || []).map(e => h('span', { class: 'tag' }, e))),
      h('td', { class: 'num' }, i.signalCount),
      h('td', {}, fmtDuration(((i.resolved ? Date.parse(i.resolved) : Date.now()) - Date.parse(i.opened)) / 1000)),
      h('td', {}, i.assignee || '—'))))));
}
