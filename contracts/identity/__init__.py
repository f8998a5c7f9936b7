"""The identity context's contracts: its events (events.py) and its refusals (refusals.py)."""
