"""Contracts of the notifications context: preferences, unsubscriptions and read marks."""
