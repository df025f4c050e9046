// <hs-compare-view>: /compare?a=&b= — two traces side by side, differences from /api/compare.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { formatDuration, formatSigned } from '../js/format.js';
import { navigate } from '../js/router.js';
import { mergeTraces } from '../js/compare-model.js';
import { VirtualList } from '../js/virtual-list.js';

const ROW_HEIGHT = 24;
const DIFF_LABEL = { added: 'only in B', removed: 'only in A', changed: 'changed', same: '' };

function cell(list, total) {
  if (!list.length) return '—';
  return list.length === 1 ? formatDuration(total) : `${list.length}× ${formatDuration(total)}`;
}

class CompareView extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    this.classList.add('view', 'compare-view');
    this.dataset.testid = 'compare-view';
    this.inputA = h('input', { class: 'mono', size: 34, placeholder: 'trace id A', 'aria-label': 'Trace A', 'data-testid': 'compare-a', 'data-shortcut-focus': '' });
    this.inputB = h('input', { class: 'mono', size: 34, placeholder: 'trace id B', 'aria-label': 'Trace B', 'data-testid': 'compare-b' });
    this.form = h('form', { class: 'compare-form', on: { submit: (e) => {
      e.preventDefault();
      const params = new URLSearchParams({ a: this.inputA.value.trim(), b: this.inputB.value.trim() });
      navigate(`/compare?${params}`);
    } } }, this.inputA, h('span', null, 'vs'), this.inputB, h('button', { type: 'submit', class: 'primary' }, 'Compare'));
    this.summary = h('div', { class: 'compare-summary', 'aria-live': 'polite' });
    this.diffs = h('div', { class: 'compare-diffs' });
    this.viewport = h('div', { class: 'compare-viewport', tabindex: 0, 'aria-label': 'Both traces, row by row', 'data-testid': 'compare-tree' });
    this.head = h('div', { class: 'compare-row compare-head' });
    this.append(h('h1', null, 'Compare two traces'), this.form, this.summary, this.diffs,
      h('div', { class: 'compare-table' }, this.head, this.viewport));
    this.list = new VirtualList(this.viewport, {
      rowHeight: ROW_HEIGHT,
      createRow: () => h('div', { class: 'compare-row' }, h('span', { class: 'c-name' }), h('span', { class: 'c-a num' }),
        h('span', { class: 'c-b num' }), h('span', { class: 'c-delta num' }), h('span', { class: 'c-diff' })),
      renderRow: (el, i) => this.fill(el, i),
    });
    this.rows = [];
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  route({ params }) {
    document.title = 'Compare · Hopscope';
    const a = params.get('a') ?? '';
    const b = params.get('b') ?? '';
    this.inputA.value = a;
    this.inputB.value = b;
    if (!a || !b) {
      this.summary.replaceChildren(h('p', { class: 'muted' }, 'Pick two traces in the search results, or paste two trace ids.'));
      this.diffs.replaceChildren();
      this.rows = [];
      this.list.setCount(0);
      (a ? this.inputB : this.inputA).focus();
      return;
    }
    this.load(a, b);
  }

  async load(a, b) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.dataset.state = 'loading';
    this.summary.replaceChildren(h('div', { class: 'loading' }, 'Comparing…'));
    this.diffs.replaceChildren();
    try {
      const opts = { signal: abort.signal };
      const [comparison, traceA, traceB] = await Promise.all([api.compare(a, b, opts), api.trace(a, opts), api.trace(b, opts)]);
      if (abort !== this.abort) return;
      this.show(comparison, traceA, traceB);
      this.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.summary.replaceChildren(errorBox(e));
      this.dataset.state = 'error';
    }
  }

  show(comparison, traceA, traceB) {
    const link = (id, side) => h('a', { href: `/trace/${id}`, class: 'mono' }, `${side} ${id}`);
    const delta = comparison.durationDeltaNanos ?? 0;
    this.summary.replaceChildren(h('p', null, link(comparison.a, 'A'), ' vs ', link(comparison.b, 'B'), ': B is ',
      h('strong', { class: delta > 0 ? 'slower' : 'faster', 'data-testid': 'compare-delta' }, formatSigned(delta)),
      ` ${delta > 0 ? 'slower' : 'faster'} overall.`));
    this.diffs.replaceChildren(
      this.table('Changed durations', comparison.differences, 'changed', (d) => [formatDuration(d.aDurationNanos), formatDuration(d.bDurationNanos), formatSigned(d.deltaNanos)]),
      this.table('Only in B (added)', comparison.added, 'added', () => ['—', 'present', '']),
      this.table('Only in A (removed)', comparison.removed, 'removed', () => ['present', '—', '']));
    this.rows = mergeTraces(traceA, traceB, comparison);
    this.head.replaceChildren(h('span', { class: 'c-name' }, 'service: span (A and B merged by path)'), h('span', { class: 'c-a num' }, 'A'),
      h('span', { class: 'c-b num' }, 'B'), h('span', { class: 'c-delta num' }, 'B − A'), h('span', { class: 'c-diff' }, ''));
    this.list.setCount(this.rows.length);
  }

  table(title, entries, kind, cells) {
    if (!entries?.length) return h('section', { class: 'diff-section' }, h('h2', null, title), h('p', { class: 'muted' }, 'none'));
    return h('section', { class: 'diff-section' }, h('h2', null, `${title} (${entries.length})`),
      h('table', { class: 'data' }, h('thead', null, h('tr', null, h('th', null, 'span'), h('th', null, 'path'),
        h('th', { class: 'num' }, 'A'), h('th', { class: 'num' }, 'B'), h('th', { class: 'num' }, 'Δ'))),
      h('tbody', null, entries.map((d) => h('tr', { class: `diff-${kind}`, 'data-testid': 'compare-diff', dataset: { diff: kind } },
        h('td', null, h('span', { class: 'svc' }, d.serviceName), ` ${d.name}`),
        h('td', { class: 'mono small' }, d.path),
        ...cells(d).map((text) => h('td', { class: 'num' }, text)))))));
  }

  fill(el, index) {
    const row = this.rows[index];
    const [name, a, b, delta, diff] = el.children;
    el.className = `compare-row vl-row diff-${row.diff}`;
    el.dataset.diff = row.diff;
    name.style.paddingLeft = `${row.depth * 14 + 4}px`;
    name.replaceChildren(h('span', { class: 'svc' }, row.node.service), ` ${row.node.name}`);
    name.title = row.node.path;
    a.textContent = cell(row.node.a, row.aTotal);
    b.textContent = cell(row.node.b, row.bTotal);
    delta.textContent = row.node.a.length && row.node.b.length ? formatSigned(row.delta) : '';
    diff.textContent = DIFF_LABEL[row.diff];
  }
}

customElements.define('hs-compare-view', CompareView);
