"""Contract tests of the listings ports and read models."""
