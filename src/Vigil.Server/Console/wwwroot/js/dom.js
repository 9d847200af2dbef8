// Small DOM helpers: every text goes in through textContent, never innerHTML (log lines and labels are untrusted).

/** Creates an element: h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A severity band pill. */
export function bandPill(band) {
  const b = (band || 'low').toLowerCase();
  return h('span', { class: `band ${b}` }, b);
}

/** A notice that an API is not on this server (yet). */
export function unavailable(what) {
  return h('p', { class: 'notice', role: 'note' }, `${what} is not available on this server yet (its API answered 404).`);
}

/** An error box. */
export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

/** A panel with a heading (its id labels the region). */
export function panel(title, attrs, ...children) {
  const id = 'p-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { class: 'panel', 'aria-labelledby': id, ...(attrs || {}) }, h('h2', { id }, title), ...children);
}

/** A table with a caption (visually hidden when told) and rows. */
export function table(caption, headers, rows, opts = {}) {
  return h('div', { class: 'scroll' }, h('table', {},
    h('caption', { class: opts.showCaption ? '' : 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map(x => typeof x === 'string' ? h('th', { scope: 'col' }, x) : h('th', { scope: 'col', class: x.class }, x.text)))),
    h('tbody', {}, rows)));
}
