// Tempo's QueryRangeResponse JSON (docs/api.md) into what the charts draw. Pure (UiModulesIT).

const HEX_TRACE = /^[0-9a-f]{1,32}$/i;
const HEX_SPAN = /^[0-9a-f]{16}$/i;

/** A typed label value ({stringValue} | {intValue} | {doubleValue} | {boolValue}) as a JS value. */
export function labelValue(value) {
  if (!value) return null;
  if ('stringValue' in value) return String(value.stringValue);
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('boolValue' in value) return Boolean(value.boolValue);
  return null;
}

/** A series' labels as a plain object: {"resource.service.name": "auth", p: 0.99}. */
export function labelsOf(series) {
  const out = {};
  for (const label of series?.labels ?? []) out[label.key] = labelValue(label.value);
  return out;
}

/** The legend text of a series: its by() labels, or its function's name when ungrouped. */
export function seriesName(series) {
  const labels = labelsOf(series);
  const pairs = Object.entries(labels).filter(([key]) => key !== '__name__');
  if (pairs.length === 0) return String(labels.__name__ ?? 'value');
  return pairs.map(([key, value]) => `${key}=${typeof value === 'string' ? JSON.stringify(value) : value}`).join(', ');
}

/** protobuf JSON numbers: finite numbers stay, "NaN"/"Infinity" and junk become null (a gap). */
function finite(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * uPlot's columns: one x array (epoch seconds, the union of every series' timestamps, sorted) and
 * one y array per series, null where a series has no sample at that time (the engine leaves steps
 * without a value out). Also the names, in the same order.
 */
export function toColumns(seriesList) {
  const list = seriesList ?? [];
  const times = new Set();
  for (const series of list) for (const sample of series.samples ?? []) times.add(Number(sample.timestampMs));
  const xsMs = [...times].filter(Number.isFinite).sort((a, b) => a - b);
  const index = new Map(xsMs.map((t, i) => [t, i]));
  const ys = list.map((series) => {
    const column = new Array(xsMs.length).fill(null);
    for (const sample of series.samples ?? []) {
      const at = index.get(Number(sample.timestampMs));
      if (at !== undefined) column[at] = finite(sample.value);
    }
    return column;
  });
  return { xs: xsMs.map((t) => t / 1000), ys, names: list.map(seriesName) };
}

/**
 * The exemplars of some series as points to draw: x in epoch seconds, y the exemplar's value (a
 * duration in seconds, or the step's rate), the trace and span behind it. Exemplars whose ids are
 * not hex are dropped: they become links.
 */
export function exemplarPoints(seriesList, valueOf = (e) => e.value) {
  const points = [];
  for (const series of seriesList ?? []) {
    for (const exemplar of series.exemplars ?? []) {
      const labels = {};
      for (const label of exemplar.labels ?? []) labels[label.key] = labelValue(label.value);
      const traceId = String(labels['trace:id'] ?? '');
      const spanId = String(labels['span:id'] ?? '');
      const x = finite(exemplar.timestampMs);
      const y = finite(valueOf(exemplar, series));
      if (!HEX_TRACE.test(traceId) || x === null || y === null) continue;
      points.push({ x: x / 1000, y, traceId: traceId.toLowerCase(), spanId: HEX_SPAN.test(spanId) ? spanId.toLowerCase() : null });
    }
  }
  return points;
}

/**
 * Rate and errors from `rate() by (status)`: the request rate is the sum over statuses, the error
 * rate the "error" series, the error share their ratio (null without requests, not 0%).
 */
export function rateAndErrors(seriesList) {
  const { xs, ys } = toColumns(seriesList);
  const statuses = (seriesList ?? []).map((s) => labelsOf(s).status);
  const total = xs.map((_, i) => ys.reduce((sum, column) => sum + (column[i] ?? 0), 0));
  const errorColumn = ys[statuses.indexOf('error')] ?? xs.map(() => 0);
  const errors = xs.map((_, i) => errorColumn[i] ?? 0);
  const share = xs.map((_, i) => (total[i] > 0 ? errors[i] / total[i] : null));
  const errorSeries = (seriesList ?? []).filter((s) => labelsOf(s).status === 'error');
  return { xs, total, errors, share, errorSeries };
}

/**
 * The value of a column at the step holding a time (epoch ms): steps are (t - step, t] reported at
 * t, so the first sample time at or after it; null past the last step.
 */
export function valueAtStep(xs, values, timestampMs) {
  const t = Number(timestampMs) / 1000;
  const i = xs.findIndex((x) => x >= t);
  return i < 0 ? null : values[i] ?? null;
}

/** quantile_over_time's series, ordered by their p label (p50, p90, p99). */
export function quantileSeries(seriesList) {
  return [...(seriesList ?? [])]
    .map((series) => ({ series, p: Number(labelsOf(series).p) }))
    .filter((q) => Number.isFinite(q.p))
    .sort((a, b) => a.p - b.p);
}

/**
 * The heatmap of `histogram_over_time(duration)`: Tempo's log2 buckets, `__bucket` the upper bound
 * in seconds of (upper/2, upper]. Rows run from the smallest to the largest bucket with every power
 * of two between (a log scale without holes); columns are the steps; counts of the series of one
 * bucket (several under by()) add up. k is the bucket's log2 of nanoseconds.
 */
export function heatmapModel(seriesList, stepSeconds) {
  const byK = new Map();
  for (const series of seriesList ?? []) {
    const upper = Number(labelsOf(series).__bucket);
    if (!(upper > 0)) continue;
    const k = Math.round(Math.log2(upper * 1e9));
    if (!byK.has(k)) byK.set(k, []);
    byK.get(k).push(series);
  }
  const ks = [...byK.keys()].sort((a, b) => a - b);
  const { xs } = toColumns([...byK.values()].flat());
  if (ks.length === 0 || xs.length === 0) return { xs: [], rows: [], counts: [], max: 0, total: 0, stepSeconds };
  const step = stepSeconds ?? (xs.length > 1 ? Math.min(...xs.slice(1).map((x, i) => x - xs[i])) : 60);
  const col = new Map(xs.map((x, i) => [x, i]));
  const rows = [];
  const counts = [];
  let max = 0;
  let total = 0;
  for (let k = ks[0]; k <= ks[ks.length - 1]; k++) {
    const upperNanos = 2 ** k;
    rows.push({ k, upperNanos, lowerNanos: upperNanos / 2 });
    const line = new Array(xs.length).fill(0);
    for (const series of byK.get(k) ?? []) {
      for (const sample of series.samples ?? []) {
        const at = col.get(Number(sample.timestampMs) / 1000);
        const value = finite(sample.value) ?? 0;
        if (at !== undefined) line[at] += value;
      }
    }
    for (const value of line) {
      max = Math.max(max, value);
      total += value;
    }
    counts.push(line);
  }
  return { xs, rows, counts, max, total, stepSeconds: step };
}

/**
 * The exemplars of histogram series as heatmap points: a histogram exemplar's value is its step's
 * count (the engine fills it so), so its place on the duration axis is its bucket's row, drawn at
 * the row's middle; position counts rows from the bottom (0 is the lowest bucket's lower edge).
 */
export function heatmapExemplars(model, seriesList) {
  if (!model.rows.length) return [];
  const points = [];
  for (const series of seriesList ?? []) {
    const upper = Number(labelsOf(series).__bucket);
    if (!(upper > 0)) continue;
    const row = Math.round(Math.log2(upper * 1e9)) - model.rows[0].k;
    if (row < 0 || row >= model.rows.length) continue;
    for (const point of exemplarPoints([series], () => 0)) {
      points.push({ ...point, position: row + 0.5, lowerNanos: model.rows[row].lowerNanos, upperNanos: model.rows[row].upperNanos });
    }
  }
  return points;
}

/** The cell at column c, row r: its time step and duration range, and its count. */
export function heatmapCell(model, c, r) {
  const row = model.rows[r];
  const end = model.xs[c];
  if (!row || end === undefined) return null;
  return {
    column: c, row: r, count: model.counts[r][c], endSeconds: end, stepSeconds: model.stepSeconds,
    lowerNanos: row.lowerNanos, upperNanos: row.upperNanos,
  };
}

/** A cell's colour strength in (0, 1]: log-scaled so one slow span still shows beside thousands. */
export function heatmapIntensity(count, max) {
  if (!(count > 0) || !(max > 0)) return 0;
  return Math.log1p(count) / Math.log1p(max);
}
