"""Policies of the listings context: what it does when other contexts' events (memberships,
erasures) or the clock say so."""
