// The operators' API: the platform's status, the audit of the log, the proofs of address.
import { api } from "../../core/api.js";

const encoded = (text) => encodeURIComponent(text);

export const ops = {
  status: () => api("GET", "/ops/status"),
  stream: (stream, asOf) =>
    api("GET", `/ops/audit/streams/${encoded(stream)}`, { query: { as_of: asOf || undefined } }),
  resident: (id, reason) =>
    api("GET", `/ops/audit/residents/${encoded(id)}`, { query: { reason } }),
  correlation: (id) => api("GET", `/ops/audit/correlations/${encoded(id)}`),
  proofs: () => api("GET", "/ops/proofs"),
  decide: (id, decision, reason) =>
    api("POST", `/ops/proofs/${encoded(id)}/decision`, {
      json: reason ? { decision, reason } : { decision },
    }),
};

/** Where the browser fetches a queued document (the session cookie goes with it). */
export const documentUrl = (id) => `/api/v1/ops/proofs/${encoded(id)}/document`;
