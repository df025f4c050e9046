// Writing TraceQL from structured input: string literals escaped the way the lexer reads them.

export const INTRINSICS = [
  'name', 'status', 'statusMessage', 'kind', 'duration', 'rootName', 'rootServiceName',
  'traceDuration', 'trace:id', 'span:id', 'span:parentID', 'span:childCount', 'instrumentation:name',
  'instrumentation:version', 'event:name', 'event:timeSinceStart', 'link:traceID', 'link:spanID',
];

export const ENUM_VALUES = {
  status: ['error', 'ok', 'unset'],
  'span:status': ['error', 'ok', 'unset'],
  kind: ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'],
  'span:kind': ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'],
};

export const DURATION_PATTERN = /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/;

export function quote(text) {
  return `"${String(text).replace(/[\\"\n\r\t]/g, (c) =>
    ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c])}"`;
}

const UNQUOTED_NAME = /^[^\s{}()=!<>~&|^,+*/%"`]+$/;

/** A scoped attribute reference: resource.service.name, or span."my key" when it needs quoting. */
export function attributeRef(scopedName) {
  const match = /^(span|resource|event|link|instrumentation)\.(.+)$/.exec(scopedName);
  if (!match) return UNQUOTED_NAME.test(scopedName) ? `.${scopedName}` : `.${quote(scopedName)}`;
  return UNQUOTED_NAME.test(match[2]) ? scopedName : `${match[1]}.${quote(match[2])}`;
}

/** A literal as typed in the form: numbers and booleans stay bare, "quoted" stays a string. */
export function literal(text) {
  const value = String(text).trim();
  if (/^-?\d+(\.\d+)?$/.test(value) || value === 'true' || value === 'false') return value;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return quote(value.slice(1, -1));
  }
  return quote(value);
}

/**
 * The query the simple form describes: one spanset, conditions joined by &&.
 * spec: {service, operation, attributes: [{name, value}], minDuration, maxDuration}
 */
export function buildQuery(spec) {
  const conditions = [];
  if (spec.service) conditions.push(`resource.service.name = ${quote(spec.service)}`);
  if (spec.operation) conditions.push(`name = ${quote(spec.operation)}`);
  for (const { name, value } of spec.attributes ?? []) {
    if (!name?.trim()) continue;
    const ref = attributeRef(name.trim());
    conditions.push(value?.trim() ? `${ref} = ${literal(value)}` : `${ref} != nil`);
  }
  if (spec.minDuration) conditions.push(`duration >= ${spec.minDuration.trim()}`);
  if (spec.maxDuration) conditions.push(`duration <= ${spec.maxDuration.trim()}`);
  return conditions.length === 0 ? '{}' : `{ ${conditions.join(' && ')} }`;
}

/** The traces on one service-map edge: the caller's outgoing span, the callee's answer. */
export function edgeQuery(caller, callee, calleeKind) {
  const from = `resource.service.name = ${quote(caller)}`;
  if (calleeKind === 'peer') {
    return `{ ${from} && (kind = client || kind = producer) && (${peerConditions(callee)}) }`;
  }
  return `{ ${from} && (kind = client || kind = producer) } > ` +
    `{ resource.service.name = ${quote(callee)} && (kind = server || kind = consumer) }`;
}

/** Inverts the analysis' peer naming (peer.service, server.address[:port], db.system[/ns], ...). */
function peerConditions(name) {
  const options = [`span.peer.service = ${quote(name)}`];
  const hostPort = /^(.+):(\d+)$/.exec(name);
  if (hostPort && !name.includes('://')) {
    options.push(`(span.server.address = ${quote(hostPort[1])} && span.server.port = ${hostPort[2]})`);
  } else if (!name.includes('://')) {
    options.push(`span.server.address = ${quote(name)}`);
  }
  const slash = name.indexOf('/');
  if (slash > 0 && !name.includes('://')) {
    const system = quote(name.slice(0, slash));
    const namespace = quote(name.slice(slash + 1));
    options.push(`(span.db.system = ${system} && span.db.namespace = ${namespace})`);
  } else if (slash < 0) {
    options.push(`span.db.system = ${quote(name)}`, `span.messaging.system = ${quote(name)}`);
  }
  return options.join(' || ');
}
