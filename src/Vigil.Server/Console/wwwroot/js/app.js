// The console's shell: navigation, theme, live event stream and the hash router.
import { subscribe } from './api.js';
import { disposeAll } from './charts.js';
import { errorBox } from './dom.js';
import * as overview from './pages/overview.js';
import * as metrics from './pages/metrics.js';
import * as signals from './pages/signals.js';
import * as signal from './pages/signal.js';
import * as incidents from './pages/incidents.js';
import * as incident from './pages/incident.js';
import * as logs from './pages/logs.js';
import * as template from './pages/template.js';
import * as capacity from './pages/capacity.js';

// Route: #/page/arg1/arg2?query → the page module, its nav entry and its arguments.
const routes = [
  [/^overview$/, overview, 'overview'],
  [/^metrics$/, metrics, 'metrics'],
  [/^signals$/, signals, 'signals'],
  [/^signals\/([^/]+)\/([^/]+)$/, signal, 'signals'],
  [/^incidents$/, incidents, 'incidents'],
  [/^incidents\/([^/]+)$/, incident, 'incidents'],
  [/^logs$/, logs, 'logs'],
  [/^logs\/templates\/(.+)$/, template, 'logs'],
  [/^capacity$/, capacity, 'capacity'],
];

const main = document.getElementById('main');
const signalHandlers = new Set();
const incidentHandlers = new Set();
let cleanup = null;
let generation = 0;

/** What a page gets besides its arguments. */
const ctx = {
  /** Calls fn(signal) on each live signal change until the page changes. */
  onSignal(fn) { signalHandlers.add(fn); },
  /** Calls fn(change) on each live incident change ({id, change, status, title, severity, entities}) until the page changes. */
  onIncident(fn) { incidentHandlers.add(fn); },
  /** Whether the page that asked is still the one shown. */
  current(g) { return g === generation; },
};

async function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const params = new URLSearchParams(query || '');
  if (cleanup) { try { cleanup(); } catch { /* a page's cleanup failing must not block the next */ } cleanup = null; }
  signalHandlers.clear();
  incidentHandlers.clear();
  disposeAll();
  const g = ++generation;
  let match = null, page = overview, nav = 'overview';
  for (const [re, mod, n] of routes) {
    const m = re.exec(path || 'overview');
    if (m) { match = m.slice(1).map(decodeURIComponent); page = mod; nav = n; break; }
  }
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.page === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.getElementById('nav').classList.remove('open');
  document.querySelector('.menu-toggle').setAttribute('aria-expanded', 'false');
  main.replaceChildren();
  main.dataset.page = nav;
  main.dataset.ready = 'false';
  try {
    if (!match) {
      main.append(errorBox(`No page at #/${path}`));
    } else {
      cleanup = await page.render(main, match, params, { ...ctx, generation: g }) || null;
    }
  } catch (e) {
    if (g === generation) main.append(errorBox(e));
  }
  if (g === generation) {
    main.dataset.ready = 'true';
    document.title = `${main.querySelector('h1')?.textContent || 'Vigil'} · Vigil`;
  }
}

// Theme: remembered choice, else the system's, following it while no choice is made.
const themeButton = document.getElementById('theme-toggle');
function showTheme() {
  const dark = document.documentElement.dataset.theme === 'dark';
  themeButton.setAttribute('aria-pressed', String(dark));
  themeButton.textContent = dark ? 'Light theme' : 'Dark theme';
  themeButton.setAttribute('aria-label', dark ? 'Switch to the light theme' : 'Switch to the dark theme');
}
themeButton.addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try { localStorage.setItem('vigil-theme', next); } catch { /* private mode: not remembered */ }
  showTheme();
  route();
});
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', e => {
  let chosen = null;
  try { chosen = localStorage.getItem('vigil-theme'); } catch { /* none */ }
  if (!chosen) { document.documentElement.dataset.theme = e.matches ? 'dark' : 'light'; showTheme(); route(); }
});
showTheme();

document.querySelector('.menu-toggle').addEventListener('click', e => {
  const nav = document.getElementById('nav');
  const open = nav.classList.toggle('open');
  e.currentTarget.setAttribute('aria-expanded', String(open));
});

// One live stream for the whole console; pages listen through ctx.onSignal.
const live = document.getElementById('live');
subscribe('/api/v1/events', (name, data) => {
  if (name === 'signal') for (const fn of signalHandlers) fn(data);
  else if (name === 'incident') for (const fn of incidentHandlers) fn(data);
}, on => {
  live.textContent = on ? '● live' : '○ offline';
  live.classList.toggle('on', on);
  live.dataset.state = on ? 'on' : 'off';
});

addEventListener('hashchange', () => { route().then(() => main.focus({ preventScroll: true })); });
route();
