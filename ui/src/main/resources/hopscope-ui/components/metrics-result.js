// <hs-metrics-result>: what the search page shows for a TraceQL metrics query: its series drawn
// over time (a duration histogram as the heatmap), exemplars that open their traces, and the
// endpoint's error as text when the query is refused.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { formatDuration, formatRate } from '../js/format.js';
import { exemplarPoints, heatmapExemplars, heatmapModel, toColumns } from '../js/metrics-model.js';
import { isDurationHistogram, measuredPipeline, stepFor, valueUnit } from '../js/metrics-query.js';
import './metrics-chart.js';
import './heatmap.js';

/** Series drawn at most: past this a legend stops being readable; topk(n) picks which. */
const MAX_SERIES = 40;
const EXEMPLARS = 20;

const FORMATS = {
  seconds: (v) => formatDuration(v * 1e9),
  rate: formatRate,
  number: (v) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v)) : Number(v).toPrecision(3)),
};

class MetricsResult extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.classList.add('metrics-result');
    this.dataset.testid = 'metrics-result';
    this.status = h('div', { 'aria-live': 'polite' });
    this.body = h('div');
    this.append(this.status, this.body);
  }

  disconnectedCallback() {
    this.abort?.abort();
  }

  clear() {
    this.abort?.abort();
    this.status.replaceChildren();
    this.body.replaceChildren();
    delete this.dataset.state;
  }

  async show(q, window) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const step = stepFor(window.start, window.end);
    this.dataset.state = 'loading';
    this.status.replaceChildren(h('div', { class: 'loading' }, 'Computing…'));
    try {
      const answer = await api.metricsRange({ q, ...window, step: `${step}s`, exemplars: EXEMPLARS }, { signal: abort.signal });
      if (abort !== this.abort) return;
      this.draw(q, answer, step);
      this.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.body.replaceChildren();
      this.status.replaceChildren(errorBox(e));
      this.dataset.state = 'error';
    }
  }

  draw(q, answer, step) {
    const all = answer.series ?? [];
    const series = all.slice(0, MAX_SERIES);
    const notes = [`${all.length} series`, `step ${step}s`];
    if (all.length > series.length) notes.push(`the first ${MAX_SERIES} drawn; add | topk(10) to choose`);
    if (answer.status === 'PARTIAL') notes.push(`partial: ${answer.message}`);
    this.status.replaceChildren(h('p', { class: 'muted', 'data-testid': 'metrics-summary' }, notes.join(' · ')));
    if (isDurationHistogram(q)) {
      const heatmap = document.createElement('hs-heatmap');
      heatmap.dataset.testid = 'heatmap';
      this.body.replaceChildren(heatmap);
      const model = heatmapModel(all, step);
      heatmap.show(model, { pipeline: measuredPipeline(q), exemplars: heatmapExemplars(model, all) });
      return;
    }
    const chart = document.createElement('hs-metrics-chart');
    chart.dataset.testid = 'metrics-chart';
    this.body.replaceChildren(chart);
    const { xs, ys, names } = toColumns(series);
    chart.show({ title: q, xs, format: FORMATS[valueUnit(q)], width: Math.max(480, (this.clientWidth || 900) - 20),
      series: names.map((label, i) => ({ label, values: ys[i] })), exemplars: exemplarPoints(series) });
  }
}

customElements.define('hs-metrics-result', MetricsResult);
