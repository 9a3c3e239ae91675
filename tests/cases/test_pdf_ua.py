"""Issued PDFs pass the structural PDF/UA-1 check (tests/pdf_ua.py), and the check
finds what WeasyPrint alone leaves out."""

from __future__ import annotations

import io

import pytest
from weasyprint import HTML

from cases.actions import create_case, submit_case
from cases.models import IssuedDocument
from cases.pdf import complete_tagging
from tests.conftest import DOCUMENTED_TYPE
from tests.pdf_ua import problems

TABLE = """<html lang="{lang}"><head><title>Táblázat</title></head><body>
<h1>Díjak</h1>
<table><thead><tr><th scope="col">Tétel</th><th scope="col">Összeg</th></tr></thead>
<tbody><tr><th scope="row">Illeték</th><td>3 000 Ft</td></tr></tbody></table>
{extra}</body></html>"""


def _weasyprint(lang="hu", extra="") -> bytes:
    return HTML(string=TABLE.format(lang=lang, extra=extra)).write_pdf(pdf_variant="pdf/ua-1")


def test_weasyprint_alone_misses_header_scopes_and_the_xmp_language():
    found = problems(_weasyprint())
    assert "a table header cell (TH) has no /Scope" in found
    assert "the XMP metadata has no dc:language" in found


def test_completed_tagging_passes_and_scopes_follow_the_table():
    content = complete_tagging(_weasyprint("en"), language="en")
    assert problems(content) == []
    from pypdf import PdfReader

    from cases.pdf import _elements

    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    scopes = [header["/A"]["/Scope"] for header in _elements(root["/StructTreeRoot"], "/TH")]
    assert scopes == ["/Column", "/Column", "/Row"]
    assert b"<rdf:li>en</rdf:li>" in root["/Metadata"].get_object().get_data()


def test_the_check_finds_a_skipped_heading_level():
    content = complete_tagging(_weasyprint(extra="<h3>Megjegyzés</h3>"), language="hu")
    assert problems(content) == ["a heading skips from level 1 to 3"]


@pytest.mark.django_db
@pytest.mark.usefixtures("documented_type")
def test_an_issued_document_passes_the_check(citizen, django_capture_on_commit_callbacks):
    case = create_case(DOCUMENTED_TYPE, applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case, by=citizen)
    document = IssuedDocument.objects.get(case=case, kind="summary")
    with document.file.open("rb") as stored:
        assert problems(stored.read()) == []
