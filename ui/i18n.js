/**
 * Message catalogues and language-aware formatting.
 *
 * Every string the UI shows comes from `i18n/<lang>.json` through `t(key, params)`; template labels
 * come from the template itself through `localised(obj)`. `setLanguage` loads a catalogue and asks
 * the current view to render again, so a switch applies at once.
 */

const FALLBACK = 'en';
const LOCALES = { ar: 'ar', zh: 'zh-CN', en: 'en-GB', fr: 'fr-FR', ru: 'ru-RU', es: 'es-ES' };
/** Languages written right to left. */
const RTL = new Set(['ar']);

let current = FALLBACK;
let messages = {};
let fallback = {};
const listeners = new Set();

async function fetchCatalogue(lang) {
  const response = await fetch(`./i18n/${lang}.json`);
  if (!response.ok) throw new Error(`catalogue ${lang}: ${response.status}`);
  return response.json();
}

/** Loads the catalogue for `lang` (and English as fallback) without notifying the views. */
export async function loadLanguage(lang) {
  if (!Object.keys(fallback).length) fallback = await fetchCatalogue(FALLBACK);
  messages = lang === FALLBACK ? fallback : await fetchCatalogue(lang).catch(() => fallback);
  current = messages === fallback ? FALLBACK : lang;
  document.documentElement.lang = current;
  document.documentElement.dir = RTL.has(current) ? 'rtl' : 'ltr';
}

/** Switches the UI language and re-renders the current view. */
export async function setLanguage(lang) {
  await loadLanguage(lang);
  for (const listener of listeners) listener(current);
}

/** Registers a function called after each language switch. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** The current UI language code. */
export function language() {
  return current;
}

/** The message for `key`, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  let message = messages[key] ?? fallback[key] ?? key;
  if (typeof message === 'object') message = pluralForm(message, params.count);
  return message.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
}

/** True when the catalogue has `key`. */
export function has(key) {
  return key in messages || key in fallback;
}

function pluralForm(forms, count) {
  const rule = new Intl.PluralRules(locale()).select(Number(count ?? 0));
  return forms[rule] ?? forms.other ?? '';
}

/** A template label or guidance `{ en: ..., fr: ... }` in the UI language, falling back to English. */
export function localised(text) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[current] ?? text[FALLBACK] ?? Object.values(text)[0] ?? '';
}

/** The user-facing reason for a failed command: the catalogue's text for a known code. */
export function describeError(error) {
  const key = `error.${error?.code}`;
  return has(key) ? t(key, { detail: error?.message ?? '' }) : error?.message || t('error.unknown');
}

function locale() {
  return LOCALES[current] ?? current;
}

/** "14:05" in local time. */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/** "28 Nov 2025, 14:05" in local time. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(date);
}

/** A calendar date `YYYY-MM-DD` ("31 Jan 2027"), the same day in every time zone. */
export function formatDate(day) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(day ?? '');
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** "64 %" or "64%" as the language writes it; `percent` is a whole number. */
export function formatPercent(percent) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format((percent ?? 0) / 100);
}

/** A number as the language writes it ("1,234" / "1 234"). */
export function formatNumber(value) {
  return new Intl.NumberFormat(locale()).format(value ?? 0);
}

/** Compares two strings as the UI language sorts them. */
export function compareText(a, b) {
  return a.localeCompare(b, locale(), { sensitivity: 'base' });
}
