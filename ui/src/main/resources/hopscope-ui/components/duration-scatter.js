// <hs-scatter>: trace duration over start time (uPlot, points only); clicking a point opens it.
import uPlot from '/js/vendor/uplot.js';
import { h } from '../js/dom.js';
import { epochMillis, formatDuration } from '../js/format.js';
import { navigate } from '../js/router.js';
import { cssVar } from '../js/theme.js';

const HEIGHT = 180;
const HIT_RADIUS = 10;

class Scatter extends HTMLElement {
  connectedCallback() {
    if (this.holder) return;
    this.holder = h('div', { class: 'scatter-plot', 'data-testid': 'scatter', role: 'img',
      'aria-label': 'Trace duration over start time; click a point to open the trace' });
    this.tip = h('div', { class: 'scatter-tip', role: 'status' });
    this.append(this.holder, this.tip);
    this.traces = [];
    this.onTheme = () => this.draw();
    document.addEventListener('hs-theme-change', this.onTheme);
    this.resizer = new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT }));
    this.resizer.observe(this);
  }

  disconnectedCallback() {
    document.removeEventListener('hs-theme-change', this.onTheme);
    this.resizer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  width() {
    return Math.max(300, this.clientWidth || 800);
  }

  show(traces) {
    this.traces = [...traces].sort((a, b) => epochMillis(a.startTimeUnixNano) - epochMillis(b.startTimeUnixNano));
    this.draw();
  }

  draw() {
    this.plot?.destroy();
    this.plot = null;
    this.holder.replaceChildren();
    this.hidden = this.traces.length === 0;
    if (this.hidden) return;
    const xs = this.traces.map((t) => epochMillis(t.startTimeUnixNano) / 1000);
    const ok = this.traces.map((t) => (t.errorCount ? null : t.durationNanos / 1e6));
    const bad = this.traces.map((t) => (t.errorCount ? t.durationNanos / 1e6 : null));
    const fg = cssVar('--fg-soft');
    const grid = cssVar('--border');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const points = (color) => ({ show: true, size: 7, stroke: color, fill: color });
    this.plot = new uPlot({
      width: this.width(),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: true } },
      axes: [axis, { ...axis, size: 70, values: (u, ticks) => ticks.map((v) => formatDuration(v * 1e6)) }],
      series: [
        {},
        { label: 'ok', paths: () => null, points: points(cssVar('--span-bar')) },
        { label: 'error', paths: () => null, points: points(cssVar('--span-bar-error')) },
      ],
    }, [xs, ok, bad], this.holder);
    this.plot.over.addEventListener('click', (e) => {
      const trace = this.traceAt(e.offsetX, e.offsetY);
      if (trace) navigate(`/trace/${trace.traceId}`);
    });
    this.plot.over.addEventListener('mousemove', (e) => {
      const trace = this.traceAt(e.offsetX, e.offsetY);
      this.plot.over.classList.toggle('pointing', Boolean(trace));
      this.tip.textContent = trace ? `${trace.rootServiceName}: ${trace.rootName} — ${formatDuration(trace.durationNanos)}` : '';
    });
  }

  /** The trace drawn nearest to (x, y) in the plot area's CSS pixels, within HIT_RADIUS. */
  traceAt(x, y) {
    let best = null;
    let bestDistance = HIT_RADIUS * HIT_RADIUS;
    this.traces.forEach((trace, i) => {
      const p = this.pointOf(i);
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d <= bestDistance) {
        bestDistance = d;
        best = trace;
      }
    });
    return best;
  }

  pointOf(index) {
    const trace = this.traces[index];
    return {
      x: this.plot.valToPos(epochMillis(trace.startTimeUnixNano) / 1000, 'x'),
      y: this.plot.valToPos(trace.durationNanos / 1e6, 'y'),
    };
  }

  /** Where a trace's point is, relative to the plot area's top-left corner (used by tests). */
  pointFor(traceId) {
    const index = this.traces.findIndex((t) => t.traceId === traceId);
    if (index < 0 || !this.plot) return null;
    const { x, y } = this.pointOf(index);
    const rect = this.plot.over.getBoundingClientRect();
    return { x, y, width: rect.width, height: rect.height };
  }
}

customElements.define('hs-scatter', Scatter);
