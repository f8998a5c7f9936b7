"""End-to-end tests of the matching context."""
