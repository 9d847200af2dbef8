// One incident: its story (timeline), ranked root-cause candidates with evidence, the topology neighbourhood with the
// affected nodes highlighted, similar incidents, and the actions (acknowledge, assign, comment, resolve).
// Three requests: the incident (with signals, causes, timeline, similar), the neighbourhood, nothing per item.
import { get, getOptional, post, qs } from '../api.js';
import { chart, base, cssVar } from '../charts.js';
import { h, bandPill, panel, table, unavailable } from '../dom.js';
import { entityOf, fmtTime } from '../format.js';
import { signalHref } from './metrics.js';

export async function render(main, [id], _params, ctx) {
  const path = `/api/v1/incidents/${encodeURIComponent(id)}`;
  const inc = await getOptional(path);
  if (inc === null) {
    const api = await getOptional('/api/v1/incidents' + qs({ limit: 1 }));
    main.append(h('h1', {}, `Incident ${id}`), api === null ? unavailable('The incidents API') : h('p', { class: 'notice' }, `No incident ${id}.`));
    return;
  }
  main.append(h('h1', {}, inc.title));
  main.append(h('p', { class: 'row' }, bandPill(inc.band), h('span', { class: 'tag', id: 'incident-status' }, inc.status),
    h('span', {}, `opened ${fmtTime(inc.opened)}`), inc.resolved ? h('span', {}, `resolved ${fmtTime(inc.resolved)}`) : null,
    h('span', {}, `assignee: ${inc.assignee || 'nobody'}`), (inc.entities || []).map(e => h('span', { class: 'tag' }, e))));
  const grid = h('div', { class: 'grid' });
  main.append(grid);
  grid.append(actions(path, inc), timeline(inc), causes(inc));
  const graphPanel = panel('Topology neighbourhood', { class: 'panel wide', id: 'topology' });
  grid.append(graphPanel, signalsPanel(inc), similar(inc));
  if (inc.reasons && inc.reasons.length) {
    grid.append(panel('Why these signals are one incident', { class: 'panel wide' }, h('ul', {}, inc.reasons.map(r => h('li', {}, typeof r === 'string' ? r : r.text || r.description || JSON.stringify(r))))));
  }
  const center = (inc.rootCauses && inc.rootCauses[0] && inc.rootCauses[0].entity) || (inc.entities || [])[0];
  if (center) {
    // A 404 is either a server without the topology API or an entity not in the topology (yet: the inferred part is
    // refreshed periodically); the answer's error says which.
    let hood = null, absent = false;
    try { hood = await get('/api/v1/topology/neighbourhood' + qs({ entity: center, depth: 2 })); }
    catch (e) { if (e.status !== 404) throw e; absent = /not in the topology/.test(e.message || ''); }
    if (absent) graphPanel.append(h('p', { class: 'notice' }, `${center} is not in the topology yet.`));
    else if (hood === null) graphPanel.append(unavailable('The topology API'));
    else drawGraph(graphPanel, hood, inc);
  } else graphPanel.append(h('p', { class: 'notice' }, 'No entity to centre the graph on.'));

  let timer = null;
  const affected = new Set(inc.entities || []);
  const reload = () => { timer = setTimeout(() => { timer = null; window.dispatchEvent(new HashChangeEvent('hashchange')); }, 500); };
  ctx.onSignal(s => {
    if (timer || !(affected.has(s.entity) || affected.has(entityOf(s.labels, s.entity)))) return;
    reload();
  });
  ctx.onIncident(change => {
    if (!timer && String(change.id) === String(id)) reload();
  });
  return () => { if (timer) clearTimeout(timer); };
}

function actions(path, inc) {
  let remembered = '';
  try { remembered = localStorage.getItem('vigil-actor') || ''; } catch { /* none */ }
  const actor = h('input', { id: 'act-actor', value: remembered, autocomplete: 'name' });
  const assignee = h('input', { id: 'act-assignee', value: inc.assignee || '' });
  const text = h('textarea', { id: 'act-text', rows: 2 });
  const status = h('p', { role: 'status', class: 'muted' });
  const run = (verb, body) => async () => {
    if (!actor.value.trim()) { status.textContent = 'Say who you are first.'; actor.focus(); return; }
    try { localStorage.setItem('vigil-actor', actor.value.trim()); } catch { /* not remembered */ }
    try {
      await post(`${path}/${verb}`, { actor: actor.value.trim(), ...body() });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) { status.textContent = e.status === 404 ? 'This action is not available on this server yet.' : e.message; }
  };
  const resolved = inc.status === 'resolved';
  return panel('Actions', { id: 'actions' },
    h('div', { class: 'field' }, h('label', { for: 'act-actor' }, 'Your name'), actor),
    h('div', { class: 'row' },
      h('button', { type: 'button', id: 'act-acknowledge', disabled: inc.status !== 'open', onclick: run('acknowledge', () => ({})) }, 'Acknowledge'),
      h('button', { type: 'button', id: 'act-resolve', disabled: resolved, onclick: run('resolve', () => ({ text: text.value.trim() || undefined })) }, 'Resolve')),
    h('div', { class: 'row' }, h('span', { class: 'field' }, h('label', { for: 'act-assignee' }, 'Assignee'), assignee),
      h('button', { type: 'button', id: 'act-assign', onclick: run('assign', () => ({ assignee: assignee.value.trim() })) }, 'Assign')),
    h('div', { class: 'field' }, h('label', { for: 'act-text' }, 'Comment'), text),
    h('div', { class: 'row' }, h('button', { type: 'button', id: 'act-comment', onclick: run('comment', () => ({ text: text.value.trim() })) }, 'Comment')),
    status);
}

function timeline(inc) {
  const items = [...(inc.timeline || [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return panel('Timeline', { id: 'timeline' }, items.length === 0 ? h('p', { class: 'notice' }, 'Nothing yet.') :
    h('ol', { class: 'timeline' }, items.map(t => h('li', { dataset: { kind: t.kind } },
      h('div', { class: 'muted' }, `${fmtTime(t.at)} · ${t.kind}${t.actor ? ` · ${t.actor}` : ''}`), h('div', {}, t.text)))));
}

function causes(inc) {
  const list = [...(inc.rootCauses || [])].sort((a, b) => a.rank - b.rank);
  return panel('Root-cause candidates', { id: 'root-causes' }, list.length === 0 ? h('p', { class: 'notice' }, 'No candidate ranked yet.') :
    h('ol', {}, list.map(c => h('li', {}, h('strong', {}, c.entity), ` — score ${Number(c.score).toFixed(2)}`,
      h('ul', {}, (c.evidence || []).map(e => h('li', {}, h('span', { class: 'tag' }, e.kind), ' ', e.description)))))));
}

function signalsPanel(inc) {
  const list = inc.signals || [];
  return panel('Signals', { class: 'panel wide', id: 'incident-signals' }, list.length === 0 ? h('p', { class: 'notice' }, 'No signals.') :
    table('Signals of the incident', ['Start', 'Severity', 'Kind', 'Summary'], list.map(s => h('tr', {},
      h('td', {}, fmtTime(s.start)), h('td', {}, bandPill(s.band)), h('td', {}, s.kind),
      h('td', {}, s.fingerprint ? h('a', { href: signalHref(s) }, s.summary) : s.summary)))));
}

function similar(inc) {
  const list = inc.similar || [];
  return panel('Similar incidents', { id: 'similar' }, list.length === 0 ? h('p', { class: 'notice' }, 'None found.') :
    h('ul', {}, list.map(s => h('li', {}, h('a', { href: `#/incidents/${encodeURIComponent(s.id)}` }, s.title || s.id),
      s.score != null ? ` (similarity ${Number(s.score).toFixed(2)})` : '', s.rootCause ? ` — cause was ${s.rootCause.entity || s.rootCause}` : ''))));
}

function drawGraph(box, hood, inc) {
  const affected = new Set(inc.entities || []);
  const cause = inc.rootCauses && inc.rootCauses[0] ? inc.rootCauses[0].entity : null;
  const el = h('div', { class: 'chart', id: 'topology-graph', role: 'img', 'aria-label': 'Topology around the incident; affected entities highlighted' });
  box.append(el, h('p', { class: 'muted' }, 'Red: affected by the incident; ringed: the top root-cause candidate. Arrows: calls, runs on, depends on.'));
  const danger = cssVar('--critical'), normal = cssVar('--low'), ring = cssVar('--focus');
  chart(el).setOption({
    ...base(),
    tooltip: { formatter: p => p.dataType === 'edge' ? `${p.data.source} ${p.data.kind} ${p.data.target}` : `${p.data.name} (${p.data.kind})` },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, force: { repulsion: 260, edgeLength: 110 },
      label: { show: true, position: 'right', color: cssVar('--text') },
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8, lineStyle: { color: normal, width: 1.5, curveness: .1 },
      data: hood.entities.map(e => ({
        name: e.id, kind: e.kind, symbolSize: e.id === cause ? 26 : 18,
        itemStyle: { color: affected.has(e.id) ? danger : normal, borderColor: e.id === cause ? ring : 'transparent', borderWidth: e.id === cause ? 4 : 0 },
      })),
      links: hood.edges.map(e => ({ source: e.from, target: e.to, kind: e.kind })),
    }],
  });
  el.dataset.nodes = String(hood.entities.length);
  el.dataset.affected = String(hood.entities.filter(e => affected.has(e.id)).length);
}
