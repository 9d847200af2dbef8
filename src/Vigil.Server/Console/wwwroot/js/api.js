// The REST API users script against: same paths, same envelope. A key, when the server asks for one, goes in
// "Authorization: Bearer" and is kept in this browser's session storage.

const KEY = 'vigil-api-key';

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...(extra || {}) };
  const key = sessionStorage.getItem(KEY);
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

let asking = null;
/** Shows the key dialog once; resolves when the user gave a key. */
function askForKey() {
  if (asking) return asking;
  const dialog = document.getElementById('key-dialog');
  const input = document.getElementById('key-input');
  asking = new Promise(resolve => {
    dialog.addEventListener('close', () => {
      if (input.value) sessionStorage.setItem(KEY, input.value.trim());
      input.value = '';
      asking = null;
      resolve();
    }, { once: true });
    if (!dialog.open) dialog.showModal();
  });
  return asking;
}

async function request(method, path, body, retried) {
  const res = await fetch(path, {
    method,
    headers: headers(body ? { 'Content-Type': 'application/json' } : undefined),
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401 && !retried) {
    sessionStorage.removeItem(KEY);
    await askForKey();
    return request(method, path, body, true);
  }
  let payload = null;
  const text = await res.text();
  try { payload = text ? JSON.parse(text) : null; } catch { payload = null; }
  if (!res.ok) {
    const message = (payload && (payload.error || payload.title || payload.detail)) || `${method} ${path}: HTTP ${res.status}`;
    throw new ApiError(res.status, message);
  }
  // The query API wraps answers as Prometheus does ({status, data}); others answer bare.
  return payload && typeof payload === 'object' && 'status' in payload && 'data' in payload ? payload.data : payload;
}

export const get = path => request('GET', path);
export const post = (path, body) => request('POST', path, body ?? {});

/** GET that answers null when the endpoint does not exist (404): for APIs not on every server yet. */
export async function getOptional(path) {
  try { return await get(path); } catch (e) { if (e.status === 404) return null; throw e; }
}

/** Query string from an object; arrays repeat the key; null/undefined/'' left out. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach(x => p.append(k, x));
    else if (v !== undefined && v !== null && v !== '') p.append(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header). Calls onEvent(name, data) for
 * each event and onState(true|false) as the stream opens and drops; reconnects after 3 s. Returns a stop function.
 */
export function subscribe(path, onEvent, onState) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let name = 'message'; const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            }
            if (data.length) {
              try { onEvent(name, JSON.parse(data.join('\n'))); } catch { /* a malformed event is skipped */ }
            }
          }
        }
      } catch { /* dropped: retry below */ }
      onState(false);
      if (!stopped) await new Promise(r => setTimeout(r, 3000));
    }
  }
  run();
  return () => { stopped = true; if (controller) controller.abort(); };
}
