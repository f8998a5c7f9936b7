"""Verification by postal letter: a code, 30 days, 5 attempts, 3 letters per address and letters
to at most 2 addresses per 90 days; an address is the door the geocoder resolved, however it is
spelled."""

from __future__ import annotations

import uuid

import pytest

from contracts import default_registry
from contracts.identity.events import (
    AddressDeclared,
    AddressVerified,
    LetterCodeAttemptFailed,
    LetterPosted,
)
from identity.commands import DeclareAddress, EnterLetterCode, PostLetter
from identity.domain.errors import (
    AddressAlreadyVerified,
    AddressNotLocated,
    CodeExpired,
    CodeForAnotherLetter,
    NoAddressDeclared,
    NoLetterPosted,
    TooManyAttempts,
    TooManyLetterAddresses,
    TooManyLetters,
    WrongCode,
)
from identity.domain.state import PostalAddress
from identity.domain.verification import MAX_LETTERS
from tests.unit.identity import HOME, T0, days, declared, given, posted, registered

RIGHT = "hash-of-right-code"


def failures(rid: uuid.UUID, letter_id: uuid.UUID, n: int) -> list[LetterCodeAttemptFailed]:
    return [LetterCodeAttemptFailed(rid, letter_id, i, T0 + days(1)) for i in range(1, n + 1)]


def test_a_letter_holds_only_the_hash_of_its_code_and_expires_after_30_days() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid)).when(
        PostLetter(uuid.uuid4(), rid, lid, "h", T0)
    ).then(LetterPosted(rid, lid, aid, "h", T0, T0 + days(30)))


def test_no_letter_without_an_address() -> None:
    rid = uuid.uuid4()
    given(*registered(rid)).when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0)).refused(
        NoAddressDeclared
    )


def test_no_letter_to_an_address_awaiting_manual_review() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid, None)).when(
        PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0)
    ).refused(AddressNotLocated)


def test_no_letter_once_the_address_is_verified() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, aid),
        posted(rid, lid, aid),
        AddressVerified(rid, aid, "letter", lid, T0),
    ).when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0)).refused(AddressAlreadyVerified)


def test_fourth_letter_to_an_address_within_90_days_is_refused() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    letters = [posted(rid, uuid.uuid4(), aid, at=T0 + days(i * 20)) for i in range(3)]
    history = given(*registered(rid), declared(rid, aid), *letters)
    history.when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(89))).refused(
        TooManyLetters
    )
    lid = uuid.uuid4()
    history.when(PostLetter(uuid.uuid4(), rid, lid, "h", T0 + days(90))).then(
        LetterPosted(rid, lid, aid, "h", T0 + days(90), T0 + days(120))
    )


def test_moving_away_and_back_does_not_buy_new_letters() -> None:
    rid, here, there, back = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, here),
        *[posted(rid, uuid.uuid4(), here) for _ in range(3)],
        declared(rid, there, line="9 avenue Foch"),
        declared(rid, back, line="3  RUE des lilas"),
    ).when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(1))).refused(TooManyLetters)


def test_the_right_code_verifies_the_address() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid), posted(rid, lid, aid)).when(
        EnterLetterCode(uuid.uuid4(), rid, lid, RIGHT, T0 + days(3))
    ).then(AddressVerified(rid, aid, "letter", lid, T0 + days(3)))


def test_a_wrong_code_is_refused_and_the_attempt_recorded() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    error = (
        given(*registered(rid), declared(rid, aid), posted(rid, lid, aid))
        .when(EnterLetterCode(uuid.uuid4(), rid, lid, "hash-of-a-typo", T0 + days(1)))
        .refused(WrongCode, recorded=[LetterCodeAttemptFailed(rid, lid, 1, T0 + days(1))])
    )
    assert error.attempts_left == 4


def test_the_fifth_wrong_code_is_still_recorded() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    error = (
        given(*registered(rid), declared(rid, aid), posted(rid, lid, aid), *failures(rid, lid, 4))
        .when(EnterLetterCode(uuid.uuid4(), rid, lid, "typo", T0 + days(2)))
        .refused(WrongCode, recorded=[LetterCodeAttemptFailed(rid, lid, 5, T0 + days(2))])
    )
    assert error.attempts_left == 0


def test_sixth_wrong_code_is_refused_until_a_new_letter() -> None:
    rid, aid, lid, new = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    spent = [*registered(rid), declared(rid, aid), posted(rid, lid, aid), *failures(rid, lid, 5)]
    given(*spent).when(EnterLetterCode(uuid.uuid4(), rid, lid, RIGHT, T0 + days(2))).refused(
        TooManyAttempts
    )
    given(*spent, posted(rid, new, aid, "hash-of-new-code", T0 + days(3))).when(
        EnterLetterCode(uuid.uuid4(), rid, new, "hash-of-new-code", T0 + days(4))
    ).then(AddressVerified(rid, aid, "letter", new, T0 + days(4)))


def test_an_expired_code_is_refused_even_when_right() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid), posted(rid, lid, aid)).when(
        EnterLetterCode(uuid.uuid4(), rid, lid, RIGHT, T0 + days(30))
    ).refused(CodeExpired)


def test_only_the_latest_letter_counts() -> None:
    rid, aid, old, new = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    history = given(
        *registered(rid),
        declared(rid, aid),
        posted(rid, old, aid, "hash-of-old"),
        posted(rid, new, aid, "hash-of-new", T0 + days(1)),
    )
    history.when(EnterLetterCode(uuid.uuid4(), rid, new, "hash-of-old", T0 + days(2))).refused(
        WrongCode, recorded=[LetterCodeAttemptFailed(rid, new, 1, T0 + days(2))]
    )
    history.when(EnterLetterCode(uuid.uuid4(), rid, old, "hash-of-old", T0 + days(2))).refused(
        CodeForAnotherLetter
    )


def test_a_letter_to_a_previous_address_does_not_count() -> None:
    rid, here, there, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, here),
        posted(rid, lid, here),
        declared(rid, there, line="9 avenue Foch"),
    ).when(EnterLetterCode(uuid.uuid4(), rid, lid, RIGHT, T0 + days(1))).refused(NoLetterPosted)


def test_a_code_entered_again_after_verification_records_nothing() -> None:
    rid, aid, lid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, aid),
        posted(rid, lid, aid),
        AddressVerified(rid, aid, "letter", lid, T0),
    ).when(EnterLetterCode(uuid.uuid4(), rid, lid, RIGHT, T0 + days(1))).then()


def test_declaring_an_address_records_the_door_the_geocoder_resolved() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    lilas = PostalAddress("3 rue des Lilas", "75004", "Paris", "FR")
    given(*registered(rid)).when(
        DeclareAddress(uuid.uuid4(), rid, aid, lilas, HOME, False, T0, "75104_lilas_00003")
    ).then(declared(rid, aid, ban_id="75104_lilas_00003"))
    given(*registered(rid)).when(
        DeclareAddress(uuid.uuid4(), rid, aid, lilas, None, True, T0, "75104_lilas_00003")
    ).then(declared(rid, aid, None))


@pytest.mark.parametrize(
    "spelling",
    [
        ("3, rue des Lilas", "Paris"),
        ("3 r. des Lilas", "Paris"),
        ("3 rue des Lilas", "PARIS 4E"),
        ("3 rue des Lilas, bâtiment B", "paris"),
    ],
)
def test_another_spelling_of_the_same_door_gets_no_more_letters(
    spelling: tuple[str, str],
) -> None:
    rid, first, again = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    line, city = spelling
    respelled = AddressDeclared(rid, again, line, "75004", city, "FR", *HOME, T0, "lilas_3")
    given(
        *registered(rid),
        declared(rid, first, ban_id="lilas_3"),
        *[posted(rid, uuid.uuid4(), first) for _ in range(MAX_LETTERS)],
        respelled,
    ).when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(1))).refused(TooManyLetters)


def test_letters_go_to_at_most_two_doors_in_90_days() -> None:
    rid, one, two, three = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    history = given(
        *registered(rid),
        declared(rid, one, ban_id="door_1"),
        posted(rid, uuid.uuid4(), one),
        declared(rid, two, line="5 rue des Lilas", at=T0 + days(10), ban_id="door_2"),
        posted(rid, uuid.uuid4(), two, at=T0 + days(10)),
        declared(rid, three, line="7 rue des Lilas", at=T0 + days(20), ban_id="door_3"),
    )
    history.when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(89))).refused(
        TooManyLetterAddresses
    )
    lid = uuid.uuid4()
    history.when(PostLetter(uuid.uuid4(), rid, lid, "h", T0 + days(90))).then(
        LetterPosted(rid, lid, three, "h", T0 + days(90), T0 + days(120))
    )


def test_a_door_already_written_to_gets_its_letters_again_after_a_typo() -> None:
    rid, home, typo, back = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    lid = uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, home, ban_id="door_1"),
        posted(rid, uuid.uuid4(), home),
        declared(rid, typo, line="5 rue des Lilas", ban_id="door_2"),
        posted(rid, uuid.uuid4(), typo),
        declared(rid, back, line="3, r. des Lilas", ban_id="door_1"),
    ).when(PostLetter(uuid.uuid4(), rid, lid, "h", T0 + days(1))).then(
        LetterPosted(rid, lid, back, "h", T0 + days(1), T0 + days(31))
    )


def test_addresses_declared_before_doors_were_named_count_by_their_text() -> None:
    v1 = {
        "resident_id": "r",
        "address_id": "a",
        "line": "3 rue des Lilas",
        "postcode": "75004",
        "city": "Paris",
        "country": "FR",
        "latitude": HOME[0],
        "longitude": HOME[1],
        "declared_at": "t",
    }
    assert default_registry().upcast("identity.AddressDeclared", 1, v1) == {**v1, "ban_id": None}
    rid, old, typed_again, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    letters = [posted(rid, uuid.uuid4(), old) for _ in range(MAX_LETTERS)]
    history = [*registered(rid), declared(rid, old), *letters]
    given(*history, declared(rid, typed_again, line=" 3 RUE  des lilas")).when(
        PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(1))
    ).refused(TooManyLetters)
    # Known by its text, the old address is one of the two doors, whichever house it is.
    given(
        *history,
        declared(rid, other, ban_id="lilas_3"),
        posted(rid, uuid.uuid4(), other),
        declared(rid, typed_again, line="9 avenue Foch", ban_id="foch_9"),
    ).when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0 + days(1))).refused(
        TooManyLetterAddresses
    )
