// History API routing: every view has a shareable URL; back and forward re-render from the URL.

const listeners = new Set();

export function currentRoute() {
  const { pathname, search } = window.location;
  const params = new URLSearchParams(search);
  const trace = /^\/trace\/([0-9a-fA-F]{1,32})\/?$/.exec(pathname);
  if (trace) return { view: 'trace', traceId: trace[1].toLowerCase(), params };
  if (pathname === '/map' || pathname === '/map/') return { view: 'map', params };
  if (pathname === '/compare' || pathname === '/compare/') return { view: 'compare', params };
  if (pathname === '/aggregates' || pathname === '/aggregates/') return { view: 'aggregates', params };
  if (pathname === '/red' || pathname === '/red/') return { view: 'red', params };
  if (pathname === '/' || pathname === '/search' || pathname === '/search/') {
    return { view: 'search', params };
  }
  return { view: 'not-found', params, pathname };
}

export function onRoute(listener) {
  listeners.add(listener);
}

function dispatch() {
  const route = currentRoute();
  for (const listener of listeners) listener(route);
}

/** Goes to an internal URL, adding a history entry unless replace is set. */
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, window.location.origin);
  if (target.origin !== window.location.origin) throw new Error(`not an internal URL: ${url}`);
  const path = target.pathname + target.search + target.hash;
  if (path === window.location.pathname + window.location.search + window.location.hash) {
    if (!replace) dispatch();
    return;
  }
  window.history[replace ? 'replaceState' : 'pushState'](null, '', path);
  dispatch();
}

/** Changes the URL without re-rendering (e.g. the selected span), so it stays shareable. */
export function replaceQuietly(url) {
  window.history.replaceState(null, '', url);
}

export function startRouter() {
  window.addEventListener('popstate', dispatch);
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target.closest?.('a[href]');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    if (anchor.origin !== window.location.origin) return;
    if (anchor.pathname.startsWith('/api/') || anchor.pathname.startsWith('/webjars/')) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search + anchor.hash);
  });
  dispatch();
}
