// The matching context's texts (fr): each part's own file, merged.
import connections from "./connections-messages.fr.js";

export default { ...connections };
