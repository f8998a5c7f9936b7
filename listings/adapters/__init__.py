"""The real implementations of the listings ports (listings/ports.py): photo processing with
Pillow, photo storage in files under the data dir (and in memory, for tests)."""
