/**
 * Backups (`#backups-section`): the copies the app keeps of the review file on its own, a
 * "Back up now" button, and Restore (after a confirmation). Shown in Settings, and on the
 * start-up error page when the review file is damaged.
 */

import { h, replace } from './dom.js';
import { describeError, formatDateTime, formatNumber, t } from './i18n.js';
import { invoke } from './ipc.js';
import { confirmDialog } from './widgets/dialogs.js';

/** The backups section; `onRestored` runs after a restore (the app reloads its views). */
export function backupsSection({ onRestored, canBackUp = true }) {
  const list = h('ul', { id: 'backups-list', class: 'backups-list' });
  const status = h('p', { id: 'backups-status', class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const now = canBackUp
    ? h('button', { type: 'button', id: 'backup-now', onClick: backUpNow }, t('backups.now'))
    : null;

  function say(text, kind) {
    status.dataset.kind = kind;
    status.textContent = text;
  }

  function row(backup) {
    const when = formatDateTime(backup.createdAt);
    return h('li', { class: 'backup-row', 'data-backup': backup.name },
      h('span', {}, when),
      h('span', { class: 'help' }, t('backups.size', { size: formatNumber(Math.max(1, Math.round(backup.size / 1024))) })),
      h('button', { type: 'button', 'data-action': 'restore-backup', 'aria-label': t('backups.restoreNamed', { when }), onClick: () => restore(backup, when) },
        t('backups.restore')));
  }

  async function load() {
    try {
      const backups = await invoke('backups_list');
      replace(list, backups.length ? backups.map(row) : h('li', { class: 'help' }, t('backups.none')));
    } catch (error) {
      say(t('backups.failed', { reason: describeError(error) }), 'error');
    }
  }

  async function backUpNow() {
    now.disabled = true;
    try {
      await invoke('backup_now');
      say(t('backups.made'), 'ok');
      await load();
    } catch (error) {
      say(t('backups.failed', { reason: describeError(error) }), 'error');
    } finally {
      now.disabled = false;
    }
  }

  async function restore(backup, when) {
    const ok = await confirmDialog({
      title: t('backups.confirmTitle'),
      message: t('backups.confirmMessage', { when }),
      confirm: t('backups.restore'),
    });
    if (!ok) return;
    try {
      await invoke('backup_restore', { name: backup.name });
      say(t('backups.restored', { when }), 'ok');
      onRestored?.();
    } catch (error) {
      say(t('backups.failed', { reason: describeError(error) }), 'error');
    }
  }

  load();
  return h('section', { class: 'settings-section', id: 'backups-section', 'aria-labelledby': 'backups-title' },
    h('h3', { id: 'backups-title' }, t('backups.title')),
    h('p', { class: 'help' }, t('backups.intro')),
    list,
    now ? h('div', { class: 'button-row' }, now) : null,
    status);
}
