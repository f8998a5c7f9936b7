// Every context's features, in header order: a context adds its folder under features/ (an
// index.js exporting its features, messages.fr.js and messages.en.js) and one line here.
import identity from "./identity/index.js";
import listings from "./listings/index.js";
import matching from "./matching/index.js";
import neighbourhoods from "./neighbourhoods/index.js";
import notifications from "./notifications/index.js";
import ops from "./ops/index.js";

export default [...identity, ...neighbourhoods, ...listings, ...matching, ...notifications, ...ops];
