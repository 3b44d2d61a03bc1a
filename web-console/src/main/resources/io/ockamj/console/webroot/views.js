// Renders a node snapshot (GET /api/snapshot, or the 'snapshot' event) into the page.
import { h, table, bytes, duration, short, morph } from './dom.js';

// The attributes the node knows of a channel's peer, one "key=value" per line, and its credentials' issuers.
function peerAttributes(c) {
  const entries = Object.entries(c.peer_attributes || {}).sort(([a], [b]) => a.localeCompare(b));
  const issuers = (c.peer_credentials || []).map(x => 'credential from ' + short(x.issuer) + ', expires '
    + new Date(x.expires_at * 1000).toLocaleString());
  return h('td', { 'data-testid': 'peer-attributes', 'data-attributes': JSON.stringify(c.peer_attributes || {}),
    title: issuers.join('\n') || (c.peer_has_credential ? 'has a credential' : 'no credential') },
    entries.length ? entries.map(([k, v]) => h('div', {}, h('code', {}, k + '=' + v)))
      : h('span', { class: 'empty' }, c.peer_has_credential ? 'credential, no attributes' : 'none known'));
}

// An inlet's or outlet's policy: the expression that applies (and where it comes from), the identities an
// inlet's outlet node must prove, and how many messages the policy refused.
function policy(p, kind) {
  const expr = p.expression ? h('code', { title: 'policy of the ' + p.source }, p.expression)
    : h('span', { class: 'empty' }, p.source == null ? '…' : 'none');
  return h('td', { 'data-testid': kind + '-policy', 'data-denials': p.denials },
    expr,
    p.authorized.length ? h('div', {}, 'outlet node: ' + p.authorized.map(short).join(', ')) : null,
    p.denials > 0 ? h('div', { class: 'denied' }, p.denials + ' refused') : null);
}

function replace(id, el) {
  const box = document.getElementById(id);
  if (box.childNodes.length === 1) morph(box.firstChild, el);
  else box.replaceChildren(el);
}

/**
 * @param snap the snapshot
 * @param act actions: act.closeChannel(enc), act.deleteInlet(alias), act.deleteOutlet(addr), act.deleteRelay(name), act.trace(addr)
 */
export function render(snap, act) {
  const n = snap.node;
  document.getElementById('node-name').textContent = n.name;
  document.title = 'Ockam node ' + n.name;
  morph(document.getElementById('node-info'), h('dl', { id: 'node-info' },
    h('dt', {}, 'Identifier'), h('dd', { 'data-testid': 'node-identifier' }, n.identifier),
    h('dt', {}, 'Listeners'), h('dd', {}, n.listeners.map(l => h('div', {}, l.kind + ' ', h('code', {}, l.address)))),
    h('dt', {}, 'Uptime'), h('dd', { 'data-testid': 'node-uptime' }, duration(n.uptime_ms)),
    h('dt', {}, 'Version'), h('dd', {}, n.version),
    h('dt', {}, 'Portal bytes'), h('dd', { 'data-testid': 'portal-bytes' },
      'in ' + bytes(snap.portal_bytes.bytes_in) + ', out ' + bytes(snap.portal_bytes.bytes_out))));

  // bytes out: read from the inlet's or outlet's TCP sockets and sent into the portal; bytes in: the other way
  replace('inlets', table(['Alias', 'From', 'To', 'State', 'Conns open/total', 'Bytes out (from TCP)', 'Bytes in (to TCP)', 'Policy', ''],
    snap.inlets.map(i => h('tr', { 'data-kind': 'inlet', 'data-id': i.alias },
      h('td', {}, i.alias), h('td', {}, h('code', {}, i.bind_address)), h('td', {}, h('code', {}, i.outlet_route)),
      h('td', { class: 'state-' + i.state, title: i.reason || '' }, i.state),
      h('td', { class: 'num', 'data-testid': 'inlet-connections' }, i.connections + ' / ' + i.connections_total),
      h('td', { class: 'num', 'data-testid': 'inlet-bytes-out', 'data-bytes': i.bytes_out }, bytes(i.bytes_out)),
      h('td', { class: 'num', 'data-testid': 'inlet-bytes-in', 'data-bytes': i.bytes_in }, bytes(i.bytes_in)),
      policy(i.policy, 'inlet'),
      h('td', {}, h('button', { onclick: () => act.deleteInlet(i.alias), 'data-testid': 'delete-inlet' }, 'delete')))),
    'No inlets.'));

  replace('outlets', table(['Address', 'To', 'State', 'Conns open/total', 'Bytes out (from TCP)', 'Bytes in (to TCP)', 'Policy', ''],
    snap.outlets.map(o => h('tr', { 'data-kind': 'outlet', 'data-id': o.address },
      h('td', {}, o.address), h('td', {}, h('code', {}, o.target)), h('td', { class: 'state-' + o.state }, o.state),
      h('td', { class: 'num', 'data-testid': 'outlet-connections' }, o.connections + ' / ' + o.connections_total),
      h('td', { class: 'num', 'data-testid': 'outlet-bytes-out', 'data-bytes': o.bytes_out }, bytes(o.bytes_out)),
      h('td', { class: 'num', 'data-testid': 'outlet-bytes-in', 'data-bytes': o.bytes_in }, bytes(o.bytes_in)),
      policy(o.policy, 'outlet'),
      h('td', {}, h('button', { onclick: () => act.deleteOutlet(o.address), 'data-testid': 'delete-outlet' }, 'delete')))),
    'No outlets.'));

  replace('channels', table(['Encryptor', 'Peer', 'Peer attributes', 'Side', 'Age', 'Msgs out/in', 'Bytes out/in', 'Rekeys out/in', ''],
    snap.secure_channels.map(c => h('tr', { 'data-kind': 'channel', 'data-id': c.encryptor },
      h('td', {}, h('code', {}, c.encryptor)),
      h('td', { title: c.peer, 'data-testid': 'channel-peer', 'data-peer': c.peer }, h('code', {}, short(c.peer))),
      peerAttributes(c),
      h('td', {}, c.initiator ? 'initiator' : 'responder'),
      h('td', { class: 'num' }, duration(c.age_ms)),
      h('td', { class: 'num' }, c.messages_out + ' / ' + c.messages_in),
      h('td', { class: 'num' }, bytes(c.bytes_out) + ' / ' + bytes(c.bytes_in)),
      h('td', { class: 'num', 'data-testid': 'channel-rekeys' }, c.rekeys_out + ' / ' + c.rekeys_in),
      h('td', {}, h('button', { onclick: () => act.closeChannel(c.encryptor), 'data-testid': 'close-channel' }, 'close')))),
    'No secure channels.'));

  replace('relays', table(['Name', 'At', 'State', 'Remote address', 'Last ping', ''],
    snap.relays.map(r => h('tr', { 'data-kind': 'relay', 'data-id': r.name },
      h('td', {}, r.name), h('td', {}, h('code', {}, r.at)), h('td', { class: 'state-' + r.state }, r.state),
      h('td', {}, h('code', {}, r.remote_address || '—')),
      h('td', { class: 'num', 'data-testid': 'relay-rtt', 'data-rtt': r.last_ping_rtt_ms ?? '' },
        r.last_ping_rtt_ms == null ? '—' : r.last_ping_rtt_ms.toFixed(2) + ' ms'),
      h('td', {}, h('button', { onclick: () => act.deleteRelay(r.name), 'data-testid': 'delete-relay' }, 'delete')))),
    'No relays.'));

  replace('tcp', table(['Peer', 'Direction', 'Sender', 'Frames in'],
    snap.tcp_connections.map(c => h('tr', { 'data-kind': 'tcp' },
      h('td', {}, h('code', {}, c.peer)), h('td', {}, c.outgoing ? 'outgoing' : 'incoming'),
      h('td', {}, h('code', {}, c.sender)), h('td', { class: 'num' }, c.frames_received))),
    'No TCP connections.'));

  const counts = Object.entries(snap.dropped_messages);
  replace('drops', h('div', {},
    counts.length ? h('p', { 'data-testid': 'drop-counts' }, counts.map(([k, v]) => v + ' ' + k.replaceAll('_', ' ')).join(', '))
      : h('p', { class: 'empty' }, 'Nothing dropped.'),
    snap.recent_drops.length ? table(['When', 'Reason', 'How many'], snap.recent_drops.map(d => h('tr', {},
      h('td', {}, new Date(d.at).toLocaleTimeString()), h('td', {}, d.reason.replaceAll('_', ' ')), h('td', { class: 'num' }, d.count))), '') : ''));

  replace('workers', table(['Address', 'Type', 'Pending', 'Handled', ''],
    snap.workers.map(w => h('tr', { 'data-kind': 'worker', 'data-id': w.address },
      h('td', { title: w.addresses.join(' ') }, h('code', {}, w.address)), h('td', {}, w.type + (w.processor ? ' (processor)' : '')),
      h('td', { class: 'num' }, w.pending), h('td', { class: 'num' }, w.handled),
      h('td', {}, h('button', { onclick: () => act.trace(w.address), 'data-testid': 'trace-worker' }, 'trace')))),
    'No workers.'));
}
