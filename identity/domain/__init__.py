"""The identity context's domain, pure: a resident's stream (state.py holds its state and fold;
resident.py, verification.py and vouching.py its decisions) and an e-mail's claim
(email_claim.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import Any

from .email_claim import EmailClaim, evolve_claim
from .state import fold

# Each stream category's fold, for audits of an aggregate's state at a past moment.
FOLDS: dict[str, Callable[[list[Any]], Any]] = {
    "identity.resident": fold,
    "identity.email": lambda events: reduce(evolve_claim, events, EmailClaim()),
}
