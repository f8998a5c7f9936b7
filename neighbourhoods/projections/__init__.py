"""The neighbourhoods context's read models: their tables, the subscribers that fill them and
their queries."""
