// The trace waterfall: a virtual list of rows (spans, hop gaps, uninstrumented peers) on one
// time axis. Only rows in view exist in the DOM; each pooled row keeps its parts and is refilled.
import { h } from '../js/dom.js';
import { formatDuration, formatMillis, formatSigned } from '../js/format.js';
import { VirtualList } from '../js/virtual-list.js';

export const ROW_HEIGHT = 26;
const INDENT = 14;

function createRow() {
  const parts = {
    toggle: h('button', { type: 'button', class: 'wf-toggle', tabindex: -1 }),
    service: h('span', { class: 'wf-service' }),
    name: h('span', { class: 'wf-name' }),
    badges: h('span', { class: 'wf-badges' }),
    bar: h('div', { class: 'wf-bar' }),
    barLabel: h('span', { class: 'wf-bar-label' }),
    gapOut: h('div', { class: 'wf-gap out' }),
    gapOutLabel: h('span', { class: 'wf-gap-label' }),
    gapRet: h('div', { class: 'wf-gap ret' }),
    gapRetLabel: h('span', { class: 'wf-gap-label' }),
  };
  parts.label = h('div', { class: 'wf-label' }, parts.toggle, parts.service, parts.name, parts.badges);
  const timeline = h('div', { class: 'wf-timeline' },
    parts.gapOut, parts.gapOutLabel, parts.bar, parts.barLabel, parts.gapRet, parts.gapRetLabel);
  const row = h('div', { class: 'wf-row', role: 'row' }, parts.label, timeline);
  row.parts = parts;
  return row;
}

function badge(text, kind, title) {
  return h('span', { class: `badge ${kind}`, title: title ?? text, 'data-testid': `badge-${kind}` }, text);
}

export class Waterfall {
  /** host: an element; callbacks: onSelect(index), onToggle(index). */
  constructor(host, { onSelect, onToggle }) {
    this.onSelect = onSelect;
    this.onToggle = onToggle;
    this.ticks = h('div', { class: 'wf-ticks' });
    this.viewport = h('div', { class: 'wf-viewport', tabindex: 0, role: 'treegrid', 'aria-label': 'Trace waterfall',
      'data-testid': 'waterfall' });
    host.append(h('div', { class: 'wf-header' }, h('div', { class: 'wf-label' }, 'Service · span'), this.ticks), this.viewport);
    this.list = new VirtualList(this.viewport, { rowHeight: ROW_HEIGHT, createRow, renderRow: (el, i) => this.fill(el, i) });
    this.viewport.addEventListener('click', (e) => {
      const row = e.target.closest('.wf-row');
      if (!row || row.dataset.index === '') return;
      const index = Number(row.dataset.index);
      if (e.target.closest('.wf-toggle')) this.onToggle(index);
      else this.onSelect(index);
    });
    this.rows = [];
    this.selected = -1;
    this.matches = new Set();
    this.current = null;
    this.showCritical = true;
  }

  /** rows from flatten(); model for the time axis. */
  show(model, rows, collapsed) {
    this.model = model;
    this.rows = rows;
    this.collapsed = collapsed;
    this.scale = 100 / (model.end - model.start);
    this.drawTicks();
    this.list.setCount(rows.length);
  }

  refresh() {
    this.list.refresh();
  }

  drawTicks() {
    const total = this.model.end - this.model.start;
    this.ticks.replaceChildren(...[0, 0.25, 0.5, 0.75, 1].map((f) => {
      const tick = h('span', { class: 'wf-tick' }, formatDuration(Math.round(total * f)));
      tick.style.left = `${f * 100}%`;
      return tick;
    }));
  }

  x(t) {
    return (t - this.model.start) * this.scale;
  }

  place(el, from, to) {
    const left = this.x(from);
    el.style.left = `${left}%`;
    el.style.width = `max(1px, ${Math.max(0, this.x(to) - left)}%)`;
  }

  /** Right of the span; left of it near the right edge; inside it when it fills the row. */
  placeLabel(el, from, to) {
    const start = this.x(from);
    const end = this.x(to);
    el.classList.toggle('inside', end > 82 && start < 12);
    if (end <= 82) {
      el.style.right = '';
      el.style.left = `calc(${end}% + 4px)`;
    } else if (start >= 12) {
      el.style.left = '';
      el.style.right = `calc(${100 - start}% + 4px)`;
    } else {
      el.style.left = '';
      el.style.right = `calc(${100 - end}% + 4px)`;
    }
  }

  fill(el, index) {
    const { node, depth } = this.rows[index];
    const p = el.parts;
    el.className = 'wf-row vl-row';
    el.classList.add(`type-${node.type}`);
    el.classList.toggle('selected', index === this.selected);
    el.classList.toggle('critical', this.showCritical && node.critical);
    el.classList.toggle('error', node.error);
    el.classList.toggle('match', this.matches.has(node));
    el.classList.toggle('current-match', this.current === node);
    el.setAttribute('aria-level', String(depth + 1));
    el.setAttribute('aria-selected', String(index === this.selected));
    el.dataset.testid = `wf-row-${node.type}`;
    el.dataset.nodeId = node.id;
    p.label.style.paddingLeft = `${depth * INDENT + 4}px`;
    const expandable = node.children.length > 0;
    p.toggle.hidden = !expandable;
    p.toggle.textContent = expandable && this.collapsed.has(node.id) ? '▸' : '▾';
    if (expandable) el.setAttribute('aria-expanded', String(!this.collapsed.has(node.id)));
    else el.removeAttribute('aria-expanded');
    p.badges.replaceChildren();
    for (const part of [p.gapOut, p.gapOutLabel, p.gapRet, p.gapRetLabel]) part.hidden = node.type !== 'gap';
    for (const label of [p.gapOutLabel, p.gapRetLabel]) {
      if (node.type === 'gap') label.dataset.testid = 'hop-gap-label';
      else delete label.dataset.testid;
    }
    p.bar.hidden = node.type === 'gap';
    p.barLabel.hidden = node.type === 'gap';
    if (node.type === 'span') this.fillSpan(node, p);
    else if (node.type === 'peer') this.fillPeer(node, p);
    else this.fillGap(node, p);
  }

  fillSpan(node, p) {
    const span = node.span;
    p.service.textContent = node.service;
    p.name.textContent = span.name;
    if (node.error) p.badges.append(badge('error', 'error', span.status?.message || 'status error'));
    if (node.orphan) p.badges.append(badge('parent missing', 'skew', `parent span ${span.parentSpanId} is not in this trace`));
    if (node.skew) p.badges.append(badge(`skew ${formatSigned(node.skew.offsetNanos)}`, 'skew', node.skew.text));
    if (this.collapsed.has(node.id)) p.badges.append(badge(`+${countBelow(node)}`, 'hidden-count', 'collapsed rows'));
    this.place(p.bar, node.start, node.end);
    p.barLabel.textContent = formatDuration(span.durationNanos);
    this.placeLabel(p.barLabel, node.start, node.end);
  }

  fillPeer(node, p) {
    p.service.textContent = node.peer.peer;
    p.name.textContent = node.peer.detail || 'uninstrumented peer';
    p.badges.append(badge('peer', 'peer', `${node.peer.callerService} calls ${node.peer.peer}, which sends no spans`));
    this.place(p.bar, node.start, node.end);
    p.barLabel.textContent = formatDuration(node.peer.durationNanos);
    this.placeLabel(p.barLabel, node.start, node.end);
  }

  fillGap(node, p) {
    const { hop, client, server } = node;
    p.service.textContent = `${hop.callerService} → ${hop.calleeService}`;
    p.name.textContent = 'hop gap';
    this.place(p.gapOut, client.start, server.start);
    p.gapOutLabel.textContent = `→ ${formatMillis(hop.outboundGapNanos)}`;
    p.gapOutLabel.title = `outbound gap ${hop.callerService} → ${hop.calleeService}: server start − client start`;
    this.placeLabel(p.gapOutLabel, client.start, server.start);
    this.place(p.gapRet, server.end, client.end);
    p.gapRetLabel.textContent = `← ${formatMillis(hop.returnGapNanos)}`;
    p.gapRetLabel.title = `return gap ${hop.calleeService} → ${hop.callerService}: client end − server end`;
    this.placeLabel(p.gapRetLabel, server.end, client.end);
    // A producer does not wait for its consumer: an async hop has no return gap.
    p.gapRet.hidden = Boolean(hop.async);
    p.gapRetLabel.hidden = Boolean(hop.async);
  }

  select(index) {
    this.selected = index;
    if (index >= 0) this.list.scrollToIndex(index);
    this.list.refresh();
  }

  visibleRowCount() {
    return this.list.visibleRowCount();
  }
}

function countBelow(node) {
  let count = 0;
  const stack = [...node.children];
  while (stack.length) {
    const n = stack.pop();
    count++;
    for (const c of n.children) stack.push(c);
  }
  return count;
}
