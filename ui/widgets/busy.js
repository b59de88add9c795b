/**
 * What a form shows while a slow call runs (signing, deriving a key, writing a PDF): an
 * indeterminate progress bar with a line saying what is happening, and the form's controls
 * disabled until it is over.
 */

import { h, replace } from '../dom.js';

/** An indeterminate progress bar with a line saying what is happening. */
export function busyIndicator(id, text) {
  return h('div', { id, class: 'busy', role: 'status' },
    h('progress', { 'aria-label': text }),
    h('span', {}, text));
}

/**
 * Disables the inputs and buttons of `form` and shows `indicator` in `slot`; returns the
 * function that undoes both.
 */
export function whileBusy(form, slot, indicator) {
  const controls = [...form.querySelectorAll('input, button')];
  for (const control of controls) control.disabled = true;
  form.setAttribute('aria-busy', 'true');
  replace(slot, indicator);
  return () => {
    for (const control of controls) control.disabled = false;
    form.removeAttribute('aria-busy');
    slot.replaceChildren();
  };
}
