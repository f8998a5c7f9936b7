// Translations: t(key, params) in the current language, French by default. The choice is kept
// in localStorage. The core's texts come first; install() merges each feature's messages over
// them with addMessages(), in the order of features/index.js.
import en from "./messages.en.js";
import fr from "./messages.fr.js";

export const LANGUAGES = ["fr", "en"];
export const DEFAULT_LANGUAGE = "fr";
const STORAGE_KEY = "quartier.language";
const catalogs = { fr: { ...fr }, en: { ...en } };
const listeners = new Set();
let current = stored() || DEFAULT_LANGUAGE;

function stored() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : null;
  } catch {
    return null; // storage can be disabled; the default language then applies
  }
}

export function language() {
  return current;
}

/** Switch language: remembered, set on <html lang>, and every listener re-renders. */
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered across visits, still applied now
  }
  const changed = lang !== current;
  current = lang;
  document.documentElement.lang = lang;
  if (changed) for (const fn of listeners) fn(lang);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** messages: {fr: {key: text}, en: {key: text}} */
export function addMessages(messages) {
  for (const lang of LANGUAGES) Object.assign(catalogs[lang], messages?.[lang] || {});
}

export function has(key) {
  return key in catalogs[current] || key in catalogs[DEFAULT_LANGUAGE];
}

/** The text of key, "{name}" placeholders filled from params; the key itself when unknown. */
export function t(key, params = {}) {
  const text = catalogs[current][key] ?? catalogs[DEFAULT_LANGUAGE][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(current === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
  }).format(date);
}

/** "12 s", "3 min": how long to wait before retrying. */
export function formatDelay(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 0));
  return s < 90 ? t("delay.seconds", { n: s }) : t("delay.minutes", { n: Math.ceil(s / 60) });
}

document.documentElement.lang = current;
