"""The listings context's read models: what it learns of members and residents from the other
contexts' events (facts.py), its listings and their search (listings.py, search.py), and their
queries (queries.py, moderation.py, photos.py)."""
