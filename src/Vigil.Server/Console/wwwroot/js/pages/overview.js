// Overview: what is unhealthy, worst first; the noise reduction of today; capacity running out; recent changes.
// Three requests in parallel, whatever the fleet's size (no request per entity or per incident).
import { get, getOptional, qs } from '../api.js';
import { h, bandPill, panel, table, unavailable } from '../dom.js';
import { bandOf, fmtDuration, fmtTime } from '../format.js';

export async function render(main, _args, _params, ctx) {
  main.append(h('h1', {}, 'Overview'));
  const body = h('div', { class: 'grid' });
  main.append(body);
  await load(body);
  let timer = null;
  const refresh = () => {
    // Changes come in bursts (one per series of a request): one refresh per burst.
    if (timer) return;
    timer = setTimeout(async () => { timer = null; const next = h('div', { class: 'grid' }); await load(next); body.replaceWith(next); body.replaceChildren(); }, 1000);
  };
  ctx.onSignal(refresh);
  ctx.onIncident(refresh);
  return () => { if (timer) clearTimeout(timer); };
}

function startOfTodayUtc() {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

async function load(body) {
  const since = startOfTodayUtc();
  // The health answer carries the incident counts too: no list of today's incidents is fetched to count them.
  const [health, targets, changes] = await Promise.all([
    get('/api/v1/health/entities' + qs({ since: since.toISOString(), limit: 200 })),
    get('/api/v1/capacity/targets'),
    getOptional('/api/v1/changes'),
  ]);
  body.replaceChildren(
    healthPanel(health),
    noise(health.signalsSince, health.incidentsSince, since),
    capacityRisks(targets),
    recentChanges(changes));
}

function healthPanel(health) {
  // One row per entity, folded on the server from open signals and open incidents: the correlator's bare entity
  // names (checkout) are mapped there to the rows of the same service or host (service/checkout).
  // Ties in severity go to the entity others depend on (the server's order): the likely cause before its callers.
  const rows = health.entities.map(e => ({ name: e.entity, severity: e.severity, signals: e.openSignals, incidents: e.openIncidents, worst: e.summary,
    incident: e.incident, dependents: e.troubledDependents || 0 }));
  const content = rows.length === 0
    ? h('p', { class: 'notice' }, 'Nothing open: every entity is healthy.')
    : table('Entities with open signals or incidents, worst first', ['Entity', 'Health', { text: 'Signals', class: 'num' }, { text: 'Incidents', class: 'num' }, { text: 'Worst', class: 'hide-narrow' }],
      rows.slice(0, 200).map(e => h('tr', { dataset: { entity: e.name } },
        h('td', {}, h('a', { href: `#/signals?service=${encodeURIComponent(e.name)}` }, e.name)),
        h('td', {}, bandPill(bandOf(e.severity)), ' ', h('span', { class: 'muted' }, e.severity)),
        h('td', { class: 'num' }, e.signals),
        h('td', { class: 'num' }, e.incident
          ? h('a', { href: `#/incidents/${encodeURIComponent(e.incident.id)}`, class: 'incident-link', 'aria-label': `${e.name}: worst open incident, ${e.incident.title}` }, e.incidents)
          : e.incidents),
        h('td', { class: 'hide-narrow' }, e.worst,
          e.dependents > 0 ? h('span', { class: 'muted' }, ` · ${e.dependents} ${e.dependents === 1 ? 'entity' : 'entities'} depending on it in trouble`) : null))));
  const more = health.total - health.entities.length;
  return panel('Entity health', { class: 'panel wide', id: 'health' },
    h('p', { class: 'muted' }, `${health.openSignals.toLocaleString('en-US')} open signals, ${health.openIncidents.toLocaleString('en-US')} open incidents.`),
    content, more > 0 ? h('p', { class: 'muted' }, `${more.toLocaleString('en-US')} more entities with open signals or incidents not shown.`) : null);
}

function noise(signals, opened, since) {
  return panel('Today', { id: 'today' },
    h('div', { class: 'stat' }, h('span', { class: 'big', id: 'signals-today' }, signals.toLocaleString('en-US')), h('span', {}, 'signals'),
      h('span', { 'aria-hidden': 'true' }, '→'),
      h('span', { class: 'big', id: 'incidents-today' }, opened.toLocaleString('en-US')), h('span', {}, 'incidents')),
    h('p', { class: 'muted' }, `Since ${fmtTime(since)}. `, opened > 0 ? `${(signals / opened).toFixed(1)} signals per incident.` : ''));
}

function capacityRisks(targets) {
  const risks = [];
  for (const t of targets) {
    for (const f of t.findings) {
      if (['AlreadyExceeded', 'Expected', 'Possible'].includes(f.outcome)) risks.push({ target: t.name, ...f });
    }
  }
  risks.sort((a, b) => (a.medianDays ?? 1e9) - (b.medianDays ?? 1e9));
  return panel('Capacity risks', { id: 'capacity-risks' },
    risks.length === 0
      ? h('p', { class: 'notice' }, targets.length === 0 ? 'No capacity targets defined.' : 'Nothing runs out within its horizon.')
      : table('Capacity risks, soonest first', ['Target', 'Series', 'When'], risks.slice(0, 10).map(r => h('tr', {},
        h('td', {}, h('a', { href: `#/capacity?target=${encodeURIComponent(r.target)}` }, r.target)),
        h('td', { class: 'mono' }, r.series),
        h('td', {}, r.outcome === 'AlreadyExceeded' ? 'exceeded now' : r.medianDays != null ? `in ${fmtDuration(r.medianDays * 86400)}` : r.summary)))));
}

function recentChanges(changes) {
  if (changes === null) return panel('Recent changes', { id: 'changes' }, unavailable('The changes API'));
  const list = (Array.isArray(changes) ? changes : changes.changes || []).slice(0, 10);
  return panel('Recent changes', { id: 'changes' },
    list.length === 0 ? h('p', { class: 'notice' }, 'No changes recorded.')
      : h('ul', {}, list.map(c => h('li', {}, h('strong', {}, c.entity || ''), ' ', c.kind || '', ' ', c.description || c.summary || '', ' ',
        h('span', { class: 'muted' }, fmtTime(c.timestamp || c.at))))));
}
