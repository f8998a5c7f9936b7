"""The notifications context's pure rules: who is told of what (routing), how and when
(delivery), a resident's preferences and read marks."""

from notifications.domain.inbox import fold_inbox, inbox_stream
from notifications.domain.preferences import fold_preferences, preferences_stream

FOLDS = {
    "notifications.preferences": fold_preferences,
    "notifications.inbox": fold_inbox,
}
"""This context's folds by stream category, for audits as of a time."""

__all__ = ["FOLDS", "inbox_stream", "preferences_stream"]
