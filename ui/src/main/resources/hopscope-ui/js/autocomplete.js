// What to suggest at the caret of a TraceQL editor. Pure functions over (text, caret).
import { ENUM_VALUES, INTRINSICS, quote } from './traceql.js';

const FIELD = /[A-Za-z0-9_.:\-]*$/;
const OPERATOR_BEFORE = /([A-Za-z0-9_.:\-]+|\.?"(?:[^"\\]|\\.)*"|[a-z]+\."(?:[^"\\]|\\.)*")\s*(=~|!~|!=|>=|<=|=|>|<)\s*$/;

/** Where an open string literal starts before the caret, or -1. */
function openStringStart(text) {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (start >= 0) {
      if (c === '\\') i++;
      else if (c === '"') start = -1;
    } else if (c === '"') {
      start = i;
    }
  }
  return start;
}

/**
 * The completion context at the caret:
 *   {kind: 'field', prefix, from}                         an intrinsic or attribute name
 *   {kind: 'value', field, prefix, from, quoted}          a value for field
 *   null                                                  nothing to suggest
 * from..caret is the text a chosen suggestion replaces.
 */
export function completionContext(text, caret) {
  const before = text.slice(0, caret);
  const stringStart = openStringStart(before);
  if (stringStart >= 0) {
    const op = OPERATOR_BEFORE.exec(before.slice(0, stringStart));
    if (!op) return null;
    return { kind: 'value', field: fieldName(op[1]), prefix: before.slice(stringStart + 1),
      from: stringStart, quoted: true };
  }
  const word = FIELD.exec(before)[0];
  const from = caret - word.length;
  const rest = before.slice(0, from);
  const op = OPERATOR_BEFORE.exec(rest);
  if (op) return { kind: 'value', field: fieldName(op[1]), prefix: word, from, quoted: false };
  const previous = rest.trimEnd().slice(-1);
  if (previous === '{' || previous === '(' || /(&&|\|\|)\s*$/.test(rest)) {
    return { kind: 'field', prefix: word, from };
  }
  return null;
}

function fieldName(token) {
  const quoted = /^(?:([a-z]+)\.|\.)"((?:[^"\\]|\\.)*)"$/.exec(token);
  if (quoted) return (quoted[1] ? `${quoted[1]}.` : '') + quoted[2].replace(/\\(.)/g, '$1');
  return token.startsWith('.') ? token.slice(1) : token;
}

function rank(candidates, prefix) {
  const lower = prefix.toLowerCase();
  const starts = [];
  const contains = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c.startsWith(lower)) starts.push(candidate);
    else if (lower && c.includes(lower)) contains.push(candidate);
  }
  return [...starts, ...contains];
}

/** Field suggestions: intrinsics first, then the scoped attribute names the server knows. */
export function fieldSuggestions(prefix, attributeNames) {
  return rank([...INTRINSICS, ...attributeNames], prefix).slice(0, 50)
    .map((name) => ({ label: name, insert: `${name} `, detail: INTRINSICS.includes(name) ? 'intrinsic' : 'attribute' }));
}

/** Values for enum intrinsics are local; other values come from the server. */
export function enumValues(field) {
  return ENUM_VALUES[field] ?? null;
}

export function valueSuggestions(context, values, isEnum) {
  return rank(values, context.prefix).slice(0, 50).map((value) => ({
    label: value,
    insert: isEnum ? `${value} ` : `${quote(value)} `,
    detail: isEnum ? 'value' : context.field,
  }));
}

/** The attribute name to ask /api/attributes/{name}/values about, or null for intrinsics. */
export function attributeForValues(field) {
  if (ENUM_VALUES[field]) return null;
  if (INTRINSICS.includes(field)) return null;
  return /^(span|resource|event|link|instrumentation)\./.test(field) ? field : `span.${field}`;
}
