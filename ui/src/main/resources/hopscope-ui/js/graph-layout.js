// A layered layout for the service map: callers left, callees right. Cycles are broken by
// ignoring back edges found by depth-first search; order within a layer by barycentre sweeps.

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 44;
const LAYER_GAP = 240;
const ROW_GAP = 64;
const MARGIN = 24;

export function layoutGraph(graph) {
  const names = graph.nodes.map((n) => n.name);
  for (const e of graph.edges) {
    if (!names.includes(e.caller)) names.push(e.caller);
    if (!names.includes(e.callee)) names.push(e.callee);
  }
  names.sort();
  const out = new Map(names.map((n) => [n, []]));
  const incoming = new Map(names.map((n) => [n, []]));
  for (const e of graph.edges) {
    if (e.caller === e.callee) continue;
    out.get(e.caller).push(e.callee);
    incoming.get(e.callee).push(e.caller);
  }

  // Depth-first from sources (then anything left) marks back edges so the rest is acyclic.
  const state = new Map();
  const back = new Set();
  const visit = (start) => {
    const stack = [[start, 0]];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = out.get(top[0]);
      if (top[1] >= targets.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const next = targets[top[1]++];
      if (state.get(next) === 1) back.add(`${top[0]}\u0000${next}`);
      else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  };
  for (const n of names) if (incoming.get(n).length === 0 && !state.has(n)) visit(n);
  for (const n of names) if (!state.has(n)) visit(n);

  // Longest path layering over forward edges (Kahn order).
  const layer = new Map(names.map((n) => [n, 0]));
  const indegree = new Map(names.map((n) => [n, 0]));
  const forward = (a, b) => !back.has(`${a}\u0000${b}`);
  for (const [a, targets] of out) for (const b of targets) if (forward(a, b)) indegree.set(b, indegree.get(b) + 1);
  const queue = names.filter((n) => indegree.get(n) === 0);
  while (queue.length) {
    const a = queue.shift();
    for (const b of out.get(a)) {
      if (!forward(a, b)) continue;
      layer.set(b, Math.max(layer.get(b), layer.get(a) + 1));
      indegree.set(b, indegree.get(b) - 1);
      if (indegree.get(b) === 0) queue.push(b);
    }
  }

  const layers = [];
  for (const n of names) (layers[layer.get(n)] ??= []).push(n);
  const position = new Map();
  const reindex = () => layers.forEach((l) => l.forEach((n, i) => position.set(n, i)));
  reindex();
  const barycentre = (n, neighbours) => {
    const list = neighbours.get(n);
    return list.length ? list.reduce((sum, m) => sum + position.get(m), 0) / list.length : position.get(n);
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const neighbours = sweep % 2 === 0 ? incoming : out;
    for (const l of layers) {
      l.sort((a, b) => barycentre(a, neighbours) - barycentre(b, neighbours) || a.localeCompare(b));
      l.forEach((n, i) => position.set(n, i));
    }
  }

  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const boxes = new Map();
  layers.forEach((l, li) => {
    const columnHeight = l.length * NODE_HEIGHT + (l.length - 1) * ROW_GAP;
    const top = (height - columnHeight) / 2;
    l.forEach((n, i) => boxes.set(n, {
      x: MARGIN + li * (NODE_WIDTH + LAYER_GAP),
      y: top + i * (NODE_HEIGHT + ROW_GAP),
      layer: li,
    }));
  });
  const width = MARGIN * 2 + layers.length * NODE_WIDTH + Math.max(0, layers.length - 1) * LAYER_GAP;
  return { boxes, width, height, back };
}

/** Health of an edge: bad when errors or hop gaps dominate, warn when they show. */
export function edgeHealth(edge) {
  const gapShare = edge.durationP99Nanos > 0 ? edge.gapP99Nanos / edge.durationP99Nanos : 0;
  if (edge.errorRate >= 0.05 || (gapShare >= 0.5 && edge.gapP99Nanos >= 50e6)) return 'bad';
  if (edge.errorRate >= 0.01 || (gapShare >= 0.2 && edge.gapP99Nanos >= 10e6)) return 'warn';
  return 'ok';
}
