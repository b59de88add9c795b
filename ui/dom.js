/**
 * A tiny helper to build DOM trees without HTML strings: user text always ends up as text nodes.
 *
 *   h('button', { class: 'primary', 'data-action': 'open', onClick: open }, t('home.open'))
 */

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'open', 'indeterminate', 'required', 'readOnly']);

/** Creates an element. Props: `class`, `onEvent` listeners, DOM properties, other keys as attributes. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) setProp(el, key, value);
  append(el, children);
  return el;
}

function setProp(el, key, value) {
  if (value === undefined || value === null) return;
  if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
  else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
  else if (PROPERTIES.has(key)) el[key] = value;
  else if (value === false) return;
  else el.setAttribute(key, value === true ? '' : String(value));
}

/** Appends children: nodes, strings (as text), arrays of either; null and false are skipped. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of `el` (same rules as `append`). */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Text that only screen readers announce. */
export function srOnly(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

/** Reads and writes small UI preferences (guidance open, navigation mode); never review content. */
export const prefs = {
  get(key, fallback) {
    try {
      return window.localStorage.getItem(`gcm-review-desk.${key}`) ?? fallback;
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(`gcm-review-desk.${key}`, value);
    } catch {
      /* preferences are a convenience; losing one is harmless */
    }
  },
};

/** Returns a function that runs `fn` at most once per `ms`, always with the latest arguments. */
export function throttle(fn, ms) {
  let timer = null;
  let last = 0;
  let pending = null;
  return (...args) => {
    pending = args;
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn(...pending);
    }, wait);
  };
}
