"""Verification by the vouches of two neighbours verified within 300 m, by letter or document
(never by vouches themselves); 5 vouches per 30 days."""

from __future__ import annotations

import uuid

import pytest

from contracts.identity.events import AddressVerified, VouchGiven, VouchReceived
from identity.commands import ReceiveVouch, Vouchee, VouchForNeighbour
from identity.domain.errors import (
    AddressAlreadyVerified,
    AddressNotLocated,
    AlreadyVouched,
    CannotVouchForYourself,
    NoAddressDeclared,
    UnknownResident,
    VoucherNotVerified,
    VoucherTooFar,
    VoucherVerifiedByVouches,
    VouchForAnotherAddress,
    VouchLimitReached,
)
from identity.domain.resident import decide
from identity.domain.state import distance_m, fold
from identity.domain.vouching import vouchee_facts
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


def newcomer(
    rid: uuid.UUID, aid: uuid.UUID, location: tuple[float, float] | None = None
) -> Vouchee:
    return Vouchee(rid, True, False, aid, location or metres_north(HOME, 120), False)


def test_distances_are_measured_on_the_earth() -> None:
    assert distance_m(HOME, HOME) == 0
    assert distance_m(HOME, metres_north(HOME, 300)) == pytest.approx(300, abs=0.5)


def test_a_verified_neighbour_within_300_m_vouches() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*verified_at(voucher, home)).when(
        VouchForNeighbour(
            uuid.uuid4(), voucher, newcomer(vouchee, aid, metres_north(HOME, 299)), T0
        )
    ).then(VouchGiven(voucher, vouchee, aid, T0))


def vouched_in(rid: uuid.UUID, aid: uuid.UUID, location: tuple[float, float]) -> list[object]:
    """A resident whose address was proven by two neighbours' vouches."""
    first, second = uuid.uuid4(), uuid.uuid4()
    return [
        *registered(rid),
        declared(rid, aid, location),
        VouchReceived(rid, first, aid, T0),
        VouchReceived(rid, second, aid, T0),
        AddressVerified(rid, aid, "vouches", None, T0),
    ]


def test_a_resident_verified_by_vouches_may_not_vouch_in_turn() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*vouched_in(voucher, home, HOME)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0 + days(1))
    ).refused(VoucherVerifiedByVouches)


def test_a_resident_verified_by_document_vouches() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    document = uuid.uuid4()
    history = [*registered(voucher), declared(voucher, home)]
    given(*history, AddressVerified(voucher, home, "document", document, T0)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0)
    ).then(VouchGiven(voucher, vouchee, aid, T0))


def test_a_chain_of_vouches_stops_at_the_first_link() -> None:
    # Two residents verified by letter vouch for a third, 250 m away; the third is verified,
    # but cannot carry the chain a further 250 m on.
    a, b, c, d = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    homes = {who: uuid.uuid4() for who in (a, b, c, d)}
    c_at, d_at = metres_north(HOME, 250), metres_north(HOME, 500)
    c_facts = Vouchee(c, True, False, homes[c], c_at, False)
    for voucher in (a, b):
        given(*verified_at(voucher, homes[voucher])).when(
            VouchForNeighbour(uuid.uuid4(), voucher, c_facts, T0)
        ).then(VouchGiven(voucher, c, homes[c], T0))
    c_stream = [*registered(c), declared(c, homes[c], c_at)]
    c_stream += [VouchReceived(c, a, homes[c], T0)]
    given(*c_stream).when(ReceiveVouch(uuid.uuid4(), c, b, homes[c], T0)).then(
        VouchReceived(c, b, homes[c], T0), AddressVerified(c, homes[c], "vouches", None, T0)
    )
    verified_c = [
        *c_stream,
        *decide(ReceiveVouch(uuid.uuid4(), c, b, homes[c], T0), fold(c_stream)),
    ]
    d_facts = Vouchee(d, True, False, homes[d], d_at, False)
    given(*verified_c).when(VouchForNeighbour(uuid.uuid4(), c, d_facts, T0 + days(1))).refused(
        VoucherVerifiedByVouches
    )


def test_vouch_by_unverified_neighbour_is_refused() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(voucher), declared(voucher, home)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0)
    ).refused(VoucherNotVerified)


def test_a_voucher_who_moved_is_unverified_at_the_new_address() -> None:
    voucher, home, new, vouchee, aid = (uuid.uuid4() for _ in range(5))
    given(*verified_at(voucher, home), declared(voucher, new, line="9 avenue Foch")).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0)
    ).refused(VoucherNotVerified)


def test_vouch_by_too_distant_neighbour_is_refused() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    error = (
        given(*verified_at(voucher, home))
        .when(
            VouchForNeighbour(
                uuid.uuid4(), voucher, newcomer(vouchee, aid, metres_north(HOME, 301)), T0
            )
        )
        .refused(VoucherTooFar)
    )
    assert error.distance_m == pytest.approx(301, abs=0.5)


def test_sixth_vouch_within_30_days_is_refused() -> None:
    voucher, home = uuid.uuid4(), uuid.uuid4()
    five = [VouchGiven(voucher, uuid.uuid4(), uuid.uuid4(), T0 + days(i)) for i in range(5)]
    history = given(*verified_at(voucher, home), *five)
    vouchee, aid = uuid.uuid4(), uuid.uuid4()
    history.when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0 + days(29))
    ).refused(VouchLimitReached)
    history.when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0 + days(30))
    ).then(VouchGiven(voucher, vouchee, aid, T0 + days(30)))


def test_a_resident_vouches_once_for_a_neighbour_and_never_for_themselves() -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*verified_at(voucher, home), VouchGiven(voucher, vouchee, aid, T0)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(vouchee, aid), T0)
    ).refused(AlreadyVouched)
    given(*verified_at(voucher, home)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, newcomer(voucher, aid), T0)
    ).refused(CannotVouchForYourself)


@pytest.mark.parametrize(
    ("facts", "error"),
    [
        (dict(registered=False), UnknownResident),
        (dict(erased=True), UnknownResident),
        (dict(address_id=None), NoAddressDeclared),
        (dict(verified=True), AddressAlreadyVerified),
        (dict(location=None), AddressNotLocated),
    ],
)
def test_only_a_registered_unverified_neighbour_with_a_located_address_is_vouched_for(
    facts: dict[str, object], error: type[Exception]
) -> None:
    voucher, home, vouchee, aid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    base = newcomer(vouchee, aid)
    values = {**base.__dict__, **facts}
    given(*verified_at(voucher, home)).when(
        VouchForNeighbour(uuid.uuid4(), voucher, Vouchee(**values), T0)
    ).refused(error)  # type: ignore[arg-type]


def test_the_first_vouch_counts_and_the_second_verifies() -> None:
    rid, aid, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid)).when(
        ReceiveVouch(uuid.uuid4(), rid, first, aid, T0)
    ).then(VouchReceived(rid, first, aid, T0))
    given(*registered(rid), declared(rid, aid), VouchReceived(rid, first, aid, T0)).when(
        ReceiveVouch(uuid.uuid4(), rid, second, aid, T0 + days(1))
    ).then(
        VouchReceived(rid, second, aid, T0 + days(1)),
        AddressVerified(rid, aid, "vouches", None, T0 + days(1)),
    )


def test_the_same_voucher_counts_once() -> None:
    rid, aid, first = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    given(*registered(rid), declared(rid, aid), VouchReceived(rid, first, aid, T0)).when(
        ReceiveVouch(uuid.uuid4(), rid, first, aid, T0)
    ).then()


def test_vouches_for_a_previous_address_do_not_count() -> None:
    rid, old, new, first, second = (uuid.uuid4() for _ in range(5))
    history = [
        *registered(rid),
        declared(rid, old),
        VouchReceived(rid, first, old, T0),
        declared(rid, new, line="9 avenue Foch"),
    ]
    given(*history).when(ReceiveVouch(uuid.uuid4(), rid, second, old, T0)).refused(
        VouchForAnotherAddress
    )
    given(*history).when(ReceiveVouch(uuid.uuid4(), rid, second, new, T0)).then(
        VouchReceived(rid, second, new, T0)
    )


def test_what_a_voucher_needs_to_know_is_read_from_the_vouchees_stream() -> None:
    rid, aid = uuid.uuid4(), uuid.uuid4()
    facts = vouchee_facts(fold([*registered(rid), declared(rid, aid)]))
    assert facts == Vouchee(rid, True, False, aid, HOME, False)
