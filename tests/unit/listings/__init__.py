"""Unit tests of the listings context: its rules, and its photo processing."""
