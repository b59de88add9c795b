/**
 * The Help panel (`#help-dialog`, a native modal dialog opened by the header's Help button, F1
 * or ?): how saving works and the keyboard shortcuts; from it, the first-run guide again
 * (./first-run.js) and About (./about.js). Escape or Close shuts it and the focus
 * goes back to where it was.
 */

import { openAbout } from './about.js';
import { h } from './dom.js';
import { openGuideAgain } from './first-run.js';
import { t } from './i18n.js';

function keyCombo(combo) {
  // Key caps read left to right in every language, like the keyboard itself.
  return h('span', { class: 'key-combo', dir: 'ltr' },
    combo.map((key, index) => [index ? h('span', { 'aria-hidden': 'true' }, '+') : null, h('kbd', {}, key)]));
}

function shortcutRows(shortcuts) {
  return shortcuts.filter((s) => s.label).map((s) => h('tr', {},
    h('th', { scope: 'row' }, t(s.label)),
    h('td', {}, s.keys.map((combo, index) => [index ? ` ${t('help.or')} ` : null, keyCombo(combo)]))));
}

function shortcutTable(id, caption, shortcuts) {
  return h('table', { class: 'shortcut-table', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('help.action')),
      h('th', { scope: 'col' }, t('help.keys')))),
    h('tbody', {}, shortcutRows(shortcuts)));
}

/** Opens `#help-dialog` listing `shortcuts` (see ./shortcuts.js). */
export function openHelp(shortcuts) {
  document.getElementById('help-dialog')?.remove();
  const opener = document.activeElement;
  const close = () => dialog.close();
  const group = (name) => shortcuts.filter((s) => s.group === name);
  const dialog = h('dialog', { id: 'help-dialog', class: 'dialog dialog-help', 'aria-labelledby': 'help-title' },
    h('div', { class: 'dialog-head' },
      h('h2', { id: 'help-title', tabindex: '-1' }, t('help.title')),
      h('button', { type: 'button', class: 'close', 'aria-label': t('help.close'), title: t('help.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    h('p', {}, t('help.saving')),
    h('h3', {}, t('help.shortcuts')),
    shortcutTable('shortcuts-review', t('help.inReview'), group('review')),
    shortcutTable('shortcuts-everywhere', t('help.everywhere'), group('everywhere')),
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'help-guide', onClick: () => { dialog.close(); openGuideAgain(); } }, t('help.guide')),
      h('button', { type: 'button', id: 'help-about', onClick: () => { dialog.close(); openAbout(); } }, t('help.about')),
      h('button', { type: 'button', id: 'help-close', onClick: close }, t('help.close'))));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('#help-title').focus();
}
