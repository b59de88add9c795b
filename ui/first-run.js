/**
 * The first-run guide (`#first-run-guide`, a modal dialog): three short steps in the interface
 * language (the system's on a first start): what the app is for, where the reviews are kept
 * and how to back them up or carry them on a USB stick, how a package reaches the secretariat.
 * Skipping it, finishing it or pressing Escape records in the store that it was seen
 * (`guide_seen_set`), so the next start goes straight to Home; Help shows it again.
 */

import { h } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { notify } from './widgets/dialogs.js';

function steps(dataDir) {
  return [
    { title: t('guide.purposeTitle'), body: [h('p', {}, t('guide.purpose')), h('p', {}, t('guide.offline'))] },
    {
      title: t('guide.dataTitle'),
      body: [
        h('p', {}, t('guide.data')),
        dataDir ? h('p', {}, h('code', { id: 'guide-data-dir', dir: 'ltr' }, dataDir)) : null,
        h('p', {}, t('guide.backup')),
        h('p', {}, t('guide.usb', { variable: 'GCM_REVIEW_DATA_DIR' })),
      ],
    },
    { title: t('guide.sendTitle'), body: [h('p', {}, t('guide.send', { button: t('editor.package').replace(/…$/, '') })), h('p', {}, t('guide.sendCheck'))] },
  ];
}

async function rememberSeen() {
  try {
    await invoke('guide_seen_set', { seen: true });
  } catch (error) {
    notify(t('guide.notSaved', { reason: describeError(error) }), 'error');
  }
}

/**
 * Opens the guide over the current view. `dataDir` is the data folder `app_info` named;
 * `onClose()` runs once it closed and its being seen is stored.
 */
export function openFirstRunGuide({ dataDir, onClose } = {}) {
  document.getElementById('first-run-guide')?.remove();
  const opener = document.activeElement;
  const all = steps(dataDir);
  let index = 0;
  const counter = h('p', { class: 'guide-step', id: 'guide-step', 'aria-live': 'polite' });
  const title = h('h3', { id: 'guide-step-title', tabindex: '-1' });
  const body = h('div', { class: 'guide-body' });
  const back = h('button', { type: 'button', id: 'guide-back', onClick: () => show(index - 1) }, t('guide.back'));
  const next = h('button', { type: 'button', id: 'guide-next', class: 'primary', onClick: () => (index + 1 < all.length ? show(index + 1) : dialog.close()) });
  const dialog = h('dialog', { id: 'first-run-guide', class: 'dialog dialog-help', 'aria-labelledby': 'guide-title' },
    h('div', { class: 'dialog-head' }, h('h2', { id: 'guide-title' }, t('guide.title'))),
    counter, title, body,
    h('div', { class: 'button-row dialog-foot' },
      h('button', { type: 'button', id: 'guide-skip', class: 'quiet', onClick: () => dialog.close() }, t('guide.skip')),
      back, next));

  function show(at) {
    index = Math.max(0, Math.min(at, all.length - 1));
    counter.textContent = t('guide.step', { n: index + 1, total: all.length });
    title.textContent = all[index].title;
    body.replaceChildren(...all[index].body.filter(Boolean));
    back.hidden = index === 0;
    next.textContent = index + 1 < all.length ? t('guide.next') : t('guide.done');
    dialog.dataset.step = String(index + 1);
  }

  dialog.addEventListener('close', async () => {
    dialog.remove();
    await rememberSeen();
    const home = document.getElementById('new-review');
    if (opener?.isConnected && opener !== document.body) opener.focus();
    else home?.focus();
    onClose?.();
  });
  show(0);
  document.body.append(dialog);
  dialog.showModal();
  next.focus();
}

/** Opens the guide again from Help, asking the core for the data folder it names. */
export async function openGuideAgain() {
  let dataDir = null;
  try {
    ({ dataDir } = await invoke('about_info'));
  } catch {
    /* the guide reads well without the folder; About reports the failure */
  }
  openFirstRunGuide({ dataDir });
}
