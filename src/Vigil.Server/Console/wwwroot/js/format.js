// Formatting of times, durations and numbers.

export function fmtTime(t) {
  if (t === null || t === undefined) return '';
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:00Z$/, 'Z');
}

export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export function fmtNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** The series key as the server writes it: name{a="1", b="2"} (labels sorted, name left out of the braces). */
export function seriesKey(labels) {
  const name = labels.__name__ || '';
  const rest = Object.keys(labels).filter(k => k !== '__name__').sort();
  if (rest.length === 0) return name || '{}';
  const esc = v => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${name}{${rest.map(k => `${k}="${esc(labels[k])}"`).join(', ')}}`;
}

/** The service or host a signal or series belongs to, from its labels; else the entity text. */
export function entityOf(labels, fallback) {
  for (const k of ['service', 'job', 'host', 'instance', 'app', 'source']) {
    if (labels && labels[k]) return `${k === 'job' ? 'service' : k === 'instance' ? 'host' : k === 'app' || k === 'source' ? 'service' : k}/${labels[k]}`;
  }
  return fallback;
}

export const BAND_ORDER = ['low', 'warning', 'minor', 'major', 'critical'];
export function bandRank(band) { return BAND_ORDER.indexOf((band || 'low').toLowerCase()); }
export function bandOf(severity) {
  return severity >= 75 ? 'critical' : severity >= 50 ? 'major' : severity >= 25 ? 'minor' : severity >= 3 ? 'warning' : 'low';
}
