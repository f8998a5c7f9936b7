// History-API routing: in-page links and back/forward re-render the frame without a reload.
// The gateway answers index.html for every non-API path, so any of them can be reloaded.

let onRoute = null;

export function startRouter(handler) {
  onRoute = handler;
  window.addEventListener("popstate", () => onRoute(location.pathname, location.search));
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || !isInPage(link, event)) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  return onRoute(location.pathname, location.search, { initial: true });
}

function isInPage(link, event) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (link.target || link.hasAttribute("download")) return false;
  if (link.origin !== location.origin || link.pathname.startsWith("/api/")) return false;
  // A link to an anchor of this page (the skip link) keeps the browser's own behaviour.
  return !(link.hash && link.pathname === location.pathname);
}

/** Go to an in-app path ("/me/address", "/sign-in?next=/me"). */
export function navigate(path, { replace = false } = {}) {
  const url = new URL(path, location.origin);
  if (replace) history.replaceState(null, "", url.pathname + url.search);
  else history.pushState(null, "", url.pathname + url.search);
  return onRoute(url.pathname, url.search);
}

/** A path from ?next= that stays inside the app (never another site, never the API). */
export function safeNext(value, fallback = "/") {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  const url = new URL(value, location.origin); // "//x" and "/\\x" would leave the site
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return fallback;
  return url.pathname + url.search;
}
