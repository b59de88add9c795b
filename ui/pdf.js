/**
 * Export PDF (`#pdf-dialog`): the options (objectives by number or by round table, unanswered
 * objectives left out or not, the sign-off sheet, A4 or US Letter, an internal-review copy with
 * the comments printed as numbered notes after each answer), then the PDF is saved where the
 * user chooses and opened in the system's viewer.
 */

import { h, replace } from './dom.js';
import { describeError, t } from './i18n.js';
import { invoke } from './ipc.js';
import { busyIndicator } from './widgets/busy.js';

function check(id, label, checked = false) {
  const input = h('input', { type: 'checkbox', id, checked });
  return { input, row: h('div', { class: 'check-row' }, input, h('label', { for: id }, label)) };
}

/** Opens the dialog for the review `ctx.id`; `ctx.flush` saves pending edits first. */
export function openPdfExport(ctx) {
  document.getElementById('pdf-dialog')?.remove();
  const opener = document.activeElement;
  let busy = false;

  const byRoundTable = check('pdf-by-round-table', t('pdf.byRoundTable'));
  const omit = check('pdf-omit-unanswered', t('pdf.omitUnanswered'));
  const signoff = check('pdf-signoff', t('pdf.signoff'), true);
  const internal = check('pdf-internal-review', t('pdf.internalReview'));
  const internalHint = h('p', { class: 'help', id: 'pdf-internal-review-hint' }, t('pdf.internalReviewHint'));
  internal.input.setAttribute('aria-describedby', 'pdf-internal-review-hint');
  const paper = h('select', { id: 'pdf-paper' },
    h('option', { value: 'a4' }, t('pdf.a4')),
    h('option', { value: 'letter' }, t('pdf.letter')));
  const status = h('div', { id: 'pdf-status', role: 'status', 'aria-live': 'polite' });
  const go = h('button', { type: 'submit', id: 'pdf-export', class: 'primary' }, t('pdf.export'));
  const form = h('form', { class: 'settings-form', onSubmit: submit },
    h('p', { class: 'help' }, t('pdf.intro')),
    byRoundTable.row, omit.row, signoff.row, internal.row, internalHint,
    h('div', { class: 'form-field' }, h('label', { for: 'pdf-paper' }, t('pdf.paper')), paper),
    h('div', { class: 'button-row' }, go,
      h('button', { type: 'button', id: 'pdf-cancel', onClick: () => dialog.close() }, t('dialog.cancel'))),
    status);
  const dialog = h('dialog', { id: 'pdf-dialog', class: 'dialog', 'aria-labelledby': 'pdf-title' },
    h('h2', { id: 'pdf-title' }, t('pdf.title')), form);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    go.disabled = true;
    replace(status, busyIndicator('pdf-busy', t('pdf.working')));
    try {
      if (!(await ctx.flush())) throw { code: 'unsaved', message: t('export.saveFirst') };
      const options = {
        byRoundTable: byRoundTable.input.checked,
        omitUnanswered: omit.input.checked,
        signoffSheet: signoff.input.checked,
        letter: paper.value === 'letter',
        signerKid: null,
        created: '',
        internalReview: internal.input.checked,
      };
      const path = await invoke('export_pdf', { id: ctx.id, options });
      replace(status, path
        ? h('p', { class: 'form-status', 'data-kind': 'ok' }, t('pdf.done', { path }))
        : h('p', { class: 'help' }, t('pdf.cancelled')));
    } catch (error) {
      replace(status, h('p', { class: 'form-error', role: 'alert' }, t('pdf.failed', { reason: describeError(error) })));
    } finally {
      busy = false;
      go.disabled = false;
    }
  }

  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  byRoundTable.input.focus();
}
