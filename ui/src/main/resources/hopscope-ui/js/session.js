// Who the UI acts as, when the server checks tokens: the tenant (switchable among the token's
// tenants) and a sign-out button. The token itself never reaches this script: the session is an
// HttpOnly cookie, so a script smuggled in through span data could not read it either.
import { h } from './dom.js';

export async function setupSession(slot) {
  let who;
  try {
    const response = await fetch('/auth/whoami', { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    who = await response.json();
  } catch {
    return;
  }
  if (!who.auth) return;
  const tenants = (who.tenants ?? []).filter((t) => t !== '*');
  let tenant;
  if (tenants.length > 1) {
    const select = h('select', {
      'aria-label': 'Tenant',
      'data-testid': 'session-tenant-select',
      on: {
        change: async (event) => {
          const body = new URLSearchParams({ tenant: event.target.value });
          const answer = await fetch('/auth/tenant', { method: 'POST', body });
          if (answer.ok) window.location.reload();
        },
      },
    }, ...tenants.map((t) => h('option', { value: t, selected: t === who.tenant, text: t })));
    tenant = select;
  } else {
    tenant = h('strong', { 'data-testid': 'session-tenant', text: who.tenant });
  }
  const signOut = h('form', { method: 'post', action: '/auth/signout', class: 'session-signout' },
    h('button', { type: 'submit', 'data-testid': 'signout' }, 'Sign out'));
  slot.replaceChildren(
    h('span', { class: 'session-who', title: `token: ${who.name ?? ''}` }, 'Tenant ', tenant),
    signOut);
  slot.hidden = false;
}
