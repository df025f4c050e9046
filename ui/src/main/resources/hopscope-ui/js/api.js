// JSON over fetch against the native and analysis APIs (docs/api.md).

export class ApiError extends Error {
  constructor(status, message, position) {
    super(message);
    this.status = status;
    this.position = position;
  }
}

export async function getJson(path, params = {}, { signal } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach the Hopscope server (${e.message}); is it running?`);
  }
  // The native API answers errors as JSON ({error, position}); Tempo's endpoints, which the
  // metrics charts call, as plain text, as Tempo writes them. Either way the message is shown.
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = !response.ok && text.trim() ? { error: text.trim() } : null;
  }
  if (response.status === 401) {
    // The session ended (signed out elsewhere, expired, token revoked): sign in again, then back.
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/signin?next=${encodeURIComponent(here)}`);
  }
  if (!response.ok) {
    const message = body?.error ?? `${response.status} ${response.statusText} from ${url.pathname}`;
    throw new ApiError(response.status, message, body?.position);
  }
  return body;
}

const enc = encodeURIComponent;

/**
 * The trace answer with resources=shared lists each resource once and gives spans an index into
 * that list (a 100,000-span trace repeats a handful of resources); put the objects back on the
 * spans, shared, so the rest of the UI reads span.resource as usual.
 */
function withSharedResources(trace) {
  const resources = trace?.resources ?? [];
  for (const span of trace?.spans ?? []) {
    if (span.resource === undefined && span.resourceIndex !== undefined) {
      span.resource = resources[span.resourceIndex] ?? { attributes: [] };
    }
  }
  return trace;
}

export const api = {
  search: (params, opts) => getJson('/api/search', params, opts),
  trace: (id, opts) =>
    getJson(`/api/traces/${enc(id)}`, { resources: 'shared' }, opts).then(withSharedResources),
  analysis: (id, opts) => getJson(`/api/traces/${enc(id)}/analysis`, {}, opts),
  services: (opts) => getJson('/api/services', {}, opts),
  operations: (service, opts) => getJson(`/api/services/${enc(service)}/operations`, {}, opts),
  attributes: (opts) => getJson('/api/attributes', {}, opts),
  attributeValues: (name, prefix, opts) =>
    getJson(`/api/attributes/${enc(name)}/values`, { prefix }, opts),
  graph: (params, opts) => getJson('/api/graph', params, opts),
  compare: (a, b, opts) => getJson('/api/compare', { a, b }, opts),
  criticalPath: (params, opts) => getJson('/api/critical-path', params, opts),
  attribution: (params, opts) => getJson('/api/attribution', params, opts),
  /** TraceQL metrics over time: Tempo's endpoint, answers as docs/api.md shows them. */
  metricsRange: (params, opts) => getJson('/tempo/api/metrics/query_range', params, opts),
};
