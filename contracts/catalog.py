"""The event catalogue: one JSON Schema (draft 2020-12) per event type and version, plus an index.

    python -m contracts.catalog var/catalog

It writes asyncapi.json there too: the AsyncAPI 3.0 document of the RabbitMQ side
(contracts/asyncapi.py).

Schemas describe an event's data in clear. Fields marked "x-pii" are stored sealed with their
subject's key and reach analysts as pseudonyms ("psn_" + 32 hex digits) or as "[erased]".
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from . import default_registry
from .pii import ERASED
from .registry import EventContract, Registry, SchemaVersion

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _inline(_schema: type[Schema]) -> Any:
    # No name for a nested schema makes apispec inline it, so that each file stands alone.
    return None


def converter() -> Any:
    """apispec's marshmallow to JSON Schema converter, inlining nested schemas."""
    # OpenAPI 3.1 schema objects are JSON Schema 2020-12.
    plugin = MarshmallowPlugin(schema_name_resolver=_inline)
    APISpec("Quartier events", "1", "3.1.0", plugins=[plugin])
    return plugin.converter


def file_name(spec: SchemaVersion) -> str:
    return f"{spec.type}.v{spec.version}.schema.json"


def schema_document(contract: EventContract, spec: SchemaVersion, convert: Any) -> dict[str, Any]:
    """The JSON Schema of one version of one event type."""
    body: dict[str, Any] = convert.schema2jsonschema(spec.schema)
    for name, owner in spec.pii.items():
        body["properties"][name].update({"x-pii": True, "x-pii-subject": owner})
    latest = spec is contract.latest
    described = contract.cls if latest else spec.schema
    document: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:quartier:event:{spec.type}:v{spec.version}",
        "title": f"{spec.type} v{spec.version}",
    }
    if described.__doc__:
        document["description"] = " ".join(described.__doc__.split())
    document.update(body)
    document.update(
        {
            "x-event-type": spec.type,
            "x-schema-version": spec.version,
            "x-latest": latest,
            "x-subject": spec.subject,
            "x-erased-value": str(ERASED),
        }
    )
    if not latest:
        document["x-upcast-to"] = spec.version + 1
    return document


def write_catalog(registry: Registry, outdir: Path) -> list[Path]:
    """Write every schema and index.json into `outdir`; return the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    convert = converter()
    written: list[Path] = []
    index: list[dict[str, Any]] = []
    for contract in registry:
        for spec in contract.versions:
            path = outdir / file_name(spec)
            _write(path, schema_document(contract, spec, convert))
            written.append(path)
            index.append(
                {
                    "type": spec.type,
                    "schema_version": spec.version,
                    "latest": spec is contract.latest,
                    "file": path.name,
                    "subject": spec.subject,
                    "pii": sorted(spec.pii),
                }
            )
    index_path = outdir / "index.json"
    _write(index_path, {"$comment": "Quartier event catalogue", "events": index})
    written.append(index_path)
    return written


def _write(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the catalogue of every declared event into OUTDIR (var/catalog)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m contracts.catalog [OUTDIR]", file=sys.stderr)
        return 2
    outdir = Path(args[0] if args else "var/catalog")
    from .asyncapi import document

    registry = default_registry()
    written = write_catalog(registry, outdir)
    _write(outdir / "asyncapi.json", document(registry))
    print(f"wrote {len(written) - 1} event schemas, index.json and asyncapi.json to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
