// Who is signed in: the resident's GET /me, or null. Screens read it; sign-in, sign-out and
// every command that changes the profile refresh it (with `after` = the command's position,
// so that the resident sees what they just did).
import { api, ApiError, onUnauthenticated, setCsrfToken } from "./api.js";

let me = null;
const listeners = new Set();

export function current() {
  return me;
}

export function signedIn() {
  return me !== null;
}

/** Whether GET /me lists the platform's operator role (the ops pages' nav entries). */
export function isOperator() {
  return Boolean(me?.roles?.some((r) => r.role === "operator"));
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) fn(me);
}

/** Reload GET /me; a 401 means signed out. Other errors are thrown, the state kept. */
export async function refresh(after) {
  try {
    me = await api("GET", "/me", { query: { after } });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    me = null;
  }
  notify();
  return me;
}

export async function signIn(email, password) {
  const answer = await api("POST", "/sessions", { json: { email, password } });
  setCsrfToken(answer.csrf_token);
  return refresh(answer.position);
}

export async function signOut() {
  try {
    await api("DELETE", "/sessions/current");
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  forget();
}

/** Forget the session locally (after sign-out, erasure, or a 401 from the server). */
export function forget() {
  setCsrfToken(null);
  if (me !== null) {
    me = null;
    notify();
  }
}

onUnauthenticated(() => forget());
