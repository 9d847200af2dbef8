// Capacity: targets with their time-to-exhaustion, and a target's forecast with its interval band and limit.
import { get, post, qs } from '../api.js';
import { chart, base, cssVar, PALETTE } from '../charts.js';
import { h, panel, table, errorBox } from '../dom.js';
import { fmtDuration, fmtNumber, fmtTime } from '../format.js';

const UNITS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
function seconds(text) { const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text || ''); return m ? Number(m[1]) * UNITS[m[2]] : Number(text); }

export async function render(main, _args, params) {
  main.append(h('h1', {}, 'Capacity'));
  const targets = await get('/api/v1/capacity/targets');
  if (targets.length === 0) {
    main.append(h('p', { class: 'notice' }, 'No capacity targets. Define one in the config file or with PUT /api/v1/capacity/targets/{name} (see docs/capacity.md).'));
    return;
  }
  const rows = targets.flatMap(t => (t.findings.length ? t.findings : [null]).map(f => h('tr', { dataset: { target: t.name } },
    h('td', {}, h('a', { href: `#/capacity?target=${encodeURIComponent(t.name)}` }, t.name)),
    h('td', { class: 'mono' }, f ? f.series : t.match),
    h('td', {}, f ? f.outcome : 'not evaluated yet'),
    h('td', {}, f && f.medianDays != null ? `${fmtDuration(f.medianDays * 86400)} (${f.lowerDays != null ? fmtDuration(f.lowerDays * 86400) : '?'} – ${f.upperDays != null ? fmtDuration(f.upperDays * 86400) : 'beyond'})` : f && f.outcome === 'AlreadyExceeded' ? 'now' : '—'),
    h('td', { class: 'hide-narrow' }, f ? f.summary : ''))));
  main.append(panel('Targets', { class: 'panel wide', id: 'targets' },
    table('Capacity targets and time to exhaustion', ['Target', 'Series', 'Outcome', 'Time to limit (80 % interval)', 'Summary'], rows)));

  const chosen = targets.find(t => t.name === params.get('target')) || targets[0];
  const el = h('div', { class: 'chart', id: 'forecast-chart', role: 'img', 'aria-label': `Forecast of ${chosen.name} with its interval and limit` });
  main.append(panel(`Forecast: ${chosen.name}`, { class: 'panel wide' }, el, h('p', { class: 'muted' },
    `History over ${chosen.lookback} at ${chosen.step} steps, forecast ${chosen.horizon} ahead; shaded: the interval.`)));
  const now = Date.now() / 1000;
  const start = now - seconds(chosen.lookback);
  try {
    const [history, forecast] = await Promise.all([
      get('/api/v1/samples' + qs({ 'match[]': chosen.match, start: start.toFixed(0), end: now.toFixed(0), step: chosen.step })),
      post('/api/v1/forecast', { match: chosen.match, start: start.toFixed(0), end: now.toFixed(0), step: chosen.step, horizon: chosen.horizon }),
    ]);
    const series = [];
    history.forEach((s, i) => series.push({ name: `${s.labels.__name__} history ${i + 1}`, type: 'line', showSymbol: false, lineStyle: { color: PALETTE[i % PALETTE.length] },
      data: s.samples.map(([t, v]) => [t * 1000, Number(v)]) }));
    forecast.series.forEach((f, i) => {
      const color = PALETTE[i % PALETTE.length];
      series.push(
        { type: 'line', stack: `iv-${i}`, data: f.forecast.map(p => [p.time * 1000, p.lower]), showSymbol: false, lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
        { type: 'line', stack: `iv-${i}`, data: f.forecast.map(p => [p.time * 1000, p.upper != null && p.lower != null ? p.upper - p.lower : null]), showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color, opacity: .2 }, silent: true, tooltip: { show: false } },
        { name: `forecast ${i + 1} (${f.method})`, type: 'line', data: f.forecast.map(p => [p.time * 1000, p.mean]), showSymbol: false, lineStyle: { type: 'dashed', color } });
    });
    const limit = chosen.limit ?? chosen.findings.find(f => isFinite(f.limitValue))?.limitValue;
    if (limit != null && series.length) {
      series[series.length - 1].markLine = { symbol: 'none', label: { formatter: `limit ${fmtNumber(limit)}` }, lineStyle: { color: cssVar('--critical') }, data: [{ yAxis: limit }] };
    }
    chart(el).setOption({
      ...base(),
      grid: { left: 64, right: 80, top: 24, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: v => fmtNumber(v) },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true },
      series,
    });
    el.dataset.forecast = String(forecast.series.length);
  } catch (e) { el.replaceWith(errorBox(e)); }
  main.append(h('p', { class: 'muted' }, `Evaluated ${chosen.findings[0] ? fmtTime(chosen.findings[0].evaluatedAt) : 'never'}.`));
}
