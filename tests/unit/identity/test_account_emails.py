"""The account's e-mails: the link that confirms the address, the link that resets the password.
Given the resident's events, when a command (the clock in it), then events or a refusal."""

from __future__ import annotations

import uuid
from datetime import timedelta

from contracts.identity.events import (
    EmailConfirmationRequested,
    EmailConfirmed,
    PasswordChanged,
    PasswordResetCompleted,
    PasswordResetRequested,
    ResidentErased,
)
from identity.commands import (
    ConfirmEmail,
    Link,
    RegisterResident,
    RequestEmailConfirmation,
    RequestPasswordReset,
    ResetPassword,
)
from identity.domain.errors import (
    AccountErased,
    AccountTokenExpired,
    AccountTokenSuperseded,
    AccountTokenUnknown,
    AccountTokenUsed,
    EmailAlreadyConfirmed,
    TooManyConfirmationRequests,
)
from tests.unit.identity import T0, given, registered

RID = uuid.uuid4()
MINUTE = timedelta(minutes=1)


def link(name: str) -> Link:
    return Link(uuid.uuid5(RID, name), f"token-{name}", f"{name:0>64}"[-64:])


def confirmation(name: str, at=T0) -> EmailConfirmationRequested:  # type: ignore[no-untyped-def]
    x = link(name)
    return EmailConfirmationRequested(
        RID, x.link_id, x.token_hash, x.token, at + 48 * 60 * MINUTE, at
    )


def reset_requested(name: str, at=T0) -> PasswordResetRequested:  # type: ignore[no-untyped-def]
    x = link(name)
    return PasswordResetRequested(RID, x.link_id, x.token_hash, x.token, at + 30 * MINUTE, "fr", at)


def confirm(name: str, at=T0) -> ConfirmEmail:  # type: ignore[no-untyped-def]
    return ConfirmEmail(uuid.uuid4(), RID, link(name).token_hash, at)


def reset(name: str, at=T0, new: str = "argon2:new") -> ResetPassword:  # type: ignore[no-untyped-def]
    return ResetPassword(uuid.uuid4(), RID, link(name).token_hash, new, at)


LIVE = registered(RID)


def test_signing_up_with_a_confirmation_link_records_its_request() -> None:
    x = link("a")
    command = RegisterResident(uuid.uuid4(), RID, "ada@example.org", "Ada", "argon2:h", T0, "en", x)
    events = given().when(command).events
    assert events[2:] == [
        EmailConfirmationRequested(RID, x.link_id, x.token_hash, x.token, T0 + 48 * 60 * MINUTE, T0)
    ]


def test_the_latest_confirmation_link_confirms_the_address() -> None:
    given(*LIVE, confirmation("a")).when(confirm("a", T0 + MINUTE)).then(
        EmailConfirmed(RID, link("a").link_id, T0 + MINUTE)
    )


def test_confirming_again_confirms_nothing_more_and_refuses_nothing() -> None:
    done = [*LIVE, confirmation("a"), EmailConfirmed(RID, link("a").link_id, T0)]
    given(*done).when(confirm("a", T0 + MINUTE)).then()


def test_an_older_link_once_the_address_is_confirmed_refuses_nothing() -> None:
    done = [*LIVE, confirmation("a"), confirmation("b"), EmailConfirmed(RID, link("b").link_id, T0)]
    given(*done).when(confirm("a", T0 + MINUTE)).then()


def test_a_second_confirmation_request_supersedes_the_first() -> None:
    given(*LIVE, confirmation("a"), confirmation("b")).when(confirm("a")).refused(
        AccountTokenSuperseded
    )


def test_a_confirmation_link_expires_after_48_hours() -> None:
    history = (*LIVE, confirmation("a"))
    given(*history).when(confirm("a", T0 + 48 * 60 * MINUTE - MINUTE)).then(
        EmailConfirmed(RID, link("a").link_id, T0 + 48 * 60 * MINUTE - MINUTE)
    )
    given(*history).when(confirm("a", T0 + 48 * 60 * MINUTE)).refused(AccountTokenExpired)


def test_a_token_never_sent_is_unknown() -> None:
    given(*LIVE, confirmation("a")).when(confirm("z")).refused(AccountTokenUnknown)


def test_a_reset_token_does_not_confirm_and_a_confirmation_token_does_not_reset() -> None:
    given(*LIVE, reset_requested("a")).when(confirm("a")).refused(AccountTokenUnknown)
    given(*LIVE, confirmation("a")).when(reset("a")).refused(AccountTokenUnknown)


def test_asking_again_is_refused_once_confirmed() -> None:
    done = [*LIVE, confirmation("a"), EmailConfirmed(RID, link("a").link_id, T0)]
    command = RequestEmailConfirmation(uuid.uuid4(), RID, link("b"), T0)
    given(*done).when(command).refused(EmailAlreadyConfirmed)


def test_the_sixth_confirmation_e_mail_in_a_day_waits_for_the_first_to_age() -> None:
    sent = [confirmation(str(n), T0 + n * MINUTE) for n in range(5)]
    at = T0 + 60 * MINUTE
    refused = (
        given(*LIVE, *sent)
        .when(RequestEmailConfirmation(uuid.uuid4(), RID, link("6"), at))
        .refused(TooManyConfirmationRequests)
    )
    assert refused.retry_after_seconds == (24 * 60 - 60) * 60
    later = T0 + 24 * 60 * MINUTE + MINUTE
    given(*LIVE, *sent).when(RequestEmailConfirmation(uuid.uuid4(), RID, link("6"), later)).then(
        confirmation("6", later)
    )


def test_a_reset_request_records_a_link_valid_30_minutes_in_the_residents_language() -> None:
    command = RequestPasswordReset(uuid.uuid4(), RID, link("a"), T0)
    given(*LIVE).when(command).then(reset_requested("a"))


def test_a_reset_link_sets_the_new_password_and_confirms_the_address() -> None:
    at = T0 + 29 * MINUTE
    given(*LIVE, reset_requested("a")).when(reset("a", at)).then(
        PasswordChanged(RID, "argon2:new", at),
        PasswordResetCompleted(RID, link("a").link_id, at),
        EmailConfirmed(RID, link("a").link_id, at),
    )


def test_a_reset_link_of_a_confirmed_address_only_sets_the_password() -> None:
    done = [*LIVE, confirmation("c"), EmailConfirmed(RID, link("c").link_id, T0)]
    given(*done, reset_requested("a")).when(reset("a")).then(
        PasswordChanged(RID, "argon2:new", T0), PasswordResetCompleted(RID, link("a").link_id, T0)
    )


def test_a_reset_link_expires_at_30_minutes() -> None:
    given(*LIVE, reset_requested("a")).when(reset("a", T0 + 30 * MINUTE)).refused(
        AccountTokenExpired
    )


def test_a_reset_link_is_single_use() -> None:
    used = [*LIVE, reset_requested("a"), PasswordResetCompleted(RID, link("a").link_id, T0)]
    given(*used).when(reset("a", T0 + MINUTE)).refused(AccountTokenUsed)


def test_a_second_reset_request_supersedes_the_first() -> None:
    given(*LIVE, reset_requested("a"), reset_requested("b")).when(reset("a")).refused(
        AccountTokenSuperseded
    )
    given(*LIVE, reset_requested("a"), reset_requested("b")).when(reset("b")).then(
        PasswordChanged(RID, "argon2:new", T0),
        PasswordResetCompleted(RID, link("b").link_id, T0),
        EmailConfirmed(RID, link("b").link_id, T0),
    )


def test_pending_links_die_with_the_resident() -> None:
    erased = [*LIVE, confirmation("a"), reset_requested("b"), ResidentErased(RID, T0)]
    given(*erased).when(reset("b")).refused(AccountErased)
    given(*erased).when(confirm("a")).refused(AccountErased)
