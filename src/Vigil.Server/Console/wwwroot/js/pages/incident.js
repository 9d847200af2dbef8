// One incident: its story (timeline), ranked root-cause candidates with evidence, the topology neighbourhood with the
// affected nodes highlighted, similar incidents, and the actions (acknowledge, assign, comment, resolve).
// The evidence chart shows the top candidate's worst metric anomaly (its series, expected value, band, anomalous
// points). Requests: the incident (with signals, causes, timeline, similar), the neighbourhood, the chart's band, and
// the metric signals around the incident when none of its members is a metric anomaly of the top candidate.
import { get, getOptional, post, qs } from '../api.js';
import { chart, base, cssVar } from '../charts.js';
import { h, bandPill, panel, table, unavailable } from '../dom.js';
import { drawSignalBand, windowAround } from '../evidence.js';
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
  const members = inc.signals || [];
  if (inc.status !== 'resolved' && members.length > 0 && members.every(s => s.end)) {
    // A detector takes a lasting new level for the new normal after a few points, so an incident can stay open with
    // every signal ended: say so rather than look stale.
    const last = Math.max(...members.map(s => Date.parse(s.end)));
    main.append(h('p', { class: 'notice', id: 'quiet-note', role: 'note' },
      `Every signal of this incident has ended (the last at ${fmtTime(new Date(last).toISOString())}): detectors adapt to a lasting change, `
      + 'so this can mean the trouble went on at a new level. It resolves by itself after the quiet period unless a signal returns; '
      + 'the evidence chart shows what the series did since.'));
  }
  const grid = h('div', { class: 'grid' });
  main.append(grid);
  grid.append(actions(path, inc), timeline(inc), causes(inc));
  const chartPanel = panel('Evidence chart', { class: 'panel wide', id: 'incident-evidence' });
  const graphPanel = panel('Topology neighbourhood', { class: 'panel wide', id: 'topology' });
  grid.append(chartPanel, graphPanel, signalsPanel(inc), similar(inc));
  // The chart's requests and the neighbourhood's run side by side.
  const evidence = evidenceChart(chartPanel, inc);
  if (inc.reasons && inc.reasons.length) {
    grid.append(panel('Why these signals are one incident', { class: 'panel wide' }, h('ul', {}, inc.reasons.map(r => h('li', {}, typeof r === 'string' ? r : r.text || r.description || JSON.stringify(r))))));
  }
  const center = (inc.rootCauses && inc.rootCauses[0] && inc.rootCauses[0].entity) || (inc.entities || [])[0];
  if (center) {
    // A 404 is either a server without the topology API or an entity not in the topology (yet: the inferred part is
    // refreshed periodically); the answer's error says which.
    // The correlator may name it bare (checkout) where the topology declares service/checkout: ask for each form at
    // once and take the first found.
    const ids = [...new Set([center, `service/${bare(center)}`, `host/${bare(center)}`])];
    const answers = await Promise.allSettled(ids.map(id => get('/api/v1/topology/neighbourhood' + qs({ entity: id, depth: 2 }))));
    const found = answers.find(a => a.status === 'fulfilled');
    const failed = answers.find(a => a.status === 'rejected' && a.reason.status !== 404);
    if (!found && failed) throw failed.reason;
    const hood = found ? found.value : null;
    const absent = !found && answers.some(a => /not in the topology/.test(a.reason.message || ''));
    if (absent) graphPanel.append(h('p', { class: 'notice' }, `${center} is not in the topology yet.`));
    else if (hood === null) graphPanel.append(unavailable('The topology API'));
    else drawGraph(graphPanel, hood, inc);
  } else graphPanel.append(h('p', { class: 'notice' }, 'No entity to centre the graph on.'));
  await evidence;

  let timer = null;
  const affected = new Set((inc.entities || []).map(bare));
  const reload = () => { timer = setTimeout(() => { timer = null; window.dispatchEvent(new HashChangeEvent('hashchange')); }, 500); };
  ctx.onSignal(s => {
    if (timer || !(affected.has(bare(s.entity)) || affected.has(bare(entityOf(s.labels, s.entity))))) return;
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

/** The top candidate's name without its kind (service/db-1 and db-1 name the same entity). */
const bare = e => (e || '').split('/').pop();

/**
 * The metric anomaly to draw: a member of the incident on the top root-cause candidate, else one on that candidate
 * stored around the incident's time (the correlator may have put it elsewhere, or it ended before the alerts came),
 * else the incident's worst metric member. Worst first, then earliest.
 */
async function evidenceSignal(inc) {
  const cause = bare(inc.rootCauses && inc.rootCauses[0] ? inc.rootCauses[0].entity : (inc.entities || [])[0]);
  const charted = s => s.kind === 'MetricAnomaly' && s.evidence && s.evidence.series;
  const onCause = s => cause !== '' && (bare(entityOf(s.labels, s.entity)) === cause || bare(s.entity) === cause);
  const pick = list => [...list].sort((a, b) => (b.severity - a.severity) || (Date.parse(a.start) - Date.parse(b.start)))[0];
  const members = (inc.signals || []).filter(charted);
  if (members.some(onCause)) return pick(members.filter(onCause));
  if (cause !== '') {
    const first = Math.min(Date.parse(inc.opened), ...(inc.signals || []).map(s => Date.parse(s.start)));
    const last = inc.resolved ? Date.parse(inc.resolved) : Date.now();
    const around = await get('/api/v1/signals' + qs({ kind: 'MetricAnomaly', from: (first / 1000 - 900).toFixed(0), to: (last / 1000).toFixed(0), limit: 2000 }));
    const mine = around.filter(s => charted(s) && onCause(s));
    if (mine.length) return pick(mine);
  }
  return members.length ? pick(members) : null;
}

async function evidenceChart(box, inc) {
  const s = await evidenceSignal(inc);
  if (!s) { box.append(h('p', { class: 'notice' }, 'No metric anomaly on the likeliest cause to chart.')); return; }
  const { from, to } = windowAround(s);
  const el = h('div', { class: 'chart', id: 'incident-chart', role: 'img', dataset: { series: s.evidence.series },
    'aria-label': `${s.evidence.series} around the incident, with the expected value, normal band and anomalous points` });
  box.append(h('p', {}, h('a', { href: signalHref(s) }, s.summary), h('span', { class: 'muted' }, ` — ${entityOf(s.labels, s.entity)}, from ${fmtTime(s.start)}${s.end ? ` to ${fmtTime(s.end)}` : ''}`)),
    el, h('p', { class: 'muted' }, 'Line: the value; dashed: the expected value; shaded: the normal band and the signal\'s span; dots: anomalous points. ',
      h('a', { href: `#/metrics?q=${encodeURIComponent(s.evidence.series)}&start=${Math.floor(from)}&end=${Math.ceil(to)}` }, 'Open in the metrics explorer')));
  await drawSignalBand(el, s, from, to);
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
  // The correlator names entities bare (checkout) or as the signals' labels do (service/checkout); the topology
  // declares them either way: compare without the kind.
  const affectedNames = new Set((inc.entities || []).map(bare));
  const isAffected = id => affectedNames.has(bare(id));
  const causeName = inc.rootCauses && inc.rootCauses[0] ? bare(inc.rootCauses[0].entity) : null;
  const isCause = id => causeName !== null && bare(id) === causeName;
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
        name: e.id, kind: e.kind, symbolSize: isCause(e.id) ? 26 : 18,
        itemStyle: { color: isAffected(e.id) ? danger : normal, borderColor: isCause(e.id) ? ring : 'transparent', borderWidth: isCause(e.id) ? 4 : 0 },
      })),
      links: hood.edges.map(e => ({ source: e.from, target: e.to, kind: e.kind })),
    }],
  });
  el.dataset.nodes = String(hood.entities.length);
  el.dataset.affected = String(hood.entities.filter(e => isAffected(e.id)).length);
}
