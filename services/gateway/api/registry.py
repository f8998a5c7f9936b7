"""The contexts whose API the gateway serves: each is a package under services/gateway/api/
whose ROUTES is the table of its routes (http/routing.py `table`). Adding a context's API is
adding its package and its name here."""

from __future__ import annotations

import importlib

from services.gateway.http.routing import Table

CONTEXTS: tuple[str, ...] = ("identity", "neighbourhoods", "listings", "meta")


def tables() -> Table:
    """Every context's routes, in the order of CONTEXTS."""
    routes: Table = ()
    for context in CONTEXTS:
        routes += importlib.import_module(f"services.gateway.api.{context}").ROUTES
    return routes


__all__ = ["CONTEXTS", "tables"]
