// <hs-search-view>: /search?q=&range=|start=&end=&order=&limit= — editor, form, scatter, results,
// paging with the API's cursor; a TraceQL metrics query (`| rate()`...) draws its series instead.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { isMetricsQuery } from '../js/metrics-query.js';
import { navigate } from '../js/router.js';
import { timeWindow } from '../js/time-range.js';
import './query-editor.js';
import './search-form.js';
import './results-table.js';
import './duration-scatter.js';
import './metrics-result.js';

const PAGE = 20;

class SearchView extends HTMLElement {
  connectedCallback() {
    if (this.editor) return;
    this.classList.add('view', 'search-view');
    this.dataset.testid = 'search-view';
    this.form = document.createElement('hs-search-form');
    this.editor = document.createElement('hs-query-editor');
    this.status = h('div', { class: 'search-status', 'aria-live': 'polite' });
    this.scatter = document.createElement('hs-scatter');
    this.results = document.createElement('hs-results');
    this.metrics = document.createElement('hs-metrics-result');
    this.more = h('button', { type: 'button', hidden: true, 'data-testid': 'load-more',
      on: { click: () => this.loadMore() } }, 'Load more');
    this.append(
      h('h1', null, 'Search traces'),
      this.form,
      h('div', { class: 'editor-row' }, this.editor,
        h('button', { type: 'button', class: 'primary', 'data-testid': 'run-query', on: { click: () => this.submit() } }, 'Run query')),
      this.status, this.metrics, this.scatter, this.results, this.more);
    this.form.addEventListener('query', (e) => { this.editor.value = e.detail; });
    this.addEventListener('run', () => this.submit());
    this.results.addEventListener('order', (e) => this.submit(e.detail));
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  route({ params }) {
    document.title = 'Search · Hopscope';
    const q = params.get('q') ?? '{}';
    if (this.editor.value !== q) this.editor.value = q;
    this.form.showTime(params);
    const key = params.toString();
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    this.params = params;
    this.results.resetSort();
    this.search(null);
  }

  submit(order) {
    const range = this.form.timeParams();
    if (!range) return;
    const params = new URLSearchParams();
    params.set('q', this.editor.value.trim() || '{}');
    for (const [key, value] of Object.entries(range)) params.set(key, value);
    const chosen = order ?? this.params?.get('order');
    if (chosen && chosen !== 'newest') params.set('order', chosen);
    if (chosen === 'gap' && this.params?.get('edge')) params.set('edge', this.params.get('edge'));
    if (this.params?.get('limit')) params.set('limit', this.params.get('limit'));
    this.loadedKey = null;
    navigate(`/search?${params}`);
  }

  async search(cursor) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const params = this.params;
    const q = params.get('q') ?? '{}';
    const metrics = isMetricsQuery(q);
    this.metrics.hidden = !metrics;
    this.results.hidden = metrics;
    let window;
    try {
      window = timeWindow(params);
    } catch (e) {
      // A broken start/end in the address: say which and how to fix it, ask the server nothing.
      this.metrics.clear();
      this.results.show([], 'newest');
      this.scatter.show([]);
      this.more.hidden = true;
      this.status.replaceChildren(errorBox(e));
      return;
    }
    if (metrics) {
      this.traces = [];
      this.results.show([], 'newest');
      this.scatter.show([]);
      this.more.hidden = true;
      this.status.replaceChildren();
      this.metrics.show(q, window);
      return;
    }
    this.metrics.clear();
    const order = ['duration', 'gap'].includes(params.get('order')) ? params.get('order') : 'newest';
    if (!cursor) {
      this.traces = [];
      this.status.replaceChildren(h('div', { class: 'loading' }, 'Searching…'));
    }
    this.more.hidden = true;
    try {
      const limit = Math.min(1000, Math.max(1, Number(params.get('limit')) || PAGE));
      const edge = order === 'gap' ? params.get('edge') : null;
      const body = await api.search({ q, ...window, limit, order, edge, cursor }, { signal: abort.signal });
      if (abort !== this.abort) return;
      this.traces = [...this.traces, ...(body.traces ?? [])];
      this.next = body.next ?? null;
      this.status.replaceChildren();
      this.results.show(this.traces, order);
      this.scatter.show(this.traces);
      this.more.hidden = !this.next;
    } catch (e) {
      if (e.name === 'AbortError') return;
      e.query = q;
      this.status.replaceChildren(errorBox(e));
      if (!cursor) {
        this.results.show([], order);
        this.scatter.show([]);
      }
    }
  }

  loadMore() {
    if (this.next) this.search(this.next);
  }
}

customElements.define('hs-search-view', SearchView);
