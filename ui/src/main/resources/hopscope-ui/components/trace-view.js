// <hs-trace-view>: /trace/{id}?span={spanId} — findings, waterfall, details, find, collapse.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { formatDuration, formatTime } from '../js/format.js';
import { navigate, replaceQuietly } from '../js/router.js';
import { buildTraceModel, findSpans, flatten, reveal, withAnalysis } from '../js/trace-model.js';
import { Waterfall } from './waterfall.js';
import './span-details.js';
import './trace-toolbar.js';

class TraceView extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.classList.add('view', 'trace-view');
    this.dataset.testid = 'trace-view';
    this.heading = h('header', { class: 'trace-header' });
    this.findings = h('section', { class: 'findings', 'aria-label': 'Findings', 'data-testid': 'findings', hidden: true });
    this.status = h('div', { 'aria-live': 'polite' });
    this.toolbar = document.createElement('hs-trace-toolbar');
    this.waterfallHost = h('div', { class: 'wf' });
    this.details = document.createElement('hs-span-details');
    this.details.hidden = true;
    this.body = h('div', { class: 'trace-body' }, this.waterfallHost, this.details);
    this.append(this.heading, this.findings, this.status, this.toolbar, this.body);
    this.waterfall = new Waterfall(this.waterfallHost, {
      onSelect: (i) => this.select(i),
      onToggle: (i) => this.toggle(this.rows[i].node),
    });
    this.waterfall.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.toolbar.addEventListener('find', (e) => this.find(e.detail));
    this.toolbar.addEventListener('find-step', (e) => this.stepMatch(e.detail));
    this.toolbar.addEventListener('expand-all', () => { this.collapsed.clear(); this.relayout(); });
    this.toolbar.addEventListener('collapse-all', () => this.collapseAll());
    this.toolbar.addEventListener('critical', (e) => { this.waterfall.showCritical = e.detail; this.waterfall.refresh(); });
    this.collapsed = new Set();
  }

  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  route({ traceId, params }) {
    const spanId = params.get('span');
    if (traceId === this.traceId) {
      if (spanId) this.selectSpan(spanId);
      return;
    }
    this.traceId = traceId;
    document.title = `Trace ${traceId.slice(0, 8)} · Hopscope`;
    this.load(traceId, spanId);
  }

  async load(traceId, spanId) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const started = performance.now();
    this.dataset.state = 'loading';
    this.model = null;
    this.collapsed = new Set();
    this.heading.replaceChildren(h('h1', null, `Trace ${traceId}`));
    this.findings.hidden = true;
    this.details.hidden = true;
    this.status.replaceChildren(h('div', { class: 'loading' }, 'Loading trace…'));
    let trace;
    try {
      trace = await api.trace(traceId, { signal: abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.status.replaceChildren(errorBox(e.status === 404 ? new Error(`No trace ${traceId} here (yet): it may be outside retention, in another tenant, or not ingested.`) : e));
      this.waterfall.show({ start: 0, end: 1 }, [], this.collapsed);
      this.dataset.state = 'error';
      return;
    }
    this.trace = trace;
    this.dataset.parsedAt = String(Math.round(performance.now()));
    const model = buildTraceModel(trace, null);
    this.dataset.modelMillis = String(Math.round(performance.now() - Number(this.dataset.parsedAt)));
    this.render(model, spanId);
    this.dataset.renderMillis = String(Math.round(performance.now() - started));
    this.dataset.renderedAt = String(Math.round(performance.now()));
    this.dataset.state = 'spans';
    // Asked for only now: on a large trace both requests would compete for the same server CPU,
    // and the spans are what the user waits for.
    const result = await api.analysis(traceId, { signal: abort.signal }).catch((e) => e);
    if (abort !== this.abort) return;
    if (result instanceof Error) {
      if (result.name === 'AbortError') return;
      this.status.replaceChildren(errorBox(new Error(`Analysis unavailable: ${result.message}`)));
    } else {
      const selected = this.rows[this.waterfall.selected]?.node.id;
      this.render(withAnalysis(this.model, result), selected);
      this.showFindings(result);
    }
    this.dataset.state = 'ready';
  }

  render(model, selectSpanId) {
    this.model = model;
    this.status.replaceChildren();
    this.showHeading(model);
    this.toolbar.reset(model.nodes.length);
    this.relayout();
    if (selectSpanId) this.selectSpan(selectSpanId);
  }

  showHeading(model) {
    const root = model.roots.find((r) => r.type === 'span');
    const services = new Set(model.nodes.map((n) => n.service));
    const errors = model.nodes.filter((n) => n.error).length;
    this.heading.replaceChildren(
      h('h1', null, root ? h('span', { class: 'svc' }, root.service) : '', root ? ` ${root.span.name}` : `Trace ${model.traceId}`),
      h('div', { class: 'trace-meta' },
        h('span', { class: 'mono', 'data-testid': 'trace-id' }, model.traceId),
        root ? h('span', null, formatTime(root.span.startTimeUnixNano)) : '',
        h('span', null, `duration ${formatDuration(model.end - model.start)}`),
        h('span', { 'data-testid': 'span-count' }, `${model.nodes.length} spans`),
        h('span', null, `${services.size} service${services.size === 1 ? '' : 's'}`),
        errors ? h('span', { class: 'error-text' }, `${errors} errors`) : '',
        h('a', { href: `/compare?a=${model.traceId}`, 'data-testid': 'compare-this' }, 'Compare with…')));
  }

  showFindings(analysis) {
    const items = [...(analysis.findings ?? []), ...(analysis.skew ?? []).map((s) => s.text)];
    this.findings.replaceChildren(h('h2', null, 'Findings'),
      items.length ? h('ul', null, items.map((text) => h('li', { 'data-testid': 'finding' }, text)))
        : h('p', { class: 'muted' }, 'Nothing stands out in this trace.'));
    this.findings.hidden = false;
  }

  relayout() {
    const selected = this.rows?.[this.waterfall.selected]?.node;
    this.rows = flatten(this.model, this.collapsed);
    this.waterfall.show(this.model, this.rows, this.collapsed);
    this.waterfall.selected = selected ? this.rows.findIndex((r) => r.node === selected) : -1;
    this.waterfall.refresh();
  }

  toggle(node) {
    if (!node.children.length) return;
    if (this.collapsed.has(node.id)) this.collapsed.delete(node.id);
    else this.collapsed.add(node.id);
    this.relayout();
  }

  collapseAll() {
    for (const node of this.model.nodes) if (node.children.length && node.parent) this.collapsed.add(node.id);
    this.relayout();
  }

  select(index) {
    if (index < 0 || index >= this.rows.length) return;
    this.waterfall.select(index);
    const node = this.rows[index].node;
    this.details.hidden = false;
    this.details.show(node, this.model, () => this.closeDetails());
    if (node.type === 'span') replaceQuietly(`/trace/${this.model.traceId}?span=${encodeURIComponent(node.id)}`);
  }

  closeDetails() {
    this.details.hidden = true;
    this.waterfall.select(-1);
    replaceQuietly(`/trace/${this.model.traceId}`);
    this.waterfall.viewport.focus();
  }

  selectSpan(spanId) {
    const node = this.model?.byId.get(spanId);
    if (!node) return;
    reveal(node, this.collapsed);
    this.relayout();
    this.select(this.rows.findIndex((r) => r.node === node));
  }

  find(text) {
    this.matches = this.model ? findSpans(this.model, text) : [];
    this.matchIndex = -1;
    this.waterfall.matches = new Set(this.matches);
    this.toolbar.showCount(0, this.matches.length);
    if (this.matches.length) this.stepMatch(1);
    else this.waterfall.refresh();
  }

  stepMatch(step) {
    if (!this.matches?.length) return;
    this.matchIndex = (this.matchIndex + step + this.matches.length) % this.matches.length;
    const node = this.matches[this.matchIndex];
    this.waterfall.current = node;
    this.toolbar.showCount(this.matchIndex + 1, this.matches.length);
    this.selectSpan(node.id);
  }

  onKey(event) {
    const i = this.waterfall.selected;
    const page = this.waterfall.visibleRowCount();
    const node = this.rows[i]?.node;
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + page, PageUp: i - page, Home: 0, End: this.rows.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      this.select(Math.max(0, Math.min(this.rows.length - 1, moves[event.key])));
    } else if (event.key === 'ArrowRight' && node?.children.length && this.collapsed.has(node.id)) {
      event.preventDefault();
      this.toggle(node);
    } else if (event.key === 'ArrowLeft' && node) {
      event.preventDefault();
      if (node.children.length && !this.collapsed.has(node.id)) this.toggle(node);
      else if (node.parent) this.select(this.rows.findIndex((r) => r.node === node.parent));
    } else if (event.key === 'Escape') {
      this.closeDetails();
    } else if (event.key === 'Enter' && node?.type === 'span' && node.span.links?.length) {
      const link = node.span.links[0];
      navigate(`/trace/${link.traceId}?span=${link.spanId}`);
    }
  }
}

customElements.define('hs-trace-view', TraceView);
