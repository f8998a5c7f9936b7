// The few browser globals the client's pure modules touch when they load (localStorage,
// <html lang>, location), so that Node can import them. Import this before the modules.
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
