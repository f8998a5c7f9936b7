"""Contracts of the listings context: offers and requests, their photos, responses and reports."""
