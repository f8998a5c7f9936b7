"""Decisions about proving an address by the vouches of neighbours: two residents living within
300 m, each verified at their own address by letter or by document, vouch for a newcomer.

Vouches never beget vouches: a resident verified by vouches may not vouch in turn, or two
accounts could verify a chain of accounts across a town, one radius at a time.
"""

from __future__ import annotations

from datetime import timedelta

from contracts.identity import refusals
from contracts.identity.events import AddressVerified, IdentityEvent, VouchGiven, VouchReceived
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
from identity.domain.state import Resident, distance_m, within

VOUCH_RADIUS_M = float(refusals.VOUCHER_TOO_FAR.limits["radius_m"])
VOUCHES_NEEDED = 2
MAX_VOUCHES = int(refusals.VOUCH_LIMIT_REACHED.limits["max_vouches"])
VOUCH_PERIOD = timedelta(days=refusals.VOUCH_LIMIT_REACHED.limits["period_days"])
# How a voucher must have proven their own address: first hand, never by vouches.
VOUCHING_METHODS = frozenset({"letter", "document"})


def vouchee_facts(state: Resident) -> Vouchee:
    """What a voucher's decision needs to know about the neighbour they vouch for."""
    assert state.resident_id is not None
    address = state.address
    return Vouchee(
        resident_id=state.resident_id,
        registered=state.registered,
        erased=state.erased,
        address_id=address.address_id if address else None,
        location=address.location if address else None,
        verified=state.verified,
    )


def vouch_for_neighbour(command: VouchForNeighbour, state: Resident) -> list[IdentityEvent]:
    """Decided on the voucher's state; the facts about the vouchee come in the command."""
    vouchee = command.vouchee
    if vouchee.resident_id == command.voucher_id:
        raise CannotVouchForYourself("a resident cannot vouch for themselves")
    if not vouchee.registered or vouchee.erased:
        raise UnknownResident(f"resident {vouchee.resident_id} cannot be vouched for")
    if vouchee.address_id is None:
        raise NoAddressDeclared("the neighbour has not declared a home address")
    if vouchee.verified:
        raise AddressAlreadyVerified("the neighbour's address is already verified")
    if vouchee.location is None:
        raise AddressNotLocated("the neighbour's address awaits manual review")
    if state.verification is None or state.address is None:
        raise VoucherNotVerified("only a resident verified at their address may vouch")
    if state.verification.method not in VOUCHING_METHODS:
        raise VoucherVerifiedByVouches(
            "only a resident verified by letter or by document may vouch, not by vouches"
        )
    if state.address.location is None:
        raise VoucherTooFar("the voucher's home has no known position", None)
    distance = distance_m(state.address.location, vouchee.location)
    if distance > VOUCH_RADIUS_M:
        raise VoucherTooFar(
            f"the voucher lives {distance:.0f} m away; at most {VOUCH_RADIUS_M:.0f} m", distance
        )
    if any(
        v.other_id == vouchee.resident_id and v.address_id == vouchee.address_id
        for v in state.vouches_given
    ):
        raise AlreadyVouched("this neighbour was already vouched for at this address")
    given = tuple(v.at for v in state.vouches_given)
    if within(given, command.at, VOUCH_PERIOD) >= MAX_VOUCHES:
        raise VouchLimitReached(
            f"a resident may vouch at most {MAX_VOUCHES} times in {VOUCH_PERIOD.days} days"
        )
    return [VouchGiven(command.voucher_id, vouchee.resident_id, vouchee.address_id, command.at)]


def receive_vouch(command: ReceiveVouch, state: Resident) -> list[IdentityEvent]:
    if state.address is None or state.address.address_id != command.address_id:
        raise VouchForAnotherAddress("the resident has moved since the vouch was given")
    if state.verified:
        return []
    vouchers = {v.other_id for v in state.vouches_received if v.address_id == command.address_id}
    if command.voucher_id in vouchers:
        return []
    received = VouchReceived(command.vouchee_id, command.voucher_id, command.address_id, command.at)
    if len(vouchers) + 1 < VOUCHES_NEEDED:
        return [received]
    verified = AddressVerified(command.vouchee_id, command.address_id, "vouches", None, command.at)
    return [received, verified]
