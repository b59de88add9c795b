/**
 * The application header shared by every view: the view's own content at the start, its tools,
 * and, always there, Help (`#open-help`), Settings (`#open-settings`) and the interface language
 * select (`#ui-language`) with the languages the core offers.
 */

import { h } from './dom.js';
import { describeError, setLanguage, t, language } from './i18n.js';
import { invoke } from './ipc.js';
import { coreUiLanguages } from './rules.js';
import { openSettings } from './settings.js';
import { ariaKeys, showHelp } from './shortcuts.js';
import { notify } from './widgets/dialogs.js';

async function changeLanguage(code) {
  try {
    await invoke('settings_set_ui_language', { language: code });
  } catch (error) {
    notify(t('header.languageNotSaved', { reason: describeError(error) }), 'error');
  }
  await setLanguage(code);
}

/** The select of the interface languages the core offers (`app_info.uiLanguages`). */
function languageSelect() {
  const offered = coreUiLanguages().length ? coreUiLanguages() : [language()];
  const select = h('select', { id: 'ui-language' },
    offered.map((code) => h('option', { value: code, lang: code }, t(`uiLanguage.${code}`))));
  select.value = language();
  select.addEventListener('change', () => changeLanguage(select.value));
  return h('div', { class: 'ui-language' },
    h('label', { for: 'ui-language' }, t('header.uiLanguage')),
    select);
}

/**
 * Builds the header: `start` (title area) with the language select on the first row, and an
 * optional second row with `status` at the start and `actions` at the end (what a review is
 * turned into: verify, PDF, signed JSON, package), then `tools` (what opens beside it) on a row
 * of their own, so that neither wraps at 1280 px in any language.
 */
export function appHeader({ start, status = [], actions = [], tools = [] }) {
  const second = status.length || actions.length
    ? h('div', { class: 'header-row header-bar' },
      h('div', { class: 'header-status' }, status),
      h('div', { class: 'header-actions' }, actions))
    : null;
  const third = tools.length ? h('div', { class: 'header-row header-tools' }, tools) : null;
  return h('header', { class: 'app-header' },
    h('div', { class: 'header-row' },
      h('div', { class: 'header-start' }, start),
      h('div', { class: 'header-end' },
        h('button', { type: 'button', id: 'open-help', class: 'quiet', 'aria-haspopup': 'dialog', 'aria-keyshortcuts': ariaKeys('help'), onClick: () => showHelp() },
          h('span', { class: 'help-icon', 'aria-hidden': 'true' }, '?'), t('header.help')),
        h('button', { type: 'button', id: 'open-settings', class: 'quiet', 'aria-haspopup': 'dialog', onClick: () => openSettings() },
          h('span', { class: 'settings-icon', 'aria-hidden': 'true' }, '⚙'), t('header.settings')),
        languageSelect())),
    second,
    third);
}
