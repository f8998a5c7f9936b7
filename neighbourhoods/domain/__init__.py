"""The neighbourhoods context's domain, pure: no I/O, no clock, no randomness. One module per
aggregate: neighbourhood.py (a neighbourhood's stream, state and evolve; its decisions in
decide.py, founding.py, membership.py, roles.py and boundary.py) and places.py (the places a
resident holds among neighbourhoods); errors.py names each rule's refusal."""

from collections.abc import Callable
from typing import Any

from .neighbourhood import fold
from .places import fold_places

# Each stream category's fold, for audits of an aggregate's state at a past moment.
FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "neighbourhoods.neighbourhood": fold,
    "neighbourhoods.resident": fold_places,
}
