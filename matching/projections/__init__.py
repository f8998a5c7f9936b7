"""The matching context's read models: their tables, the subscribers that fill them, queries.
Proposals keep their index of open listings and what they know of residents (index.py) and the
matches residents see (matches.py) in the tables of tables.py; connections, conversations and
contacts are read by the connections' doors."""
