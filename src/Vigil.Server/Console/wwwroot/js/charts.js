// Apache ECharts (vendored, see vendor/echarts/VERSION.txt) with the console's theme.

const charts = new Set();

export function isDark() { return document.documentElement.dataset.theme === 'dark'; }

/**
 * A chart in el, themed; disposed when the page changes. A page whose render was still awaiting answers when the user
 * (or a live update) moved on asks for charts in elements no longer on the page: it gets a disposed chart, on which
 * every call does nothing, rather than one that outlives the page's disposal and is resized with the window.
 */
export function chart(el) {
  const c = window.echarts.init(el, isDark() ? 'dark' : null, { renderer: 'canvas' });
  if (!el.isConnected) {
    c.dispose();
    return c;
  }
  charts.add(c);
  return c;
}

export function disposeAll() {
  for (const c of charts) c.dispose();
  charts.clear();
}

// A chart of zero size (a hidden panel; the resizes a full-page screenshot causes) is not resized: a graph's view of
// zero size has no inverse transform, on which ECharts throws ("Cannot read properties of null (reading '0')"). The
// next resize with a real size draws it.
addEventListener('resize', () => {
  for (const c of charts) {
    const el = c.getDom();
    if (el.clientWidth > 0 && el.clientHeight > 0) c.resize();
  }
});

export function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

export const BAND_COLORS = () => ({
  low: cssVar('--low'), warning: cssVar('--warning'), minor: cssVar('--minor'), major: cssVar('--major'), critical: cssVar('--critical'),
});

export const PALETTE = ['#2f7de1', '#13a89e', '#8e5bd8', '#d4862a', '#c2417a', '#5d9c2f', '#7a6a58', '#3aa0c8', '#b55d2c', '#6b7fd7'];

/** Common option parts: transparent background so the panel shows through. */
export function base() {
  return { backgroundColor: 'transparent', animation: false, textStyle: { fontFamily: 'inherit' } };
}

/** A tiny bar trend (sparkline) of [time, value] points between from and to (ms); bars show even a single minute. */
export function sparkline(el, points, color, from, to) {
  const c = chart(el);
  c.setOption({
    ...base(),
    grid: { left: 1, right: 1, top: 2, bottom: 2 },
    xAxis: { type: 'time', show: false, min: from, max: to },
    yAxis: { type: 'value', show: false, min: 0 },
    series: [{ type: 'bar', data: points, barMinWidth: 2, barMaxWidth: 4, itemStyle: { color: color || PALETTE[0] } }],
    tooltip: { show: false },
  });
  return c;
}
