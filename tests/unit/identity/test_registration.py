"""Registering, the unique e-mail claim, passwords, signing in, profile and roles."""

from __future__ import annotations

import uuid

import pytest

from contracts.identity.events import (
    EmailClaimed,
    EmailReleased,
    PasswordChanged,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
    RoleGranted,
    RoleRevoked,
)
from identity.commands import (
    ChangePassword,
    ChangeProfile,
    ClaimEmail,
    GrantRole,
    RegisterResident,
    ReleaseEmail,
    RevokeRole,
    SignIn,
)
from identity.domain.email_claim import EmailClaim, decide_claim, email_claim_stream, evolve_claim
from identity.domain.errors import (
    AccountErased,
    CurrentPasswordWrong,
    EmailTaken,
    InvalidCredentials,
    InvalidEmail,
    InvalidProfile,
    NotRegistered,
    PasswordTooWeak,
    RoleIsPlatformWide,
    RoleNeedsNeighbourhood,
    UnknownRole,
)
from identity.domain.resident import check_password
from identity.domain.state import fold
from tests.unit.identity import OPS, T0, days, given, registered


def claim_after(*events: object) -> EmailClaim:
    state = EmailClaim()
    for event in events:
        state = evolve_claim(state, event)  # type: ignore[arg-type]
    return state


def test_registering_records_the_resident_and_the_hash_of_their_password() -> None:
    rid = uuid.uuid4()
    given().when(
        RegisterResident(uuid.uuid4(), rid, " Ada@Example.org ", " Ada L. ", "argon2:x", T0)
    ).then(
        ResidentRegistered(rid, "Ada@Example.org", "Ada L.", T0),
        PasswordChanged(rid, "argon2:x", T0),
    )


def test_registering_again_under_the_same_id_records_nothing() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        RegisterResident(uuid.uuid4(), rid, "ada@example.org", "Ada", "h", T0)
    ).then()


@pytest.mark.parametrize("email", ["ada", "ada@", "@example.org", "a da@example.org", "a@b"])
def test_an_address_that_is_not_an_email_is_refused(email: str) -> None:
    given().when(RegisterResident(uuid.uuid4(), uuid.uuid4(), email, "Ada", "h", T0)).refused(
        InvalidEmail
    )


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_display_name_must_have_1_to_100_characters(name: str) -> None:
    command = RegisterResident(uuid.uuid4(), uuid.uuid4(), "ada@example.org", name, "h", T0)
    given().when(command).refused(InvalidProfile)


def test_the_first_claim_of_an_email_takes_it() -> None:
    rid = uuid.uuid4()
    assert decide_claim(ClaimEmail(uuid.uuid4(), rid, "ada@example.org", T0), EmailClaim()) == [
        EmailClaimed(rid, "ada@example.org", T0)
    ]


def test_duplicate_email_in_different_case_is_refused() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    assert email_claim_stream("Ada@Example.ORG") == email_claim_stream(" ada@example.org")
    claim = claim_after(EmailClaimed(first, "ada@example.org", T0))
    with pytest.raises(EmailTaken):
        decide_claim(ClaimEmail(uuid.uuid4(), second, "ADA@EXAMPLE.ORG", T0), claim)


def test_the_same_resident_claiming_again_is_a_repeat_not_a_conflict() -> None:
    rid = uuid.uuid4()
    claim = claim_after(EmailClaimed(rid, "ada@example.org", T0))
    assert decide_claim(ClaimEmail(uuid.uuid4(), rid, "ada@example.org", T0), claim) == []


def test_an_email_released_on_erasure_can_be_claimed_again() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    claim = claim_after(EmailClaimed(first, "ada@example.org", T0))
    assert decide_claim(ReleaseEmail(uuid.uuid4(), first, T0), claim) == [EmailReleased(first, T0)]
    released = claim_after(EmailClaimed(first, "ada@example.org", T0), EmailReleased(first, T0))
    assert decide_claim(ReleaseEmail(uuid.uuid4(), first, T0), released) == []
    assert decide_claim(ClaimEmail(uuid.uuid4(), second, "ada@example.org", T0), released) == [
        EmailClaimed(second, "ada@example.org", T0)
    ]


def test_only_the_holder_releases_an_email() -> None:
    claim = claim_after(EmailClaimed(uuid.uuid4(), "ada@example.org", T0))
    assert decide_claim(ReleaseEmail(uuid.uuid4(), uuid.uuid4(), T0), claim) == []


@pytest.mark.parametrize(
    "password", ["short", "aaaaaaaaaaaa", "ADA@example.org", "motdepasse1", "AZERTYUIOP"]
)
def test_a_password_too_easy_to_guess_is_refused_before_hashing(password: str) -> None:
    with pytest.raises(PasswordTooWeak):
        check_password(password, "ada@example.org")
    check_password("correct horse battery", "ada@example.org")


def test_signing_in_with_the_right_password_records_nothing() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(SignIn(rid, True, T0)).then()


def test_signing_in_with_a_wrong_password_is_refused_without_saying_which_was_wrong() -> None:
    rid = uuid.uuid4()
    error = given(*registered(rid)).when(SignIn(rid, False, T0)).refused(InvalidCredentials)
    assert "password" in str(error) and "e-mail" in str(error)
    given().when(SignIn(rid, True, T0)).refused(InvalidCredentials)


def test_an_erased_resident_can_no_longer_sign_in() -> None:
    rid = uuid.uuid4()
    given(*registered(rid), ResidentErased(rid, T0)).when(SignIn(rid, True, T0)).refused(
        AccountErased
    )


def test_changing_the_password_needs_the_current_one() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        ChangePassword(uuid.uuid4(), rid, True, "argon2:new", T0 + days(1))
    ).then(PasswordChanged(rid, "argon2:new", T0 + days(1)))
    given(*registered(rid)).when(
        ChangePassword(uuid.uuid4(), rid, False, "argon2:new", T0)
    ).refused(CurrentPasswordWrong)


def test_the_address_is_shown_to_the_street_until_the_resident_says_otherwise() -> None:
    rid = uuid.uuid4()
    assert fold(registered(rid)).address_disclosure == "street"
    given(*registered(rid)).when(
        ChangeProfile(uuid.uuid4(), rid, "Ada", " 06 12 34 56 78 ", "none", T0)
    ).then(ProfileChanged(rid, "Ada", "06 12 34 56 78", "none", T0))


def test_an_unchanged_profile_records_nothing() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(ChangeProfile(uuid.uuid4(), rid, "Ada", "", "street", T0)).then()


@pytest.mark.parametrize(
    ("phone", "disclosure"), [("call me", "street"), ("0612345678", "everything")]
)
def test_a_bad_phone_or_disclosure_level_is_refused(phone: str, disclosure: str) -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        ChangeProfile(uuid.uuid4(), rid, "Ada", phone, disclosure, T0)
    ).refused(InvalidProfile)


def test_a_moderator_moderates_one_neighbourhood() -> None:
    rid, hood = uuid.uuid4(), uuid.uuid4()
    given(*registered(rid)).when(
        GrantRole(uuid.uuid4(), rid, "moderator", OPS, hood, True, T0)
    ).then(RoleGranted(rid, "moderator", hood, T0))
    given(*registered(rid)).when(
        GrantRole(uuid.uuid4(), rid, "moderator", OPS, None, True, T0)
    ).refused(RoleNeedsNeighbourhood)


def test_an_operator_is_platform_wide() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(
        GrantRole(uuid.uuid4(), rid, "operator", OPS, None, True, T0)
    ).then(RoleGranted(rid, "operator", None, T0))
    given(*registered(rid)).when(
        GrantRole(uuid.uuid4(), rid, "operator", OPS, uuid.uuid4(), True, T0)
    ).refused(RoleIsPlatformWide)


@pytest.mark.parametrize("role", ["resident", "admin"])
def test_only_moderator_and_operator_are_granted(role: str) -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(GrantRole(uuid.uuid4(), rid, role, OPS, None, True, T0)).refused(
        UnknownRole
    )


def test_granting_a_role_held_or_revoking_one_not_held_records_nothing() -> None:
    rid, hood = uuid.uuid4(), uuid.uuid4()
    granted = RoleGranted(rid, "moderator", hood, T0)
    given(*registered(rid), granted).when(
        GrantRole(uuid.uuid4(), rid, "moderator", OPS, hood, True, T0)
    ).then()
    given(*registered(rid)).when(
        RevokeRole(uuid.uuid4(), rid, "moderator", OPS, hood, True, T0)
    ).then()
    given(*registered(rid), granted).when(
        RevokeRole(uuid.uuid4(), rid, "moderator", OPS, hood, True, T0)
    ).then(RoleRevoked(rid, "moderator", hood, T0))
    state = fold([*registered(rid), granted, RoleRevoked(rid, "moderator", hood, T0)])
    assert state.roles == frozenset()


def test_commands_for_someone_never_registered_are_refused() -> None:
    rid = uuid.uuid4()
    given().when(ChangeProfile(uuid.uuid4(), rid, "Ada", None, "street", T0)).refused(NotRegistered)
    given().when(GrantRole(uuid.uuid4(), rid, "operator", OPS, None, True, T0)).refused(
        NotRegistered
    )
