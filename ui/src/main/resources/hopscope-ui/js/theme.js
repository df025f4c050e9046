// Light and dark: "auto" follows prefers-color-scheme; the toggle pins one and remembers it.

const KEY = 'hopscope.theme';
const ORDER = ['auto', 'light', 'dark'];

function stored() {
  try {
    return localStorage.getItem(KEY) ?? 'auto';
  } catch {
    return 'auto';
  }
}

function apply(mode, button) {
  if (mode === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = mode;
  button.textContent = `Theme: ${mode}`;
  document.dispatchEvent(new CustomEvent('hs-theme-change'));
}

export function setupTheme(button) {
  let mode = ORDER.includes(stored()) ? stored() : 'auto';
  apply(mode, button);
  button.addEventListener('click', () => {
    mode = ORDER[(ORDER.indexOf(mode) + 1) % ORDER.length];
    try {
      localStorage.setItem(KEY, mode);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page only.
    }
    apply(mode, button);
  });
  window.matchMedia('(prefers-color-scheme: dark)')
    .addEventListener('change', () => document.dispatchEvent(new CustomEvent('hs-theme-change')));
}

/**
 * The current colour of a colour custom property, for canvas and SVG drawing. The properties hold
 * light-dark(light, dark), which only an element's computed style resolves, so a probe reads it.
 */
export function cssVar(name) {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  probe.hidden = true;
  document.documentElement.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}
