// Boot: theme, routing, one view element at a time in <main id="view">.
import { setupTheme } from './theme.js';
import { setupSession } from './session.js';
import { onRoute, startRouter } from './router.js';
import { h } from './dom.js';
import '../components/search-view.js';
import '../components/trace-view.js';
import '../components/map-view.js';
import '../components/compare-view.js';
import '../components/aggregates-view.js';
import '../components/red-view.js';

const VIEW_TAGS = {
  search: 'hs-search-view',
  trace: 'hs-trace-view',
  map: 'hs-map-view',
  compare: 'hs-compare-view',
  aggregates: 'hs-aggregates-view',
  red: 'hs-red-view',
};

const main = document.getElementById('view');

function show(route) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const tag = VIEW_TAGS[route.view];
  if (!tag) {
    document.title = 'Not found · Hopscope';
    main.replaceChildren(h('section', { class: 'view', 'data-testid': 'not-found' },
      h('h1', null, 'No such page'),
      h('p', null, 'Nothing lives at ', h('code', null, route.pathname), '. ',
        h('a', { href: '/search' }, 'Search traces'), '.')));
    return;
  }
  let view = main.firstElementChild;
  if (!view || view.localName !== tag) {
    view = document.createElement(tag);
    main.replaceChildren(view);
  }
  view.route(route);
}

// "/" focuses the current view's main input, like most tracing UIs.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest?.('input, textarea, select, [contenteditable]')) return;
  const input = main.querySelector('[data-shortcut-focus]');
  if (input) {
    event.preventDefault();
    input.focus();
  }
});

setupTheme(document.getElementById('theme-toggle'));
setupSession(document.getElementById('session'));
onRoute(show);
startRouter();
