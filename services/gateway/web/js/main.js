// Start-up: install the feature modules, learn who is signed in, then route.
import { h } from "./core/dom.js";
import { errorText } from "./core/errors.js";
import { clearAppAlert, failed, notFound, renderFrame, showAppAlert } from "./core/frame.js";
import { language, onLanguageChange, setLanguage, t } from "./core/i18n.js";
import { loadLimits } from "./core/limits.js";
import { install, loadFeatures, match, onFrameRefresh } from "./core/registry.js";
import { navigate, startRouter } from "./core/router.js";
import features from "./features/index.js";
import * as session from "./core/session.js";

const main = document.getElementById("main");
let renderCount = 0;
let currentPath = location.pathname;
let flashes = [];

for (const feature of features) install(feature);

/** A message shown once, at the top of the next screen. */
function flash(text, kind = "success") {
  flashes.push({ text, kind });
}

async function signOut() {
  try {
    await session.signOut();
    flash(t("frame.signed_out"));
    await navigate("/sign-in");
  } catch (error) {
    showAppAlert(errorText(error));
  }
}

function frame() {
  renderFrame(currentPath, { onSignOut: signOut });
}

async function show(pathname, search = "", { initial = false, keepFocus = false } = {}) {
  const token = ++renderCount;
  const found = match(pathname);
  const screen = found?.screen;
  const forResidents = screen?.access === "resident" || screen?.access === "operator";
  if (forResidents && !session.signedIn()) {
    return navigate(`/sign-in?next=${encodeURIComponent(pathname + search)}`, { replace: true });
  }
  if (screen?.access === "guest" && session.signedIn()) return navigate("/", { replace: true });
  currentPath = pathname;
  if (!initial) clearAppAlert();
  frame();
  document.title = `${screen ? t(screen.title) : t("page.not_found.title")} · ${t("app.name")}`;
  const ctx = {
    params: found?.params || {},
    query: new URLSearchParams(search),
    navigate,
    flash,
    rerender: () => show(location.pathname, location.search),
  };
  let node;
  try {
    node = screen ? await screen.render(ctx) : notFound();
  } catch (error) {
    node = failed(error);
  }
  if (token !== renderCount) return; // a later navigation won the race
  const notices = flashes.map(({ text, kind }) =>
    h("p", { class: `notice notice-${kind}`, role: "status" }, text),
  );
  flashes = [];
  main.replaceChildren(...notices, node);
  const heading = main.querySelector("h1");
  heading?.setAttribute("tabindex", "-1");
  // After an in-app navigation, focus goes to the new page's heading, as a page load would
  // announce it; on the first load it stays at the top so that Tab reaches the skip link.
  if (!initial && !keepFocus) heading?.focus();
}

let started = false;
let wasSignedIn = false;

onLanguageChange(() => {
  const fromSwitch = document.activeElement?.id === "language-switch";
  frame();
  if (!started) return;
  show(location.pathname, location.search, { keepFocus: true }).then(() => {
    if (fromSwitch) document.getElementById("language-switch")?.focus();
  });
});

session.onSessionChange((me) => {
  const arrived = me !== null && !wasSignedIn;
  wasSignedIn = me !== null;
  // On signing in (or opening the app signed in), the language saved on the account wins
  // over this browser's last choice; switching afterwards saves the new one on the account.
  if (arrived && me.language && me.language !== language()) setLanguage(me.language);
  else frame();
});
onFrameRefresh(() => frame());

async function boot() {
  frame();
  const limits = loadLimits().catch(() => {}); // without them the forms still work
  const loads = loadFeatures(); // the features' words, before a screen uses them
  try {
    await session.refresh();
  } catch (error) {
    showAppAlert(errorText(error));
  }
  await limits;
  await loads;
  started = true;
  await startRouter((pathname, search, options) => show(pathname, search, options));
}

boot();
