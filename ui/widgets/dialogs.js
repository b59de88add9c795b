/**
 * Confirmation dialogs (native <dialog>: Escape closes, focus returns where it was) and short
 * notices announced to screen readers.
 */

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Asks a yes/no question in `#confirm-dialog`. Resolves true for `#confirm-ok`, false for
 * `#confirm-cancel`, Escape or closing.
 */
export function confirmDialog({ title, message, confirm, cancel = t('dialog.cancel'), danger = false }) {
  document.getElementById('confirm-dialog')?.remove();
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'confirm-dialog', class: 'dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-message', dir: 'auto' }, message),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', id: 'confirm-ok', class: danger ? 'danger' : 'primary', onClick: () => dialog.close('ok') }, confirm),
        h('button', { type: 'button', id: 'confirm-cancel', onClick: () => dialog.close('cancel') }, cancel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector(danger ? '#confirm-cancel' : '#confirm-ok').focus();
  });
}

let noticeTimer = null;

/**
 * The live region of the notices, in the page from the start: screen readers announce changes
 * to a region they already know, not one that arrives with its message.
 */
function noticeRegion() {
  let region = document.getElementById('notice');
  if (!region) {
    region = h('div', { id: 'notice', class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    document.body.append(region);
  }
  return region;
}

if (document.body) noticeRegion();

/** Shows a short message at the bottom of the window and announces it (errors at once); `kind` is info or error. */
export function notify(message, kind = 'info') {
  const region = noticeRegion();
  clearTimeout(noticeTimer);
  region.dataset.kind = kind;
  region.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
  replace(region, h('p', {}, message),
    h('button', { type: 'button', class: 'link', onClick: () => region.replaceChildren() }, t('dialog.dismiss')));
  noticeTimer = setTimeout(() => region.replaceChildren(), kind === 'error' ? 15000 : 6000);
}
