"""Unit tests of the matching context."""
