// A metric signal's evidence as a chart: its series around the signal with the detector's expected value and normal
// band, the anomalous points, and the signal's span shaded. Used by the signal page and the incident page.
import { get, qs } from './api.js';
import { chart, base, cssVar, PALETTE } from './charts.js';
import { h, errorBox } from './dom.js';
import { fmtNumber } from './format.js';

/** The window shown around a signal, in Unix seconds: an hour (or twice its length) before, a quarter hour after. */
export function windowAround(s) {
  const startS = Date.parse(s.start) / 1000;
  const endS = s.end ? Date.parse(s.end) / 1000 : Date.now() / 1000;
  const from = startS - Math.max(3600, (endS - startS) * 2), to = Math.min(Date.now() / 1000, endS + Math.max(900, (endS - startS)));
  return { from, to };
}

/**
 * Draws s.evidence.series between from and to (Unix seconds) in el. Sets el.dataset.band = 'true' and
 * el.dataset.anomalies to the number of anomalous points drawn; replaces el with a notice when the series has no
 * samples left, or with the error.
 */
export async function drawSignalBand(el, s, from, to) {
  try {
    const band = await get('/api/v1/band' + qs({ 'match[]': s.evidence.series, start: from.toFixed(3), end: to.toFixed(3) }));
    const series = band.series[0];
    if (!series) { el.replaceWith(h('p', { class: 'notice' }, 'The series has no samples left in this window.')); return; }
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
    el.dataset.anomalies = String(series.anomalies.length);
  } catch (e) { el.replaceWith(errorBox(e)); }
}
