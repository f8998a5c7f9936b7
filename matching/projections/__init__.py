"""The matching context's read models: their tables, the subscribers that fill them, queries."""
