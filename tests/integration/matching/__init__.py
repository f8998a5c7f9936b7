"""Integration tests of the matching context."""
