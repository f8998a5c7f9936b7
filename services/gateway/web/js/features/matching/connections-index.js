// The connections' screens (my connections, a conversation, a neighbour's thanks, my blocks).
import { connectionScreen, connectionsScreen } from "./connections.js";
import { blocksScreen, profileScreen } from "./thanks.js";

export default [{ screens: [connectionsScreen, connectionScreen, profileScreen, blocksScreen] }];
