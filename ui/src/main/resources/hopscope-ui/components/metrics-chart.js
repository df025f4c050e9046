// <hs-metrics-chart>: series over time with uPlot, and exemplars as links over the plot: each one
// an <a href="/trace/…"> placed at its point, so a keyboard reaches it with Tab and a click opens
// the trace behind it.
import uPlot from '/js/vendor/uplot.js';
import { h } from '../js/dom.js';
import { cssVar } from '../js/theme.js';

const HEIGHT = 160;
const PALETTE = ['--span-bar', '--warn', '--bad', '--ok', '--accent', '--gap', '--peer'];

// One formatter: toLocaleTimeString builds a new one per call (per exemplar label, per hover).
const TIME = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function timeText(seconds) {
  return TIME.format(seconds * 1000);
}

class MetricsChart extends HTMLElement {
  connectedCallback() {
    if (this.holder) return;
    this.caption = h('figcaption');
    this.holder = h('div', { class: 'metrics-plot' });
    this.empty = h('p', { class: 'muted', hidden: true }, 'No data in this time range.');
    this.append(h('figure', { class: 'metrics-figure' }, this.caption, this.holder, this.empty));
    this.onTheme = () => this.spec && this.draw();
    document.addEventListener('hs-theme-change', this.onTheme);
  }

  disconnectedCallback() {
    document.removeEventListener('hs-theme-change', this.onTheme);
    this.plot?.destroy();
    this.plot = null;
  }

  /**
   * spec: {title, xs (epoch seconds), series: [{label, values, cssColor?, spanGaps?}], format (value → text),
   * exemplars: [{x, y, traceId, spanId}], width?}
   */
  show(spec) {
    this.spec = spec;
    this.draw();
  }

  draw() {
    const started = performance.now();
    const { title, xs, series, format, exemplars = [] } = this.spec;
    this.plot?.destroy();
    this.plot = null;
    this.exemplarLinks = [];
    this.caption.textContent = title;
    this.holder.replaceChildren();
    this.empty.hidden = xs.length > 0;
    if (xs.length === 0) return;
    const fg = cssVar('--fg-soft');
    const grid = cssVar('--border');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const text = (u, v) => (v == null ? '' : format(v));
    this.plot = new uPlot({
      width: this.spec.width ?? Math.max(300, Math.min(560, (this.clientWidth || 460))),
      height: HEIGHT,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [axis, { ...axis, size: 72, values: (u, ticks) => ticks.map(format) }],
      series: [{ value: (u, v) => (v == null ? '' : timeText(v)) },
        ...series.map((s, i) => ({ label: s.label, stroke: cssVar(s.cssColor ?? PALETTE[i % PALETTE.length]), width: 1.5, value: text, spanGaps: Boolean(s.spanGaps) }))],
      hooks: { draw: [(u) => this.placeExemplars(u)] },
    }, [xs, ...series.map((s) => s.values)], this.holder);
    this.links = h('div', { class: 'exemplar-layer' });
    this.plot.over.append(this.links);
    this.exemplarLinks = exemplars.map((e) => h('a', {
      class: 'exemplar', href: `/trace/${e.traceId}${e.spanId ? `?span=${e.spanId}` : ''}`,
      'data-testid': 'exemplar', dataset: { traceId: e.traceId },
      'aria-label': `Exemplar at ${timeText(e.x)}: ${format(e.y)}, open trace ${e.traceId}`,
      title: `${format(e.y)} at ${timeText(e.x)} — trace ${e.traceId}`,
    }));
    this.links.append(...this.exemplarLinks);
    this.placeExemplars(this.plot);
    this.dataset.renderMillis = String(Math.round((performance.now() - started) * 10) / 10);
  }

  /** Puts each exemplar link at its point (CSSOM, which the CSP allows); hides those off scale. */
  placeExemplars(u) {
    const exemplars = this.spec?.exemplars ?? [];
    (this.exemplarLinks ?? []).forEach((link, i) => {
      const e = exemplars[i];
      if (!e) return;
      const left = u.valToPos(e.x, 'x');
      const top = u.valToPos(e.y, 'y');
      const inside = left >= 0 && top >= 0 && left <= u.over.clientWidth && top <= u.over.clientHeight;
      link.hidden = !inside;
      link.style.left = `${left}px`;
      link.style.top = `${top}px`;
    });
  }
}

customElements.define('hs-metrics-chart', MetricsChart);
