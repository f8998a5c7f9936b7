"""The listings context's rules: pure, no I/O, no clock (time and ids come in the command)."""
