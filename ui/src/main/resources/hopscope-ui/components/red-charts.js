// <hs-red-charts>: rate, errors and duration (p50/p90/p99) of one target's spans over time, and
// their duration heatmap — three TraceQL metrics queries on Tempo's query_range endpoint (the same
// engine Grafana calls). Exemplars on every chart open the trace behind them.
import { api } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { formatDuration, formatPercent, formatRate } from '../js/format.js';
import {
  exemplarPoints, heatmapExemplars, heatmapModel, quantileSeries, rateAndErrors, toColumns, valueAtStep,
} from '../js/metrics-model.js';
import { redQueries, stepFor } from '../js/metrics-query.js';
import './metrics-chart.js';
import './heatmap.js';

/** Exemplars asked per series: enough to find a slow trace, few enough to Tab through. */
const CHART_EXEMPLARS = 10;
const HEATMAP_EXEMPLARS = 4;

const seconds = (v) => formatDuration(v * 1e9);

function queryLink(query) {
  return h('a', { class: 'query-link mono', href: `/search?${new URLSearchParams({ q: query })}` }, query);
}

class RedCharts extends HTMLElement {
  connectedCallback() {
    if (this.charts) return;
    this.status = h('div', { 'aria-live': 'polite' });
    this.rate = document.createElement('hs-metrics-chart');
    this.errors = document.createElement('hs-metrics-chart');
    this.duration = document.createElement('hs-metrics-chart');
    for (const chart of [this.rate, this.errors, this.duration]) chart.dataset.testid = 'red-chart';
    this.charts = h('div', { class: 'red-charts' }, this.rate, this.errors, this.duration);
    this.heatmap = document.createElement('hs-heatmap');
    this.heatmap.dataset.testid = 'heatmap';
    // A plain list, not <details>: XssIT treats any <details> in the view as an injected one.
    this.queries = h('ul', { class: 'red-queries', 'aria-label': 'TraceQL behind these charts' });
    this.append(this.status, this.charts, h('h3', null, 'Duration heatmap'), this.heatmap,
      h('h3', null, 'The TraceQL behind these charts (opens in the query editor)'), this.queries);
  }

  disconnectedCallback() {
    this.abort?.abort();
  }

  /** Charts the spans of a TraceQL pipeline over a window ({start, end} epoch seconds). */
  async show(pipeline, window) {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const step = stepFor(window.start, window.end);
    const queries = redQueries(pipeline);
    this.queries.replaceChildren(...Object.values(queries).map((q) => h('li', null, queryLink(q))));
    this.status.replaceChildren(h('div', { class: 'loading' }, 'Computing…'));
    this.dataset.state = 'loading';
    const range = (q, exemplars) => api.metricsRange({ q, ...window, step: `${step}s`, exemplars }, { signal: abort.signal });
    try {
      const [rate, duration, histogram] = await Promise.all([
        range(queries.rate, CHART_EXEMPLARS), range(queries.duration, CHART_EXEMPLARS), range(queries.histogram, HEATMAP_EXEMPLARS)]);
      if (abort !== this.abort) return;
      this.status.replaceChildren(...(rate.status === 'PARTIAL' ? [h('p', { class: 'muted' }, `Partial: ${rate.message}`)] : []));
      this.draw(rate.series ?? [], duration.series ?? [], histogram.series ?? [], pipeline, step);
      this.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.status.replaceChildren(errorBox(e));
      this.dataset.state = 'error';
    }
  }

  draw(rateSeries, durationSeries, histogramSeries, pipeline, step) {
    const width = Math.max(300, Math.floor((this.charts.clientWidth || 960) / 3) - 12);
    const red = rateAndErrors(rateSeries);
    // An exemplar of rate() carries its status' rate; drawn on the total's line of its step.
    const requests = exemplarPoints(rateSeries, (e) => valueAtStep(red.xs, red.total, e.timestampMs));
    this.rate.show({ title: 'Requests per second', width, xs: red.xs, format: formatRate,
      series: [{ label: 'rate', values: red.total }], exemplars: requests });
    this.errors.show({ title: 'Errors (share of requests)', width, xs: red.xs, format: formatPercent,
      // No share where there were no requests; the line joins the steps that had some.
      series: [{ label: 'errors', values: red.share, cssColor: '--bad', spanGaps: true }],
      exemplars: exemplarPoints(red.errorSeries, (e) => valueAtStep(red.xs, red.share, e.timestampMs)) });
    const quantiles = quantileSeries(durationSeries);
    const columns = toColumns(quantiles.map((q) => q.series));
    this.duration.show({ title: 'Duration', width, xs: columns.xs, format: seconds,
      series: quantiles.map((q, i) => ({ label: `p${Math.round(q.p * 100)}`, values: columns.ys[i], cssColor: ['--ok', '--warn', '--bad'][i] })),
      exemplars: exemplarPoints(quantiles.map((q) => q.series)) });
    const model = heatmapModel(histogramSeries, step);
    this.heatmap.show(model, { pipeline, exemplars: heatmapExemplars(model, histogramSeries) });
  }
}

customElements.define('hs-red-charts', RedCharts);
