// <hs-search-form>: service, operation, attributes, duration and time range; writes the TraceQL.
import { api } from '../js/api.js';
import { h } from '../js/dom.js';
import { DURATION_PATTERN, buildQuery } from '../js/traceql.js';
import './range-picker.js';

class SearchForm extends HTMLElement {
  connectedCallback() {
    if (this.service) return;
    this.service = h('select', { id: 'form-service', 'data-testid': 'form-service' }, h('option', { value: '' }, 'any service'));
    this.operation = h('select', { id: 'form-operation', 'data-testid': 'form-operation' }, h('option', { value: '' }, 'any operation'));
    this.attrList = h('datalist', { id: 'form-attribute-names' });
    this.attributeRows = h('div', { class: 'form-attributes' });
    this.minDuration = h('input', { id: 'form-min-duration', placeholder: 'e.g. 100ms', size: 8, 'data-testid': 'form-min-duration' });
    this.maxDuration = h('input', { id: 'form-max-duration', placeholder: 'e.g. 2s', size: 8, 'data-testid': 'form-max-duration' });
    this.range = h('hs-range-picker', { 'data-testid': 'form-range' });
    this.message = h('span', { class: 'form-message', role: 'status' });
    this.addAttributeRow();

    this.append(h('form', { class: 'search-form', 'data-testid': 'search-form', on: { submit: (e) => { e.preventDefault(); this.emit('run'); } } },
      h('label', { for: 'form-service' }, 'Service', this.service),
      h('label', { for: 'form-operation' }, 'Operation', this.operation),
      h('fieldset', { class: 'form-attr-set' }, h('legend', null, 'Attributes'), this.attributeRows,
        h('button', { type: 'button', class: 'small', on: { click: () => this.addAttributeRow() } }, '+ attribute')),
      h('label', { for: 'form-min-duration' }, 'Min duration', this.minDuration),
      h('label', { for: 'form-max-duration' }, 'Max duration', this.maxDuration),
      this.range,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'search-button' }, 'Search'),
      this.message, this.attrList));

    this.service.addEventListener('change', () => { this.loadOperations(); this.write(); });
    this.operation.addEventListener('change', () => this.write());
    for (const input of [this.minDuration, this.maxDuration]) input.addEventListener('input', () => this.write());
    this.loadServices();
    api.attributes().then(({ attributes }) => this.attrList.replaceChildren(
      ...(attributes ?? []).map((name) => h('option', { value: name })))).catch(() => {});
  }

  addAttributeRow() {
    const index = this.attributeRows.children.length;
    const values = h('datalist', { id: `form-attr-values-${index}` });
    const name = h('input', { placeholder: 'span.http.route', list: 'form-attribute-names', 'aria-label': 'Attribute name', 'data-testid': 'form-attr-name' });
    const value = h('input', { placeholder: 'value', list: values.id, 'aria-label': 'Attribute value', 'data-testid': 'form-attr-value' });
    name.addEventListener('input', () => this.write());
    value.addEventListener('input', () => this.write());
    value.addEventListener('focus', () => {
      if (!name.value.trim()) return;
      api.attributeValues(name.value.trim(), '').then(({ values: list }) =>
        values.replaceChildren(...(list ?? []).map((v) => h('option', { value: v })))).catch(() => {});
    });
    this.attributeRows.append(h('div', { class: 'form-attr-row' }, name, value, values));
  }

  async loadServices() {
    try {
      const { services } = await api.services();
      this.service.replaceChildren(h('option', { value: '' }, 'any service'),
        ...(services ?? []).map((s) => h('option', { value: s }, s)));
    } catch (e) {
      this.message.textContent = `services unavailable: ${e.message}`;
    }
  }

  async loadOperations() {
    this.operation.replaceChildren(h('option', { value: '' }, 'any operation'));
    if (!this.service.value) return;
    try {
      const { operations } = await api.operations(this.service.value);
      this.operation.append(...(operations ?? []).map((o) => h('option', { value: o }, o)));
    } catch (e) {
      this.message.textContent = `operations unavailable: ${e.message}`;
    }
  }

  spec() {
    return {
      service: this.service.value,
      operation: this.operation.value,
      attributes: [...this.attributeRows.querySelectorAll('.form-attr-row')].map((row) => {
        const [name, value] = row.querySelectorAll('input');
        return { name: name.value, value: value.value };
      }),
      minDuration: this.minDuration.value.trim(),
      maxDuration: this.maxDuration.value.trim(),
    };
  }

  write() {
    const spec = this.spec();
    const bad = [spec.minDuration, spec.maxDuration].filter((d) => d && !DURATION_PATTERN.test(d));
    this.message.textContent = bad.length ? `"${bad[0]}" is not a duration; write e.g. 250ms, 1.5s, 2m` : '';
    if (bad.length) return;
    this.emit('query', buildQuery(spec));
  }

  /** The time range as URL parameters ({range} or {start, end}); null, with a message, if From/To are not a window. */
  timeParams() {
    return this.range.urlParams();
  }

  showTime(params) {
    this.range.show(params);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

customElements.define('hs-search-form', SearchForm);
