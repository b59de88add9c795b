/**
 * Small helpers of the forms inside dialogs: a status line, Escape that cancels a sub-form
 * rather than the whole dialog, and keeping a form in view.
 */

/** Shows `text` in a status line; `kind` (`ok`, `error`) styles it. */
export function setFormStatus(el, text, kind) {
  el.dataset.kind = kind;
  el.textContent = text;
}

/** A keydown handler: Escape inside a sub-form cancels that form, not the whole dialog. */
export function escapeCloses(cancelButton) {
  return (event) => {
    if (event.key !== 'Escape' || cancelButton.disabled) return;
    event.preventDefault();
    event.stopPropagation();
    cancelButton.click();
  };
}

/** Scrolls the dialog so that all of `el` (a form and its buttons) is in view. */
export function reveal(el) {
  el.scrollIntoView({ block: 'nearest' });
}
