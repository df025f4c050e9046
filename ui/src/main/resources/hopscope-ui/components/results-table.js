// <hs-results>: search results, sortable, keyboard navigable, two can be picked for comparing.
import { h } from '../js/dom.js';
import { epochMillis, formatDuration, formatTime } from '../js/format.js';
import { navigate } from '../js/router.js';

const COLUMNS = [
  { key: 'start', label: 'Start', server: 'newest', value: (t) => epochMillis(t.startTimeUnixNano) },
  { key: 'root', label: 'Root span' },
  { key: 'duration', label: 'Duration', server: 'duration', num: true, value: (t) => t.durationNanos },
  { key: 'spans', label: 'Spans', num: true, value: (t) => t.spanCount },
  { key: 'errors', label: 'Errors', num: true, value: (t) => t.errorCount },
  { key: 'services', label: 'Services' },
];

class Results extends HTMLElement {
  connectedCallback() {
    if (this.table) return;
    this.selected = new Set();
    this.sortKey = null;
    this.ascending = false;
    this.traces = [];
    this.compareButton = h('button', { type: 'button', disabled: true, 'data-testid': 'compare-selected',
      on: { click: () => this.compareSelected() } }, 'Compare selected (0/2)');
    this.summary = h('span', { class: 'muted', role: 'status', 'data-testid': 'result-count' });
    this.body = h('tbody');
    this.head = h('tr');
    this.table = h('table', { class: 'data results', 'data-testid': 'search-results' }, h('thead', null, this.head), this.body);
    this.append(h('div', { class: 'results-bar' }, this.summary, this.compareButton), this.table);
    this.body.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** traces: all loaded rows; order: the server order ('newest' | 'duration'). */
  show(traces, order) {
    this.traces = traces;
    this.order = order;
    this.renderHead();
    this.renderBody();
  }

  renderHead() {
    this.head.replaceChildren(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Pick')),
      ...COLUMNS.map((col) => {
        const active = this.sortKey ? this.sortKey === col.key : col.server === this.order;
        const th = h('th', { scope: 'col', class: col.num ? 'num' : null,
          'aria-sort': active ? (this.sortKey && this.ascending ? 'ascending' : 'descending') : null });
        if (!col.value) th.textContent = col.label;
        else th.append(h('button', { type: 'button', class: 'sort', 'data-testid': `sort-${col.key}`,
          on: { click: () => this.sortBy(col) } }, col.label, active ? (this.sortKey && this.ascending ? ' ▲' : ' ▼') : ''));
        return th;
      }));
  }

  sortBy(col) {
    if (col.server && !this.sortKey && this.order !== col.server) {
      this.dispatchEvent(new CustomEvent('order', { detail: col.server, bubbles: true }));
      return;
    }
    if (this.sortKey === col.key) this.ascending = !this.ascending;
    else {
      this.sortKey = col.key;
      this.ascending = false;
    }
    this.renderHead();
    this.renderBody();
  }

  resetSort() {
    this.sortKey = null;
    this.ascending = false;
  }

  sorted() {
    if (!this.sortKey) return this.traces;
    const col = COLUMNS.find((c) => c.key === this.sortKey);
    const sign = this.ascending ? 1 : -1;
    return [...this.traces].sort((a, b) => sign * (col.value(a) - col.value(b)));
  }

  renderBody() {
    const rows = this.sorted().map((trace) => this.row(trace));
    this.body.replaceChildren(...rows);
    if (rows.length === 0) {
      this.body.append(h('tr', null, h('td', { colspan: COLUMNS.length + 1, class: 'muted' }, 'No traces match.')));
    }
    this.updateCompare();
  }

  row(trace) {
    const pick = h('input', { type: 'checkbox', 'aria-label': `Pick trace ${trace.traceId} for comparing`,
      'data-testid': 'compare-pick', checked: this.selected.has(trace.traceId) });
    pick.addEventListener('change', () => {
      if (pick.checked) this.selected.add(trace.traceId);
      else this.selected.delete(trace.traceId);
      this.updateCompare();
    });
    const href = `/trace/${trace.traceId}`;
    const services = (trace.services ?? []).map((s) => h('span', { class: s.errorCount ? 'svc-chip error' : 'svc-chip' },
      `${s.name} ${s.spanCount}`));
    return h('tr', { tabindex: 0, class: trace.errorCount ? 'has-error' : null, 'data-testid': 'search-result-row',
      dataset: { traceId: trace.traceId, durationNanos: trace.durationNanos }, on: { dblclick: () => navigate(href) } },
    h('td', null, pick),
    h('td', { class: 'mono' }, formatTime(trace.startTimeUnixNano)),
    h('td', null, h('a', { href, 'data-testid': 'search-result-link' },
      h('span', { class: 'svc' }, trace.rootServiceName || '?'), ' ', trace.rootName || '(root missing)'),
    h('div', { class: 'muted mono small' }, trace.traceId), matchedLine(trace.matched)),
    h('td', { class: 'num' }, formatDuration(trace.durationNanos)),
    h('td', { class: 'num' }, String(trace.spanCount)),
    h('td', { class: trace.errorCount ? 'num error-count' : 'num' }, String(trace.errorCount)),
    h('td', { class: 'services' }, services));
  }

  updateCompare() {
    const n = this.selected.size;
    this.compareButton.disabled = n !== 2;
    this.compareButton.textContent = `Compare selected (${n}/2)`;
    this.summary.textContent = `${this.traces.length} trace${this.traces.length === 1 ? '' : 's'} loaded`;
  }

  compareSelected() {
    const [a, b] = [...this.selected];
    navigate(`/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  }

  onKey(event) {
    const row = event.target.closest('tr[data-trace-id]');
    if (!row || event.target !== row) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      navigate(`/trace/${row.dataset.traceId}`);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      next?.focus();
    } else if (event.key === ' ') {
      event.preventDefault();
      row.querySelector('input[type=checkbox]')?.click();
    }
  }
}

/** The spans that made the trace match, when the query selected particular spans. */
function matchedLine(matched) {
  if (!matched?.length) return null;
  const first = matched.slice(0, 3).map((m) => `${m.serviceName}: ${m.name} (${formatDuration(m.durationNanos)})`);
  const more = matched.length > 3 ? ` and ${matched.length - 3} more` : '';
  return h('div', { class: 'matched small', 'data-testid': 'matched-spans' }, `matched ${first.join(', ')}${more}`);
}

customElements.define('hs-results', Results);
