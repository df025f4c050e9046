// <hs-heatmap>: span durations over time from histogram_over_time(duration), one row per log2
// bucket, one column per step, drawn on a canvas. A cell opens the search for its spans (click, or
// arrow keys then Enter); exemplars are links over the canvas that open their trace.
import { h } from '../js/dom.js';
import { formatDuration } from '../js/format.js';
import { heatmapCell, heatmapIntensity } from '../js/metrics-model.js';
import { cellSearch } from '../js/metrics-query.js';
import { navigate } from '../js/router.js';
import { cssVar } from '../js/theme.js';

const MARGIN = { left: 78, right: 10, top: 8, bottom: 22 };

/** Shades of the accent colour: cells are batched per shade, one fill each (not one per cell). */
const SHADES = 16;

// One formatter each: toLocaleTimeString builds a new one per call, which cost more than the
// canvas itself for a heatmap's exemplar labels.
const CLOCK = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const HOUR_MINUTE = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

function clock(seconds) {
  return CLOCK.format(seconds * 1000);
}

class Heatmap extends HTMLElement {
  connectedCallback() {
    if (this.canvas) return;
    this.canvas = h('canvas', { class: 'heatmap-canvas', tabindex: 0, 'data-testid': 'heatmap-canvas', role: 'application',
      'aria-roledescription': 'heatmap', 'aria-describedby': 'heatmap-help' });
    this.layer = h('div', { class: 'exemplar-layer' });
    this.status = h('div', { class: 'heatmap-status', role: 'status', 'data-testid': 'heatmap-status' });
    this.help = h('p', { id: 'heatmap-help', class: 'kbd-help' },
      'Darker cells hold more spans. Click a cell, or focus the map and press the arrow keys then Enter, to search its spans; '
      + 'the dots are exemplars: each opens its trace.');
    this.append(h('div', { class: 'heatmap-frame' }, this.canvas, this.layer), this.status, this.help);
    this.canvas.addEventListener('click', (e) => this.openAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('mousemove', (e) => this.describe(this.cellAt(e.offsetX, e.offsetY)));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('focus', () => { this.paint(); this.describe(this.focusCell()); });
    this.canvas.addEventListener('blur', () => this.paint());
    this.onTheme = () => this.model && this.draw();
    document.addEventListener('hs-theme-change', this.onTheme);
    // The canvas is as wide as the element: redraw when that changes (not on every observation,
    // which would also recreate the exemplar links under a keyboard user's focus).
    this.resizer = new ResizeObserver(() => {
      if (this.model && this.g && this.clientWidth > 0 && Math.abs(Math.max(320, this.clientWidth) - this.g.width) > 1) this.draw();
    });
    this.resizer.observe(this);
  }

  disconnectedCallback() {
    document.removeEventListener('hs-theme-change', this.onTheme);
    this.resizer?.disconnect();
  }

  /**
   * model: heatmapModel(...); pipeline: the spans' TraceQL, or null when cells cannot search;
   * exemplars: heatmapExemplars(...).
   */
  show(model, { pipeline = null, exemplars = [] } = {}) {
    this.model = model;
    this.pipeline = pipeline;
    this.exemplars = exemplars;
    this.focus = this.busiestCell();
    this.draw();
  }

  busiestCell() {
    let best = { c: 0, r: 0, n: -1 };
    this.model.counts.forEach((line, r) => line.forEach((n, c) => { if (n > best.n) best = { c, r, n }; }));
    return { c: best.c, r: best.r };
  }

  geometry() {
    const { xs, rows, stepSeconds } = this.model;
    const width = Math.max(320, this.clientWidth || 900);
    const rowHeight = Math.max(10, Math.min(22, Math.floor(300 / Math.max(1, rows.length))));
    const height = MARGIN.top + MARGIN.bottom + rowHeight * rows.length;
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const t0 = xs[0] - stepSeconds;
    const span = xs[xs.length - 1] - t0;
    return { width, height, rowHeight, plotWidth, t0, span,
      x: (t) => MARGIN.left + ((t - t0) / span) * plotWidth,
      bottom: MARGIN.top + rowHeight * rows.length };
  }

  draw() {
    const started = performance.now();
    this.layer.replaceChildren();
    this.hidden = this.model.xs.length === 0;
    if (this.hidden) return;
    this.g = this.geometry();
    this.paint();
    this.placeExemplars();
    this.dataset.renderMillis = String(Math.round((performance.now() - started) * 10) / 10);
  }

  /** The canvas alone (cells, axes, the focused cell), so moving the focus keeps the links. */
  paint() {
    if (!this.g) return;
    const { xs, rows, counts, max, stepSeconds } = this.model;
    const g = this.g;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(g.width * ratio);
    this.canvas.height = Math.round(g.height * ratio);
    this.canvas.style.width = `${g.width}px`;
    this.canvas.style.height = `${g.height}px`;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const shades = Array.from({ length: SHADES }, () => new Path2D());
    for (let r = 0; r < rows.length; r++) {
      const top = g.bottom - (r + 1) * g.rowHeight;
      for (let c = 0; c < xs.length; c++) {
        const strength = heatmapIntensity(counts[r][c], max);
        if (strength === 0) continue;
        const left = g.x(xs[c] - stepSeconds);
        shades[Math.ceil(strength * SHADES) - 1].rect(left, top + 0.5, Math.max(1, g.x(xs[c]) - left - 0.5), g.rowHeight - 1);
      }
    }
    ctx.fillStyle = cssVar('--accent');
    shades.forEach((path, i) => {
      ctx.globalAlpha = 0.15 + (0.85 * (i + 1)) / SHADES;
      ctx.fill(path);
    });
    ctx.globalAlpha = 1;
    ctx.fillStyle = cssVar('--fg-soft');
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = g.rowHeight >= 14 ? 1 : 2;
    rows.forEach((row, r) => {
      if (r % every === 0) ctx.fillText(`≤ ${formatDuration(row.upperNanos)}`, MARGIN.left - 6, g.bottom - (r + 0.5) * g.rowHeight);
    });
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const ticks = Math.min(6, xs.length);
    for (let i = 0; i < ticks; i++) {
      const t = xs[Math.round((i * (xs.length - 1)) / Math.max(1, ticks - 1))];
      const label = stepSeconds < 60 ? clock(t) : HOUR_MINUTE.format(t * 1000);
      ctx.fillText(label, Math.min(g.width - 44, Math.max(MARGIN.left + 24, g.x(t))), g.bottom + 5);
    }
    this.drawFocus(ctx);
  }

  drawFocus(ctx) {
    if (document.activeElement !== this.canvas) return;
    const { c, r } = this.focus;
    const left = this.g.x(this.model.xs[c] - this.model.stepSeconds);
    ctx.strokeStyle = cssVar('--fg');
    ctx.lineWidth = 2;
    ctx.strokeRect(left, this.g.bottom - (r + 1) * this.g.rowHeight, this.g.x(this.model.xs[c]) - left, this.g.rowHeight);
  }

  placeExemplars() {
    const links = [];
    for (const e of this.exemplars) {
      const range = `${formatDuration(e.lowerNanos)} – ${formatDuration(e.upperNanos)}`;
      const link = h('a', { class: 'exemplar', href: `/trace/${e.traceId}${e.spanId ? `?span=${e.spanId}` : ''}`,
        'data-testid': 'exemplar', dataset: { traceId: e.traceId },
        'aria-label': `Exemplar at ${clock(e.x)}, duration ${range}: open trace ${e.traceId}`,
        title: `${range} at ${clock(e.x)} — trace ${e.traceId}` });
      link.style.left = `${this.g.x(e.x)}px`;
      link.style.top = `${this.g.bottom - e.position * this.g.rowHeight}px`;
      links.push(link);
    }
    this.layer.replaceChildren(...links);
  }

  /** The cell under a point of the canvas (CSS pixels), or null outside the plot. */
  cellAt(x, y) {
    if (!this.g) return null;
    const { xs, stepSeconds, rows } = this.model;
    const t = this.g.t0 + ((x - MARGIN.left) / this.g.plotWidth) * this.g.span;
    const c = Math.ceil((t - xs[0]) / stepSeconds - 1e-9);
    const r = Math.floor((this.g.bottom - y) / this.g.rowHeight);
    if (x < MARGIN.left || c < 0 || c >= xs.length || r < 0 || r >= rows.length) return null;
    return heatmapCell(this.model, c, r);
  }

  /**
   * A point inside a cell, in canvas CSS pixels, near its top edge where no exemplar (drawn at the
   * middle of its row) covers it; for tests, as the scatter's pointFor.
   */
  cellPoint(c, r) {
    const left = this.g.x(this.model.xs[c] - this.model.stepSeconds);
    return { x: (left + this.g.x(this.model.xs[c])) / 2, y: this.g.bottom - (r + 1) * this.g.rowHeight + 2,
      width: this.g.width, height: this.g.height };
  }

  focusCell() {
    return this.model ? heatmapCell(this.model, this.focus.c, this.focus.r) : null;
  }

  describe(cell) {
    this.canvas.classList.toggle('pointing', Boolean(cell?.count && this.pipeline));
    this.status.textContent = cell ? `${clock(cell.endSeconds - cell.stepSeconds)}–${clock(cell.endSeconds)} · `
      + `${formatDuration(cell.lowerNanos)} – ${formatDuration(cell.upperNanos)} · ${cell.count} span${cell.count === 1 ? '' : 's'}`
      + (cell.count && this.pipeline ? ' · Enter or click searches them' : '') : '';
  }

  open(cell) {
    if (!cell?.count || !this.pipeline) return;
    navigate(`/search?${cellSearch(this.pipeline, cell)}`);
  }

  openAt(x, y) {
    const cell = this.cellAt(x, y);
    if (cell) this.focus = { c: cell.column, r: cell.row };
    this.open(cell);
  }

  onKey(event) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (moves[event.key]) {
      event.preventDefault();
      const [dc, dr] = moves[event.key];
      this.focus = {
        c: Math.max(0, Math.min(this.model.xs.length - 1, this.focus.c + dc)),
        r: Math.max(0, Math.min(this.model.rows.length - 1, this.focus.r + dr)),
      };
      this.paint();
      this.describe(this.focusCell());
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.open(this.focusCell());
    }
  }
}

customElements.define('hs-heatmap', Heatmap);
