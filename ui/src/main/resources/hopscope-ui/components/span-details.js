// <hs-span-details>: one span's attributes, resource, scope, events and links (both directions).
import { api } from '../js/api.js';
import { h } from '../js/dom.js';
import { quote } from '../js/traceql.js';
import { attributeText, formatDuration, formatMillis, formatSigned, formatTime } from '../js/format.js';
import { linkedFrom } from '../js/trace-model.js';

function attributeTable(attributes, testid) {
  if (!attributes?.length) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'data kv', 'data-testid': testid }, h('tbody', null,
    attributes.map((a) => h('tr', null, h('th', { scope: 'row', class: 'mono' }, a.key),
      h('td', { class: 'mono' }, attributeText(a), h('span', { class: 'attr-type' }, a.type))))));
}

function section(title, ...content) {
  return h('section', { class: 'details-section' }, h('h3', null, title), ...content);
}

function spanLink(traceId, spanId, currentTraceId) {
  const href = `/trace/${encodeURIComponent(traceId)}?span=${encodeURIComponent(spanId)}`;
  return h('a', { href, 'data-testid': 'span-link' },
    traceId === currentTraceId ? `span ${spanId}` : `trace ${traceId} · span ${spanId}`);
}

class SpanDetails extends HTMLElement {
  connectedCallback() {
    this.setAttribute('role', 'complementary');
    this.setAttribute('aria-label', 'Span details');
    this.dataset.testid = 'span-details';
  }

  /** node: a waterfall node (span, peer or gap); model: the trace model. */
  // Leaving the view cancels what it still waits for: the answer would go nowhere and its work on
  // the server would be wasted.
  disconnectedCallback() {
    this.abort?.abort();
  }

  show(node, model, onClose) {
    this.abort?.abort();
    const close = h('button', { type: 'button', class: 'details-close', 'aria-label': 'Close details',
      'data-testid': 'details-close', on: { click: onClose } }, '×');
    if (node.type === 'gap') return this.replaceChildren(close, ...this.gap(node));
    if (node.type === 'peer') return this.replaceChildren(close, ...this.peer(node));
    return this.replaceChildren(close, ...this.span(node, model));
  }

  gap({ hop }) {
    return [h('h2', null, `Hop ${hop.callerService} → ${hop.calleeService}`),
      h('dl', { class: 'facts' },
        h('dt', null, 'outbound gap'), h('dd', null, formatMillis(hop.outboundGapNanos)),
        h('dt', null, 'server time'), h('dd', null, formatMillis(hop.serverNanos)),
        h('dt', null, 'return gap'), h('dd', null, formatMillis(hop.returnGapNanos)),
        h('dt', null, 'client span'), h('dd', { class: 'mono' }, hop.clientSpanId),
        h('dt', null, 'server span'), h('dd', { class: 'mono' }, hop.serverSpanId)),
      h('p', { class: 'muted' }, 'Outbound gap = server start − client start; return gap = client end − server end. '
        + 'Time in the network, proxies, queues and connection pools, seen by neither service.')];
  }

  peer({ peer }) {
    return [h('h2', null, `Uninstrumented peer ${peer.peer}`),
      h('dl', { class: 'facts' },
        h('dt', null, 'called by'), h('dd', null, peer.callerService),
        h('dt', null, 'duration'), h('dd', null, formatDuration(peer.durationNanos)),
        h('dt', null, 'detail'), h('dd', { class: 'mono' }, peer.detail || '—'),
        h('dt', null, 'client span'), h('dd', { class: 'mono' }, peer.clientSpanId)),
      h('p', { class: 'muted' }, 'This peer sends no spans; its time is the client span seen from the caller.')];
  }

  span(node, model) {
    const s = node.span;
    const facts = h('dl', { class: 'facts' },
      h('dt', null, 'service'), h('dd', null, node.service),
      h('dt', null, 'kind'), h('dd', null, s.kind),
      h('dt', null, 'status'), h('dd', { class: node.error ? 'error-text' : null },
        s.status?.code ?? 'unset', s.status?.message ? `: ${s.status.message}` : ''),
      h('dt', null, 'start'), h('dd', { class: 'mono' }, formatTime(s.startTimeUnixNano)),
      h('dt', null, 'duration'), h('dd', null, formatDuration(s.durationNanos)),
      h('dt', null, 'span id'), h('dd', { class: 'mono' }, s.spanId),
      h('dt', null, 'parent'), h('dd', { class: 'mono' }, s.parentSpanId || '(root)'),
      h('dt', null, 'scope'), h('dd', { class: 'mono' }, [s.scope?.name, s.scope?.version].filter(Boolean).join(' ') || '—'));
    if (node.skew) {
      facts.append(h('dt', null, 'clock skew'), h('dd', { class: 'skew-text' },
        `${node.skew.text} (shown shifted by ${formatSigned(node.skew.offsetNanos)})`));
    }
    const events = (s.events ?? []).map((e) => h('li', null,
      h('span', { class: 'mono' }, `+${formatDuration(Number(BigInt(e.timeUnixNano) - BigInt(s.startTimeUnixNano)))} `),
      h('strong', null, e.name), attributeTable(e.attributes, 'event-attributes')));
    const links = (s.links ?? []).map((l) => h('li', null, spanLink(l.traceId, l.spanId, model.traceId),
      attributeTable(l.attributes, 'link-attributes')));
    const incoming = linkedFrom(model, s.spanId).map((n) => h('li', null,
      spanLink(model.traceId, n.span.spanId, model.traceId), ` ${n.service}: ${n.span.name}`));
    return [
      h('h2', null, s.name),
      facts,
      section('Attributes', attributeTable(s.attributes, 'span-attributes')),
      section('Resource', attributeTable(s.resource?.attributes, 'resource-attributes')),
      section(`Events (${events.length})`, events.length ? h('ul', { class: 'plain' }, events) : h('p', { class: 'muted' }, 'none')),
      section(`Links (${links.length})`, links.length ? h('ul', { class: 'plain', 'data-testid': 'links' }, links) : h('p', { class: 'muted' }, 'none')),
      section(`Linked from (${incoming.length})`, incoming.length ? h('ul', { class: 'plain' }, incoming)
        : h('p', { class: 'muted' }, 'no span in this trace links here')),
      this.linkedFromOtherTraces(s, model.traceId),
    ];
  }

  /** Spans of other traces that link to this one, found with TraceQL's link:spanID. */
  linkedFromOtherTraces(span, traceId) {
    const list = h('div', { 'data-testid': 'linked-from-traces' }, h('p', { class: 'muted' }, 'searching…'));
    const abort = new AbortController();
    this.abort = abort;
    const startSeconds = Number(BigInt(span.startTimeUnixNano) / 1000000000n);
    api.search({ q: `{ link:spanID = ${quote(span.spanId)} }`, start: startSeconds - 3600,
      end: startSeconds + 6 * 3600, limit: 20 }, { signal: abort.signal })
      .then((body) => {
        const items = (body.traces ?? []).filter((t) => t.traceId !== traceId).flatMap((t) =>
          (t.matched?.length ? t.matched : [{ spanId: '', serviceName: t.rootServiceName, name: t.rootName }]).map((m) =>
            h('li', null, h('a', { href: `/trace/${encodeURIComponent(t.traceId)}${m.spanId ? `?span=${encodeURIComponent(m.spanId)}` : ''}`,
              'data-testid': 'incoming-link' }, `trace ${t.traceId} · ${m.serviceName}: ${m.name}`))));
        list.replaceChildren(items.length ? h('ul', { class: 'plain' }, items)
          : h('p', { class: 'muted' }, 'no span of another trace links here (from an hour before to six hours after)'));
      })
      .catch((e) => {
        if (e.name !== 'AbortError') list.replaceChildren(h('p', { class: 'muted' }, `cannot search for incoming links: ${e.message}`));
      });
    return section('Linked from other traces', list);
  }
}

customElements.define('hs-span-details', SpanDetails);
