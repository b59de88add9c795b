/**
 * Autosave: there is no save button. Edited fields are kept in a map of dirty paths and sent
 * together in one `review_save` call about 0.7 s after the last keystroke, when the user leaves a
 * field, and before the window closes. One save is in flight at a time; the next one waits.
 *
 * On `conflict`, the fields someone else changed are handed to `onConflict(newer, mine)` with the
 * user's own values, and the other dirty fields are sent again on the newer version. On any other
 * failure the fields stay dirty and are sent again on the next edit or after 5 s.
 */

import { invoke } from './ipc.js';

const IDLE_DELAY_MS = 700;
const RETRY_DELAY_MS = 5000;
const MAX_ROUNDS = 5;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Creates the autosaver of one open review.
 * Callbacks: `onStatus(state, info)` with state `saving` | `saved` | `error`;
 * `onSaved(outcome)`; `onConflict(newerValues, myValues)`.
 *
 * It is one closure of about 90 lines on purpose: the dirty map, the base version, the timer
 * and the queue of saves are one state machine, and keeping them private to it is what
 * guarantees a single save in flight and that no edit is dropped between two saves.
 */
export function createAutosave({ id, version, onStatus, onSaved, onConflict }) {
  const dirty = new Map();
  let baseVersion = version;
  let lastSavedAt = null;
  let timer = null;
  let inFlight = 0;
  let queue = Promise.resolve(true);
  let disposed = false;

  function schedule(ms) {
    clearTimeout(timer);
    if (!disposed) timer = setTimeout(() => flush(), ms);
  }

  /** Sends one batch of every dirty field. Returns 'done', 'again' (after a conflict) or 'failed'. */
  async function sendOnce() {
    const changes = Object.fromEntries(dirty);
    onStatus('saving');
    try {
      const outcome = await invoke('review_save', { id, baseVersion, changes });
      baseVersion = outcome.version;
      for (const [path, value] of Object.entries(changes)) if (same(dirty.get(path), value)) dirty.delete(path);
      lastSavedAt = outcome.savedAt ?? new Date().toISOString();
      onSaved(outcome);
      onStatus(dirty.size ? 'saving' : 'saved', { savedAt: lastSavedAt });
      return 'done';
    } catch (error) {
      if (error.code === 'conflict' && error.details) return conflict(error.details);
      onStatus('error', { error });
      schedule(RETRY_DELAY_MS);
      return 'failed';
    }
  }

  function conflict(details) {
    baseVersion = details.version ?? baseVersion;
    const newer = details.values ?? {};
    const mine = {};
    for (const path of Object.keys(newer)) {
      if (dirty.has(path)) mine[path] = dirty.get(path);
      dirty.delete(path);
    }
    onConflict(newer, mine);
    if (!dirty.size) onStatus(lastSavedAt ? 'saved' : 'idle', { savedAt: lastSavedAt });
    return 'again';
  }

  async function rounds() {
    for (let round = 0; round < MAX_ROUNDS && dirty.size; round += 1) {
      if ((await sendOnce()) === 'failed') return false;
    }
    if (dirty.size) schedule(IDLE_DELAY_MS);
    return dirty.size === 0;
  }

  async function run() {
    try {
      return await rounds();
    } catch (error) {
      onStatus('error', { error });
      schedule(RETRY_DELAY_MS);
      return false;
    }
  }

  /** Saves every dirty field now (after any save in flight). Resolves true when all are on disk. */
  function flush() {
    clearTimeout(timer);
    inFlight += 1;
    queue = queue.then(run, run).finally(() => { inFlight -= 1; });
    return queue;
  }

  return {
    /** Records an edit; it is saved once typing pauses. */
    edit(path, value) {
      dirty.set(path, value);
      onStatus('saving');
      schedule(IDLE_DELAY_MS);
    },
    flush,
    /** True while anything is unsaved or being saved. */
    busy: () => dirty.size > 0 || inFlight > 0,
    /** True when `path` has an edit that is not on disk yet. */
    isDirty: (path) => dirty.has(path),
    /** The version the next save is based on. */
    version: () => baseVersion,
    /** Adopts the version of a state read from the core (re-open, restore). */
    setVersion(next) {
      baseVersion = next;
    },
    /** Stops the timers; call after a final flush. */
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
