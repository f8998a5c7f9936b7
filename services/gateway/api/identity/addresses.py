"""The API's home-address routes: declare, verify by letter code or proof document, vouch.
Plain functions in identity's route table (api/identity/__init__.py)."""

from __future__ import annotations

import base64

from contracts.identity import refusals
from services.gateway.api.identity import schemas
from services.gateway.api.identity.calls import command, positioned
from services.gateway.http.routing import Call, Door, Reply, Route, route
from services.gateway.http.schemas import Positioned


@route(
    Route(
        "PUT",
        "/me/address",
        "Declare my home address",
        202,
        schemas.AddressPending,
        body=schemas.AddressDeclaration,
        limit="verification",
        description=(
            "method letter (default): a letter with a code is sent to the address. "
            "method document: upload a proof next (POST /me/address/proof)."
        ),
        refusals=(
            refusals.ADDRESS_INCOMPLETE,
            refusals.ADDRESS_UNKNOWN,
            refusals.ADDRESS_NOT_LOCATED,
            refusals.ADDRESS_ALREADY_VERIFIED,
            refusals.TOO_MANY_LETTERS,
            refusals.TOO_MANY_LETTER_ADDRESSES,
        ),
    )
)
def declare_address(door: Door, call: Call) -> Reply:
    """Declare where I live, then verify it by letter or by a proof document."""
    body = call.body
    by_document = body["method"] == "document"
    done = command(
        door,
        call,
        "declare_address",
        "declare",
        resident_id=call.resident_id,
        line=body["line"],
        postcode=body["postcode"],
        city=body["city"],
        country=body["country"],
        manual_review=by_document,
    )
    if not by_document:
        done = command(door, call, "request_letter", "letter", resident_id=call.resident_id)
    return Reply(202, {"status": "pending", "method": body["method"], "position": done["position"]})


@route(
    Route(
        "POST",
        "/me/address/verification",
        "Enter the code of my letter",
        200,
        schemas.AddressVerified,
        body=schemas.CodeEntry,
        limit="verification",
        refusals=(
            refusals.NO_ADDRESS_DECLARED,
            refusals.ADDRESS_ALREADY_VERIFIED,
            refusals.NO_LETTER_POSTED,
            refusals.CODE_FOR_ANOTHER_LETTER,
            refusals.CODE_EXPIRED,
            refusals.TOO_MANY_ATTEMPTS,
            refusals.WRONG_CODE,
        ),
    )
)
def verify_code(door: Door, call: Call) -> Reply:
    """Verify my address with the code the letter brought."""
    done = command(
        door, call, "verify_letter_code", resident_id=call.resident_id, code=call.body["code"]
    )
    return Reply(200, {"status": "verified", "position": done["position"]})


@route(
    Route(
        "POST",
        "/me/address/proof",
        "Upload a proof of my address",
        202,
        schemas.AddressPending,
        upload="document",
        limit="verification",
        description="multipart/form-data, file field `document`: PDF, JPEG or PNG, <= 5 MiB.",
        refusals=(
            refusals.NO_ADDRESS_DECLARED,
            refusals.ADDRESS_ALREADY_VERIFIED,
            refusals.UNSUPPORTED_DOCUMENT_TYPE,
            refusals.DOCUMENT_TOO_LARGE,
        ),
    )
)
def submit_proof(door: Door, call: Call) -> Reply:
    """Send a document proving my address, for an operator to review."""
    assert call.upload is not None
    done = command(
        door,
        call,
        "submit_proof",
        resident_id=call.resident_id,
        content_base64=base64.b64encode(call.upload).decode("ascii"),
    )
    return Reply(202, {"status": "pending", "method": "document", "position": done["position"]})


@route(
    Route(
        "POST",
        "/residents/<uuid:resident_id>/vouches",
        "Vouch for a neighbour's address",
        201,
        Positioned,
        refusals=(
            refusals.UNKNOWN_RESIDENT,
            refusals.CANNOT_VOUCH_FOR_YOURSELF,
            refusals.VOUCHER_NOT_VERIFIED,
            refusals.VOUCHER_VERIFIED_BY_VOUCHES,
            refusals.VOUCHER_TOO_FAR,
            refusals.VOUCH_LIMIT_REACHED,
            refusals.ALREADY_VOUCHED,
            refusals.VOUCH_FOR_ANOTHER_ADDRESS,
        ),
    )
)
def vouch(door: Door, call: Call) -> Reply:
    """Confirm, as a verified neighbour, that this resident lives where they say."""
    vouchee = str(call.path["resident_id"])
    return positioned(201, door, call, "vouch", voucher_id=call.resident_id, vouchee_id=vouchee)
