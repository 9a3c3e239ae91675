"""A structural PDF/UA-1 (ISO 14289-1) check of a tagged PDF's tag tree and metadata.

veraPDF, the reference validator, is a Java program that no registry reachable
here packages (PyPI, Debian and npm have only wrappers that call an installed
veraPDF), so the tests check the machine-checkable requirements that matter
for the portal's documents themselves, with pypdf:

- the catalogue: marked content (/MarkInfo /Marked true), a language (/Lang), the
  title shown (/ViewerPreferences /DisplayDocTitle true), a structure tree;
- the XMP metadata: pdfuaid:part 1, a dc:title, and dc:language equal to /Lang;
- the tag tree: every Figure has alternative text, every table header cell (TH)
  has a /Scope, a Table holds only THead/TBody/TFoot/TR/Caption and a TR only
  TH/TD, headings do not skip a level, and the tree is not empty;
- every page belongs to the structure tree (/StructParents), and a page with
  annotations has the tab order of the structure (/Tabs /S);
- every font is embedded.

`problems(pdf_bytes)` returns what breaks these rules, one sentence each.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

_TABLE_PARTS = {"/THead", "/TBody", "/TFoot", "/TR", "/Caption"}
_HEADING = re.compile(r"^/H([1-6])$")


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _true(value) -> bool:
    return getattr(value, "value", value) is True


def _kids(element) -> list:
    kids = _resolve(element.get("/K"))
    if kids is None:
        return []
    kids = kids if isinstance(kids, list) else [kids]
    return [k for k in map(_resolve, kids) if isinstance(k, dict) and "/S" in k]


def _attributes(element) -> list[dict]:
    found = _resolve(element.get("/A"))
    found = found if isinstance(found, list) else [found]
    return [a for a in map(_resolve, found) if isinstance(a, dict)]


def _walk(element, found: list) -> None:
    found.append(element)
    for kid in _kids(element):
        _walk(kid, found)


def problems(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    found: list[str] = []
    mark_info = _resolve(root.get("/MarkInfo")) or {}
    if not _true(mark_info.get("/Marked")):
        found.append("the catalogue does not say the content is marked (/MarkInfo)")
    language = str(root.get("/Lang") or "")
    if not language:
        found.append("the catalogue has no /Lang")
    preferences = _resolve(root.get("/ViewerPreferences")) or {}
    if not _true(preferences.get("/DisplayDocTitle")):
        found.append("the viewer is not told to show the title (/DisplayDocTitle)")

    metadata = _resolve(root.get("/Metadata"))
    xmp = metadata.get_data().decode("utf-8", "replace") if metadata is not None else ""
    if not re.search(r'pdfuaid:part(="1"|>1<)', xmp):
        found.append("the XMP metadata does not claim PDF/UA-1 (pdfuaid:part)")
    if not re.search(r"<dc:title>.*?<rdf:li[^>]*>[^<]+</rdf:li>", xmp, re.S):
        found.append("the XMP metadata has no dc:title")
    languages = re.findall(r"<dc:language>.*?<rdf:li[^>]*>([^<]+)</rdf:li>", xmp, re.S)
    if not languages:
        found.append("the XMP metadata has no dc:language")
    elif language and languages[0] != language:
        found.append(f"dc:language {languages[0]} differs from /Lang {language}")

    tree = _resolve(root.get("/StructTreeRoot"))
    if tree is None:
        return [*found, "there is no structure tree"]
    elements: list = []
    for kid in _kids(tree):
        _walk(kid, elements)
    if not elements:
        found.append("the structure tree is empty")
    last_level = 0
    for element in elements:
        kind = element.get("/S")
        if kind == "/Figure" and not str(element.get("/Alt") or "").strip():
            found.append("a Figure has no alternative text (/Alt)")
        if kind == "/TH":
            scopes = [a.get("/Scope") for a in _attributes(element) if a.get("/O") == "/Table"]
            if not any(scope in ("/Row", "/Column", "/Both") for scope in scopes):
                found.append("a table header cell (TH) has no /Scope")
        if kind == "/Table":
            wrong = {k.get("/S") for k in _kids(element)} - _TABLE_PARTS
            if wrong:
                found.append(f"a Table holds {sorted(wrong)}")
        if kind == "/TR":
            wrong = {k.get("/S") for k in _kids(element)} - {"/TH", "/TD"}
            if wrong:
                found.append(f"a TR holds {sorted(wrong)}")
        heading = _HEADING.match(str(kind))
        if heading:
            level = int(heading.group(1))
            if level > last_level + 1:
                found.append(f"a heading skips from level {last_level} to {level}")
            last_level = level

    for number, page in enumerate(reader.pages, start=1):
        if "/StructParents" not in page:
            found.append(f"page {number} is not in the structure tree (/StructParents)")
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            found.append(f"page {number} has annotations but no structure tab order (/Tabs /S)")
        resources = _resolve(page.get("/Resources")) or {}
        fonts = _resolve(resources.get("/Font")) or {}
        for name, font in fonts.items():
            font = _resolve(font)
            descendants = _resolve(font.get("/DescendantFonts"))
            descriptor_owner = _resolve(descendants[0]) if descendants else font
            descriptor = _resolve(descriptor_owner.get("/FontDescriptor")) or {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"font {name} on page {number} is not embedded")
    return sorted(set(found))
