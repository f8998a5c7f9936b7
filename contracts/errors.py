"""Errors of contracts and of the codec. None of their messages ever holds a personal value."""

from __future__ import annotations


class ContractError(Exception):
    """Base of every contract and codec error."""


class DeclarationError(ContractError, TypeError):
    """A contract is declared inconsistently; raised when the registry is built."""


class UnknownEventType(ContractError, LookupError):
    """No contract is declared for this event type, version or class."""


class InvalidEventData(ContractError, ValueError):
    """An event does not satisfy its schema. `errors` maps fields to messages, never to values."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class SubjectErased(ContractError):
    """New personal data was offered for a subject who has been forgotten."""

    def __init__(self, subject: str) -> None:
        super().__init__(
            f"subject {subject} has been erased: no new personal data may be stored for them"
        )
        self.subject = subject


class UnreadablePersonalData(ContractError):
    """A stored personal value cannot be decrypted although its subject was not erased."""
