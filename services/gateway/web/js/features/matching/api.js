// The matching endpoints of the gateway, read-your-writes (a read after an answer waits for
// that answer's position).
import { api } from "../../core/api.js";

let latest = null;

const seg = (id) => `/matches/${encodeURIComponent(id)}`;

async function command(url) {
  const answer = await api("POST", url, { json: {} });
  if (answer?.position) latest = answer.position;
  return answer;
}

export const matches = {
  mine: () =>
    api("GET", "/matches", { query: { after: latest } }).then((answer) => answer?.items || []),
  accept: (id) => command(`${seg(id)}/accept`),
  decline: (id) => command(`${seg(id)}/decline`),
};
