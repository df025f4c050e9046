// A trace as a tree of rows for the waterfall: spans, plus what the analysis adds — hop-gap rows
// between a client span and its server span, rows for uninstrumented peers, clock-skew shifts and
// the critical path. Times are nanoseconds relative to the trace's first start (plain numbers).

const TAIL = 15; // 10^15 ns is 11.5 days; fits a double exactly.

function relativeClock(spans) {
  let min = null;
  for (const s of spans) {
    const t = s.startTimeUnixNano;
    if (min === null || t.length < min.length || (t.length === min.length && t < min)) min = t;
  }
  const base = BigInt(min ?? '0');
  const headLength = Math.max(0, (min ?? '').length - TAIL);
  const head = (min ?? '').slice(0, headLength);
  const baseTail = Number((min ?? '0').slice(headLength));
  return {
    base,
    relative(text) {
      if (text.length === (min ?? '').length && text.startsWith(head)) return Number(text.slice(headLength)) - baseTail;
      return Number(BigInt(text) - base);
    },
  };
}

function hostOf(span) {
  const host = span.resource?.attributes?.find((a) => a.key === 'host.name');
  return host ? String(host.value) : '';
}

/** Builds the row tree. analysis may be null (not loaded yet, or failed). */
export function buildTraceModel(trace, analysis) {
  const spans = trace.spans ?? [];
  const clock = relativeClock(spans);
  const byId = new Map();
  const nodes = new Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const start = clock.relative(span.startTimeUnixNano);
    const node = {
      type: 'span', id: span.spanId, span, parent: null, children: [], start,
      end: start + Number(span.durationNanos ?? 0), service: span.serviceName ?? '',
      error: span.status?.code === 'error', skew: null, critical: false,
    };
    nodes[i] = node;
    byId.set(span.spanId, node);
  }
  const roots = [];
  for (const node of nodes) {
    const parent = node.span.parentSpanId ? byId.get(node.span.parentSpanId) : undefined;
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    } else {
      node.orphan = Boolean(node.span.parentSpanId);
      roots.push(node);
    }
  }
  const model = { traceId: trace.traceId, base: clock.base, nodes, byId, roots, analysis: null, start: 0, end: 0 };
  sortChildren(model);
  measure(model);
  return analysis ? withAnalysis(model, analysis) : model;
}

/**
 * Adds what the analysis found to a model built without it, in place (a second build of a
 * 100,000-span model would cost as much again): skew shifts, critical path, peer and gap rows.
 */
export function withAnalysis(model, analysis) {
  if (model.analysis) throw new Error('the analysis is already applied to this model');
  model.analysis = analysis;
  applySkew(model, analysis.skew ?? [], analysis.spanOffsets);
  markCritical(model, analysis.criticalPath ?? []);
  if (model.nodes.some((n) => n.skew)) sortChildren(model);
  addPeers(model, analysis.peers ?? []);
  addHops(model, analysis.hops ?? []);
  measure(model);
  return model;
}

function measure(model) {
  const { nodes } = model;
  let start = 0;
  let end = 1;
  for (const node of nodes) {
    if (node.start < start) start = node.start;
    if (node.end > end) end = node.end;
  }
  model.start = start;
  model.end = Math.max(end, start + 1);
}

/**
 * Shifts spans the analysis moved. spanOffsets (span id -> ns) is exact when the server sends it;
 * otherwise every span of a skewed (service, host.name) domain moves by that domain's offset.
 */
function applySkew(model, skew, spanOffsets) {
  const entryFor = (node) => skew.find((e) => e.serviceName === node.service && (e.host ?? '') === hostOf(node.span))
    ?? skew.find((e) => e.serviceName === node.service);
  if (spanOffsets && Object.keys(spanOffsets).length) {
    for (const [spanId, offset] of Object.entries(spanOffsets)) {
      const node = model.byId.get(spanId);
      if (!node || !offset) continue;
      node.skew = { ...(entryFor(node) ?? { text: `clock skew corrected: ${node.service}` }), offsetNanos: offset };
      node.start += offset;
      node.end += offset;
    }
    return;
  }
  for (const node of model.nodes) {
    const entry = skew.find((e) => e.serviceName === node.service && (e.host ?? '') === hostOf(node.span));
    if (!entry || !entry.offsetNanos) continue;
    node.skew = entry;
    node.start += entry.offsetNanos;
    node.end += entry.offsetNanos;
  }
}

/** Critical-path segments name spans (work), client spans of peers, and spans around gaps. */
function markCritical(model, path) {
  model.criticalGaps = new Set();
  model.criticalPeers = new Set();
  for (const step of path) {
    if (step.kind === 'span') {
      const node = model.byId.get(step.spanId);
      if (node) node.critical = true;
    } else if (step.kind === 'gap' && step.spanId) {
      model.criticalGaps.add(step.spanId);
    } else if (step.kind === 'peer' && step.spanId) {
      model.criticalPeers.add(step.spanId);
    }
  }
}

function sortChildren(model) {
  const byStart = (a, b) => a.start - b.start;
  model.roots.sort(byStart);
  for (const node of model.nodes) if (node.children.length > 1) node.children.sort(byStart);
}

function addPeers(model, peers) {
  for (const peer of peers) {
    const client = model.byId.get(peer.clientSpanId);
    if (!client) continue;
    client.children.unshift({
      type: 'peer', id: `peer:${peer.clientSpanId}`, peer, parent: client, children: [],
      start: client.start, end: client.start + Number(peer.durationNanos ?? 0), service: peer.peer,
      error: client.error, critical: model.criticalPeers.has(peer.clientSpanId),
    });
  }
}

function addHops(model, hops) {
  for (const hop of hops) {
    const client = model.byId.get(hop.clientSpanId);
    const server = model.byId.get(hop.serverSpanId);
    if (!client || !server) continue;
    const gap = {
      type: 'gap', id: `gap:${hop.serverSpanId}`, hop, client, server, parent: server.parent ?? client,
      children: [], start: Math.min(client.start, server.start), end: Math.max(client.end, server.end),
      service: `${hop.callerService} → ${hop.calleeService}`, error: false,
      critical: model.criticalGaps.has(hop.clientSpanId) || model.criticalGaps.has(hop.serverSpanId)
        || (client.critical && server.critical),
    };
    const siblings = server.parent ? server.parent.children : model.roots;
    siblings.splice(siblings.indexOf(server), 0, gap);
  }
}

/** The rows to show, depth-first, skipping the descendants of collapsed nodes. */
export function flatten(model, collapsed) {
  const rows = [];
  const stack = [];
  for (let i = model.roots.length - 1; i >= 0; i--) stack.push(model.roots[i], 0);
  while (stack.length) {
    const depth = stack.pop();
    const node = stack.pop();
    rows.push({ node, depth });
    if (node.children.length && !collapsed.has(node.id)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i], depth + 1);
    }
  }
  return rows;
}

/** Span nodes whose name, service, ids or attribute keys/values contain the text. */
export function findSpans(model, text) {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const hit = (value) => String(value).toLowerCase().includes(needle);
  return model.nodes.filter((node) => {
    const s = node.span;
    if (hit(s.name) || hit(node.service) || s.spanId === needle) return true;
    return (s.attributes ?? []).some((a) => hit(a.key) || (typeof a.value !== 'object' && hit(a.value)));
  });
}

/** Uncollapses every ancestor so the node becomes a visible row. */
export function reveal(node, collapsed) {
  for (let p = node.parent; p; p = p.parent) collapsed.delete(p.id);
}

/** Spans in this trace that link to the given span (incoming links). */
export function linkedFrom(model, spanId) {
  return model.nodes.filter((n) => (n.span.links ?? []).some((l) => l.spanId === spanId && l.traceId === model.traceId));
}
