"""Contract tests of the matching context: its read models and policy on SQLite and PostgreSQL."""
