// <hs-map-view>: /map?range=|start=&end=&q= — services and peers from /api/graph as an SVG layered graph.
import { api } from '../js/api.js';
import { errorBox, h, svg } from '../js/dom.js';
import { formatCallRate, formatDuration, formatMillis, formatPercent, nanosBetween } from '../js/format.js';
import { NODE_HEIGHT, NODE_WIDTH, edgeHealth, layoutGraph } from '../js/graph-layout.js';
import { navigate } from '../js/router.js';
import { carryRange, timeWindow } from '../js/time-range.js';
import { edgeQuery, quote } from '../js/traceql.js';
import './range-picker.js';

class MapView extends HTMLElement {
  connectedCallback() {
    if (this.canvas) return;
    this.classList.add('view', 'map-view');
    this.dataset.testid = 'map-view';
    this.range = h('hs-range-picker', { apply: true, 'data-testid': 'map-range' });
    this.filter = h('input', { type: 'text', class: 'mono', size: 40, placeholder: 'optional TraceQL filter, e.g. { span.user.tier = "gold" }',
      'aria-label': 'TraceQL filter', 'data-shortcut-focus': '' });
    const apply = () => {
      const range = this.range.urlParams();
      if (!range) return;
      const params = new URLSearchParams(range);
      if (this.filter.value.trim()) params.set('q', this.filter.value.trim());
      navigate(`/map?${params}`);
    };
    this.range.addEventListener('range-change', apply);
    this.filter.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
    this.status = h('div', { 'aria-live': 'polite' });
    this.canvas = h('div', { class: 'map-canvas' });
    this.append(h('h1', null, 'Service map'),
      h('div', { class: 'map-controls' }, this.range, this.filter,
        h('span', { class: 'legend' },
          h('span', { class: 'legend-item edge-ok' }, 'healthy'),
          h('span', { class: 'legend-item edge-warn' }, 'errors ≥ 1% or gap ≥ 20% of p99'),
          h('span', { class: 'legend-item edge-bad' }, 'errors ≥ 5% or gap ≥ 50% of p99'))),
      h('p', { class: 'kbd-help' }, 'Click or press Enter on an edge to search its traces, longest first; on a service to search its spans. ',
        h('span', { 'data-testid': 'map-rate-note' }, 'Rates are calls per second (per minute when slower) between an edge\'s first '
          + 'and last call in the range, not averaged over the whole range; hover an edge for its calls and that time.')),
      this.status, this.canvas);
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  route({ params }) {
    document.title = 'Service map · Hopscope';
    this.params = params;
    this.range.show(params);
    this.filter.value = params.get('q') ?? '';
    this.load(params);
  }

  async load(params) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.status.replaceChildren(h('div', { class: 'loading' }, 'Loading the service graph…'));
    try {
      const graph = await api.graph({ ...timeWindow(params), q: params.get('q') }, { signal: abort.signal });
      if (abort !== this.abort) return;
      this.status.replaceChildren();
      this.draw(graph);
    } catch (e) {
      if (e.name !== 'AbortError') this.status.replaceChildren(errorBox(e));
    }
  }

  draw(graph) {
    const nodes = graph.nodes ?? [];
    const edges = graph.edges ?? [];
    if (nodes.length === 0 && edges.length === 0) {
      this.canvas.replaceChildren(h('p', { class: 'muted', 'data-testid': 'map-empty' }, 'No calls between services in this time range.'));
      return;
    }
    const kinds = new Map(nodes.map((n) => [n.name, n.kind]));
    const layout = layoutGraph({ nodes, edges });
    const root = svg('svg', { class: 'map', viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width,
      height: layout.height, role: 'group', 'aria-label': 'Service map', 'data-testid': 'map' });
    root.append(svg('defs', null, ['ok', 'warn', 'bad'].map((health) =>
      svg('marker', { id: `arrow-${health}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow edge-${health}` })))));
    const edgeLayer = svg('g', { class: 'edges' });
    const nodeLayer = svg('g', { class: 'nodes' });
    root.append(edgeLayer, nodeLayer);
    for (const edge of edges) this.drawEdge(edge, layout, kinds, edgeLayer);
    for (const [name, box] of layout.boxes) this.drawNode(name, box, kinds.get(name) ?? 'service', nodeLayer);
    this.canvas.replaceChildren(root, this.redLinks(edges));
    for (const label of edgeLayer.querySelectorAll('.edge-label')) {
      const text = label.querySelector('text');
      const box = text.getBBox();
      label.insertBefore(svg('rect', { x: box.x - 4, y: box.y - 2, width: box.width + 8, height: box.height + 4, rx: 4 }), text);
    }
  }

  /** One edge: its line and its label in one focusable group, so either is the click target. */
  drawEdge(edge, layout, kinds, edgeLayer) {
    const a = layout.boxes.get(edge.caller);
    const b = layout.boxes.get(edge.callee);
    const health = edgeHealth(edge);
    let d;
    let mid;
    if (b.layer > a.layer) {
      const x1 = a.x + NODE_WIDTH; const y1 = a.y + NODE_HEIGHT / 2;
      const x2 = b.x; const y2 = b.y + NODE_HEIGHT / 2;
      const bend = (x2 - x1) / 2;
      d = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
      mid = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
    } else {
      const x1 = a.x + NODE_WIDTH / 2; const y1 = a.y + NODE_HEIGHT;
      const x2 = b.x + NODE_WIDTH / 2; const y2 = b.y + NODE_HEIGHT;
      const low = Math.max(y1, y2) + 50;
      d = `M${x1},${y1} C${x1},${low} ${x2},${low} ${x2},${y2}`;
      mid = { x: (x1 + x2) / 2, y: low - 12 };
    }
    const calleeKind = edge.calleeKind ?? kinds.get(edge.callee) ?? 'service';
    const open = () => {
      // Ordered by the time lost on this edge: the worst gap (or slowest peer call) first.
      const params = carryRange(this.params, new URLSearchParams({ q: edgeQuery(edge.caller, edge.callee, calleeKind),
        order: 'gap', edge: `${edge.caller},${edge.callee}` }));
      navigate(`/search?${params}`);
    };
    const rate = edgeRate(edge);
    const label = `${edge.caller} → ${edge.callee}: ${rate.long}, errors ${formatPercent(edge.errorRate)}, `
      + `p99 ${formatMillis(edge.durationP99Nanos)}, gap p99 ${formatMillis(edge.gapP99Nanos)}`;
    const group = svg('g', { class: `edge edge-${health}`, tabindex: 0, role: 'link', 'aria-label': label,
      'data-testid': 'map-edge', dataset: { caller: edge.caller, callee: edge.callee, health },
      on: { click: open, keydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } } } },
    svg('title', null, label),
    svg('path', { d, class: 'edge-hit' }),
    svg('path', { d, class: 'edge-line', 'marker-end': `url(#arrow-${health})` }));
    edgeLayer.append(group);
    group.append(svg('g', { class: `edge-label edge-${health}`, 'data-testid': 'map-edge-label' },
      svg('text', { x: mid.x, y: mid.y - 4, 'text-anchor': 'middle' },
        svg('tspan', { x: mid.x, dy: 0, 'data-testid': 'map-edge-rate' }, `${rate.short} · ${formatPercent(edge.errorRate)} err`),
        svg('tspan', { x: mid.x, dy: 14 }, `p99 ${formatMillis(edge.durationP99Nanos)} · gap p99 ${formatMillis(edge.gapP99Nanos)}`))));
  }

  /** Each edge's rate, errors, duration and heatmap over time, as keyboard-reachable links. */
  redLinks(edges) {
    const link = (edge) => {
      const params = carryRange(this.params, new URLSearchParams({ edge: `${edge.caller},${edge.callee}` }));
      return h('li', null, h('a', { href: `/red?${params}`, 'data-testid': 'map-edge-red' }, `${edge.caller} → ${edge.callee}`));
    };
    return h('nav', { class: 'map-red-links', 'aria-label': 'Charts per edge' },
      h('span', { class: 'muted' }, 'Rate, errors, duration over time: '), h('ul', null, edges.map(link)));
  }

  drawNode(name, box, kind, layer) {
    const open = () => {
      if (kind === 'peer') return;
      navigate(`/search?${new URLSearchParams({ q: `{ resource.service.name = ${quote(name)} }` })}`);
    };
    layer.append(svg('g', { class: `node node-${kind}`, transform: `translate(${box.x},${box.y})`, tabindex: kind === 'peer' ? null : 0,
      role: kind === 'peer' ? null : 'link', 'aria-label': `${kind} ${name}`, 'data-testid': 'map-node', dataset: { name, kind },
      on: { click: open, keydown: (e) => { if (e.key === 'Enter') open(); } } },
    svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: kind === 'peer' ? 20 : 6 }),
    svg('text', { x: NODE_WIDTH / 2, y: 19, 'text-anchor': 'middle', class: 'node-name' }, name.length > 20 ? `${name.slice(0, 19)}…` : name),
    svg('text', { x: NODE_WIDTH / 2, y: 35, 'text-anchor': 'middle', class: 'node-kind' }, kind === 'peer' ? 'uninstrumented' : 'service'),
    svg('title', null, name)));
  }
}

/**
 * An edge's rate for its label and its tooltip. The server computes it between the edge's first and
 * last call (docs/api.md), so the tooltip says over how long; one call has no rate.
 */
function edgeRate(edge) {
  const calls = Number(edge.requests);
  const known = edge.firstCallUnixNano && edge.lastCallUnixNano && edge.lastCallUnixNano !== '0';
  if (calls < 2 || !known) {
    const text = `${calls} call${calls === 1 ? '' : 's'}`;
    return { short: text, long: text };
  }
  const covered = formatDuration(nanosBetween(edge.firstCallUnixNano, edge.lastCallUnixNano));
  const short = formatCallRate(edge.ratePerSecond);
  return { short, long: `${short} (${calls} calls in ${covered}, first to last call)` };
}

customElements.define('hs-map-view', MapView);
