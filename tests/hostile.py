"""Hostile form input for the property-based tests of every form page.

A page is read as a browser reads it: its POST forms, their target (`action`) and
htmx live-check (`hx-post`) addresses, their fields and the choices each offers.
A test then posts the page's own valid answers with some fields replaced by hostile
values (extreme dates, huge and negative numbers, very long strings, Unicode edge
cases, whitespace, repeated keys where one value is expected, raw bytes that are not
UTF-8) and requires that the portal answers without a server error.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin

import lxml.html
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Values every field is given in an explicit example (`@example`), so that they are
# tried on every run whatever the random search does: the cases named in the issue.
LONG_LOCAL_PART_EMAIL = "a" * 300 + "@example.hu"
TEN_TO_THE_24 = "1" + "0" * 24
EXPLICIT = (
    "0001-01-01",
    "9999-12-31",
    TEN_TO_THE_24,
    LONG_LOCAL_PART_EMAIL,
)
# Tried on every field at once (one example each), also on every run.
EXPLICIT_ALL_FIELDS = (
    "-1",
    "-" + "9" * 30,
    "x" * 5000,
    "\x00",
    "\u202eabc\u202c",
    "e\u0301\u0301\u0301",
    " \t\r\n",
    "2025-01-01\n",
)

EXTREME = (
    *EXPLICIT,
    *EXPLICIT_ALL_FIELDS,
    "",
    " ",
    "10000-01-01",
    "2024-02-30",
    "0000-00-00",
    "-0001-01-01",
    "9999-12-31T23:59:59",
    "31/12/9999",
    "9999. 12. 31.",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x1F",
    "1_000",
    "\u0663\u0663",  # Arabic-Indic digits: int() reads them
    "９９９９",  # full-width digits
    "2147483648",
    "9223372036854775808",
    "18446744073709551616",
    "\ufeff",
    "\u200b",
    "\u2028",
    "\\ud800",
    "&#xD800;",
    "%00",
    "null",
    "<script>alert(1)</script>",
    "a@b",
    "@example.hu",
    "a" * 64 + "@" + "b" * 250 + ".hu",
    "RKZ-214\n",
    "3300\n",
)

# Bytes that are not UTF-8: an encoded lone surrogate, a stray continuation byte, an
# overlong NUL. They reach the form as whatever the request parser makes of them.
RAW = (b"\xed\xa0\x80", b"\x80abc", b"\xc0\x80")

scalar = st.one_of(
    st.sampled_from(EXTREME),
    st.text(max_size=40),
    st.text(alphabet=string.digits + "-+. ", max_size=30),
    st.integers().map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(RAW),
)
# A list is posted as the same key repeated.
hostile = st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3))


def pdf_bytes() -> bytes:
    """A real one-page PDF (opens with a PDF library, not encrypted, not truncated)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Upload:
    """A file to post: a fresh `SimpleUploadedFile` each time (they are read once)."""

    def __init__(self, name: str, content: bytes, content_type: str) -> None:
        self.name, self.content, self.content_type = name, content, content_type

    def make(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content, self.content_type)

    def __repr__(self) -> str:
        return f"Upload({self.name!r}, {len(self.content)} bytes)"


JUNK_UPLOADS = (
    Upload("empty.pdf", b"", "application/pdf"),
    Upload("text.pdf", b"%PDF-1.7\n\x00\x00 not really", "application/pdf"),
    Upload("nul\x00name.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    Upload("a" * 300 + ".jpg", b"\xff\xd8\xff" + b"\xff" * 20, "image/jpeg"),
)
hostile_file = st.one_of(st.sampled_from(JUNK_UPLOADS), scalar)


@dataclass
class Field:
    name: str
    kind: str  # text, choice, check, file, hidden, submit
    options: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)  # as the page shows it


@dataclass
class PageForm:
    action: str
    check: str | None  # the htmx live-check address, if any
    fields: dict[str, Field]

    def baseline(self) -> dict:
        """The answers the page shows (filled-in values, checked boxes, selected options)."""
        return {
            name: (f.value if len(f.value) > 1 else f.value[0])
            for name, f in self.fields.items()
            if f.value and f.kind not in ("file", "submit")
        }

    def fuzzable(self) -> list[str]:
        return [name for name, f in self.fields.items() if name != "csrfmiddlewaretoken"]


def forms_on(html: str, page_url: str) -> list[PageForm]:
    """The POST forms of a page, read as a browser reads them."""
    document = lxml.html.fromstring(html)
    found = []
    for form in document.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(page_url, form.get("action") or page_url)
        check = form.get("hx-post")
        fields: dict[str, Field] = {}
        for element in form.iter("input", "select", "textarea", "button"):
            name = element.get("name")
            if not name or element.get("disabled") is not None:
                continue
            if element.tag == "select":
                options = [o.get("value", o.text_content()) for o in element.iter("option")]
                selected = [
                    o.get("value", o.text_content())
                    for o in element.iter("option")
                    if o.get("selected") is not None
                ]
                fields[name] = Field(name, "choice", options, selected)
                continue
            if element.tag == "textarea":
                fields[name] = Field(name, "text", [], [element.text or ""])
                continue
            default = "submit" if element.tag == "button" else "text"
            kind = (element.get("type") or default).lower()
            value = element.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("radio", "checkbox"):
                group = "choice" if kind == "radio" else "check"
                entry = fields.setdefault(name, Field(name, group))
                entry.options.append(value)
                if element.get("checked") is not None:
                    entry.value.append(value)
            elif kind in ("submit", "button", "image", "reset"):
                entry = fields.setdefault(name, Field(name, "submit"))
                entry.options.append(value)
            elif kind == "file":
                fields[name] = Field(name, "file")
            else:
                fields[name] = Field(name, "hidden" if kind == "hidden" else "text", [], [value])
        check = urljoin(page_url, check) if check else None
        found.append(PageForm(action=action, check=check, fields=fields))
    return found


def field_values(form: PageForm, files: Mapping | None = None) -> st.SearchStrategy[dict]:
    """Which fields get a hostile value (the rest keep the valid answer), and which.

    `files` gives a file field its own strategy (e.g. statement files for an import).
    """
    per_field = {}
    for name in form.fuzzable():
        f = form.fields[name]
        own = st.sampled_from(f.options) if f.options else st.nothing()
        if files and name in files:
            per_field[name] = st.one_of(st.none(), files[name])
        elif f.kind == "file":
            per_field[name] = st.one_of(st.none(), hostile_file)
        else:
            per_field[name] = st.one_of(st.none(), st.just(""), own, hostile)
    return st.fixed_dictionaries(per_field).map(
        lambda chosen: {k: v for k, v in chosen.items() if v is not None}
    )


# Up to this many fields, each field gets each of `EXPLICIT` alone; a longer form
# (an admin change page, a group of inputs per vehicle) gets one of them per field,
# in turn, which keeps the run short and still tries each value on every kind of field.
EVERY_VALUE_ON_EACH_FIELD_UP_TO = 12


def visible_fields(form: PageForm) -> list[str]:
    return [n for n in form.fuzzable() if form.fields[n].kind not in ("submit", "hidden")]


def explicit_examples(form: PageForm, every_field=EXPLICIT + EXPLICIT_ALL_FIELDS) -> list[dict]:
    """The named extreme values on each field alone, then each on every field at once."""
    names = visible_fields(form)
    if len(names) <= EVERY_VALUE_ON_EACH_FIELD_UP_TO:
        one_at_a_time = [{name: value} for name in names for value in EXPLICIT]
    else:
        one_at_a_time = [{name: EXPLICIT[i % len(EXPLICIT)]} for i, name in enumerate(names)]
    return one_at_a_time + [dict.fromkeys(names, value) for value in every_field]


def merged(valid: Mapping, replaced: Mapping) -> dict:
    data = dict(valid)
    data.update(replaced)
    return data


def post(client, url: str, data: Mapping, **headers):
    """POST `data` as a browser would: multipart when a file is in it, else urlencoded
    (which lets raw bytes through as they are)."""
    files = {k: v.make() for k, v in data.items() if isinstance(v, Upload)}
    if files:
        fields = {k: _text(v) for k, v in data.items() if not isinstance(v, Upload)}
        return client.post(url, {**fields, **files}, **headers)
    pairs = []
    for key, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((key, one))
    return client.post(
        url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **headers
    )


def _text(value):
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
