// The matching endpoints of the gateway, read-your-writes (a read after an answer waits for
// that answer's position).
import { readYourWrites } from "../../core/api.js";

const { command, read } = readYourWrites();
const seg = (id) => `/matches/${encodeURIComponent(id)}`;

export const matches = {
  mine: () => read("/matches").then((answer) => answer?.items || []),
  accept: (id) => command("POST", `${seg(id)}/accept`, {}),
  decline: (id) => command("POST", `${seg(id)}/decline`, {}),
};
