"""Service information pages read from content files, one per service and language.

A page is a Markdown file with TOML front matter between ``+++`` lines, kept in
``<app>/content/<language>/<name>.md`` by the app that runs the service (or, for a
service whose app is not built yet, under ``portal/content/<future app>/``). The body is
cut into sections by level-two headings that name the section: ``## who``, ``## cost``,
``## deadline``, ``## prepare``, ``## notes``; the page shows them under the interface's
own (translated) headings. ``docs/service-content.md`` is the editor's guide.

Nothing here imports Django: the loader is handed the folders to read, so that it can be
used by views, checks and tests alike, and raises :class:`ContentError` naming the file
for anything it does not understand instead of showing half a page.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from portal.catalogue.markdown import render

LANGUAGES = ("hu", "en")
SECTIONS = ("who", "cost", "deadline", "prepare", "notes")

_FRONT_MATTER = re.compile(r"\A\+\+\+\n(?P<meta>.*?)\n\+\+\+\n(?P<body>.*)\Z", re.DOTALL)
_SECTION_HEADING = re.compile(r"^## (?P<key>\S+)[ \t]*$", re.MULTILINE)
_REQUIRED = {"code": str, "group": str, "order": int, "title": str, "summary": str, "source": str}
_OPTIONAL = {"needs_login": bool, "start_view": str}
_KIND_NAMES = {str: "text in quotes", int: "a whole number", bool: "true or false"}
# Facts every language's file must state alike: they are not wording.
_SHARED = ("group", "order", "needs_login", "start_view", "source")


class ContentError(ValueError):
    """A content file that cannot be read as a service page."""


@dataclass(frozen=True)
class Text:
    """A short text in Hungarian (the authoritative wording) and in English."""

    hu: str
    en: str

    def get(self, language: str) -> str:
        """The text in ``language`` ("hu", "en", also "en-gb"); anything else is Hungarian."""
        code = (language or "").replace("_", "-").split("-", 1)[0].lower()
        if code == "en" and self.en:
            return self.en
        return self.hu

    def __str__(self) -> str:
        return self.hu


@dataclass(frozen=True)
class Service:
    """The information page of one service, in every language."""

    code: str
    group: str
    order: int
    title: Text
    summary: Text
    # None when the service's case type says it (a registered service): written once.
    needs_login: bool | None
    # Where a service that is not a case type starts (URL name), e.g. card PINs.
    start_view: str | None
    source: str  # the seed document the text follows
    # language -> section key -> rendered HTML, for the sections the files have
    sections: Mapping[str, Mapping[str, str]]
    paths: Mapping[str, Path]

    def sections_in(self, language: str) -> Mapping[str, str]:
        """The rendered sections in ``language``; anything but English is Hungarian."""
        code = (language or "").replace("_", "-").split("-", 1)[0].lower()
        return self.sections.get(code, self.sections["hu"])


@dataclass(frozen=True)
class Group:
    """A group of services as the home page lists them."""

    slug: str
    title: Text
    intro: Text
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    services: Mapping[str, Service]


def parse_page(path: Path) -> tuple[dict, dict[str, str]]:
    """The front matter and the Markdown sections of one content file."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ContentError(f"{path}: no front matter between '+++' lines at the top")
    try:
        meta = tomllib.loads(match["meta"])
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: front matter: {exc}") from None
    for key, kind in (_REQUIRED | _OPTIONAL).items():
        if key in meta and type(meta[key]) is not kind:
            raise ContentError(f"{path}: {key} must be {_KIND_NAMES[kind]}")
    if missing := sorted(set(_REQUIRED) - set(meta)):
        raise ContentError(f"{path}: front matter lacks {', '.join(missing)}")
    if unknown := sorted(set(meta) - set(_REQUIRED) - set(_OPTIONAL)):
        raise ContentError(f"{path}: unknown front matter {', '.join(unknown)}")
    prefix, _, name = meta["code"].partition(".")
    if not prefix or name != path.stem:
        raise ContentError(f"{path}: code {meta['code']!r} must be '<group>.{path.stem}'")
    return meta, _sections(path, match["body"])


def _sections(path: Path, body: str) -> dict[str, str]:
    headings = list(_SECTION_HEADING.finditer(body))
    if body[: headings[0].start() if headings else len(body)].strip():
        raise ContentError(f"{path}: text before the first '## section' heading")
    sections: dict[str, str] = {}
    for index, heading in enumerate(headings):
        key = heading["key"]
        if key not in SECTIONS:
            raise ContentError(f"{path}: unknown section {key!r}; known: {', '.join(SECTIONS)}")
        if key in sections:
            raise ContentError(f"{path}: section {key!r} appears twice")
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        markdown = body[heading.end() : end].strip()
        if not markdown:
            raise ContentError(f"{path}: section {key!r} is empty")
        sections[key] = markdown
    if "who" not in sections:
        raise ContentError(f"{path}: a page says who may use the service ('## who')")
    return sections


def page_files(roots: Iterable[Path]) -> list[Path]:
    """Every ``<language>/<name>.md`` below the content folders ``roots``."""
    return sorted(
        path
        for root in roots
        for path in root.rglob("*.md")
        if path.parent.name in LANGUAGES and path.is_file()
    )


def load(roots: Iterable[Path], groups_folder: Path) -> Catalogue:
    """Read the groups file and every page below ``roots`` into one catalogue."""
    pages: dict[str, dict[str, tuple[dict, dict[str, str], Path]]] = {}
    for path in page_files(roots):
        meta, sections = parse_page(path)
        language = path.parent.name
        seen = pages.setdefault(meta["code"], {})
        if language in seen:
            raise ContentError(f"{path}: {meta['code']} already has a page in {seen[language][2]}")
        seen[language] = (meta, sections, path)
    services = {code: _service(code, by_language) for code, by_language in pages.items()}
    return Catalogue(groups=_groups(groups_folder, services), services=MappingProxyType(services))


def _service(code: str, by_language: dict[str, tuple[dict, dict[str, str], Path]]) -> Service:
    if missing := [lang for lang in LANGUAGES if lang not in by_language]:
        where = next(iter(by_language.values()))[2]
        raise ContentError(f"{where}: {code} has no page in {', '.join(missing)}")
    hu, hu_sections, hu_path = by_language["hu"]
    en, en_sections, en_path = by_language["en"]
    for key in _SHARED:
        if hu.get(key) != en.get(key):
            raise ContentError(f"{en_path}: {key} differs from {hu_path}")
    if list(hu_sections) != list(en_sections):
        raise ContentError(f"{en_path}: sections differ from {hu_path}")
    return Service(
        code=code,
        group=hu["group"],
        order=hu["order"],
        title=Text(hu["title"], en["title"]),
        summary=Text(hu["summary"], en["summary"]),
        needs_login=hu.get("needs_login"),
        start_view=hu.get("start_view"),
        source=hu["source"],
        sections=MappingProxyType(
            {
                "hu": MappingProxyType({k: render(v) for k, v in hu_sections.items()}),
                "en": MappingProxyType({k: render(v) for k, v in en_sections.items()}),
            }
        ),
        paths=MappingProxyType({"hu": hu_path, "en": en_path}),
    )


def _groups(folder: Path, services: Mapping[str, Service]) -> tuple[Group, ...]:
    texts = {lang: _group_file(folder / f"{lang}.toml") for lang in LANGUAGES}
    if [g["slug"] for g in texts["hu"]] != [g["slug"] for g in texts["en"]]:
        raise ContentError(f"{folder}: the groups differ between {' and '.join(LANGUAGES)}")
    known = {g["slug"] for g in texts["hu"]}
    for service in services.values():
        if service.group not in known:
            raise ContentError(f"{service.paths['hu']}: unknown group {service.group!r}")
    groups = []
    for hu, en in zip(texts["hu"], texts["en"], strict=True):
        members = sorted(
            (s for s in services.values() if s.group == hu["slug"]), key=lambda s: s.order
        )
        orders = [s.order for s in members]
        if len(set(orders)) != len(orders):
            raise ContentError(f"{folder}: two services of {hu['slug']!r} share an order")
        groups.append(
            Group(
                slug=hu["slug"],
                title=Text(hu["title"], en["title"]),
                intro=Text(hu["intro"], en["intro"]),
                services=tuple(members),
            )
        )
    return tuple(groups)


def _group_file(path: Path) -> list[dict]:
    try:
        groups = tomllib.loads(path.read_text(encoding="utf-8")).get("groups", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from None
    for group in groups:
        if set(group) != {"slug", "title", "intro"} or not all(
            isinstance(v, str) and v for v in group.values()
        ):
            raise ContentError(f"{path}: each group has exactly a slug, a title and an intro")
    if len({g["slug"] for g in groups}) != len(groups):
        raise ContentError(f"{path}: a group slug appears twice")
    return groups
