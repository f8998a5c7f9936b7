"""The matching context's command handlers: each module's table {command type: its aggregate},
run by the platform's one command loop (services/eventstore/handling.py)."""
