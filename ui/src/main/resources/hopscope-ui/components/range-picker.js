// <hs-range-picker>: the time range control of every view (search, map, RED, aggregates): a preset
// or a custom From/To window, read from and written to the URL through js/time-range.js. The view
// decides what a change does: the map and RED pages (attribute `apply`) navigate at once, the search
// and aggregates forms wait for their own button. See RATIONALE.md, "One time range selector".
import { h } from '../js/dom.js';
import { DEFAULT_PRESET, PRESETS, RangeInputError, customRange, rangeParams, rangeWindow, readRange, toLocalInput } from '../js/time-range.js';

class RangePicker extends HTMLElement {
  connectedCallback() {
    this.build();
  }

  // Built on first use rather than in the constructor: a view may call show() before it appends
  // the picker, and an element made by createElement may not have children from its constructor.
  build() {
    if (this.select) return;
    this.classList.add('range-picker');
    this.select = h('select', { 'data-testid': 'range-preset' },
      PRESETS.map((p) => h('option', { value: p.key }, p.label)), h('option', { value: 'custom' }, 'Custom…'));
    this.from = h('input', { type: 'datetime-local', step: 1, 'aria-label': 'From', 'data-testid': 'range-from' });
    this.to = h('input', { type: 'datetime-local', step: 1, 'aria-label': 'To', 'data-testid': 'range-to' });
    const immediate = this.hasAttribute('apply');
    this.custom = h('span', { class: 'range-custom', hidden: true }, this.from, '–', this.to,
      immediate ? h('button', { type: 'button', class: 'small', 'data-testid': 'range-apply', on: { click: () => this.applyCustom() } }, 'Apply') : null);
    this.message = h('span', { class: 'range-message', role: 'status', 'data-testid': 'range-message' });
    this.append(h('label', null, 'Time range', this.select), this.custom, this.message);
    this.select.addEventListener('change', () => this.picked());
    for (const input of [this.from, this.to]) {
      input.addEventListener('input', () => this.say(''));
      if (immediate) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.applyCustom(); });
    }
  }

  /** Shows the range a URL names. A broken one is left to the view's error box, which says why. */
  show(params) {
    this.build();
    this.shown = null;
    let range;
    try {
      range = readRange(params);
    } catch (e) {
      if (!(e instanceof RangeInputError)) throw e;
      this.select.value = 'custom';
      this.from.value = '';
      this.to.value = '';
      this.custom.hidden = false;
      this.say('');
      return;
    }
    this.say(range.note ?? '');
    if (range.preset !== undefined) this.lastPreset = range.preset;
    this.select.value = range.preset ?? 'custom';
    this.custom.hidden = range.preset !== undefined;
    this.from.value = range.preset === undefined ? toLocalInput(range.start) : '';
    this.to.value = range.preset === undefined ? toLocalInput(range.end) : '';
    // A custom window the user leaves alone goes back into links exactly as the URL wrote it.
    if (range.preset === undefined) {
      this.shown = { from: this.from.value, to: this.to.value, params: { start: params.get('start'), end: params.get('end') } };
    }
  }

  /**
   * The range as URL parameters ({range} or {start, end}), or null when From/To are not a window:
   * then the message says why and the wrong input has focus.
   */
  urlParams() {
    this.build();
    if (this.select.value !== 'custom') return rangeParams({ preset: this.select.value });
    try {
      const untouched = this.shown && this.shown.from === this.from.value && this.shown.to === this.to.value;
      const params = untouched ? { ...this.shown.params } : rangeParams(customRange(this.from.value, this.to.value));
      this.say('');
      return params;
    } catch (e) {
      if (!(e instanceof RangeInputError)) throw e;
      const input = e.input === 'to' ? this.to : this.from;
      this.say(e.message, input);
      input.focus();
      return null;
    }
  }

  picked() {
    this.say('');
    const custom = this.select.value === 'custom';
    this.custom.hidden = !custom;
    if (!custom) {
      this.emitChange();
      return;
    }
    if (!this.from.value && !this.to.value) {
      // Start from the window the preset showed, so "custom" is a small edit, not a blank form.
      const now = Date.now() / 1000;
      this.from.value = toLocalInput(Number(rangeWindow({ preset: this.lastPreset ?? DEFAULT_PRESET }, now).start));
      this.to.value = toLocalInput(Math.floor(now));
    }
    this.from.focus();
  }

  applyCustom() {
    if (this.urlParams()) this.emitChange();
  }

  emitChange() {
    if (this.select.value !== 'custom') this.lastPreset = this.select.value;
    this.dispatchEvent(new CustomEvent('range-change'));
  }

  /** The message beside the control (textContent: it may quote the URL), and the input it is about. */
  say(text, invalid = null) {
    this.message.textContent = text;
    for (const input of [this.from, this.to]) {
      if (input === invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
}

customElements.define('hs-range-picker', RangePicker);
