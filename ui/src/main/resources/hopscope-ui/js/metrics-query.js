// TraceQL metrics queries the UI writes and recognises. Pure: no DOM, no fetch (UiModulesIT).
import { edgeQuery, quote } from './traceql.js';

/** The metrics functions of query/RATIONALE.md; the server's MetricsFunction enum. */
export const METRICS_FUNCTIONS = [
  'rate', 'count_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'avg_over_time',
  'quantile_over_time', 'histogram_over_time', 'compare',
];

const FUNCTIONS = new Set(METRICS_FUNCTIONS);
const WORD_START = /[A-Za-z_]/;
const WORD = /[A-Za-z0-9_.:]/;

/**
 * Where the first metrics function call starts, or -1: the server's rule
 * (MetricsQuery.isMetricsQuery: a metrics function name followed by "("), read outside string
 * literals so that { name = "rate(" } stays a search.
 */
export function metricsFunctionAt(text) {
  const s = String(text ?? '');
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === '`') {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' && c === '"' ? 2 : 1;
      i++;
    } else if (WORD_START.test(c)) {
      let j = i;
      while (j < s.length && WORD.test(s[j])) j++;
      let k = j;
      while (k < s.length && /\s/.test(s[k])) k++;
      if (FUNCTIONS.has(s.slice(i, j)) && s[k] === '(') return i;
      i = j;
    } else {
      i++;
    }
  }
  return -1;
}

/** True for a query the metrics endpoint answers (drawn as series), false for a search. */
export function isMetricsQuery(text) {
  return metricsFunctionAt(text) >= 0;
}

/**
 * The spanset pipeline a single-stage metrics query measures ("{ a } | histogram_over_time(x)"
 * gives "{ a }"), so a heatmap cell can search the spans behind it; null when there is none to
 * take (arithmetic, a leading parenthesis around the metrics stage).
 */
export function measuredPipeline(text) {
  const s = String(text ?? '');
  const at = metricsFunctionAt(s);
  if (at < 0) return null;
  const pipe = s.lastIndexOf('|', at);
  if (pipe < 0 || s.slice(pipe + 1, at).trim() !== '') return null;
  const pipeline = s.slice(0, pipe).trim();
  return pipeline.startsWith('{') ? pipeline : null;
}

/** True when a query's series are log2 duration buckets the heatmap can draw. */
export function isDurationHistogram(text) {
  return /\|\s*histogram_over_time\s*\(\s*duration\s*\)/.test(String(text ?? ''));
}

/**
 * The spans a RED target measures, as a TraceQL pipeline:
 * - {service}: its SERVER and CONSUMER spans (what it answers; Jaeger's Monitor tab default);
 * - {service, operation}: every span of that name in that service;
 * - {caller, callee, calleeKind}: the caller's CLIENT/PRODUCER spans of that service-map edge —
 *   the call as the caller waits for it, hop gaps included. For a service callee they are the
 *   parents of the callee's SERVER/CONSUMER spans ("<": spans of the right that are the parent of
 *   a span on the left); for an uninstrumented peer, traceql.js' edgeQuery names the calls.
 */
export function targetPipeline(target) {
  const service = (name) => `resource.service.name = ${quote(name)}`;
  if (target.caller !== undefined) {
    if (target.calleeKind === 'peer') return edgeQuery(target.caller, target.callee, 'peer');
    return `{ ${service(target.callee)} && (kind = server || kind = consumer) } < `
      + `{ ${service(target.caller)} && (kind = client || kind = producer) }`;
  }
  if (target.operation) return `{ ${service(target.service)} && name = ${quote(target.operation)} }`;
  return `{ ${service(target.service)} && (kind = server || kind = consumer) }`;
}

/**
 * The three queries behind a target's charts. Rate and errors come from one scan: the rate by
 * status, whose sum is the request rate and whose "error" series is the error rate.
 */
export function redQueries(pipeline) {
  return {
    rate: `${pipeline} | rate() by (status)`,
    duration: `${pipeline} | quantile_over_time(duration, .5, .9, .99)`,
    histogram: `${pipeline} | histogram_over_time(duration)`,
  };
}

const STEPS = [15, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400];

/** A step (seconds) giving at most 120 points over the window, so a chart draws in a few ms. */
export function stepFor(startSeconds, endSeconds) {
  const span = Math.max(1, Number(endSeconds) - Number(startSeconds));
  return STEPS.find((step) => span / step <= 120) ?? STEPS[STEPS.length - 1];
}

/**
 * The search behind one heatmap cell: the measured spans with a duration in the bucket's
 * (lower, upper] nanoseconds, in the step (t - step, t] the cell covers (epoch seconds).
 */
export function cellSearch(pipeline, cell) {
  const q = `${pipeline} | { duration > ${cell.lowerNanos}ns && duration <= ${cell.upperNanos}ns }`;
  return new URLSearchParams({
    q,
    start: String(Math.floor(cell.endSeconds - cell.stepSeconds)),
    end: String(Math.ceil(cell.endSeconds)),
    order: 'duration',
  });
}

/**
 * What a query's values are, for axis labels: durations in seconds (quantile/min/max/avg/sum over
 * duration), per-second rates, or plain numbers (counts, attributes, arithmetic).
 */
export function valueUnit(text) {
  const s = String(text ?? '');
  if (/_over_time\s*\(\s*(duration|traceDuration)\b/.test(s) && !/count_over_time|histogram_over_time/.test(s)) return 'seconds';
  if (/\brate\s*\(/.test(s) && !/[*/+-]\s*\(|\)\s*[*/+-]/.test(s)) return 'rate';
  return 'number';
}
