// Durations and times. Epoch nanoseconds arrive as decimal strings (they exceed 2^53).

export function formatDuration(nanos) {
  const ns = Number(nanos);
  if (!Number.isFinite(ns)) return '';
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${ns} ns`;
  if (abs < 1e6) return `${trim(ns / 1e3)} µs`;
  if (abs < 1e9) return `${trim(ns / 1e6)} ms`;
  if (abs < 60e9) return `${trim(ns / 1e9)} s`;
  const minutes = Math.floor(abs / 60e9);
  const seconds = Math.round((abs - minutes * 60e9) / 1e9);
  return `${ns < 0 ? '-' : ''}${minutes}m ${seconds}s`;
}

/** Hop gaps are always labelled in milliseconds, as people compare them with each other. */
export function formatMillis(nanos) {
  const ms = Number(nanos) / 1e6;
  const abs = Math.abs(ms);
  return `${abs >= 10 ? Math.round(ms) : abs >= 1 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

export function formatSigned(nanos) {
  const n = Number(nanos);
  return (n > 0 ? '+' : '') + formatDuration(n);
}

function trim(value) {
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function epochMillis(nanoString) {
  return Number(BigInt(nanoString) / 1000000n);
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** Local time, to the millisecond: 2026-12-01 13:30:04.123 */
export function formatTime(nanoString) {
  const d = new Date(epochMillis(nanoString));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatPercent(ratio) {
  const pct = Number(ratio) * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(pct >= 1 ? 1 : 2)}%`;
}

export function formatRate(perSecond) {
  const r = Number(perSecond);
  return `${r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(3)}/s`;
}

/** A call rate as people say it: per second from 1/s up, per minute below ("2.0/min", not "0.033/s"). */
export function formatCallRate(perSecond) {
  const r = Number(perSecond);
  if (r >= 1) return formatRate(r);
  const perMinute = r * 60;
  return `${perMinute >= 10 ? perMinute.toFixed(0) : perMinute >= 1 ? perMinute.toFixed(1) : perMinute.toFixed(2)}/min`;
}

/** The time between two epoch-nanosecond decimal strings, in nanoseconds (a Number). */
export function nanosBetween(startNanoString, endNanoString) {
  return Number(BigInt(endNanoString) - BigInt(startNanoString));
}

/** An attribute value from the API ({type, value}) as one line of text. */
export function attributeText(attribute) {
  const { type, value } = attribute;
  switch (type) {
    case 'array':
      return `[${(value ?? []).map(attributeText).join(', ')}]`;
    case 'kvlist':
      return `{${(value ?? []).map((kv) => `${kv.key}: ${attributeText(kv)}`).join(', ')}}`;
    case 'empty':
      return '(empty)';
    default:
      return String(value);
  }
}
