"""The identity service's doors for the home address: declaring it, the letter that proves it
and its code, vouching by a verified neighbour. Attached to IdentityService by its DOORS
(service/__init__.py). Each stays a function rather than a command_door: its command holds what
the handlers get from a port (the geocoder's answer, a letter's hashed code) or from another
stream (the vouchee's facts), never the RPC's arguments as they came."""

from __future__ import annotations

from typing import Any

from contracts.identity.refusals import ADDRESS_INCOMPLETE, WRONG_CODE
from identity.domain.state import PostalAddress
from identity.handlers import derived_id
from identity.service.errors import DOOR, done


@DOOR.rpc
@DOOR.wrap
def declare_address(
    service: Any,
    command_id: str,
    resident_id: str,
    line: str,
    postcode: str,
    city: str,
    country: str = "FR",
    manual_review: bool = False,
) -> dict[str, Any]:
    """-> {address_id, position}. address_unknown (unless manual_review), ..."""
    cid = DOOR.uid(command_id, "command_id")
    address = PostalAddress(
        DOOR.text(line, "line", int(ADDRESS_INCOMPLETE.limits["max_line"])),
        DOOR.text(postcode, "postcode", 20),
        DOOR.text(city, "city", int(ADDRESS_INCOMPLETE.limits["max_city"])),
        DOOR.text(country, "country", 2),
    )
    position = service.handlers.declare_address(
        cid, DOOR.uid(resident_id, "resident_id"), address, bool(manual_review)
    )
    return done(position, address_id=derived_id(cid, "address"))


@DOOR.rpc
@DOOR.wrap
def request_letter(service: Any, command_id: str, resident_id: str) -> dict[str, Any]:
    """-> {letter_id, position}. too_many_letters, address_not_located, ..."""
    cid = DOOR.uid(command_id, "command_id")
    position = service.handlers.request_letter(cid, DOOR.uid(resident_id, "resident_id"))
    return done(position, letter_id=derived_id(cid, "letter"))


@DOOR.rpc
@DOOR.wrap
def verify_letter_code(
    service: Any, command_id: str, resident_id: str, code: str
) -> dict[str, Any]:
    """wrong_code (details.attempts_left), code_expired, too_many_attempts, ..."""
    position = service.handlers.enter_letter_code(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(resident_id, "resident_id"),
        DOOR.text(code, "code", int(WRONG_CODE.limits["max_length"])),
    )
    return done(position)


@DOOR.rpc
@DOOR.wrap
def vouch(service: Any, command_id: str, voucher_id: str, vouchee_id: str) -> dict[str, Any]:
    position = service.handlers.vouch(
        DOOR.uid(command_id, "command_id"),
        DOOR.uid(voucher_id, "voucher_id"),
        DOOR.uid(vouchee_id, "vouchee_id"),
    )
    return done(position)


DOORS = (declare_address, request_letter, verify_letter_code, vouch)
