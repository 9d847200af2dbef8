// One signal: what it says, its evidence (a chart for a metric signal, the template and example lines for a log
// signal) and the operators' verdicts, with buttons to add one.
import { get, post, qs } from '../api.js';
import { chart, base, cssVar, PALETTE } from '../charts.js';
import { h, bandPill, panel, errorBox } from '../dom.js';
import { entityOf, fmtNumber, fmtTime } from '../format.js';

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
  const startS = Date.parse(s.start) / 1000;
  const endS = s.end ? Date.parse(s.end) / 1000 : Date.now() / 1000;
  const from = startS - Math.max(3600, (endS - startS) * 2), to = Math.min(Date.now() / 1000, endS + Math.max(900, (endS - startS)));
  const el = h('div', { class: 'chart', id: 'signal-chart', role: 'img', 'aria-label': 'The series around the signal, with the expected value and band' });
  const box = panel('Series around the signal', { class: 'panel wide' }, el,
    h('p', {}, h('a', { href: `#/metrics?q=${encodeURIComponent(s.evidence.series)}&start=${Math.floor(from)}&end=${Math.ceil(to)}` }, 'Open in the metrics explorer')));
  try {
    const band = await get('/api/v1/band' + qs({ 'match[]': s.evidence.series, start: from.toFixed(3), end: to.toFixed(3) }));
    const series = band.series[0];
    if (!series) { el.replaceWith(h('p', { class: 'notice' }, 'The series has no samples left in this window.')); return box; }
    const color = PALETTE[0], t = p => p[0] * 1000;
    chart(el).setOption({
      ...base(),
      grid: { left: 56, right: 16, top: 24, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: v => fmtNumber(v) },
      xAxis: { type: 'time', min: from * 1000, max: to * 1000 },
      yAxis: { type: 'value', scale: true },
      series: [
        { type: 'line', stack: 'b', data: series.points.map(p => [t(p), p[3]]), showSymbol: false, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
        { type: 'line', stack: 'b', data: series.points.map(p => [t(p), p[4] !== null && p[3] !== null ? p[4] - p[3] : null]), showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: .18 }, silent: true, tooltip: { show: false } },
        { name: 'expected', type: 'line', data: series.points.map(p => [t(p), p[2]]), showSymbol: false, lineStyle: { type: 'dashed', width: 1, color } },
        { name: series.measure, type: 'line', data: series.points.map(p => [t(p), p[1]]), showSymbol: false, lineStyle: { width: 1.6, color },
          markArea: { itemStyle: { color: cssVar('--critical'), opacity: .12 }, data: [[{ xAxis: Date.parse(s.start) }, { xAxis: s.end ? Date.parse(s.end) : to * 1000 }]] } },
        { name: 'anomalies', type: 'scatter', data: series.anomalies.map(a => [a[0] * 1000, a[1]]), symbolSize: 8, itemStyle: { color: cssVar('--critical') } },
      ],
    });
    el.dataset.band = 'true';
  } catch (e) { el.replaceWith(errorBox(e)); }
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
