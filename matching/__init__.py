"""Matching: matches between offers and requests, and connections between neighbours."""
