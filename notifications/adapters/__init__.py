"""The notifications context's adapters: SMTP and in-memory mailers, the embedded mail server."""
