"""Contracts of the matching context: matches between offers and requests, connections."""
