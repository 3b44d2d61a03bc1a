// The console page: logs in with the one-time token in the URL's fragment, then follows the node's
// server-sent events and re-renders on each snapshot; actions POST with the session's CSRF token.
import { render } from './views.js';
import { drawTrace } from './trace.js';

let csrf = null;
let last = null;
let events = null;
const traces = new Map(); // trace id -> {title, hops}
let shownTrace = null;

function banner(text) {
  const b = document.getElementById('banner');
  b.textContent = text || '';
  b.hidden = !text;
}

function conn(state, text) {
  const c = document.getElementById('conn');
  c.className = 'conn ' + state;
  c.textContent = text;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: Object.assign({ 'content-type': 'application/json' }, csrf ? { 'X-CSRF-Token': csrf } : {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(json.message || res.statusText), { status: res.status, code: json.error });
  return json;
}

async function login() {
  const m = /login=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (m) {
    history.replaceState(null, '', location.pathname); // the token is for one use: keep it out of history
    try {
      csrf = (await api('POST', '/api/login', { token: m[1] })).csrf;
      return true;
    } catch (e) {
      banner('Login failed: ' + e.message);
      return false;
    }
  }
  try {
    csrf = (await api('GET', '/api/session')).csrf;
    return true;
  } catch (e) {
    banner(e.status === 401 ? 'Not logged in: open the URL that `ockam node console NODE` prints.' : 'Cannot reach the node: ' + e.message);
    return false;
  }
}

function typeOf(addr) {
  if (!last) return undefined;
  const w = last.workers.find(w => w.addresses.includes(addr));
  return w && w.type;
}

function showTrace(id) {
  const t = traces.get(id);
  if (!t) return;
  shownTrace = id;
  const probe = t.probe && t.hops.length ? t.hops[0].from : null;
  document.getElementById('trace').replaceChildren(drawTrace(t.hops, a => typeOf(a) || (a === probe ? 'console probe' : undefined), t.title));
}

function confirmDialog(text) {
  const d = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise(resolve => {
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
    d.returnValue = '';
    d.showModal();
  });
}

async function action(question, path) {
  if (!(await confirmDialog(question))) return;
  try {
    await api('POST', path, {});
  } catch (e) {
    banner('Failed: ' + e.message);
  }
}

const act = {
  closeChannel: enc => action(`Close the secure channel ${enc}?`, `/api/channels/${encodeURIComponent(enc)}/close`),
  deleteInlet: alias => action(`Delete the inlet ${alias}?`, `/api/inlets/${encodeURIComponent(alias)}/delete`),
  deleteOutlet: addr => action(`Delete the outlet ${addr}?`, `/api/outlets/${encodeURIComponent(addr)}/delete`),
  deleteRelay: name => action(`Delete the relay ${name}?`, `/api/relays/${encodeURIComponent(name)}/delete`),
  trace: async addr => {
    try {
      const r = await api('POST', '/api/trace', { address: addr, seconds: 10 });
      traces.set(r.trace, { title: `Messages to and from ${addr} (${typeOf(addr) || 'worker'}) for ${r.seconds} s`, hops: [] });
      showTrace(r.trace);
    } catch (e) {
      banner('Trace failed: ' + e.message);
    }
  },
};

function follow() {
  events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    conn('live', 'live');
    banner('');
  });
  events.addEventListener('snapshot', e => {
    last = JSON.parse(e.data);
    document.getElementById('main').hidden = false;
    render(last, act);
  });
  events.addEventListener('trace', e => {
    const hop = JSON.parse(e.data);
    const t = traces.get(hop.trace);
    if (!t || t.hops.some(x => x.seq === hop.seq)) return; // another page's trace, or already in a probe's answer
    t.hops.push(hop);
    if (shownTrace === hop.trace) showTrace(hop.trace);
  });
  events.addEventListener('error', () => {
    conn('down', 'disconnected');
    banner('The node is not answering (stopped?). Reconnecting when it is back…');
    if (events.readyState === EventSource.CLOSED) {
      events = null;
      setTimeout(async () => {
        // a 401 ends the stream for good: check the session again before following
        if (await login()) follow();
        else setTimeout(() => follow(), 2000);
      }, 1000);
    }
  });
}

document.getElementById('probe-form').addEventListener('submit', async e => {
  e.preventDefault();
  const route = document.getElementById('probe-route').value;
  const out = document.getElementById('probe-result');
  out.textContent = 'sending…';
  try {
    const r = await api('POST', '/api/probe', { route });
    out.textContent = r.ok ? `reply in ${r.rtt_ms.toFixed(1)} ms` : `no reply: ${r.message}`;
    traces.set(r.trace, { title: `Probe along ${route}`, hops: r.hops, probe: true });
    showTrace(r.trace);
  } catch (err) {
    out.textContent = 'failed: ' + err.message;
  }
});

if (await login()) follow();
