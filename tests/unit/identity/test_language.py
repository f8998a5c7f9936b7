"""The language a resident is addressed in: chosen at registration, changed with the profile."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.identity.events import (
    LanguageChanged,
    PasswordChanged,
    ProfileChanged,
    ResidentErased,
    ResidentRegistered,
)
from identity.commands import ChangeProfile, RegisterResident
from identity.domain.errors import AccountErased, InvalidProfile, UnsupportedLanguage
from identity.domain.state import fold, resident_stream
from tests.unit.identity import T0, days, given, registered
from tests.unit.identity.test_handlers import PASSWORD, world

LATER = T0 + days(1)


def registered_in(rid: uuid.UUID, language: str) -> list[Any]:
    return [
        ResidentRegistered(rid, "ada@example.org", "Ada", T0, language),
        PasswordChanged(rid, "argon2:ada", T0),
    ]


def test_registering_records_the_language_chosen() -> None:
    rid = uuid.uuid4()
    command = RegisterResident(uuid.uuid4(), rid, "ada@example.org", "Ada", "argon2:x", T0, "en")
    given().when(command).then(
        ResidentRegistered(rid, "ada@example.org", "Ada", T0, "en"),
        PasswordChanged(rid, "argon2:x", T0),
    )


def test_a_resident_who_chose_no_language_is_addressed_in_french() -> None:
    rid = uuid.uuid4()
    given().when(RegisterResident(uuid.uuid4(), rid, "ada@example.org", "Ada", "h", T0)).then(
        ResidentRegistered(rid, "ada@example.org", "Ada", T0, "fr"), PasswordChanged(rid, "h", T0)
    )
    assert fold(registered(rid)).language == "fr"


@pytest.mark.parametrize("language", ["de", "FR", "", "english", " en"])
def test_a_language_the_platform_does_not_speak_is_refused_at_registration(
    language: str,
) -> None:
    command = RegisterResident(
        uuid.uuid4(), uuid.uuid4(), "ada@example.org", "Ada", "h", T0, language
    )
    error = given().when(command).refused(UnsupportedLanguage)
    assert isinstance(error, InvalidProfile)
    assert str(error) == "a language is one of fr, en"


def test_changing_only_the_language_records_only_that() -> None:
    rid = uuid.uuid4()
    command = ChangeProfile(uuid.uuid4(), rid, "Ada", None, "street", LATER, "en")
    given(*registered(rid)).when(command).then(LanguageChanged(rid, "en", LATER))
    assert fold([*registered(rid), LanguageChanged(rid, "en", LATER)]).language == "en"


def test_changing_the_profile_without_a_language_keeps_the_one_chosen() -> None:
    rid = uuid.uuid4()
    command = ChangeProfile(uuid.uuid4(), rid, "Ada L.", None, "full", LATER)
    given(*registered_in(rid, "en")).when(command).then(
        ProfileChanged(rid, "Ada L.", None, "full", LATER)
    )
    after = fold([*registered_in(rid, "en"), ProfileChanged(rid, "Ada L.", None, "full", LATER)])
    assert after.language == "en"


def test_changing_the_profile_and_the_language_records_both() -> None:
    rid = uuid.uuid4()
    command = ChangeProfile(uuid.uuid4(), rid, "Ada L.", None, "street", LATER, "fr")
    given(*registered_in(rid, "en")).when(command).then(
        ProfileChanged(rid, "Ada L.", None, "street", LATER), LanguageChanged(rid, "fr", LATER)
    )


def test_choosing_the_language_already_chosen_records_nothing() -> None:
    rid = uuid.uuid4()
    changed = LanguageChanged(rid, "en", LATER)
    given(*registered(rid), changed).when(
        ChangeProfile(uuid.uuid4(), rid, "Ada", None, "street", T0, "en")
    ).then()


def test_an_unsupported_language_refuses_the_whole_profile_change() -> None:
    rid = uuid.uuid4()
    command = ChangeProfile(uuid.uuid4(), rid, "Ada L.", None, "full", LATER, "de")
    given(*registered(rid)).when(command).refused(UnsupportedLanguage)


def test_an_erased_resident_cannot_change_language() -> None:
    rid = uuid.uuid4()
    erased = given(*registered(rid), ResidentErased(rid, LATER))
    erased.when(ChangeProfile(uuid.uuid4(), rid, "Ada", None, "street", LATER, "en")).refused(
        AccountErased
    )


def test_the_handlers_record_the_language_and_refuse_a_bad_one_recording_nothing() -> None:
    w = world()
    rid = w.handlers.register(uuid.uuid4(), "ada@example.org", PASSWORD, "Ada", "en").resident_id
    assert w.handlers.resident(rid).language == "en"
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full")
    assert w.handlers.resident(rid).language == "en"
    head = w.store.head()
    with pytest.raises(UnsupportedLanguage):
        w.handlers.change_profile(uuid.uuid4(), rid, "Ada", None, "street", "es")
    with pytest.raises(UnsupportedLanguage):
        w.handlers.register(uuid.uuid4(), "grace@example.org", PASSWORD, "Grace", "it")
    assert w.store.head() == head, "a refused language records nothing, not even the e-mail"
    w.handlers.change_profile(uuid.uuid4(), rid, "Ada L.", None, "full", "fr")
    assert w.events(resident_stream(rid))[-1] == LanguageChanged(rid, "fr", T0)
