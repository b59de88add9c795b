/**
 * A modal dialog with a heading and a close button (native <dialog>: Escape closes it, the
 * focus goes to its heading, and back to where it was when it closes), for the dialogs of
 * whole-of-government drafting.
 */

import { h } from '../dom.js';
import { t } from '../i18n.js';

/**
 * Opens `<dialog id=...>` titled `title`; `onClose()` runs once it closed. `busy()`, when it
 * returns true, keeps Escape from closing it (while a slow call runs). Returns `{ dialog,
 * body, close() }`.
 */
export function openModal({ id, title, className = '', onClose, busy = () => false }) {
  document.getElementById(id)?.remove();
  const opener = document.activeElement;
  const body = h('div', { class: 'modal-body' });
  const dialog = h('dialog', { id, class: `dialog ${className}`, 'aria-labelledby': `${id}-title` },
    h('div', { class: 'dialog-head' },
      h('h2', { id: `${id}-title`, tabindex: '-1', dir: 'auto' }, title),
      h('button', { type: 'button', class: 'close', 'aria-label': t('dialog.close'), title: t('dialog.close'), onClick: () => dialog.close() },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    body);
  dialog.addEventListener('cancel', (event) => {
    if (busy()) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector(`#${id}-title`).focus();
  return { dialog, body, close: () => dialog.close() };
}
