// The matching context's texts (en): each part's own file, merged.
import connections from "./connections-messages.en.js";

export default { ...connections };
