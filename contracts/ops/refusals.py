"""Refusals of the operators' pages (the ops service and its routes): the readings of the log
and what they are asked about. Only operators reach them at all (NOT_AN_OPERATOR, shared with
neighbourhoods' boundary proposals)."""

from __future__ import annotations

from ..refusals import NOT_AN_OPERATOR as NOT_AN_OPERATOR  # the first check of every reading
from ..refusals import Refusal, declare

UNKNOWN_STREAM = Refusal(
    "unknown_stream", 404, "The log holds nothing under this name.", client_code="not_found"
)
UNKNOWN_CORRELATION = Refusal(
    "unknown_correlation",
    404,
    "No event of the log has this correlation id.",
    client_code="not_found",
)
INVALID_AS_OF = Refusal(
    "invalid_as_of",
    422,
    "Give a position of the log or an ISO 8601 time.",
    field="as_of",
)
NO_FOLD = Refusal(
    "no_fold", 422, "What this name holds cannot be shown as of a moment.", field="as_of"
)

REFUSALS = declare(NOT_AN_OPERATOR, UNKNOWN_STREAM, UNKNOWN_CORRELATION, INVALID_AS_OF, NO_FOLD)
