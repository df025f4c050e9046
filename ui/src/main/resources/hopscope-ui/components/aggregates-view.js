// <hs-aggregates-view>: /aggregates?q=&slow=&baseline=&range=|start=&end= — the aggregated critical
// path of a query and slow-vs-baseline attribution (rate, errors and duration live on /red).
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { formatDuration, formatPercent } from '../js/format.js';
import { navigate } from '../js/router.js';
import { carryRange, timeWindow } from '../js/time-range.js';
import './range-picker.js';

const KIND_LABEL = { WORK: 'work', PEER: 'peer', OUTBOUND_GAP: 'gap out', RETURN_GAP: 'gap back', UNTRACED: 'untraced' };

function where(c) {
  if (c.kind === 'PEER') return `${c.service} → ${c.peer}`;
  if (c.kind === 'OUTBOUND_GAP' || c.kind === 'RETURN_GAP') return `${c.service} → ${c.peer}`;
  return c.service;
}

function shareBar(share) {
  const bar = h('span', { class: 'share-bar' });
  bar.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return h('span', { class: 'share' }, h('span', { class: 'share-track' }, bar), h('span', { class: 'share-text' }, formatPercent(share)));
}

class AggregatesView extends HTMLElement {
  connectedCallback() {
    if (this.query) return;
    this.classList.add('view', 'aggregates-view');
    this.dataset.testid = 'aggregates-view';
    this.query = h('input', { class: 'mono', size: 50, 'aria-label': 'Traces (TraceQL)', 'data-testid': 'aggregates-query', 'data-shortcut-focus': '' });
    this.slow = h('input', { class: 'mono', size: 40, 'aria-label': 'Slow traces (TraceQL)', placeholder: '{ traceDuration > 500ms }', 'data-testid': 'attribution-slow' });
    this.baseline = h('input', { class: 'mono', size: 30, 'aria-label': 'Baseline traces (TraceQL)', placeholder: '{}', 'data-testid': 'attribution-baseline' });
    this.range = h('hs-range-picker', { 'data-testid': 'aggregates-range' });
    const form = h('form', { class: 'aggregates-form', on: { submit: (e) => { e.preventDefault(); this.submit(); } } },
      h('label', null, 'Traces', this.query), h('label', null, 'Slow', this.slow), h('label', null, 'Baseline', this.baseline),
      this.range, h('button', { type: 'submit', class: 'primary' }, 'Analyse'));
    this.path = h('section', { class: 'aggregate-section', 'data-testid': 'aggregated-critical-path' });
    this.attribution = h('section', { class: 'aggregate-section', 'data-testid': 'attribution' });
    this.redLink = h('a', { href: '/red', 'data-testid': 'aggregates-red-link' }, 'rate, errors, duration and the duration heatmap');
    this.append(h('h1', null, 'Aggregates'), form, this.path, this.attribution,
      h('p', { class: 'muted' }, 'Per service, operation and edge over time: ', this.redLink, '.'));
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  route({ params }) {
    document.title = 'Aggregates · Hopscope';
    this.params = params;
    this.query.value = params.get('q') ?? '{}';
    this.slow.value = params.get('slow') ?? '';
    this.baseline.value = params.get('baseline') ?? '';
    this.range.show(params);
    this.load();
    this.redLink.setAttribute('href', `/red?${carryRange(params, new URLSearchParams())}`);
  }

  submit() {
    const range = this.range.urlParams();
    if (!range) return;
    const params = new URLSearchParams({ q: this.query.value.trim() || '{}', ...range });
    if (this.slow.value.trim()) params.set('slow', this.slow.value.trim());
    if (this.baseline.value.trim()) params.set('baseline', this.baseline.value.trim());
    navigate(`/aggregates?${params}`);
  }

  async load() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const q = this.query.value || '{}';
    this.path.replaceChildren(h('h2', null, 'Aggregated critical path'), h('div', { class: 'loading' }, 'Analysing…'));
    this.attribution.replaceChildren(h('h2', null, 'Slow vs baseline'));
    let aggregate;
    let window;
    try {
      window = timeWindow(this.params);
      aggregate = await api.criticalPath({ q, ...window }, { signal: abort.signal });
      this.showPath(aggregate);
    } catch (e) {
      if (e.name !== 'AbortError') this.path.replaceChildren(h('h2', null, 'Aggregated critical path'), errorBox(e));
      return;
    }
    // Without a slow query, "slow" means the slowest tenth of what the query selects.
    let slow = this.slow.value.trim();
    let baseline = this.baseline.value.trim();
    if (!slow && aggregate.duration?.count) {
      const p90 = `${Math.max(1, Math.round(aggregate.duration.p90Nanos / 1e6))}ms`;
      slow = `{ traceDuration > ${p90} }`;
      baseline = baseline || `{ traceDuration <= ${p90} }`;
      this.slow.value = slow;
      this.baseline.value = baseline;
    }
    if (!slow) return;
    try {
      const attribution = await api.attribution({ q: slow, baseline: baseline || '{}', ...window },
        { signal: abort.signal });
      this.showAttribution(attribution, slow);
    } catch (e) {
      if (e.name !== 'AbortError') this.attribution.append(errorBox(e));
    }
  }

  showPath(aggregate) {
    const rows = (aggregate.contributions ?? []).map((c) => h('tr', { 'data-testid': 'critical-path-row', class: `kind-${c.kind.toLowerCase()}` },
      h('td', null, KIND_LABEL[c.kind] ?? c.kind), h('td', null, where(c)), h('td', { class: 'mono' }, c.spanName),
      h('td', { class: 'num' }, formatDuration(c.meanNanos)), h('td', { class: 'num' }, formatDuration(c.p99Nanos)),
      h('td', null, shareBar(c.meanShare)), h('td', { class: 'num' }, String(c.traceCount))));
    const d = aggregate.duration ?? {};
    this.path.replaceChildren(h('h2', null, 'Aggregated critical path'),
      h('p', { class: 'muted' }, `${aggregate.traceCount} traces · duration p50 ${formatDuration(d.p50Nanos ?? 0)}, `
        + `p90 ${formatDuration(d.p90Nanos ?? 0)}, p99 ${formatDuration(d.p99Nanos ?? 0)}`,
      aggregate.capped ? ' · capped: narrow the query or the time range to see every trace' : ''),
      rows.length ? h('table', { class: 'data' }, h('thead', null, h('tr', null, ['kind', 'where', 'span', 'mean', 'p99', 'mean share of trace', 'traces']
        .map((t, i) => h('th', { class: i >= 3 && i !== 5 ? 'num' : null }, t)))), h('tbody', null, rows))
        : h('p', { class: 'muted' }, 'No traces match.'));
  }

  showAttribution(a, slow) {
    const attributes = (a.attributes ?? []).map((s) => h('tr', { 'data-testid': 'attribution-attribute' },
      h('td', { class: 'mono' }, `${s.key}=${s.value}`), h('td', null, shareBar(s.slowShare)), h('td', null, shareBar(s.baselineShare))));
    const deltas = (a.contributions ?? []).map((c) => h('tr', null,
      h('td', null, KIND_LABEL[c.kind] ?? c.kind), h('td', null, where(c)), h('td', { class: 'mono' }, c.spanName),
      h('td', { class: 'num' }, formatDuration(c.slowMeanNanos)), h('td', { class: 'num' }, formatDuration(c.baselineMeanNanos)),
      h('td', { class: 'num' }, formatDuration(c.deltaNanos)), h('td', null, shareBar(c.shareOfDifference))));
    this.attribution.append(
      h('p', { class: 'muted' }, `${a.slowCount} slow trace${a.slowCount === 1 ? '' : 's'} (${slow}, mean `
        + `${formatDuration(a.slowMeanDurationNanos)}) vs ${a.baselineCount} baseline (mean ${formatDuration(a.baselineMeanDurationNanos)})`),
      (a.findings ?? []).length ? h('ul', { class: 'findings-list' }, a.findings.map((f) => h('li', { 'data-testid': 'attribution-finding' }, f))) : '',
      h('div', { class: 'attribution-tables' },
        h('div', null, h('h3', null, 'Attributes over-represented in slow traces'), attributes.length
          ? h('table', { class: 'data' }, h('thead', null, h('tr', null, h('th', null, 'attribute'), h('th', null, 'slow'), h('th', null, 'baseline'))), h('tbody', null, attributes))
          : h('p', { class: 'muted' }, 'none')),
        h('div', null, h('h3', null, 'Critical-path time that grew'), deltas.length
          ? h('table', { class: 'data' }, h('thead', null, h('tr', null, ['kind', 'where', 'span', 'slow', 'baseline', 'Δ', 'share of difference']
            .map((t) => h('th', null, t)))), h('tbody', null, deltas))
          : h('p', { class: 'muted' }, 'none'))));
  }
}

customElements.define('hs-aggregates-view', AggregatesView);
