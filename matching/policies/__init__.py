"""Subscribers of the matching context that react to events with commands."""
