// What the frame shows: screens (a path, a title, who may see it, an optional nav entry) and
// header slots (the notifications badge, the neighbourhood switcher). A feature is a module
// exporting {messages, screens, slots, load}; each context lists its own in
// features/<context>/index.js and features/index.js lists the contexts.
import { addMessages } from "./i18n.js";

const screens = [];
const slots = new Map();
const loads = [];

export const SLOTS = ["notifications-badge", "neighbourhood-switcher", "account-banner"];
// Slots shown as a band under the header's row rather than among its tools.
export const BANDS = ["account-banner"];
export const ACCESS = ["any", "guest", "resident", "operator"];

/**
 * screen: {
 *   path: "/neighbourhoods/:id",       history path, ":name" parts become ctx.params.name
 *   title: "i18n key",                  document title (and usually the h1)
 *   access: "any" | "guest" | "resident" | "operator" (default "any"); guest-only screens send
 *                                       a signed-in resident home, resident and operator ones
 *                                       send a visitor to sign in; an operator screen's nav
 *                                       entry shows to operators only (the server still checks)
 *   nav: {label: "i18n key", order: 10} optional entry in the header navigation
 *   render(ctx) -> Node | Promise<Node>  ctx: {params, query, navigate, flash, rerender}
 * }
 */
export function registerScreen(screen) {
  if (!screen.path?.startsWith("/") || typeof screen.render !== "function") {
    throw new Error("a screen needs a path starting with / and a render function");
  }
  const access = screen.access || "any";
  if (!ACCESS.includes(access)) throw new Error(`unknown access ${access}`);
  if (screens.some((s) => s.path === screen.path)) throw new Error(`two screens at ${screen.path}`);
  screens.push({ ...screen, access, pattern: compile(screen.path) });
}

let frameRefresher = () => {};

/** Redraw the header (its nav and slots), e.g. when a badge's count changed. */
export function refreshFrame() {
  frameRefresher();
}

export function onFrameRefresh(fn) {
  frameRefresher = fn;
}

/**
 * render(container, {signedIn}) fills the slot's element in the header. The header is rebuilt
 * on every navigation, language or session change (and on refreshFrame()), with a new
 * container each time: keep state in the module, not in the element.
 */
export function registerSlot(name, render) {
  if (!SLOTS.includes(name)) throw new Error(`unknown slot ${name}`);
  if (!slots.has(name)) slots.set(name, []);
  slots.get(name).push(render);
}

/** Install one feature module: {messages?, screens?, slots?: {name: render}, load?}; `load`
 * reads what the feature needs of the server before any screen shows (loadFeatures). */
export function install(feature) {
  if (feature.messages) addMessages(feature.messages);
  if (feature.load) loads.push(feature.load);
  for (const screen of feature.screens || []) registerScreen(screen);
  for (const [name, render] of Object.entries(feature.slots || {})) registerSlot(name, render);
}

/** Run every feature's `load` at once; resolves when all have ended, whether or not they could. */
export async function loadFeatures() {
  await Promise.allSettled(loads.map((load) => load()));
}

export function slotRenderers(name) {
  return slots.get(name) || [];
}

/** Nav entries visible to a visitor (signedIn false), a signed-in resident, or an operator. */
export function navEntries(signedIn, operator = false) {
  const shown = (access) =>
    access === "any" ||
    (access === "operator" ? signedIn && operator : (access === "resident") === signedIn);
  return screens
    .filter((s) => s.nav && shown(s.access))
    .sort((a, b) => (a.nav.order ?? 100) - (b.nav.order ?? 100))
    .map((s) => ({ path: s.path, label: s.nav.label }));
}

export function match(pathname) {
  for (const screen of screens) {
    const found = screen.pattern.exec(pathname);
    if (found) return { screen, params: { ...found.groups } };
  }
  return null;
}

function compile(path) {
  const source = path
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? `(?<${part.slice(1)}>[^/]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}/?$`);
}
