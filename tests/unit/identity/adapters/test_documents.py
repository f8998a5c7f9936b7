"""Proof documents are typed by their content, and limited in size."""

from __future__ import annotations

import pytest

from identity.adapters.documents import (
    MAX_BYTES,
    DocumentInfo,
    DocumentTooLarge,
    InvalidDocumentId,
    UnsupportedDocumentType,
    check_document,
    check_id,
    sniff_content_type,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def test_each_accepted_kind_is_known_by_its_first_bytes() -> None:
    assert sniff_content_type(PDF) == "application/pdf"
    assert sniff_content_type(PNG) == "image/png"
    assert sniff_content_type(JPEG) == "image/jpeg"


@pytest.mark.parametrize(
    "content",
    [b"", b"GIF89a....", b"PK\x03\x04 a zip", b"<html>%PDF-", b" %PDF-1.7", b"\xff\xd8"],
)
def test_anything_else_is_refused(content: bytes) -> None:
    with pytest.raises(UnsupportedDocumentType, match="PDF, JPEG or PNG"):
        check_document(content)


def test_five_mib_is_accepted_and_one_byte_more_refused() -> None:
    assert check_document(PDF.ljust(MAX_BYTES, b" ")) == DocumentInfo("application/pdf", MAX_BYTES)
    with pytest.raises(DocumentTooLarge, match="5 MiB"):
        check_document(PDF.ljust(MAX_BYTES + 1, b" "))


def test_ids_cannot_escape_the_documents_folder() -> None:
    for bad in ("../x", "a/b", "", ".x", "a.b"):
        with pytest.raises(InvalidDocumentId):
            check_id(bad, "document id")
