// English texts of the identity context's refusals (contracts/identity/refusals.py).
export default {
  "error.email_taken": "An account already exists with this e-mail address.",
  "error.invalid_email": "Enter a valid e-mail address.",
  "error.password_too_weak":
    "Password too weak: at least 10 characters, with at least 3 different ones; not a common password, nor your e-mail address.",
  "error.invalid_credentials": "Wrong e-mail address or password.",
  "error.current_password_wrong": "The current password is wrong.",
  "error.invalid_profile": "Check your name and your phone number.",
  "error.account_erased": "This account was erased.",
  "error.address_unknown": "This address is not in the national address base (BAN).",
  "error.address_incomplete": "Incomplete address: number and street, postcode and town.",
  "error.address_not_located": "This address could not be located.",
  "error.no_address_declared": "Declare your address first.",
  "error.address_already_verified": "Your address is already verified.",
  "error.already_verified": "Your address is already verified.",
  "error.too_many_letters":
    "Too many letters were already sent for this address. Send a proof document instead.",
  "error.too_many_letter_addresses":
    "Letters were recently sent to as many different addresses as allowed. Send a proof document instead.",
  "error.no_letter_posted": "No letter was sent: declare your address to receive one.",
  "error.code_for_another_letter":
    "This code belongs to an older letter: use the one from the latest letter.",
  "error.wrong_code": "This code does not match the one in the letter.",
  "error.code_expired":
    "This code has expired: declare your address again to receive a new letter.",
  "error.too_many_attempts":
    "Too many wrong codes: declare your address again to receive a new letter.",
  "error.unsupported_document_type": "This file type is not accepted: PDF, JPEG or PNG.",
  "error.document_too_large": "The file is too large (5 MB at most).",
  "error.voucher_not_verified": "Verify your own address before vouching for a neighbour.",
  "error.voucher_verified_by_vouches":
    "Only residents verified by letter or by document may vouch for a neighbour.",
  "error.unsupported_language": "Choose French or English.",
  "error.cannot_vouch_for_yourself": "You cannot vouch for yourself.",
  "error.voucher_too_far": "You live too far away to vouch for this neighbour.",
  "error.vouch_limit_reached": "You have vouched for as many neighbours as allowed.",
  "error.already_vouched": "You have already vouched for this neighbour.",
  "error.vouch_for_another_address": "This neighbour has declared another address since.",
  "error.cannot_review_own_document": "No one reviews their own proof of address.",
  "error.document_already_decided": "This document was already approved or rejected.",
  "error.document_for_another_address": "The resident has moved since sending this document.",
  "error.document_retention_not_over": "A decided document is kept 30 days before it is deleted.",
  "error.document_still_under_review": "This document is still awaiting review.",
  "error.not_allowed_to_review":
    "Only an operator, or a moderator of a neighbourhood containing the address, may review it.",
  "error.reason_required": "Say why: the resident will read it.",
  "error.reason_too_long": "A reason is at most 500 characters.",
  "error.role_is_platform_wide":
    "An operator acts on the whole platform, not on one neighbourhood.",
  "error.role_needs_neighbourhood": "A moderator moderates one neighbourhood: name it.",
  "error.unknown_role": "No such role.",
  "error.account_token_unknown": "This link is not valid. Ask for a new one.",
  "error.account_token_expired": "This link has expired. Ask for a new one.",
  "error.account_token_used": "This link was already used. Ask for a new one if you need to.",
  "error.account_token_superseded":
    "A newer link was sent to you since: use the one in the latest e-mail.",
  "error.email_already_confirmed": "Your e-mail address is already confirmed.",
};
