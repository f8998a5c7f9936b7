"""The notifications read model: what it learns of residents, places and listings (facts), the
inbox, the digest waiting to leave, and the preferences each delivery is ruled by."""
