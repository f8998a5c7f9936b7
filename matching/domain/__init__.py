"""The matching context's pure domain: each aggregate's stream, state, evolve and decide."""
