/**
 * Settings (`#settings-panel`, a modal dialog reachable from every view's header): who signs
 * (./settings-signer.js), the signing key (./settings-key.js), the secretariat's address
 * (./settings-secretariat.js), spelling (./spelling.js) and the backups (./backups.js). While a key is being made or
 * replaced, Escape does not close the dialog.
 */

import { backupsSection } from './backups.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { keySection } from './settings-key.js';
import { secretariatSection } from './settings-secretariat.js';
import { signerSection } from './settings-signer.js';
import { spellingSection } from './spelling.js';

/**
 * Opens `#settings-panel`. `onClose()` runs after it closed (for example to go back to the
 * export dialog that sent the user here).
 */
export function openSettings({ onClose } = {}) {
  document.getElementById('settings-panel')?.remove();
  const opener = document.activeElement;
  let busy = false;
  const signer = signerSection();
  const key = keySection({ onBusy: (on) => { busy = on; } });
  const secretariat = secretariatSection();

  const close = () => dialog.close();
  const dialog = h('dialog', { id: 'settings-panel', class: 'dialog dialog-settings', 'aria-labelledby': 'settings-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'settings-title' }, t('settings.title')),
      h('button', { type: 'button', id: 'settings-close', class: 'close', 'aria-label': t('settings.close'), title: t('settings.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    signer.el,
    key.el,
    secretariat.el,
    spellingSection().el,
    backupsSection({ onRestored: () => { dialog.close(); window.location.reload(); } }),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'settings-done', onClick: close }, t('settings.done'))));

  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
    else if (opener?.isConnected) opener.focus();
  });

  document.body.append(dialog);
  dialog.showModal();
  signer.focus();
  signer.load();
  key.load();
  secretariat.load();
}
