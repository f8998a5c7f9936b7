"""Every read model and policy of the contexts can build a new generation beside the one in use
(a new version, `quartier replay`): no table or index of one generation is named as the other's."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from contracts.contexts import CONTEXTS


def _defines() -> Iterator[tuple[str, Any]]:
    for context in CONTEXTS:
        for layer in ("projections", "policies"):
            try:
                package = importlib.import_module(f"{context}.{layer}")
            except ModuleNotFoundError:
                continue
            modules = [package]
            if hasattr(package, "__path__"):  # a package of modules, not one module
                modules += [
                    importlib.import_module(f"{package.__name__}.{info.name}")
                    for info in pkgutil.iter_modules(package.__path__)
                ]
            for module in modules:
                define = getattr(module, "define", None)
                if callable(define):
                    yield module.__name__, define


DEFINES = dict(_defines())


def test_every_context_declares_its_tables() -> None:
    assert {name.split(".")[0] for name in DEFINES} >= {"listings", "matching", "notifications"}


@pytest.mark.parametrize("name", sorted(DEFINES))
def test_two_generations_are_created_side_by_side(name: str) -> None:
    metadata = sa.MetaData()
    first = vars(DEFINES[name](metadata, "_v1"))
    second = vars(DEFINES[name](metadata, "_v2"))
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    created = set(sa.inspect(engine).get_table_names())
    for key, table in {**first, **second}.items():
        if isinstance(table, sa.Table):
            assert table.name in created, key
