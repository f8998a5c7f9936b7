"""What the neighbourhoods context does on its own: withdrawals driven by identity's events, and
the release of stale reservations."""
