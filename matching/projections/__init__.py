"""The matching context's read models: its index of open listings and what it knows of
residents (index.py), and the matches residents see (matches.py), in the tables of tables.py."""
