/**
 * The one bridge between the UI and the Rust core.
 *
 * Every call to the core goes through `invoke`; no other module touches `window.__TAURI__`.
 * Failures always reject with `{ code, message, details }` (see "The UI contract" in ARCHITECTURE.md).
 */

function tauri() {
  const api = window.__TAURI__;
  if (!api) {
    throw { code: 'unavailable', message: 'The application core is not available.', details: null };
  }
  return api;
}

/** Turns whatever the core or the webview rejected with into `{ code, message, details }`. */
function normaliseError(error) {
  if (typeof error === 'string') {
    const parsed = parseJsonError(error);
    return parsed ?? { code: 'unknown', message: error, details: null };
  }
  if (error && typeof error === 'object' && typeof error.code === 'string') {
    return { code: error.code, message: String(error.message ?? ''), details: error.details ?? null };
  }
  return { code: 'unknown', message: String(error?.message ?? error ?? ''), details: null };
}

function parseJsonError(text) {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    const value = JSON.parse(text);
    return typeof value?.code === 'string' ? normaliseError(value) : null;
  } catch {
    return null;
  }
}

/** Calls a core command; arguments are camelCase. Rejects with `{ code, message, details }`. */
export async function invoke(command, args = {}) {
  try {
    return await tauri().core.invoke(command, args);
  } catch (error) {
    throw normaliseError(error);
  }
}

/**
 * A channel a command streams messages on while it runs (a progress report), to pass as one of
 * its arguments; `onMessage(message)` hears each one.
 */
export function channel(onMessage) {
  const stream = new (tauri().core.Channel)();
  stream.onmessage = onMessage;
  return stream;
}

/**
 * Runs `handler(event)` when the user asks to close the window; the window closes once the
 * (async) handler has finished, unless it calls `event.preventDefault()`.
 */
export function onCloseRequested(handler) {
  try {
    return tauri().window.getCurrentWindow().onCloseRequested(handler);
  } catch {
    return Promise.resolve(() => {});
  }
}
