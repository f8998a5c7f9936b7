"""Neighbourhoods: boundaries, membership, roles."""
