// <hs-query-editor>: a TraceQL textarea with autocomplete of intrinsics, attribute names and values.
import { api } from '../js/api.js';
import { h } from '../js/dom.js';
import {
  attributeForValues, completionContext, enumValues, fieldSuggestions, valueSuggestions,
} from '../js/autocomplete.js';

let attributeNames = null;

async function knownAttributes() {
  if (!attributeNames) {
    attributeNames = api.attributes().then((body) => body.attributes ?? []).catch((e) => {
      attributeNames = null;
      throw e;
    });
  }
  return attributeNames;
}

class QueryEditor extends HTMLElement {
  connectedCallback() {
    if (this.textarea) return;
    this.textarea = h('textarea', {
      id: 'traceql', class: 'traceql', rows: 3, spellcheck: 'false', autocomplete: 'off',
      'aria-label': 'TraceQL query', 'aria-autocomplete': 'list', 'aria-controls': 'traceql-suggestions',
      'aria-expanded': 'false', 'data-testid': 'traceql-editor', 'data-shortcut-focus': '',
      placeholder: '{ resource.service.name = "webapp" && duration > 100ms }',
    });
    this.list = h('ul', { id: 'traceql-suggestions', class: 'suggestions', role: 'listbox',
      'data-testid': 'autocomplete', hidden: true });
    this.append(this.textarea, this.list,
      h('div', { class: 'kbd-help' }, 'Enter runs the query · Shift+Enter new line · Ctrl+Space suggests · ↑↓ Tab choose'));
    this.items = [];
    this.active = -1;
    this.context = null;
    this.textarea.addEventListener('input', () => this.schedule());
    this.textarea.addEventListener('keydown', (e) => this.onKey(e));
    this.textarea.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    this.textarea.addEventListener('click', () => this.close());
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.close();
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.suggest(), 120);
  }

  async suggest() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const caret = this.textarea.selectionStart;
    const context = completionContext(this.textarea.value, caret);
    if (!context) return this.close();
    let items = [];
    try {
      if (context.kind === 'field') {
        items = fieldSuggestions(context.prefix, await knownAttributes());
      } else {
        const fixed = enumValues(context.field);
        if (fixed) {
          items = valueSuggestions(context, fixed, true);
        } else if (context.field === 'rootServiceName') {
          const { services } = await api.services({ signal: abort.signal });
          items = valueSuggestions(context, services ?? [], false);
        } else {
          const name = attributeForValues(context.field);
          if (!name) return this.close();
          const { values } = await api.attributeValues(name, context.prefix, { signal: abort.signal });
          items = valueSuggestions(context, values ?? [], false);
        }
      }
    } catch (e) {
      if (e.name === 'AbortError') return undefined;
      items = [];
    }
    if (abort !== this.abort) return undefined;
    this.context = context;
    return this.open(items);
  }

  open(items) {
    this.items = items;
    this.active = items.length ? 0 : -1;
    this.list.replaceChildren(...items.map((item, i) => h('li', {
      id: `traceql-option-${i}`, role: 'option', class: 'suggestion', 'data-testid': 'autocomplete-option',
      on: { mousedown: (e) => { e.preventDefault(); this.accept(i); } },
    }, h('span', { class: 'suggestion-label' }, item.label), h('span', { class: 'suggestion-detail' }, item.detail))));
    this.list.hidden = items.length === 0;
    this.textarea.setAttribute('aria-expanded', String(items.length > 0));
    this.highlight();
  }

  close() {
    this.list.hidden = true;
    this.items = [];
    this.active = -1;
    this.textarea.setAttribute('aria-expanded', 'false');
    this.textarea.removeAttribute('aria-activedescendant');
  }

  highlight() {
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
    if (this.active >= 0) {
      this.textarea.setAttribute('aria-activedescendant', `traceql-option-${this.active}`);
      this.list.children[this.active].scrollIntoView({ block: 'nearest' });
    }
  }

  accept(index) {
    const item = this.items[index];
    const context = this.context;
    if (!item || !context) return;
    const text = this.textarea.value;
    let end = this.textarea.selectionStart;
    if (context.quoted) {
      while (end < text.length && text[end] !== '"' && !/\s/.test(text[end])) end++;
      if (text[end] === '"') end++;
    }
    this.textarea.value = text.slice(0, context.from) + item.insert + text.slice(end);
    const caret = context.from + item.insert.length;
    this.textarea.setSelectionRange(caret, caret);
    this.close();
    this.textarea.focus();
    this.schedule();
  }

  onKey(event) {
    const open = !this.list.hidden && this.items.length > 0;
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      this.suggest();
    } else if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.items.length) % this.items.length;
      this.highlight();
    } else if (open && (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey))) {
      event.preventDefault();
      this.accept(this.active);
    } else if (open && event.key === 'Escape') {
      event.preventDefault();
      this.close();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('run', { bubbles: true }));
    }
  }
}

customElements.define('hs-query-editor', QueryEditor);
