// Draws a route trace as an SVG sequence diagram: one lane per address, one arrow per hop.
import { h, s } from './dom.js';

const LANE = 170, TOP = 56, STEP = 34, LABELS = 420, MAX_DRAWN = 60;

/**
 * @param hops the hops: {seq, t_us, from, to, onward, bytes}
 * @param typeOf address -> worker type (or undefined)
 * @param title what was traced
 */
export function drawTrace(allHops, typeOf, title) {
  const hops = allHops.slice(-MAX_DRAWN);
  const lanes = [];
  for (const hop of hops) for (const a of [hop.from, hop.to]) if (!lanes.includes(a)) lanes.push(a);
  const width = Math.max(1, lanes.length) * LANE + 40 + LABELS;
  const height = TOP + Math.max(1, hops.length) * STEP + 20;
  const x = a => 20 + lanes.indexOf(a) * LANE + LANE / 2;
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'data-testid': 'trace-svg', role: 'img' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#1d5fd1' }))));
  lanes.forEach(a => {
    const type = typeOf(a) || (a.startsWith('1#') ? 'tcp' : '?');
    svg.append(
      s('rect', { x: x(a) - LANE / 2 + 6, y: 6, width: LANE - 12, height: 36, rx: 5, fill: '#e8eefc', stroke: '#9bb3e6' }),
      s('text', { x: x(a), y: 21, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 600, class: 'lane', 'data-address': a }, type),
      s('text', { x: x(a), y: 35, 'text-anchor': 'middle', 'font-size': 9, 'font-family': 'monospace' }, a.length > 26 ? a.slice(0, 25) + '…' : a),
      s('line', { x1: x(a), y1: 42, x2: x(a), y2: height - 6, stroke: '#ccd', 'stroke-dasharray': '3 3' }));
  });
  hops.forEach((hop, i) => {
    const y = TOP + i * STEP + 12;
    const x1 = x(hop.from), x2 = x(hop.to);
    const label = `#${hop.seq} ${hop.bytes} B  +${(hop.t_us / 1000).toFixed(1)} ms  → ${hop.onward}`;
    const g = s('g', { class: 'hop', 'data-testid': 'trace-hop', 'data-from': hop.from, 'data-to': hop.to });
    if (x1 === x2) {
      g.append(s('path', { d: `M ${x1} ${y} h 30 v 12 h -28`, fill: 'none', stroke: '#1d5fd1', 'marker-end': 'url(#arrow)' }));
    } else {
      g.append(s('line', { x1, y1: y, x2: x2 + (x2 > x1 ? -2 : 2), y2: y, stroke: '#1d5fd1', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)' }));
    }
    g.append(s('text', { x: Math.min(x1, x2) + 4, y: y - 4, 'font-size': 10 }, label));
    svg.append(g);
  });
  const count = allHops.length + ' hop' + (allHops.length === 1 ? '' : 's') + (allHops.length > hops.length ? `, the last ${hops.length} drawn` : '');
  return h('div', {}, h('p', { 'data-testid': 'trace-title' }, title + ' — ' + count), svg);
}
