// The operators' screens (the platform's status, the audit of the log, the proofs of address
// awaiting review), shown in the navigation to operators only, and the texts of ops' refusals.
import audit from "./audit.js";
import en from "./messages.en.js";
import fr from "./messages.fr.js";
import proofs from "./proofs.js";
import status from "./status.js";

export default [{ messages: { fr, en } }, status, audit, proofs];
