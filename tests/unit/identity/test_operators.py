"""Roles are granted and revoked, and another resident's account erased, by operators only: the
rule is the domain's, decided on what the handler read of the actor (`by_operator`)."""

from __future__ import annotations

import uuid

from contracts.identity.events import ResidentErased, RoleGranted
from contracts.refusals import NOT_ALLOWED
from identity.commands import EraseResident, GrantRole, RevokeRole
from identity.domain.errors import NotAnOperator
from tests.unit.identity import OPS, T0, given, registered


def test_a_resident_who_is_no_operator_cannot_grant_a_role() -> None:
    rid, someone = uuid.uuid4(), f"resident:{uuid.uuid4()}"
    refused = (
        given(*registered(rid))
        .when(GrantRole(uuid.uuid4(), rid, "operator", someone, None, False, T0))
        .refused(NotAnOperator)
    )
    assert refused.refusal is NOT_ALLOWED


def test_an_operator_grants_a_role() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        GrantRole(uuid.uuid4(), rid, "operator", f"resident:{uuid.uuid4()}", None, True, T0)
    ).then(RoleGranted(rid, "operator", None, T0))


def test_the_operator_rule_is_said_before_anything_about_the_resident() -> None:
    # A resident who is no operator learns nothing, not even whether the account exists.
    given().when(
        RevokeRole(uuid.uuid4(), uuid.uuid4(), "operator", "resident:x", None, False, T0)
    ).refused(NotAnOperator)


def test_only_an_operator_erases_someone_else() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        EraseResident(uuid.uuid4(), rid, f"resident:{uuid.uuid4()}", False, False, T0)
    ).refused(NotAnOperator)


def test_a_resident_erases_themselves_and_the_command_line_anyone() -> None:
    rid = uuid.uuid4()
    for actor, by_operator, by_resident in ((f"resident:{rid}", False, True), (OPS, True, False)):
        given(*registered(rid)).when(
            EraseResident(uuid.uuid4(), rid, actor, by_operator, by_resident, T0)
        ).then(ResidentErased(rid, T0))


def test_a_resident_naming_themselves_without_their_password_is_no_operator() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        EraseResident(uuid.uuid4(), rid, f"resident:{rid}", False, False, T0)
    ).refused(NotAnOperator)
