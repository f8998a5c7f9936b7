"""Identity: residents, credentials, home addresses and their verification."""
