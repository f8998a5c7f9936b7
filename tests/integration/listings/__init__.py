"""Integration tests of the listings service: the real service over RabbitMQ and PostgreSQL."""
