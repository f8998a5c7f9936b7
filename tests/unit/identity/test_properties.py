"""For any sequence of commands, the state rebuilt from the recorded events (also after storing
and decoding them) equals the state the decisions saw."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import default_registry
from identity.commands import (
    ApproveProofDocument,
    ChangePassword,
    ChangeProfile,
    DeclareAddress,
    DeleteProofDocument,
    EnterLetterCode,
    EraseResident,
    GrantRole,
    PostLetter,
    ReceiveVouch,
    RejectProofDocument,
    ResidentCommand,
    Reviewer,
    RevokeRole,
    SignIn,
    SubmitProofDocument,
    Vouchee,
    VouchForNeighbour,
)
from identity.domain.errors import IdentityError, RefusalWithRecord
from identity.domain.resident import decide
from identity.domain.state import INITIAL, PostalAddress, Resident, evolve, fold, resident_stream
from services.eventstore import connect
from services.eventstore.codec import Codec
from services.eventstore.keyring import MemoryKeyring
from tests.unit.identity import HOME, OPS, T0, days, metres_north, registered

ADDRESSES = [
    (PostalAddress("3 rue des Lilas", "75004", "Paris", "FR"), HOME),
    (PostalAddress("9 avenue Foch", "75116", "Paris", "FR"), metres_north(HOME, 200)),
    (PostalAddress("1 chemin Inconnu", "99999", "Nulle-Part", "FR"), None),
]
OPERATOR = Reviewer(uuid.uuid4(), True, frozenset())
HOODS = [uuid.uuid4(), uuid.uuid4()]

steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "profile",
                "password",
                "grant",
                "revoke",
                "declare",
                "letter",
                "code",
                "submit",
                "approve",
                "reject",
                "delete",
                "receive",
                "vouch",
                "sign_in",
                "erase",
            ]
        ),
        st.integers(0, 5),
        st.booleans(),
        st.sampled_from([0.0, 0.5, 3, 31, 91]),
    ),
    max_size=30,
)


def command(kind: str, n: int, flag: bool, state: Resident, rid: uuid.UUID, at: Any) -> Any:
    documents = [d.document_id for d in state.documents] or [uuid.uuid4()]
    letter = state.letter()
    match kind:
        case "profile":
            return ChangeProfile(
                uuid.uuid4(), rid, f"Name {n}", "0612345678" if flag else None, "full", at
            )
        case "password":
            return ChangePassword(uuid.uuid4(), rid, flag, f"argon2:{n}", at)
        case "grant":
            return GrantRole(uuid.uuid4(), rid, "moderator", OPS, HOODS[n % 2], True, at)
        case "revoke":
            return RevokeRole(uuid.uuid4(), rid, "moderator", OPS, HOODS[n % 2], True, at)
        case "declare":
            postal, where = ADDRESSES[n % 3]
            return DeclareAddress(uuid.uuid4(), rid, uuid.uuid4(), postal, where, flag, at)
        case "letter":
            return PostLetter(uuid.uuid4(), rid, uuid.uuid4(), f"hash-{n}", at)
        case "code":
            letter_id = letter.letter_id if letter else uuid.uuid4()
            right = letter.code_hash if letter and flag else "wrong"
            return EnterLetterCode(uuid.uuid4(), rid, letter_id, right, at)
        case "submit":
            return SubmitProofDocument(
                uuid.uuid4(), rid, uuid.uuid4(), "application/pdf", 100 + n, at
            )
        case "approve":
            return ApproveProofDocument(
                uuid.uuid4(), rid, documents[-1], OPERATOR, frozenset(), None, at
            )
        case "reject":
            return RejectProofDocument(
                uuid.uuid4(), rid, documents[-1], OPERATOR, frozenset(), "blurred", at
            )
        case "delete":
            return DeleteProofDocument(uuid.uuid4(), rid, documents[0], at)
        case "receive":
            address_id = state.address.address_id if state.address else uuid.uuid4()
            return ReceiveVouch(uuid.uuid4(), rid, HOODS[n % 2], address_id, at)
        case "vouch":
            vouchee = Vouchee(uuid.uuid4(), True, False, uuid.uuid4(), HOME, False)
            return VouchForNeighbour(uuid.uuid4(), rid, vouchee, at)
        case "sign_in":
            return SignIn(rid, flag, at)
    return EraseResident(uuid.uuid4(), rid, f"resident:{rid}", False, True, at)


def run(script: list[tuple[str, int, bool, float]]) -> tuple[uuid.UUID, list[Any], Resident]:
    rid = uuid.uuid4()
    recorded: list[Any] = registered(rid)
    seen = fold(recorded)
    at = T0
    for kind, n, flag, later in script:
        at = at + days(later)
        wanted: ResidentCommand = command(kind, n, flag, seen, rid, at)
        try:
            events: list[Any] = list(decide(wanted, seen))
        except RefusalWithRecord as refused:
            events = list(refused.events)
        except IdentityError:
            events = []
        for event in events:
            seen = evolve(seen, event)
        recorded.extend(events)
    return rid, recorded, seen


@settings(max_examples=150, deadline=None)
@given(script=steps)
def test_the_state_rebuilt_from_events_is_the_state_the_decisions_saw(
    script: list[tuple[str, int, bool, float]],
) -> None:
    _, recorded, seen = run(script)
    assert fold(recorded, INITIAL) == seen


@settings(max_examples=40, deadline=None)
@given(script=steps)
def test_the_state_rebuilt_from_the_stored_log_is_the_state_the_decisions_saw(
    script: list[tuple[str, int, bool, float]],
) -> None:
    rid, recorded, seen = run(script)
    keyring = MemoryKeyring()
    codec = Codec(default_registry(), keyring, b"p" * 32)
    store = connect("memory://")
    erased = seen.erased
    for event in recorded:
        metadata = {"correlation_id": "c", "causation_id": None, "actor": "system:tests"}
        store.append(resident_stream(rid), [codec.encode(event, metadata)])
    if erased:
        keyring.erase(str(rid))
    rebuilt = fold([codec.decode(r).event for r in store.read_stream(resident_stream(rid))])
    assert rebuilt == seen
