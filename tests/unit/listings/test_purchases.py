"""Pledges to a group purchase: made, changed or withdrawn before the deadline; the purchase is
confirmed by the pledge that reaches the minimum, or lapses at the deadline without it, exactly
once whatever happens after."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.listings.events import (
    PledgeChanged,
    PledgeMade,
    PledgeWithdrawn,
    PurchaseConfirmed,
    PurchaseLapsed,
)
from contracts.listings.purchases import CONFIRMED, LAPSED, OPEN
from listings.domain import errors, exchange_errors
from listings.domain.purchase import decide_purchase, evolve_purchase, fold_purchase
from tests.support.attempts import attempt
from tests.support.scenarios import scenarios
from tests.unit.listings import T0, days, hours
from tests.unit.listings.exchanges import (
    DRIVER,
    OTHER,
    PASSENGER,
    THIRD,
    listing_of,
    pledging,
    purchase,
    settling,
    withdrawing,
)

pledges = scenarios(fold_purchase, decide_purchase)
LISTING = purchase(minimum=10)
LID = LISTING.listing_id
DEADLINE = T0 + days(7)


def made(member: uuid.UUID, quantity: int, total: int) -> PledgeMade:
    return PledgeMade(LID, DRIVER, member, quantity, total, T0 + hours(1))  # type: ignore[arg-type]


def test_a_member_pledges_a_quantity() -> None:
    pledges().when(pledging(LISTING, PASSENGER, 4)).then(made(PASSENGER, 4, 4))


def test_a_changed_pledge_counts_once_in_the_total() -> None:
    command = pledging(LISTING, PASSENGER, 6)
    pledges(made(PASSENGER, 4, 4), made(OTHER, 2, 6)).when(command).then(
        PledgeChanged(LID, DRIVER, PASSENGER, 6, 8, command.at)  # type: ignore[arg-type]
    )


def test_the_pledge_reaching_the_minimum_confirms_the_purchase_naming_every_pledger() -> None:
    command = pledging(LISTING, THIRD, 4)
    pledges(made(PASSENGER, 4, 4), made(OTHER, 2, 6)).when(command).then(
        PledgeMade(LID, DRIVER, THIRD, 4, 10, command.at),  # type: ignore[arg-type]
        PurchaseConfirmed(LID, DRIVER, 10, (PASSENGER, OTHER, THIRD), command.at),  # type: ignore[arg-type]
    )


def test_a_withdrawn_pledge_leaves_the_total() -> None:
    command = withdrawing(LISTING, PASSENGER)
    pledges(made(PASSENGER, 4, 4), made(OTHER, 2, 6)).when(command).then(
        PledgeWithdrawn(LID, DRIVER, PASSENGER, 2, command.at)  # type: ignore[arg-type]
    )


def test_a_confirmed_purchase_takes_more_but_never_less() -> None:
    confirmed = [made(PASSENGER, 10, 10), PurchaseConfirmed(LID, DRIVER, 10, (PASSENGER,), T0)]  # type: ignore[arg-type]
    more = decide_purchase(pledging(LISTING, OTHER, 3), fold_purchase(confirmed))
    assert [type(e) for e in more] == [PledgeMade]
    pledges(*confirmed).when(pledging(LISTING, PASSENGER, 2)).refused(
        exchange_errors.PurchaseAlreadyConfirmed
    )
    pledges(*confirmed).when(withdrawing(LISTING, PASSENGER)).refused(
        exchange_errors.PurchaseAlreadyConfirmed
    )


def test_no_pledge_after_the_deadline() -> None:
    late = pledging(LISTING, PASSENGER, 1, at=DEADLINE)
    pledges().when(late).refused(exchange_errors.PledgesClosed)


def test_the_sweep_lapses_a_purchase_short_of_its_minimum_at_the_deadline_once() -> None:
    given_ = [made(PASSENGER, 4, 4)]
    command = settling(LISTING, DEADLINE)
    lapsed = PurchaseLapsed(LID, DRIVER, 4, (PASSENGER,), DEADLINE)  # type: ignore[arg-type]
    pledges(*given_).when(command).then(lapsed)
    pledges(*given_, lapsed).when(settling(LISTING, DEADLINE + hours(1))).then()
    pledges(*given_, lapsed).when(pledging(LISTING, OTHER, 9)).refused(
        exchange_errors.PledgesClosed
    )


def test_the_sweep_leaves_an_open_purchase_before_its_deadline() -> None:
    pledges(made(PASSENGER, 4, 4)).when(settling(LISTING, DEADLINE - hours(1))).then()


def test_no_pledge_on_anything_but_a_group_purchase_and_no_withdrawal_without_one() -> None:
    loan = listing_of("loan", {"item": "Perceuse"})
    pledges().when(pledging(loan, PASSENGER, 1)).refused(exchange_errors.ExchangeNotOffered)
    pledges().when(withdrawing(LISTING, PASSENGER)).refused(exchange_errors.NoPledge)
    pledges().when(pledging(LISTING, PASSENGER, 0)).refused(exchange_errors.InvalidQuantity)


MEMBERS = [uuid.uuid4() for _ in range(5)]
moves = st.lists(
    st.one_of(
        st.tuples(
            st.just("pledge"), st.sampled_from(MEMBERS), st.integers(1, 6), st.integers(0, 200)
        ),
        st.tuples(st.just("withdraw"), st.sampled_from(MEMBERS), st.integers(0, 200)),
        st.tuples(st.just("settle"), st.integers(0, 200)),
    ),
    max_size=40,
)


@settings(max_examples=200)
@given(moves, st.integers(1, 20))
def test_a_purchase_is_confirmed_or_lapses_exactly_once(steps: list[tuple], minimum: int) -> None:  # type: ignore[type-arg]
    listing = purchase(minimum=minimum)
    history: list[object] = []
    state = fold_purchase([])

    def at(hours_in: int) -> datetime:
        return T0 + hours(hours_in)

    for step in steps:
        if step[0] == "pledge":
            command = pledging(listing, step[1], step[2], at(step[3]))
        elif step[0] == "withdraw":
            command = withdrawing(listing, step[1], at(step[2]))
        else:
            command = settling(listing, at(step[1]))
        state, events = attempt(
            decide_purchase, evolve_purchase, state, command, errors.ListingsRefusal
        )
        history += events
    endings = [e for e in history if isinstance(e, PurchaseConfirmed | PurchaseLapsed)]
    assert len(endings) <= 1
    if any(isinstance(e, PurchaseConfirmed) for e in endings):
        assert state.state == CONFIRMED and state.total >= minimum
    elif endings:
        assert state.state == LAPSED and state.total < minimum
    else:
        assert state.state == OPEN and state.total < minimum
    # Replayed, the same history folds to the same state: nothing is decided twice.
    assert fold_purchase(history) == state  # type: ignore[arg-type]


def test_a_minimum_lowered_to_what_was_pledged_confirms_at_the_next_sweep() -> None:
    lowered = replace(LISTING, details={**LISTING.details, "minimum_quantity": 4})
    pledges(made(PASSENGER, 4, 4)).when(settling(lowered, DEADLINE)).then(
        PurchaseConfirmed(LID, DRIVER, 4, (PASSENGER,), DEADLINE)  # type: ignore[arg-type]
    )
    pledges(made(PASSENGER, 4, 4)).when(settling(LISTING, DEADLINE - hours(1))).then()
