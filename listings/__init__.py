"""Listings: offers and requests of every kind, responses, reports."""
