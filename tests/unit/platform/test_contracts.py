"""Declaring contracts, the registry, upcasting, metadata and the published catalogue."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from contracts import (
    ERASED,
    DeclarationError,
    InvalidEventData,
    Metadata,
    OldVersion,
    Registry,
    UnknownEventType,
    declare,
    default_registry,
    is_erased,
    is_pii,
    pii,
)
from contracts.catalog import converter, schema_document, write_catalog
from contracts.catalog import main as catalog_main
from contracts.fields import contract_of, count, one_of, schema_of, text
from contracts.identity.events import RESIDENT_REGISTERED, ResidentRegistered


@dataclass(frozen=True)
class ThingLent:
    lender_id: uuid.UUID
    note: str


class ThingLentSchema(Schema):
    lender_id = fields.UUID(required=True)
    note = pii(fields.String(required=True))


def test_pii_marks_the_field_and_keeps_its_other_metadata() -> None:
    field = pii(fields.String(metadata={"description": "what they said"}), subject="other_id")
    assert is_pii(field)
    assert field.metadata == {
        "description": "what they said",
        "pii": True,
        "pii_subject": "other_id",
    }
    assert not is_pii(fields.String())


def test_erased_is_a_string_recognised_by_is_erased() -> None:
    assert isinstance(ERASED, str)
    assert is_erased(ERASED)
    assert not is_erased(str(ERASED))
    assert not is_erased(None)


def test_a_declaration_records_every_version_with_its_pii_fields() -> None:
    versions = RESIDENT_REGISTERED.versions
    assert [v.version for v in versions] == [1, 2, 3]
    assert dict(versions[0].pii) == {"email": "resident_id", "name": "resident_id"}
    assert dict(versions[1].pii) == {"email": "resident_id", "display_name": "resident_id"}
    assert dict(versions[2].pii) == dict(versions[1].pii), "a language is no personal data"
    assert RESIDENT_REGISTERED.latest.upcast is None


@pytest.mark.parametrize("name", ["ThingLent", "lending.thingLent", "Lending.ThingLent", "a.b.C"])
def test_a_type_name_must_be_context_dot_past_tense_name(name: str) -> None:
    with pytest.raises(DeclarationError):
        declare(name, 1, ThingLent, ThingLentSchema, subject="lender_id")


def test_pii_without_a_subject_is_refused() -> None:
    with pytest.raises(DeclarationError, match="no subject"):
        declare("lending.ThingLent", 1, ThingLent, ThingLentSchema)


def test_a_subject_field_must_exist_and_not_be_pii_itself() -> None:
    with pytest.raises(DeclarationError, match="not in the schema"):
        declare("lending.ThingLent", 1, ThingLent, ThingLentSchema, subject="owner_id")

    class SelfSubject(Schema):
        lender_id = fields.UUID(required=True)
        note = pii(fields.String(required=True), subject="note")

    with pytest.raises(DeclarationError, match="non-PII"):
        declare("lending.ThingLent", 1, ThingLent, SelfSubject, subject="lender_id")


def test_the_dataclass_must_be_frozen_and_match_the_schema() -> None:
    @dataclass
    class Mutable:
        lender_id: uuid.UUID
        note: str

    @dataclass(frozen=True)
    class Other:
        lender_id: uuid.UUID

    with pytest.raises(DeclarationError, match="frozen"):
        declare("lending.ThingLent", 1, Mutable, ThingLentSchema, subject="lender_id")
    with pytest.raises(DeclarationError, match="differ"):
        declare("lending.ThingLent", 1, Other, ThingLentSchema, subject="lender_id")


def test_a_field_may_not_be_stored_under_another_name() -> None:
    class Renamed(Schema):
        lender_id = fields.UUID(required=True, data_key="lender")
        note = pii(fields.String(required=True))

    with pytest.raises(DeclarationError, match="rename"):
        declare("lending.ThingLent", 1, ThingLent, Renamed, subject="lender_id")


def test_every_past_version_must_be_declared() -> None:
    with pytest.raises(DeclarationError, match=r"versions 1\.\.2"):
        declare(
            "lending.ThingLent",
            3,
            ThingLent,
            ThingLentSchema,
            subject="lender_id",
            history=[OldVersion(1, ThingLentSchema, upcast=dict)],
        )


def test_a_type_or_a_class_is_declared_once() -> None:
    contract = declare("lending.ThingLent", 1, ThingLent, ThingLentSchema, subject="lender_id")
    registry = Registry([contract])
    with pytest.raises(DeclarationError):
        registry.add(contract)


def test_unknown_types_versions_and_classes_are_named_in_the_error() -> None:
    registry = default_registry()
    with pytest.raises(UnknownEventType, match=r"identity\.Nothing"):
        registry.contract("identity.Nothing")
    with pytest.raises(UnknownEventType, match="newer"):
        registry.version("identity.ResidentRegistered", 4)
    with pytest.raises(UnknownEventType):
        registry.version("identity.ResidentRegistered", 0)
    with pytest.raises(UnknownEventType, match="ThingLent"):
        registry.for_class(ThingLent)


def test_upcasting_brings_version_1_data_to_the_latest_version() -> None:
    registry = default_registry()
    v1: dict[str, Any] = {"resident_id": "r", "email": "e", "name": "Ada", "registered_at": "t"}
    latest = registry.upcast("identity.ResidentRegistered", 1, v1)
    assert latest == {
        "resident_id": "r",
        "email": "e",
        "display_name": "Ada",
        "registered_at": "t",
        "language": "fr",
    }
    assert "name" in v1, "the caller's dict is left alone"
    assert registry.upcast("identity.ResidentRegistered", 3, latest) == latest


def test_residents_registered_before_the_language_choice_read_back_as_french() -> None:
    v2: dict[str, Any] = {
        "resident_id": "r",
        "email": "e",
        "display_name": "A",
        "registered_at": "t",
    }
    assert default_registry().upcast("identity.ResidentRegistered", 2, v2)["language"] == "fr"


def test_upcasting_carries_erased_values_through() -> None:
    v1 = {"resident_id": "r", "email": ERASED, "name": ERASED, "registered_at": "t"}
    latest = default_registry().upcast("identity.ResidentRegistered", 1, v1)
    assert latest["display_name"] is ERASED


def test_metadata_of_a_new_conversation_and_of_a_caused_event() -> None:
    command_id = uuid.uuid4()
    first = Metadata.start("resident:42", command_id)
    assert first.to_dict() == {
        "correlation_id": str(command_id),
        "causation_id": str(command_id),
        "actor": "resident:42",
    }
    event_id = uuid.uuid4()
    then = Metadata.caused_by(event_id, first.correlation_id, "system:matching")
    assert then.correlation_id == first.correlation_id
    assert then.causation_id == str(event_id)
    assert Metadata.start("system:ops").causation_id is None


def test_metadata_refuses_missing_actor_and_unknown_keys() -> None:
    with pytest.raises(InvalidEventData, match="actor"):
        Metadata.from_dict({"correlation_id": "c", "causation_id": None})
    with pytest.raises(InvalidEventData, match="unknown keys"):
        Metadata.from_dict({"correlation_id": "c", "actor": "a", "home": "1 rue X"})
    relaxed = Metadata.from_dict({"correlation_id": "c", "actor": "a", "later": 1}, strict=False)
    assert relaxed.actor == "a"


def test_catalogue_schema_marks_pii_fields() -> None:
    registry = default_registry()
    contract = registry.contract("identity.ResidentRegistered")
    document = schema_document(contract, contract.latest, converter())
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["required"] == [
        "display_name",
        "email",
        "language",
        "registered_at",
        "resident_id",
    ]
    props = document["properties"]
    assert props["email"]["x-pii"] is True
    assert props["email"]["format"] == "email"
    assert props["display_name"]["x-pii-subject"] == "resident_id"
    assert "x-pii" not in props["resident_id"]
    assert props["registered_at"] == {"type": "string", "format": "date-time"}
    assert document["x-latest"] is True
    assert ResidentRegistered.__doc__ is not None
    assert document["description"].startswith("A person signed up.")


def test_catalogue_writes_one_schema_per_type_and_version_and_an_index(tmp_path: Path) -> None:
    assert catalog_main([str(tmp_path / "catalog")]) == 0
    index = json.loads((tmp_path / "catalog" / "index.json").read_text())
    listed = {(e["type"], e["schema_version"]): e for e in index["events"]}
    assert set(listed) >= {
        ("identity.ResidentRegistered", 1),
        ("identity.ResidentRegistered", 2),
        ("identity.ResidentRegistered", 3),
        ("identity.ResidentErased", 1),
        ("identity.LanguageChanged", 1),
    }
    v1 = listed[("identity.ResidentRegistered", 1)]
    assert v1["pii"] == ["email", "name"] and v1["latest"] is False
    old = json.loads((tmp_path / "catalog" / v1["file"]).read_text())
    assert old["properties"]["name"]["x-pii"] is True
    assert old["x-upcast-to"] == 2
    erased = json.loads(
        (tmp_path / "catalog" / "identity.ResidentErased.v1.schema.json").read_text()
    )
    assert not any("x-pii" in p for p in erased["properties"].values())


def test_catalogue_inlines_nested_schemas(tmp_path: Path) -> None:
    class Where(Schema):
        street = fields.String(required=True)

    @dataclass(frozen=True)
    class ThingPlaced:
        lender_id: uuid.UUID
        where: dict[str, str]
        at: datetime

    class ThingPlacedSchema(Schema):
        lender_id = fields.UUID(required=True)
        where = pii(fields.Nested(Where, required=True))
        at = fields.AwareDateTime(required=True)

    contract = declare("lending.ThingPlaced", 1, ThingPlaced, ThingPlacedSchema, "lender_id")
    write_catalog(Registry([contract]), tmp_path)
    document = json.loads((tmp_path / "lending.ThingPlaced.v1.schema.json").read_text())
    assert "$ref" not in json.dumps(document)
    assert document["properties"]["where"]["x-pii"] is True
    assert document["properties"]["where"]["properties"]["street"]["type"] == "string"


@dataclass(frozen=True)
class ThingReturned:
    lender_id: uuid.UUID
    borrower_id: uuid.UUID | None
    note: str
    returned_at: datetime
    due_at: datetime | None


def test_a_schema_read_off_a_dataclass_takes_ids_and_times_from_its_annotations() -> None:
    schema = schema_of(ThingReturned, note=pii(text(validate.Length(max=5))))
    assert schema.__name__ == "ThingReturnedSchema"
    declared = schema._declared_fields
    assert list(declared) == ["lender_id", "borrower_id", "note", "returned_at", "due_at"]
    assert isinstance(declared["lender_id"], fields.UUID)
    assert isinstance(declared["returned_at"], fields.AwareDateTime)
    assert all(field.required for field in declared.values())
    nullable = {name for name, field in declared.items() if field.allow_none}
    assert nullable == {"borrower_id", "due_at"}
    assert is_pii(declared["note"])


def test_a_schema_read_off_a_dataclass_asks_for_every_field_that_carries_a_rule() -> None:
    with pytest.raises(DeclarationError, match="note"):
        schema_of(ThingReturned)
    with pytest.raises(DeclarationError, match="colour"):
        schema_of(ThingReturned, note=text(validate.Length(max=5)), colour=one_of(("red",)))


def test_a_contract_of_a_dataclass_is_version_1_of_its_context_and_name() -> None:
    contract = contract_of(
        "lending", ThingReturned, "lender_id", note=pii(text(validate.Length(max=5)))
    )
    assert contract.type == "lending.ThingReturned"
    assert [spec.version for spec in contract.versions] == [1]
    assert contract.latest.pii == {"note": "lender_id"}
    assert (
        contract.latest.schema().load(
            {
                "lender_id": str(uuid.uuid4()),
                "borrower_id": None,
                "note": "merci",
                "returned_at": "2026-03-01T09:30:00+00:00",
                "due_at": None,
            }
        )["note"]
        == "merci"
    )


def test_choices_and_counts_refuse_what_they_do_not_name() -> None:
    with pytest.raises(ValidationError):
        one_of(("red", "blue")).deserialize("green")
    with pytest.raises(ValidationError):
        count(validate.Range(min=1)).deserialize("3")
    assert count(validate.Range(min=1)).deserialize(3) == 3
