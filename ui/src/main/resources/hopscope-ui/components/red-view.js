// <hs-red-view>: /red?service=&operation=&range= or /red?edge=caller,callee&range= — rate, errors,
// duration and the duration heatmap of a service, one of its operations, or a service-map edge.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { targetPipeline } from '../js/metrics-query.js';
import { navigate } from '../js/router.js';
import { timeWindow } from '../js/time-range.js';
import './range-picker.js';
import './red-charts.js';

/** An edge in the URL as the search page writes it: caller,callee split at the first comma. */
function parseEdge(text) {
  const comma = (text ?? '').indexOf(',');
  return comma > 0 && comma < text.length - 1 ? { caller: text.slice(0, comma), callee: text.slice(comma + 1) } : null;
}

class RedView extends HTMLElement {
  connectedCallback() {
    if (this.target) return;
    this.classList.add('view', 'red-view');
    this.dataset.testid = 'red-view';
    this.target = h('select', { 'aria-label': 'Service or edge', 'data-testid': 'red-target', 'data-shortcut-focus': '' });
    this.operation = h('select', { 'aria-label': 'Operation', 'data-testid': 'red-operation' });
    this.range = h('hs-range-picker', { apply: true, 'data-testid': 'red-range' });
    for (const select of [this.target, this.operation]) select.addEventListener('change', () => this.apply(select));
    this.range.addEventListener('range-change', () => this.apply(this.range));
    this.heading = h('h2', { 'data-testid': 'red-heading' });
    this.status = h('div', { 'aria-live': 'polite' });
    this.charts = document.createElement('hs-red-charts');
    this.append(h('h1', null, 'Rate, errors, duration'),
      h('div', { class: 'red-controls' }, h('label', null, 'Show ', this.target), h('label', null, 'Operation ', this.operation),
        this.range),
      h('p', { class: 'kbd-help' }, 'A service counts the requests it serves (its server and consumer spans); an operation every span of '
        + 'that name; an edge the calls its caller makes, as the caller waits for them (hop gaps included).'),
      this.status, this.heading, this.charts);
  }

  disconnectedCallback() {
    this.abort?.abort();
  }

  apply(changed) {
    const range = this.range.urlParams();
    if (!range) return;
    const params = new URLSearchParams();
    const colon = this.target.value.indexOf(':');
    const kind = this.target.value.slice(0, Math.max(0, colon));
    const value = this.target.value.slice(colon + 1);
    if (kind === 'edge') params.set('edge', value);
    else if (value) params.set('service', value);
    if (kind === 'service' && changed === this.operation && this.operation.value) params.set('operation', this.operation.value);
    for (const [key, value] of Object.entries(range)) params.set(key, value);
    navigate(`/red?${params}`);
  }

  route({ params }) {
    document.title = 'Rate, errors, duration · Hopscope';
    this.params = params;
    this.range.show(params);
    this.load(params);
  }

  async load(params) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.status.replaceChildren(h('div', { class: 'loading' }, 'Loading services and edges…'));
    try {
      const window = timeWindow(params);
      const [{ services = [] }, graph] = await Promise.all([api.services({ signal: abort.signal }),
        api.graph(window, { signal: abort.signal })]);
      const edges = graph.edges ?? [];
      const edge = parseEdge(params.get('edge'));
      const service = edge ? null : params.get('service') ?? services[0];
      const operations = service ? (await api.operations(service, { signal: abort.signal })).operations ?? [] : [];
      if (abort !== this.abort) return;
      this.fillTargets(services, edges, edge, service);
      this.operation.replaceChildren(h('option', { value: '' }, 'all it serves'), operations.map((o) => h('option', { value: o }, o)));
      this.operation.value = params.get('operation') ?? '';
      this.operation.disabled = !service;
      this.status.replaceChildren();
      if (!edge && !service) {
        this.status.replaceChildren(h('p', { class: 'muted' }, 'No services in this time range.'));
        return;
      }
      const kind = edge ? edges.find((e) => e.caller === edge.caller && e.callee === edge.callee)?.calleeKind : null;
      const target = edge ? { ...edge, calleeKind: kind ?? graphKind(graph, edge.callee) }
        : { service, operation: params.get('operation') ?? '' };
      this.heading.textContent = edge ? `${edge.caller} → ${edge.callee}` : `${service}${target.operation ? ` · ${target.operation}` : ''}`;
      this.charts.show(targetPipeline(target), window);
    } catch (e) {
      if (e.name !== 'AbortError') this.status.replaceChildren(errorBox(e));
    }
  }

  fillTargets(services, edges, edge, service) {
    const names = new Set(services);
    if (service) names.add(service);
    const edgeKeys = edges.map((e) => `${e.caller},${e.callee}`);
    if (edge && !edgeKeys.includes(`${edge.caller},${edge.callee}`)) edgeKeys.push(`${edge.caller},${edge.callee}`);
    this.target.replaceChildren(
      h('optgroup', { label: 'Services' }, [...names].map((s) => h('option', { value: `service:${s}` }, s))),
      edgeKeys.length ? h('optgroup', { label: 'Edges (caller → callee)' }, edgeKeys.map((key) =>
        h('option', { value: `edge:${key}` }, key.replace(',', ' → ')))) : null);
    this.target.value = edge ? `edge:${edge.caller},${edge.callee}` : `service:${service}`;
  }
}

function graphKind(graph, name) {
  return (graph.nodes ?? []).find((n) => n.name === name)?.kind ?? 'service';
}

customElements.define('hs-red-view', RedView);
