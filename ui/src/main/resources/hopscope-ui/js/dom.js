// The only way the UI builds DOM. Text always goes through text nodes / textContent, attributes
// through setAttribute with a deny-list (no event handlers, no inline style), so nothing that came
// from a span can ever be parsed as HTML. See RATIONALE.md, "Untrusted text".

const SVG_NS = 'http://www.w3.org/2000/svg';
const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$|formaction$)/i;

function apply(el, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'dataset') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) el.dataset[name] = String(v);
      }
    } else if (key === 'on') {
      for (const [type, handler] of Object.entries(value)) el.addEventListener(type, handler);
    } else if (key === 'href') {
      el.setAttribute('href', internalHref(value));
    } else if (key === 'value' && 'value' in el) {
      el.value = String(value);
    } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
      el[key] = Boolean(value);
    } else {
      if (FORBIDDEN_ATTRIBUTE.test(key)) throw new Error(`attribute ${key} is not allowed`);
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** Only links inside the UI: an absolute path on this origin. */
export function internalHref(href) {
  const text = String(href);
  if (!text.startsWith('/') || text.startsWith('//')) throw new Error(`not an internal link: ${text}`);
  return text;
}

function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('td', {class: 'num'}, text, otherElement). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  appendAll(el, children);
  return el;
}

/** An SVG element, same rules. */
export function svg(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, props);
  appendAll(el, children);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function errorBox(error) {
  const box = h('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' },
    error?.message ?? String(error));
  if (error?.query !== undefined && Number.isInteger(error?.position)) {
    const before = error.query.slice(0, error.position);
    const line = before.split('\n').length - 1;
    const column = before.length - before.lastIndexOf('\n') - 1;
    const queryLine = error.query.split('\n')[line];
    box.append(h('pre', null, `${queryLine}\n${' '.repeat(column)}^`));
  }
  return box;
}
