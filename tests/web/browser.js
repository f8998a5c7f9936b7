// The few browser globals the client's pure modules touch when they load (localStorage,
// <html lang>, location), so that Node can import them. Import this before the modules.
import { execFileSync } from "node:child_process";

const storage = new Map();

globalThis.window ??= globalThis;
globalThis.localStorage ??= {
  getItem: (key) => (storage.has(key) ? storage.get(key) : null),
  setItem: (key, value) => storage.set(key, String(value)),
  removeItem: (key) => storage.delete(key),
};
globalThis.document ??= { documentElement: { lang: "" } };
globalThis.location ??= new URL("https://quartier.test/");

/** The web client's folder, for dynamic imports after this module ran. */
export const WEB = new URL("../../services/gateway/web/js/", import.meta.url);

// The contracts' words (GET /api/v1/vocabulary), from the same declaration the gateway serves:
// the listings' modules read them as the running client does once it has started.
const python = process.env.QUARTIER_PYTHON ?? new URL("../../.venv/bin/python", import.meta.url);
const root = new URL("../../", import.meta.url);
const words = JSON.parse(
  execFileSync(python instanceof URL ? python.pathname : python, ["-m", "contracts.vocabulary"], {
    cwd: root.pathname,
    encoding: "utf8",
  }),
);
const { useVocabulary } = await import(new URL("features/listings/vocabulary.js", WEB));
useVocabulary(words.listings);
