/**
 * Keyboard shortcuts for the frequent actions, in one table that the key handler and the Help
 * panel both read. The keys are chosen not to clash with text editing: Alt with the arrows or
 * Page keys moves between fields and objectives, Ctrl+Shift with a letter opens History or the
 * package dialog, F1 (or ? outside a text field) opens Help. The view that shows a review
 * provides the actions (`setShortcutActions`); on Home only Help applies.
 */

import { openHelp } from './help.js';

/**
 * Each shortcut: the message key that names it, the keys shown to the user, and whether a
 * keydown matches. `action` names the function of the current view that runs it.
 */
export const SHORTCUTS = [
  {
    group: 'review', action: 'nextField', label: 'shortcuts.nextField', keys: [['Alt', '↓']],
    match: (e) => e.altKey && !e.shiftKey && !e.ctrlKey && e.key === 'ArrowDown',
  },
  {
    group: 'review', action: 'previousField', label: 'shortcuts.previousField', keys: [['Alt', '↑']],
    match: (e) => e.altKey && !e.shiftKey && !e.ctrlKey && e.key === 'ArrowUp',
  },
  {
    group: 'review', action: 'nextObjective', label: 'shortcuts.nextObjective', keys: [['Alt', 'Page Down'], ['Alt', 'Shift', '↓']],
    match: (e) => e.altKey && !e.ctrlKey && (e.key === 'PageDown' || (e.shiftKey && e.key === 'ArrowDown')),
  },
  {
    group: 'review', action: 'previousObjective', label: 'shortcuts.previousObjective', keys: [['Alt', 'Page Up'], ['Alt', 'Shift', '↑']],
    match: (e) => e.altKey && !e.ctrlKey && (e.key === 'PageUp' || (e.shiftKey && e.key === 'ArrowUp')),
  },
  {
    group: 'review', action: 'history', label: 'shortcuts.history', keys: [['Ctrl', 'Shift', 'H']],
    match: (e) => e.ctrlKey && e.shiftKey && !e.altKey && (e.code === 'KeyH' || e.key.toLowerCase() === 'h'),
  },
  {
    group: 'review', action: 'find', label: 'shortcuts.find', keys: [['Ctrl', 'F'], ['Ctrl', 'H']],
    match: (e) => e.ctrlKey && !e.shiftKey && !e.altKey && (e.code === 'KeyF' || e.key.toLowerCase() === 'f'),
  },
  {
    group: 'review', action: 'replace', label: null, keys: [],
    match: (e) => e.ctrlKey && !e.shiftKey && !e.altKey && (e.code === 'KeyH' || e.key.toLowerCase() === 'h'),
  },
  {
    group: 'review', action: 'package', label: 'shortcuts.package', keys: [['Ctrl', 'Shift', 'E']],
    match: (e) => e.ctrlKey && e.shiftKey && !e.altKey && (e.code === 'KeyE' || e.key.toLowerCase() === 'e'),
  },
  {
    group: 'review', action: 'contributions', label: 'shortcuts.contributions', keys: [['Ctrl', 'Shift', 'K']],
    match: (e) => e.ctrlKey && e.shiftKey && !e.altKey && (e.code === 'KeyK' || e.key.toLowerCase() === 'k'),
  },
  {
    group: 'everywhere', action: 'help', label: 'shortcuts.help', keys: [['F1'], ['?']],
    match: (e) => (e.key === 'F1' && !e.altKey && !e.ctrlKey) || ((e.key === '?' || e.key === '؟') && !e.altKey && !e.ctrlKey && !typing(e.target)),
  },
  {
    group: 'everywhere', action: null, label: 'shortcuts.close', keys: [['Esc']],
    match: () => false,
  },
];

/** The `aria-keyshortcuts` value of a shortcut's first key combination ("Control+Shift+H"). */
export function ariaKeys(action) {
  const names = { Ctrl: 'Control', '↓': 'ArrowDown', '↑': 'ArrowUp', 'Page Down': 'PageDown', 'Page Up': 'PageUp' };
  const shortcut = SHORTCUTS.find((s) => s.action === action);
  return shortcut ? shortcut.keys.map((combo) => combo.map((k) => names[k] ?? k).join('+')).join(' ') : null;
}

/** True when `el` takes typed text, so that a printable key belongs to it. */
function typing(el) {
  if (!(el instanceof Element)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

let actions = {};

/** The current view's actions (`{ nextField, previousField, ... }`); null or {} when none. */
export function setShortcutActions(next) {
  actions = next ?? {};
}

/** Opens Help with the shortcut table. */
export function showHelp() {
  openHelp(SHORTCUTS);
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.isComposing) return;
  const shortcut = SHORTCUTS.find((s) => s.match(event));
  if (!shortcut) return;
  if (shortcut.action === 'help') {
    event.preventDefault();
    if (!document.getElementById('help-dialog')) showHelp();
    return;
  }
  // A modal dialog keeps the keyboard: the view's actions wait until it is closed.
  if (document.querySelector('dialog[open]')) return;
  const run = actions[shortcut.action];
  if (!run) return;
  event.preventDefault();
  run();
}

/** Listens for the shortcuts on the whole window; call once at start-up. */
export function installShortcuts() {
  window.addEventListener('keydown', onKeyDown);
}
