"""Passwords too common to accept: data only, so that the pure domain can refuse them."""

from __future__ import annotations

# The most used passwords that pass the length rule, from public breach lists (English and French).
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "0123456789",
        "0987654321",
        "1234567891",
        "12345678910",
        "123456789a",
        "1111111111",
        "0000000000",
        "1234512345",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "azertyuiop",
        "qwerty1234",
        "qwerty12345",
        "azerty1234",
        "azerty12345",
        "password12",
        "password123",
        "password1234",
        "motdepasse",
        "motdepasse1",
        "motdepasse123",
        "iloveyou12",
        "abcdefghij",
        "abcd123456",
        "aaaaaaaaaa",
        "football123",
        "baseball123",
        "princess123",
        "soleil1234",
        "doudou1234",
        "loulou1234",
        "marseille13",
        "nicolas123",
        "chocolat123",
        "quartier123",
        "welcome123",
        "letmein123",
        "administrator",
    }
)
