"""Moving house, and erasing a resident."""

from __future__ import annotations

import uuid

from contracts import ERASED
from contracts.identity.events import (
    AddressDeclared,
    ProfileChanged,
    ProofDocumentDeleted,
    ProofDocumentSubmitted,
    ResidentErased,
    RoleGranted,
)
from identity.commands import (
    ChangeProfile,
    DeclareAddress,
    EraseResident,
    PostLetter,
    RegisterResident,
)
from identity.domain.errors import AccountErased, AddressIncomplete, NotRegistered
from identity.domain.state import PostalAddress, Verification, fold
from tests.unit.identity import (
    HOME,
    T0,
    days,
    declared,
    given,
    metres_north,
    registered,
    verified_at,
)

FOCH = PostalAddress("9 avenue Foch", "75116", "Paris", "FR")


def test_declaring_a_new_address_makes_the_resident_unverified_for_it() -> None:
    rid, home, new = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    where = metres_north(HOME, 5000)
    history = verified_at(rid, home)
    given(*history).when(
        DeclareAddress(uuid.uuid4(), rid, new, FOCH, where, False, T0 + days(1))
    ).then(AddressDeclared(rid, new, "9 avenue Foch", "75116", "Paris", "FR", *where, T0 + days(1)))
    moved = fold([*history, declared(rid, new, where, line="9 avenue Foch")])
    assert not moved.verified
    (past,) = moved.past_verifications
    assert past == Verification(home, "letter", past.evidence_id, T0)


def test_declaring_the_address_already_held_records_nothing() -> None:
    rid, home = uuid.uuid4(), uuid.uuid4()
    same = PostalAddress(" 3 rue des  LILAS", "75004", "paris", "fr")
    given(*registered(rid), declared(rid, home)).when(
        DeclareAddress(uuid.uuid4(), rid, uuid.uuid4(), same, HOME, False, T0)
    ).then()


def test_an_address_needs_every_part() -> None:
    rid = uuid.uuid4()
    for incomplete in (
        PostalAddress("", "75004", "Paris", "FR"),
        PostalAddress("3 rue des Lilas", " ", "Paris", "FR"),
        PostalAddress("3 rue des Lilas", "75004", "Paris", "France"),
    ):
        given(*registered(rid)).when(
            DeclareAddress(uuid.uuid4(), rid, uuid.uuid4(), incomplete, HOME, False, T0)
        ).refused(AddressIncomplete)


def test_erasing_deletes_the_documents_kept_and_records_the_erasure() -> None:
    rid, aid, kept = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    gone = uuid.uuid4()
    given(
        *registered(rid),
        declared(rid, aid),
        ProofDocumentSubmitted(rid, kept, aid, "image/png", 10, T0),
        ProofDocumentSubmitted(rid, gone, aid, "image/png", 10, T0),
        ProofDocumentDeleted(rid, gone, T0),
    ).when(EraseResident(uuid.uuid4(), rid, f"resident:{rid}", False, True, T0 + days(1))).then(
        ProofDocumentDeleted(rid, kept, T0 + days(1)), ResidentErased(rid, T0 + days(1))
    )


def test_erasing_twice_records_nothing_and_someone_unknown_cannot_be_erased() -> None:
    rid = uuid.uuid4()
    given(*registered(rid), ResidentErased(rid, T0)).when(
        EraseResident(uuid.uuid4(), rid, f"resident:{rid}", False, True, T0)
    ).then()
    given().when(EraseResident(uuid.uuid4(), rid, f"resident:{rid}", False, True, T0)).refused(
        NotRegistered
    )


def test_an_erased_resident_is_refused_everything() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    erased = given(*registered(rid), declared(rid, aid), ResidentErased(rid, T0))
    erased.when(ChangeProfile(uuid.uuid4(), rid, "Back", None, "street", T0)).refused(AccountErased)
    erased.when(DeclareAddress(uuid.uuid4(), rid, uuid.uuid4(), FOCH, HOME, False, T0)).refused(
        AccountErased
    )
    erased.when(PostLetter(uuid.uuid4(), rid, uuid.uuid4(), "h", T0)).refused(AccountErased)
    erased.when(RegisterResident(uuid.uuid4(), rid, "ada@example.org", "Ada", "h", T0)).refused(
        AccountErased
    )


def test_an_erased_resident_holds_nothing_personal() -> None:
    rid, aid, hood = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    state = fold(
        [
            *verified_at(rid, aid),
            ProfileChanged(rid, "Ada", "0612345678", "full", T0),
            RoleGranted(rid, "moderator", hood, T0),
            ResidentErased(rid, T0 + days(1)),
        ]
    )
    assert state.erased and state.registered
    assert state.email is ERASED and state.display_name is ERASED
    assert state.phone is None and state.address is None and state.roles == frozenset()
    assert state.letters == () and state.password_hash is ERASED
