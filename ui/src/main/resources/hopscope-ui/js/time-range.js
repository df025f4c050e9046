// The time range every view shares, written once: the presets, a custom from/to window, the URL
// parameters that name them (range=1h, or start=&end=) and the window in epoch seconds they resolve
// to. Pure functions (the clock is an argument), so UiModulesIT-style tests can hold each rule.

export const PRESETS = [
  { key: '15m', seconds: 15 * 60, label: 'Last 15 minutes' },
  { key: '1h', seconds: 3600, label: 'Last hour' },
  { key: '6h', seconds: 6 * 3600, label: 'Last 6 hours' },
  { key: '24h', seconds: 24 * 3600, label: 'Last 24 hours' },
  { key: '7d', seconds: 7 * 24 * 3600, label: 'Last 7 days' },
];

export const DEFAULT_PRESET = '1h';

/** The URL parameters that name a range; links between views carry exactly these. */
export const RANGE_PARAMS = ['range', 'start', 'end'];

// A preset's window ends a minute after now: spans from a host whose clock runs slightly ahead
// still show, as they always have.
const END_SLACK_SECONDS = 60;

const PRESET_KEYS = PRESETS.map((p) => p.key).join(', ');

/** Thrown for a range that names no window; the message says which input and how to fix it. */
export class RangeInputError extends Error {
  constructor(message, input = null) {
    super(message);
    this.input = input; // 'from' or 'to' for the custom inputs, so the picker can point at it
  }
}

function preset(key) {
  return PRESETS.find((p) => p.key === key) ?? null;
}

/**
 * A time in the URL as epoch seconds, read the way the server's API reads it: digits are epoch
 * seconds, milliseconds, microseconds or nanoseconds by magnitude, anything else RFC 3339. A deep
 * link that worked against the API works here. Sub-second times round outward (start down, end
 * up), so the window never loses a span.
 */
export function parseUrlTime(name, text) {
  const value = String(text).trim();
  let millis;
  if (/^\d+$/.test(value)) {
    const n = BigInt(value);
    const perSecond = n < 100_000_000_000n ? 1n : n < 100_000_000_000_000n ? 1000n
      : n < 100_000_000_000_000_000n ? 1_000_000n : 1_000_000_000n;
    const whole = n / perSecond;
    return Number(name === 'end' && whole * perSecond !== n ? whole + 1n : whole);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    // Date.parse takes exactly milliseconds; RFC 3339 allows any number of fraction digits.
    millis = Date.parse(value.replace(/\.(\d+)/, (_, f) => `.${f.padEnd(3, '0').slice(0, 3)}`));
  }
  if (!Number.isFinite(millis)) {
    throw new RangeInputError(`${name}="${value}" in the address is not a time; use epoch seconds `
      + `(${name}=1765000000) or RFC 3339 (${name}=2026-12-06T13:00:00Z), or pick a preset`);
  }
  return name === 'end' ? Math.ceil(millis / 1000) : Math.floor(millis / 1000);
}

/**
 * The range a URL names: {preset} or {start, end} (epoch seconds). Both start and end make a custom
 * window; without them, range picks a preset. An unknown preset falls back to the last hour with a
 * note saying so (the link still shows something); a window that names no times throws.
 */
export function readRange(params) {
  const start = params.get('start');
  const end = params.get('end');
  if (start && end) {
    const window = { start: parseUrlTime('start', start), end: parseUrlTime('end', end) };
    if (window.end < window.start) {
      throw new RangeInputError(`end=${end} is before start=${start} in the address; `
        + 'swap them or pick a preset');
    }
    return window;
  }
  const key = params.get('range');
  if (!key || preset(key)) return { preset: key || DEFAULT_PRESET };
  return { preset: DEFAULT_PRESET,
    note: `range=${key} is not a preset; showing the last hour (presets: ${PRESET_KEYS})` };
}

/** The URL parameters of a range, as readRange reads them back. */
export function rangeParams(range) {
  return range.preset !== undefined ? { range: range.preset }
    : { start: String(range.start), end: String(range.end) };
}

/** The window of a range in epoch seconds, {start, end} as strings the API takes. */
export function rangeWindow(range, nowSeconds) {
  if (range.preset === undefined) return { start: String(range.start), end: String(range.end) };
  const now = Math.floor(nowSeconds);
  return { start: String(now - preset(range.preset).seconds), end: String(now + END_SLACK_SECONDS) };
}

/** The API window for a URL's range parameters (throws RangeInputError for a broken one). */
export function timeWindow(params, nowSeconds = Date.now() / 1000) {
  return rangeWindow(readRange(params), nowSeconds);
}

/** Copies a URL's range parameters, untouched, onto the parameters of a link to another view. */
export function carryRange(from, to) {
  for (const key of RANGE_PARAMS) if (from?.get(key)) to.set(key, from.get(key));
  return to;
}

const pad = (n) => String(n).padStart(2, '0');

/** Epoch seconds as a datetime-local input's value, in the browser's time zone, to the second. */
export function toLocalInput(epochSeconds) {
  const d = new Date(Number(epochSeconds) * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    + `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (local time, seconds optional) as epoch seconds; NaN if it is not one. */
export function fromLocalInput(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(String(text).trim());
  if (!m) return NaN;
  const [, y, mo, d, hh, mm, ss] = m.map(Number);
  const date = new Date(y, mo - 1, d, hh, mm, ss || 0);
  // new Date rolls 2026-02-30 over into March; a date that changed on the way is not a date.
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return NaN;
  return Math.floor(date.getTime() / 1000);
}

/** The custom window typed into From and To: {start, end}, or throws saying which is wrong and how. */
export function customRange(fromText, toText) {
  const start = fromLocalInput(fromText);
  const end = fromLocalInput(toText);
  for (const [name, text, value] of [['From', fromText, start], ['To', toText, end]]) {
    if (!String(text ?? '').trim()) {
      throw new RangeInputError(`${name} is empty; pick a date and time, or choose a preset`, name.toLowerCase());
    }
    if (Number.isNaN(value)) {
      throw new RangeInputError(`${name} "${text}" is not a date and time; write e.g. 2026-12-06T13:00`,
        name.toLowerCase());
    }
  }
  if (end <= start) {
    throw new RangeInputError(`From (${fromText}) must be before To (${toText}); swap them or pick a preset`, 'to');
  }
  return { start, end };
}
