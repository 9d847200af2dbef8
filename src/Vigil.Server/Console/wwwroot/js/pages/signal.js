// One signal: what it says, its evidence (a chart for a metric signal, the template and example lines for a log
// signal) and the operators' verdicts, with buttons to add one.
import { get, post, qs } from '../api.js';
import { h, bandPill, panel } from '../dom.js';
import { drawSignalBand, windowAround } from '../evidence.js';
import { entityOf, fmtTime } from '../format.js';

export async function render(main, [fingerprint, start]) {
  const path = `/api/v1/signals/${encodeURIComponent(fingerprint)}/${encodeURIComponent(start)}`;
  const detail = await get(path);
  const s = detail.signal;
  main.append(h('h1', {}, s.summary));
  main.append(h('p', { class: 'row' }, bandPill(s.band), h('span', {}, `severity ${s.severity}, score ${s.score.toFixed(2)}`),
    h('span', { class: 'tag' }, s.kind), h('span', { class: 'tag' }, s.end ? `ended ${fmtTime(s.end)}` : 'open')));

  const grid = h('div', { class: 'grid' });
  main.append(grid);
  grid.append(panel('About', {}, h('dl', { class: 'kv' },
    h('dt', {}, 'Entity'), h('dd', {}, entityOf(s.labels, s.entity)),
    h('dt', {}, 'Series or source'), h('dd', { class: 'mono' }, s.entity),
    h('dt', {}, 'Started'), h('dd', {}, fmtTime(s.start)),
    h('dt', {}, 'Ended'), h('dd', {}, s.end ? fmtTime(s.end) : '—'),
    h('dt', {}, 'Fingerprint'), h('dd', { class: 'mono' }, s.fingerprint),
    h('dt', {}, 'Labels'), h('dd', {}, Object.entries(s.labels).map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`))))));
  grid.append(feedbackPanel(path, detail.feedback));
  grid.append(panel('Evidence', { class: 'panel wide', id: 'evidence' }, h('dl', { class: 'kv' },
    Object.entries(s.evidence).filter(([k]) => !k.startsWith('example_')).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: k === 'template' || k === 'series' ? 'mono' : '' }, v)]))));

  if (s.kind === 'MetricAnomaly' && s.evidence.series) grid.append(await metricEvidence(s));
  if (s.evidence.template_id) grid.append(await logEvidence(s));
}

async function metricEvidence(s) {
  const { from, to } = windowAround(s);
  const el = h('div', { class: 'chart', id: 'signal-chart', role: 'img', 'aria-label': 'The series around the signal, with the expected value and band' });
  const box = panel('Series around the signal', { class: 'panel wide' }, el,
    h('p', {}, h('a', { href: `#/metrics?q=${encodeURIComponent(s.evidence.series)}&start=${Math.floor(from)}&end=${Math.ceil(to)}` }, 'Open in the metrics explorer')));
  await drawSignalBand(el, s, from, to);
  return box;
}

async function logEvidence(s) {
  const id = s.evidence.template_id;
  const examples = Object.entries(s.evidence).filter(([k]) => k.startsWith('example_')).map(([, v]) => v);
  const lines = await get(`/api/v1/logs/templates/${encodeURIComponent(id)}/lines` + qs({ limit: 20 })).catch(() => []);
  return panel('Log template', { class: 'panel wide', id: 'log-evidence' },
    h('p', { class: 'mono' }, s.evidence.template || ''),
    h('p', {}, h('a', { href: `#/logs/templates/${encodeURIComponent(id)}` }, `Template ${id}: all its lines and trend`)),
    h('h3', {}, 'Example lines'),
    h('ul', { class: 'mono' }, (examples.length ? examples : lines.map(l => l.line)).slice(0, 20).map(x => h('li', {}, x))));
}

function feedbackPanel(path, feedback) {
  const list = h('ul', { id: 'feedback-list' });
  const show = items => list.replaceChildren(...(items.length ? items.map(f => h('li', {},
    h('strong', {}, f.verdict === 'false_positive' ? 'False positive' : 'Confirmed'), ` by ${f.actor}, ${fmtTime(f.at)}`, f.comment ? ` — ${f.comment}` : '')) : [h('li', { class: 'muted' }, 'No verdict yet.')]));
  show(feedback);
  let remembered = '';
  try { remembered = localStorage.getItem('vigil-actor') || ''; } catch { /* none */ }
  const actor = h('input', { id: 'fb-actor', value: remembered, required: true, autocomplete: 'name' });
  const comment = h('input', { id: 'fb-comment' });
  const status = h('p', { role: 'status', class: 'muted' });
  const send = verdict => async () => {
    if (!actor.value.trim()) { status.textContent = 'Say who you are first.'; actor.focus(); return; }
    try { localStorage.setItem('vigil-actor', actor.value.trim()); } catch { /* not remembered */ }
    try {
      const detail = await post(`${path}/feedback`, { verdict, actor: actor.value.trim(), comment: comment.value.trim() || null });
      show(detail.feedback);
      comment.value = '';
      status.textContent = 'Recorded.';
    } catch (e) { status.textContent = e.message; }
  };
  return panel('Feedback', { id: 'feedback' },
    h('div', { class: 'row' },
      h('span', { class: 'field' }, h('label', { for: 'fb-actor' }, 'Your name'), actor),
      h('span', { class: 'field' }, h('label', { for: 'fb-comment' }, 'Comment (optional)'), comment)),
    h('div', { class: 'row' },
      h('button', { type: 'button', id: 'fb-false-positive', onclick: send('false_positive') }, 'False positive'),
      h('button', { type: 'button', class: 'primary', id: 'fb-confirmed', onclick: send('confirmed') }, 'Confirmed')),
    status, list);
}
