// <hs-trace-toolbar>: find within the trace, expand/collapse all, critical-path highlight, legend.
import { h } from '../js/dom.js';

class TraceToolbar extends HTMLElement {
  connectedCallback() {
    if (this.input) return;
    this.classList.add('trace-toolbar');
    this.input = h('input', { type: 'search', id: 'trace-find', placeholder: 'Find span, service, attribute…',
      'aria-label': 'Find in trace', 'data-testid': 'trace-find', 'data-shortcut-focus': '' });
    this.count = h('span', { class: 'find-count', role: 'status', 'data-testid': 'find-count' });
    this.critical = h('input', { type: 'checkbox', id: 'critical-toggle', checked: true, 'data-testid': 'critical-toggle' });
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.emit('find', this.input.value), 200);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(this.timer);
        if (this.lastSearched !== this.input.value) this.emit('find', this.input.value);
        else this.emit('find-step', e.shiftKey ? -1 : 1);
        this.lastSearched = this.input.value;
      }
    });
    this.critical.addEventListener('change', () => this.emit('critical', this.critical.checked));
    this.append(
      h('span', { class: 'find' }, this.input,
        h('button', { type: 'button', 'aria-label': 'Previous match', on: { click: () => this.emit('find-step', -1) } }, '↑'),
        h('button', { type: 'button', 'aria-label': 'Next match', on: { click: () => this.emit('find-step', 1) } }, '↓'),
        this.count),
      h('button', { type: 'button', 'data-testid': 'expand-all', on: { click: () => this.emit('expand-all') } }, 'Expand all'),
      h('button', { type: 'button', 'data-testid': 'collapse-all', on: { click: () => this.emit('collapse-all') } }, 'Collapse all'),
      h('label', { class: 'inline', for: 'critical-toggle' }, this.critical, 'Critical path'),
      h('span', { class: 'legend' },
        h('span', { class: 'legend-item span' }, 'span'),
        h('span', { class: 'legend-item gap' }, 'hop gap'),
        h('span', { class: 'legend-item peer' }, 'uninstrumented peer'),
        h('span', { class: 'legend-item critical' }, 'critical path')),
      h('span', { class: 'kbd-help' }, '↑↓ select · ←→ collapse/expand · / find · Esc close'));
  }

  reset(spanCount) {
    this.input.value = '';
    this.lastSearched = '';
    this.count.textContent = `${spanCount} spans`;
  }

  showCount(current, total) {
    this.lastSearched = this.input.value;
    this.count.textContent = total ? `${current} of ${total}` : this.input.value ? 'no match' : '';
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

customElements.define('hs-trace-toolbar', TraceToolbar);
