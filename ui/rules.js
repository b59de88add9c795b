/**
 * Rules the core owns, as `app_info` reports them at start (see "The UI contract" in
 * ARCHITECTURE.md): the interface languages and the minimum passphrase length. ./main.js sets
 * them once; the UI keeps no copy of its own, so a change in the core needs no change here.
 */

let uiLanguages = [];
let minPassphrase = null;

/** Keeps the rules from the answer of `app_info` (`uiLanguages`, `minPassphrase`). */
export function setCoreRules(info) {
  if (Array.isArray(info?.uiLanguages) && info.uiLanguages.length) uiLanguages = [...info.uiLanguages];
  if (Number.isInteger(info?.minPassphrase)) minPassphrase = info.minPassphrase;
}

/** The interface languages the core offers, in its order. */
export function coreUiLanguages() {
  return uiLanguages;
}

/** The fewest characters (Unicode code points) the core accepts in a passphrase. */
export function coreMinPassphrase() {
  return minPassphrase;
}
