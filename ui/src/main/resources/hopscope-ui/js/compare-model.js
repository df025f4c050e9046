// Two traces merged into one tree keyed by "service: name" along the path from the root, so the
// same call in A and B lands on the same row. The path format matches /api/compare's "path"
// ("webapp: GET /products > auth: ValidateToken").

const SEPARATOR = ' > ';

function childrenOf(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) {
      if (!children.has(span.parentSpanId)) children.set(span.parentSpanId, []);
      children.get(span.parentSpanId).push(span);
    } else {
      roots.push(span);
    }
  }
  const byStart = (x, y) => (BigInt(x.startTimeUnixNano) < BigInt(y.startTimeUnixNano) ? -1 : 1);
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);
  return { roots, children };
}

function mergedNode(parent, span) {
  const key = `${span.serviceName}: ${span.name}`;
  let node = parent.children.get(key);
  if (!node) {
    const path = parent.path ? `${parent.path}${SEPARATOR}${key}` : key;
    node = { key, service: span.serviceName, name: span.name, parentPath: parent.path, path, children: new Map(), a: [], b: [], order: parent.children.size };
    parent.children.set(key, node);
  }
  return node;
}

function addTrace(root, spans, side) {
  const { roots, children } = childrenOf(spans);
  const stack = roots.map((span) => [span, root]).reverse();
  while (stack.length) {
    const [span, parent] = stack.pop();
    const node = mergedNode(parent, span);
    node[side].push(Number(span.durationNanos));
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], node]);
  }
}

const sum = (list) => list.reduce((total, d) => total + d, 0);

/** Local classification, used when the API did not name the row. */
function classify(node) {
  if (!node.a.length) return 'added';
  if (!node.b.length) return 'removed';
  const a = sum(node.a);
  const b = sum(node.b);
  const delta = b - a;
  return Math.abs(delta) >= Math.max(1e6, 0.1 * Math.max(a, b)) ? 'changed' : 'same';
}

export function mergeTraces(traceA, traceB, comparison) {
  const root = { path: '', children: new Map() };
  addTrace(root, traceA.spans ?? [], 'a');
  addTrace(root, traceB.spans ?? [], 'b');
  const named = new Map();
  const mark = (list, kind) => {
    for (const entry of list ?? []) {
      const self = `${entry.serviceName}: ${entry.name}`;
      named.set(`${entry.path}\u0000${self}`, kind);
      if (entry.path === self || entry.path.endsWith(`${SEPARATOR}${self}`)) named.set(entry.path, kind);
    }
  };
  mark(comparison?.added, 'added');
  mark(comparison?.removed, 'removed');
  mark(comparison?.differences, 'changed');
  const rows = [];
  const stack = [...root.children.values()].reverse().map((n) => [n, 0]);
  while (stack.length) {
    const [node, depth] = stack.pop();
    const api = named.get(`${node.parentPath}\u0000${node.key}`) ?? named.get(node.path);
    const aTotal = sum(node.a);
    const bTotal = sum(node.b);
    rows.push({ node, depth, aTotal, bTotal, delta: bTotal - aTotal, diff: api ?? classify(node), fromApi: Boolean(api) });
    const kids = [...node.children.values()];
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1]);
  }
  return rows;
}
