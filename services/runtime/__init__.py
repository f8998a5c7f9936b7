"""The service platform at run time: configuration, Nameko dependency providers
(dependencies, subscriptions, read_models), the RPC door (doors), the one answer to "did the
database go away?" (connections), the launcher (serve) and `make run` (run)."""
