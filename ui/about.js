/**
 * About (`#about-dialog`, from Help): the version (the same as `gcm-review --version`), the data
 * folder with "Open folder" (the core opens it: the webview never names a path), and the
 * licences of the app and of what it bundles, each full text the app carries behind a disclosure.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { notify } from './widgets/dialogs.js';

async function openDataFolder() {
  try {
    await invoke('data_dir_open');
  } catch (error) {
    notify(t('about.openFailed', { reason: describeError(error) }), 'error');
  }
}

function licenceItem(licence) {
  return h('li', { class: 'licence' },
    h('span', {}, licence.component), ' — ', h('span', { class: 'licence-id', dir: 'ltr' }, licence.licence),
    licence.text
      ? h('details', {},
        h('summary', {}, t('about.licenceText')),
        h('pre', { class: 'licence-text', dir: 'ltr', tabindex: '0' }, licence.text))
      : null);
}

/** Opens `#about-dialog`; the focus goes back to where it was when it closes. */
export async function openAbout() {
  let info;
  try {
    info = await invoke('about_info');
  } catch (error) {
    notify(t('about.failed', { reason: describeError(error) }), 'error');
    return;
  }
  document.getElementById('about-dialog')?.remove();
  const opener = document.activeElement;
  const close = () => dialog.close();
  const dialog = h('dialog', { id: 'about-dialog', class: 'dialog dialog-help', 'aria-labelledby': 'about-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'about-title', tabindex: '-1' }, t('about.title')),
      h('button', { type: 'button', class: 'close', 'aria-label': t('about.close'), title: t('about.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('p', {}, t('about.purpose')),
    h('dl', { class: 'about-facts' },
      h('dt', {}, t('about.version')),
      h('dd', {}, h('span', { id: 'about-version', dir: 'ltr' }, info.version)),
      h('dt', {}, t('about.dataDir')),
      h('dd', {},
        h('code', { id: 'about-data-dir', dir: 'ltr' }, info.dataDir ?? t('about.noDataDir')),
        ' ',
        info.dataDir ? h('button', { type: 'button', id: 'about-open-folder', onClick: openDataFolder }, t('about.openFolder')) : null)),
    h('h3', {}, t('about.licences')),
    h('ul', { id: 'about-licences' }, info.licences.map(licenceItem)),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'about-close', onClick: close }, t('about.close'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#about-title').focus();
}
