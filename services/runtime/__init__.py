"""The service platform at run time: configuration, Nameko dependency providers
(dependencies, subscriptions), the launcher (serve) and `make run` (run)."""
