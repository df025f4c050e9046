// A fixed-row-height virtual list: the DOM holds only the rows in view plus a small overscan,
// recycled on scroll, so 100,000 rows cost what 60 do. See RATIONALE.md, "Virtualisation".

const OVERSCAN = 8;

export class VirtualList {
  /**
   * viewport: the scrolling element; rowHeight in px;
   * createRow(): a fresh row element; renderRow(el, index): fill it for that index.
   */
  constructor(viewport, { rowHeight, createRow, renderRow }) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.createRow = createRow;
    this.renderRow = renderRow;
    this.count = 0;
    this.pool = [];
    this.frame = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.layer = document.createElement('div');
    this.layer.className = 'vl-rows';
    this.spacer.append(this.layer);
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(viewport);
  }

  setCount(count) {
    this.count = count;
    this.spacer.style.height = `${count * this.rowHeight}px`;
    this.refresh();
  }

  /** Re-renders every row in view (data or highlighting changed). */
  refresh() {
    for (const el of this.pool) el.dataset.index = '';
    this.render();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render() {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - OVERSCAN);
    const wanted = Math.ceil(height / this.rowHeight) + 2 * OVERSCAN;
    while (this.pool.length < wanted) {
      const el = this.createRow();
      el.classList.add('vl-row');
      this.layer.append(el);
      this.pool.push(el);
    }
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k];
      const index = first + k;
      if (k >= wanted || index >= this.count) {
        el.hidden = true;
        el.dataset.index = '';
        continue;
      }
      el.hidden = false;
      if (el.dataset.index !== String(index)) {
        el.dataset.index = String(index);
        el.style.transform = `translateY(${index * this.rowHeight}px)`;
        this.renderRow(el, index);
      }
    }
  }

  /** Scrolls just enough to show the row. */
  scrollToIndex(index) {
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    const view = this.viewport;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (bottom > view.scrollTop + view.clientHeight) view.scrollTop = bottom - view.clientHeight;
    this.render();
  }

  visibleRowCount() {
    return Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight));
  }

  disconnect() {
    this.resizeObserver.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
  }
}
