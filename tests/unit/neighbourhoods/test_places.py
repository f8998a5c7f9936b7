"""Founding a neighbourhood, its name and description (its boundary: test_boundary.py)."""

from __future__ import annotations

import uuid

import pytest

from contracts.neighbourhoods.events import (
    MemberJoined,
    NeighbourhoodCreated,
    NeighbourhoodDescriptionChanged,
    NeighbourhoodOpened,
    NeighbourhoodRenamed,
)
from neighbourhoods.commands import (
    ChangeDescription,
    CreateNeighbourhood,
    RenameNeighbourhood,
)
from neighbourhoods.domain.decide import decide
from neighbourhoods.domain.errors import (
    BoundaryTooLarge,
    BoundaryTooSmall,
    HomeOutsideBoundary,
    InvalidBoundary,
    InvalidDescription,
    InvalidName,
    NotAModerator,
    NotVerified,
    UnknownNeighbourhood,
)
from neighbourhoods.domain.geometry import boundary_of
from neighbourhoods.domain.neighbourhood import INITIAL, join_id_for
from tests.unit.neighbourhoods import (
    HOME,
    LIMITS,
    T0,
    founded,
    given,
    home,
    ids,
    joined,
    moderator,
    north,
    square,
)


def create(founder: uuid.UUID, **changes: object) -> CreateNeighbourhood:
    fields: dict[str, object] = {
        "command_id": uuid.uuid4(),
        "neighbourhood_id": uuid.uuid4(),
        "founder_id": founder,
        "name": "  Les   Lilas ",
        "description": " Rue des Lilas et alentours ",
        "boundary": square(),
        "founder_home": home(),
        "limits": LIMITS,
        "members_to_open": 10,
        "at": T0,
    }
    fields.update(changes)
    return CreateNeighbourhood(**fields)  # type: ignore[arg-type]


def test_a_verified_resident_founds_a_neighbourhood_around_their_home_and_joins_it() -> None:
    (founder,) = ids(1)
    command = create(founder)
    shape = boundary_of(square())
    nid = command.neighbourhood_id
    given().when(command).then(
        NeighbourhoodCreated(
            nid, founder, "Les Lilas", "Rue des Lilas et alentours", shape.geojson,
            shape.area_km2, T0,
        ),
        MemberJoined(nid, founder, join_id_for(command.command_id), T0),
    )  # fmt: skip


def test_the_founding_is_not_repeated() -> None:
    (founder,) = ids(1)
    command = create(founder)
    events = decide(command, INITIAL)
    given(*events).when(command).then()


def test_a_neighbourhood_needing_one_member_opens_at_once() -> None:
    (founder,) = ids(1)
    command = create(founder, members_to_open=1)
    assert decide(command, INITIAL)[-1] == NeighbourhoodOpened(command.neighbourhood_id, 1, T0)


def test_an_unverified_resident_founds_nothing() -> None:
    given().when(create(uuid.uuid4(), founder_home=None)).refused(NotVerified)


def test_a_boundary_that_leaves_out_the_founders_home_is_refused_with_the_distance() -> None:
    refusal = (
        given()
        .when(create(uuid.uuid4(), founder_home=home(north(HOME, 2000))))
        .refused(HomeOutsideBoundary)
    )
    assert refusal.distance_m == pytest.approx(1500, rel=1e-2)
    assert "m outside" in str(refusal)


@pytest.mark.parametrize(
    ("boundary", "error"),
    [
        (square(HOME, 30), BoundaryTooSmall),
        (square(HOME, 3000), BoundaryTooLarge),
        ({"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.1], [2.1, 48.0]]]}, None),
        ({"type": "LineString", "coordinates": [[2.0, 48.0], [2.1, 48.1]]}, None),
    ],
)
def test_an_unacceptable_boundary_is_refused(
    boundary: object, error: type[InvalidBoundary] | None
) -> None:
    given().when(create(uuid.uuid4(), boundary=boundary)).refused(error or InvalidBoundary)


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_is_required_and_short(name: str) -> None:
    given().when(create(uuid.uuid4(), name=name)).refused(InvalidName)


def test_a_description_is_at_most_2000_characters() -> None:
    given().when(create(uuid.uuid4(), description="x" * 2001)).refused(InvalidDescription)


def test_a_moderator_renames_and_describes_a_member_may_not() -> None:
    nid, founder, mod, member = ids(4)
    past = given(*founded(nid, founder), *moderator(nid, mod), joined(nid, member))
    past.when(RenameNeighbourhood(uuid.uuid4(), nid, mod, " Lilas ", T0)).then(
        NeighbourhoodRenamed(nid, "Lilas", T0)
    )
    past.when(RenameNeighbourhood(uuid.uuid4(), nid, founder, "Les Lilas", T0)).then()
    past.when(RenameNeighbourhood(uuid.uuid4(), nid, member, "Mine", T0)).refused(NotAModerator)
    past.when(ChangeDescription(uuid.uuid4(), nid, founder, "Bienvenue", T0)).then(
        NeighbourhoodDescriptionChanged(nid, "Bienvenue", T0)
    )
    past.when(ChangeDescription(uuid.uuid4(), nid, member, "Mine", T0)).refused(NotAModerator)


def test_commands_on_an_unknown_neighbourhood_are_refused() -> None:
    given().when(RenameNeighbourhood(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), "x", T0)).refused(
        UnknownNeighbourhood
    )
