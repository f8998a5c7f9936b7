// What this installation tells the client before it draws anything optional (GET /config):
// the map tile server, when the operator named one. Read once; when it cannot be read, the
// client goes on with the defaults (blank maps).
import { api } from "./api.js";

const DEFAULTS = { map: null };
let loading = null;

export function clientConfig() {
  if (!loading) {
    loading = api("GET", "/config").then(
      (answer) => ({ ...DEFAULTS, ...(answer || {}) }),
      () => {
        loading = null; // a later screen asks again
        return DEFAULTS;
      },
    );
  }
  return loading;
}
