"""The one door for every PDF the portal issues: rendered once, stored once.

Whatever the document (a receipt, a decision, a contract, a PIN envelope),
`issue_document` gives it, once, a record with its SHA-256 and a verification
code, and prints on it what an official document carries: the issuing
authority, the legal basis and the remedy from its `DocumentSpec`, the date of
issue, and the code with a QR code of the public check page
(`templates/pdf/base.html`). A test fails if a PDF is made anywhere else. A
document whose spec asks for it is signed (PAdES) by the issuing authority's key
before it is stored (`cases.signing`).

WeasyPrint is imported inside the function: loading it costs time and memory
that web requests should not pay (house rule: PDFs only in tasks).
"""

from __future__ import annotations

import base64
import io
import logging
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases import verification
from cases.documents import DocumentSpec
from cases.models import Case, IssuedDocument
from portal import leases

if TYPE_CHECKING:
    from documents.models import Document

log = logging.getLogger(__name__)


class DocumentInProgress(Exception):
    """Another live worker is rendering this document right now: leave it to that one
    (if that worker dies, its lease goes with it and the redelivery job hands the
    document out again)."""


def _render_pdf(template: str, context: dict, *, language: str = "hu") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    # PDF/UA-1 tags the structure so screen readers can read the document.
    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    return complete_tagging(content, language=language)


# XMP namespaces (ISO 16684-1; Dublin Core for the language, as PDF/UA-1 7.2 asks).
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"


def complete_tagging(content: bytes, *, language: str) -> bytes:
    """What WeasyPrint's PDF/UA-1 output leaves out, added to its tag tree and metadata:
    every table header cell's `/Scope` (a cell of a row made only of header cells
    heads a column, any other heads its row), and the document's language in the
    XMP metadata (`dc:language`) besides the catalogue's `/Lang`."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    root = writer.root_object
    if "/StructTreeRoot" in root:
        for header in _elements(root["/StructTreeRoot"], "/TH"):
            row = header.get("/P")
            row = row.get_object() if row is not None else None
            cells = _children(row) if row is not None else []
            all_headers = all(cell.get("/S") == "/TH" for cell in cells)
            scope = "/Column" if all_headers else "/Row"
            _table_attributes(header)[NameObject("/Scope")] = NameObject(scope)
    if "/Metadata" in root:
        stream = root["/Metadata"].get_object()
        stream.set_data(_with_language(stream.get_data(), language))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    kids = kids if isinstance(kids, list) else [kids]
    found = []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            found.append(kid)
    return found


def _elements(node, kind: str):
    """Every structure element of `kind` under `node`, depth first."""
    stack = [node.get_object()]
    while stack:
        element = stack.pop()
        if element.get("/S") == kind:
            yield element
        stack.extend(reversed(_children(element)))


def _table_attributes(element):
    """The element's attribute dictionary owned by /Table, created if missing."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    attributes = element.get("/A")
    attributes = attributes.get_object() if attributes is not None else None
    candidates = attributes if isinstance(attributes, list) else [attributes]
    for candidate in candidates:
        candidate = candidate.get_object() if hasattr(candidate, "get_object") else candidate
        if isinstance(candidate, dict) and candidate.get("/O") == "/Table":
            return candidate
    table = DictionaryObject({NameObject("/O"): NameObject("/Table")})
    if attributes is None:
        element[NameObject("/A")] = table
    elif isinstance(attributes, list):
        attributes.append(table)
    else:
        element[NameObject("/A")] = ArrayObject([attributes, table])
    return table


def _with_language(xmp: bytes, language: str) -> bytes:
    from xml.etree import ElementTree

    header, _, rest = xmp.partition(b"?>")
    body, _, trailer = rest.rpartition(b"<?xpacket")
    ElementTree.register_namespace("x", "adobe:ns:meta/")
    ElementTree.register_namespace("rdf", _RDF)
    ElementTree.register_namespace("dc", _DC)
    ElementTree.register_namespace("pdf", "http://ns.adobe.com/pdf/1.3/")
    ElementTree.register_namespace("pdfuaid", "http://www.aiim.org/pdfua/ns/id/")
    tree = ElementTree.fromstring(body.strip())
    rdf = tree.find(f"{{{_RDF}}}RDF")
    if rdf is None or rdf.find(f".//{{{_DC}}}language") is not None:
        return xmp
    description = ElementTree.SubElement(rdf, f"{{{_RDF}}}Description", {f"{{{_RDF}}}about": ""})
    bag = ElementTree.SubElement(
        ElementTree.SubElement(description, f"{{{_DC}}}language"), f"{{{_RDF}}}Bag"
    )
    ElementTree.SubElement(bag, f"{{{_RDF}}}li").text = language
    return header + b"?>\n" + ElementTree.tostring(tree) + b"\n<?xpacket" + trailer


def qr_png(data: str) -> bytes:
    """A QR code of `data` as a PNG: medium error correction (a creased or
    smudged printout still scans), four modules of quiet zone as the standard asks."""
    import qrcode
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=4,
        border=4,
        image_factory=PilImage,
    )
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def _unused_code() -> str:
    # 75 random bits make a repeat only theoretical; the unique column is the real guard.
    while True:
        code = verification.new_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def issue_document(
    case: Case,
    kind: str,
    spec: DocumentSpec,
    *,
    context: dict | None = None,
    title: str | None = None,
    valid_until: date | None = None,
    register_document: Document | None = None,
) -> IssuedDocument:
    """Render and store document `kind` of `case` as `spec` describes it, or
    return the one already stored. `title` replaces the spec's title where
    one case holds several documents of a sort (e.g. one receipt per payment).
    `valid_until` (a certificate's last valid day) and `register_document` (the
    register's document it certifies: it stops being valid when that one is
    invalidated) are what the public verification page answers from.

    A second call (a retried task, a double click) never renders or stores again:
    the (case, kind) pair is unique, and a lost race returns the winner's row. A call
    while another worker is still rendering the document raises `DocumentInProgress`
    instead of rendering it a second time side by side (`portal.leases`).
    """
    existing = IssuedDocument.objects.filter(case=case, kind=kind).first()
    if existing is not None:
        return existing
    with leases.hold(f"document:{case.pk}:{kind}") as mine:
        if not mine:
            raise DocumentInProgress(f"{kind} of {case.reference}")
        return _issue(
            case,
            kind,
            spec,
            context=context,
            title=title,
            valid_until=valid_until,
            register_document=register_document,
        )


def _issue(
    case: Case,
    kind: str,
    spec: DocumentSpec,
    *,
    context: dict | None,
    title: str | None,
    valid_until: date | None,
    register_document: Document | None,
) -> IssuedDocument:
    # Under the lease: a render that finished since the caller's check is final.
    existing = IssuedDocument.objects.filter(case=case, kind=kind).first()
    if existing is not None:
        return existing
    language = spec.language or (case.applicant.preferred_language if case.applicant else "hu")
    code = _unused_code()
    url = verification.verification_url(code)
    official = {
        "title": title or spec.title,
        "authority": case.type.issuing_authority(),
        "legal_basis": spec.legal_basis,
        "remedy": spec.remedy,
        "issued_at": timezone.localtime(),
        "code": verification.grouped(code),
        "url": url,
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii"),
    }
    content = _render_pdf(
        spec.template, {"case": case, "issued": official, **(context or {})}, language=language
    )
    if spec.signed:
        from cases import signing

        with translation.override(language):
            reason = f"{official['title']} ({verification.grouped(code)})"
            location = str(official["authority"].address)
        content = signing.sign_pdf(content, reason=reason, location=location)
    with translation.override(language):
        stored_title = str(title or spec.title)  # in the document's own language
    document = IssuedDocument(
        case=case,
        kind=kind,
        title=stored_title,
        language=language,
        sha256=IssuedDocument.digest(content),
        size=len(content),
        public=spec.public,
        verification_code=code,
        valid_until=valid_until,
        register_document=register_document,
    )
    document.file.save(f"{case.uuid}-{kind}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        winner = IssuedDocument.objects.filter(case=case, kind=kind).first()
        if winner is None:  # not the (case, kind) race: nothing to fall back on
            raise
        return winner
    log.info("issued %s for %s", kind, case.reference)
    return document
