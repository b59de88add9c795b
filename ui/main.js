/**
 * Boot and routing: asks the core for the app info (with the rules it owns, kept by ./rules.js)
 * and the template, loads the catalogue of the user's language, then shows Home or the editor of
 * one review. Re-renders on a language switch and saves pending edits before the window closes.
 */

import { backupsSection } from './backups.js';
import { h, replace } from './dom.js';
import { openEditor } from './editor.js';
import { openFirstRunGuide } from './first-run.js';
import { showHome } from './home.js';
import { describeError, loadLanguage, onLanguageChange, t } from './i18n.js';
import { invoke, onCloseRequested } from './ipc.js';
import { setCoreRules } from './rules.js';
import { setSpellcheckFromInfo } from './spelling.js';
import { installShortcuts, setShortcutActions } from './shortcuts.js';
import { setTemplate } from './template.js';
import { notify } from './widgets/dialogs.js';

const root = document.getElementById('app');
let current = null;
let closeRefused = false;

async function leaveCurrent() {
  if (current?.leave && !(await current.leave())) return false;
  current = null;
  setShortcutActions(null);
  return true;
}

const router = {
  async home() {
    if (!(await leaveCurrent())) return;
    current = showHome(root, router);
    document.getElementById('new-review')?.focus();
  },
  async editor(id) {
    if (!(await leaveCurrent())) return;
    try {
      current = await openEditor(root, id, router);
      document.getElementById('pane-title')?.focus();
    } catch (error) {
      current = showHome(root, router);
      notify(t('editor.openFailed', { reason: describeError(error) }), 'error');
    }
  },
};

function fatal(message) {
  replace(root, h('main', { class: 'fatal', role: 'alert' },
    h('h1', {}, t('app.name')),
    h('p', {}, message)));
}

/** Before the window closes: save what is pending; if that fails, keep the window open once. */
async function beforeClose(event) {
  if (!current?.beforeClose) return;
  const saved = await current.beforeClose();
  if (!saved && !closeRefused) {
    closeRefused = true;
    event.preventDefault();
    notify(t('app.closeUnsaved'), 'error');
  }
}

async function boot() {
  // The template does not depend on the app info: asked for at once, awaited below.
  const templateData = invoke('template_get');
  templateData.catch(() => { /* reported where it is awaited */ });
  let info = { uiLanguage: 'en' };
  try {
    info = await invoke('app_info');
  } catch {
    /* fall back to English; the template call below reports a real failure */
  }
  try {
    await loadLanguage(info.uiLanguage ?? 'en');
  } catch (error) {
    root.replaceChildren(h('main', { class: 'fatal', role: 'alert' }, h('p', {}, String(error?.message ?? error))));
    return;
  }
  // The rules the core owns (the interface languages, the minimum passphrase length), read once.
  setCoreRules(info);
  setSpellcheckFromInfo(info);
  if (info.startupError) {
    fatal(t('app.startupFailed', { reason: describeError(info.startupError) }));
    root.querySelector('.fatal')?.append(backupsSection({ canBackUp: false, onRestored: () => window.location.reload() }));
    return;
  }
  try {
    const { template, memberStates } = await templateData;
    setTemplate(template, memberStates);
  } catch (error) {
    fatal(t('app.templateFailed', { reason: describeError(error) }));
    return;
  }
  onLanguageChange(() => {
    current?.render();
    document.getElementById('ui-language')?.focus();
  });
  onCloseRequested(beforeClose);
  installShortcuts();
  // The guide opens before Home renders behind it, so whoever waits for Home finds it there.
  if (info.guideSeen === false) openFirstRunGuide({ dataDir: info.dataDir });
  await router.home();
}

boot();
