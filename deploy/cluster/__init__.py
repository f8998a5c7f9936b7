"""The production-like topology on one machine (`make cluster`, `make cluster-stop`): a RabbitMQ
cluster of 3 nodes, PostgreSQL, two replicas of every service, of each relay and of the gateway
behind HAProxy. See README.md beside this file."""
