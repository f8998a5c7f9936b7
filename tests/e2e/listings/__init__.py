"""End-to-end tests of listings through the HTTP API."""
