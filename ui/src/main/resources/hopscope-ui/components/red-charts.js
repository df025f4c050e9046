// <hs-red-charts>: rate, errors and duration (p50/p90/p99) of one service over time, with uPlot.
import uPlot from '/js/vendor/uplot.js';
import { api, timeWindow } from '../js/api.js';
import { errorBox, h } from '../js/dom.js';
import { epochMillis, formatDuration, formatPercent, formatRate } from '../js/format.js';
import { cssVar } from '../js/theme.js';

const HEIGHT = 150;

class RedCharts extends HTMLElement {
  connectedCallback() {
    if (this.service) return;
    this.service = h('select', { 'aria-label': 'Service', 'data-testid': 'red-service' });
    this.service.addEventListener('change', () => this.load());
    this.status = h('div', { 'aria-live': 'polite' });
    this.charts = h('div', { class: 'red-charts' });
    this.append(h('div', { class: 'red-controls' }, h('label', null, 'Service', this.service)), this.status, this.charts);
    this.plots = [];
    this.onTheme = () => this.draw();
    document.addEventListener('hs-theme-change', this.onTheme);
  }

  disconnectedCallback() {
    this.abort?.abort();
    document.removeEventListener('hs-theme-change', this.onTheme);
    this.destroy();
  }

  async show(params) {
    this.params = params;
    try {
      const { services } = await api.services();
      const previous = this.service.value || params.get('service');
      this.service.replaceChildren(...(services ?? []).map((s) => h('option', { value: s }, s)));
      if (previous && (services ?? []).includes(previous)) this.service.value = previous;
      await this.load();
    } catch (e) {
      this.status.replaceChildren(errorBox(e));
    }
  }

  async load() {
    if (!this.service.value) {
      this.status.replaceChildren(h('p', { class: 'muted' }, 'No services in this time range.'));
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      const window = timeWindow(this.params);
      const minutes = (Number(window.end) - Number(window.start)) / 60;
      const step = Math.max(1, Math.ceil(minutes / 120));
      this.body = await api.red({ service: this.service.value, ...window, step }, { signal: abort.signal });
      this.status.replaceChildren();
      this.draw();
    } catch (e) {
      if (e.name !== 'AbortError') this.status.replaceChildren(errorBox(e));
    }
  }

  destroy() {
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
  }

  draw() {
    this.destroy();
    const points = this.body?.points ?? [];
    const xs = points.map((p) => epochMillis(p.startTimeUnixNano) / 1000);
    const fg = cssVar('--fg-soft');
    const grid = cssVar('--border');
    const axis = (format) => ({ stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, size: 70,
      values: format ? (u, ticks) => ticks.map(format) : undefined });
    const width = Math.max(280, Math.floor((this.charts.clientWidth || 900) / 3) - 16);
    const chart = (title, series, data, format) => {
      const holder = h('figure', { class: 'red-chart', 'data-testid': 'red-chart' }, h('figcaption', null, title));
      this.charts.append(holder);
      this.plots.push(new uPlot({
        width, height: HEIGHT, legend: { show: true },
        scales: { x: { time: true } },
        axes: [axis(), axis(format)],
        series: [{}, ...series],
      }, [xs, ...data], holder));
    };
    this.charts.replaceChildren();
    const nanos = (key) => points.map((p) => (p.duration?.count ? p.duration[key] / 1e6 : null));
    chart('Requests', [{ label: 'per second', stroke: cssVar('--span-bar'), value: (u, v) => (v == null ? '' : formatRate(v)) }],
      [points.map((p) => p.ratePerSecond)], (v) => formatRate(v));
    chart('Errors', [{ label: 'error rate', stroke: cssVar('--bad'), value: (u, v) => (v == null ? '' : formatPercent(v)) }],
      [points.map((p) => p.errorRate)], (v) => formatPercent(v));
    const ms = (u, v) => (v == null ? '' : formatDuration(v * 1e6));
    chart('Duration', [
      { label: 'p50', stroke: cssVar('--ok'), value: ms },
      { label: 'p90', stroke: cssVar('--warn'), value: ms },
      { label: 'p99', stroke: cssVar('--bad'), value: ms },
    ], [nanos('p50Nanos'), nanos('p90Nanos'), nanos('p99Nanos')], (v) => formatDuration(v * 1e6));
  }
}

customElements.define('hs-red-charts', RedCharts);
