"""The neighbourhoods context's domain, pure: no I/O, no clock, no randomness. One module per
aggregate: neighbourhood.py (a neighbourhood's stream, state and evolve; its decisions in
decide.py, founding.py, membership.py, roles.py and boundary.py) and places.py (the places a
resident holds among neighbourhoods); errors.py names each rule's refusal."""

from typing import Any


def __getattr__(name: str) -> Any:
    """FOLDS: each stream category's fold, for audits of an aggregate's state at a past moment.
    Looked up when asked for, because places.py reads the commands, whose module reads this
    package's geometry: importing the folds here would close that circle."""
    if name != "FOLDS":
        raise AttributeError(name)
    from .neighbourhood import fold
    from .places import fold_places

    return {"neighbourhoods.neighbourhood": fold, "neighbourhoods.resident": fold_places}
