"""The rendered information pages: the same words as before, the registry's facts, safe content."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from cases import registry
from cases.registry import CaseType
from portal import catalogue
from portal.catalogue import all_services, facts
from portal.money import format_money
from tests.portal.catalogue_pages import get_page, items, sections, text

pytestmark = pytest.mark.django_db

# What a few pages said while the catalogue was Python tuples (an anonymous check, the
# passport duty table, a register service, a card operation that is not a case, two
# registered vehicle services), section by section, taken from the tuples before they
# were removed.
BEFORE = json.loads((Path(__file__).parent / "catalogue_before.json").read_text("utf-8"))
LABELS = {
    "hu": {"login": "Bejelentkezés", "who": "Ki veheti igénybe", "cost": "Költség"},
    "en": {"login": "Login", "who": "Who may use it", "cost": "Cost"},
}
LABELS["hu"] |= {"deadline": "Határidő", "prepare": "Mit készítsen elő"}
LABELS["en"] |= {"deadline": "Deadline", "prepare": "What to prepare"}
LOGIN = {
    "hu": {True: "Szükséges: Ügyfélkapu+ vagy telefonos azonosítás.", False: "Nem szükséges."},
    "en": {True: "Needed: Ügyfélkapu+ or phone identification.", False: "Not needed."},
}
NOT_YET = "Még nem intézhető online ezen a portálon"


@dataclass(frozen=True)
class _Line:
    label: str
    amount: int
    currency: str = "HUF"


@dataclass(frozen=True)
class _Quote:
    lines: tuple[_Line, ...]


def _flat_fee(case_or_data) -> _Quote:
    """A fee rule of the registry's shape that does not look at the answers."""
    return _Quote((_Line("Díj", 1500),))


def _fresh_catalogue(monkeypatch, extra_root: Path) -> None:
    roots = catalogue.content_roots()
    monkeypatch.setattr(catalogue, "content_roots", lambda: [*roots, extra_root])
    catalogue.clear_cache()


@pytest.fixture
def extra_content(tmp_path, monkeypatch):
    """A content folder of a throw-away app, read beside the installed apps' ones."""
    root = tmp_path / "things" / "content"
    _fresh_catalogue(monkeypatch, root)
    yield root
    catalogue.clear_cache()


def _write_pages(root: Path, name: str, body_hu: str, body_en: str, login: str = "") -> None:
    for language, body in (("hu", body_hu), ("en", body_en)):
        path = root / language / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'+++\ncode = "things.{name}"\ngroup = "offices"\norder = 99\n'
            f'title = "Dolog {language}"\nsummary = "Röviden."\n{login}'
            f'source = "002_1c333257468f6a15.txt"\n+++\n\n{body}',
            encoding="utf-8",
        )


@pytest.mark.parametrize("code", sorted(BEFORE))
@pytest.mark.parametrize("language", ["hu", "en"])
def test_pages_say_what_they_said_before_the_content_moved_to_files(client, code, language):
    before = BEFORE[code][language]
    body = get_page(client, code, language)
    found = sections(body)
    labels = LABELS[language]
    assert text(re.search(r"<h1>(.*?)</h1>", body, re.DOTALL)[1]) == before["title"]
    assert text(re.search(r'<p class="lead">(.*?)</p>', body, re.DOTALL)[1]) == before["summary"]
    assert text(found[labels["login"]]) == LOGIN[language][before["needs_login"]]
    assert items(found[labels["who"]]) == before["who"]
    assert items(found.get(labels["prepare"], "")) == before["prepare"]
    assert items(found["notes"]) == before["notes"]
    if facts.case_type_of(catalogue.get_service(code)) is None:
        assert text(found[labels["cost"]]) == before["cost"]
        assert text(found[labels["deadline"]]) == before["deadline"]


def _numbers(value: str) -> set[str]:
    """The whole numbers in a text, thousands separators removed."""
    plain = re.sub(r"(?<=\d)[ \u00a0\u202f,.](?=\d{3}(?!\d))", "", value)
    return set(re.findall(r"\d+", plain))


@pytest.mark.parametrize(
    "service",
    [s for s in all_services() if registry.is_registered(s.code)],
    ids=lambda s: s.code,
)
def test_fee_and_deadline_come_from_the_registry_and_are_not_written_in_the_files(client, service):
    kind = registry.get(service.code)
    # Forint lines; a fee paid abroad (a line with its own currency) is shown as it is.
    lines = facts.fee_lines(kind)
    abroad = {
        (line.amount, line.currency) for line in lines if getattr(line, "currency", "HUF") != "HUF"
    }
    amounts = {line.amount for line in lines if line.amount} - {amount for amount, _c in abroad}
    for language in ("hu", "en"):
        found = sections(get_page(client, service.code, language))
        cost = found[LABELS[language]["cost"]]
        for amount in amounts:
            assert format_money(amount, language=language) in cost, (language, amount)
        for amount, currency in abroad:
            assert f"{amount} {currency}" in cost, (language, amount, currency)
        if not facts.fee_lines(kind):
            assert text(cost).startswith(
                {"hu": "Az eljárás ingyenes.", "en": "The procedure is free of charge."}[language]
            )
        if kind.deadline_days is not None:
            assert str(kind.deadline_days) in _numbers(text(found[LABELS[language]["deadline"]]))
        # The seed's file name (`source`) is not a statement of a fee or a deadline.
        written = " ".join(
            line
            for path in service.paths.values()
            for line in path.read_text("utf-8").splitlines()
            if not line.startswith("source = ")
        )
        registry_numbers = [*amounts, *(amount for amount, _c in abroad), kind.deadline_days]
        said_twice = _numbers(written) & {str(n) for n in registry_numbers if n}
        assert said_twice == set(), f"{service.code}: {said_twice} belongs to the registry"


def test_a_registered_fee_that_depends_on_the_answers_is_summarised_by_its_service(client):
    cost = sections(get_page(client, "vehicles.data_lookup", "en"))["Cost"]
    assert items(cost) == [
        "Per vehicle: HUF 275",
        "At least, per request: HUF 625",
        "1 vehicle: HUF 625",
        "2 vehicles: HUF 625",
        "3 vehicles: HUF 825",
        "4 vehicles: HUF 1,100",
        "5 vehicles: HUF 1,375",
    ]
    title = sections(get_page(client, "vehicles.title_replacement", "hu"))["Költség"]
    assert items(title) == [
        "Eljárási illeték: 6 000 Ft",
        "Ha a törzskönyvet eltulajdonították, és a feljelentést csatolja: nincs díj",
    ]


def test_deadline_sentences_follow_the_case_type(client):
    withdrawal = sections(get_page(client, "vehicles.temporary_withdrawal", "hu"))["Határidő"]
    assert text(withdrawal).startswith(
        "Az ügyintézési idő főszabály szerint 30 nap, de a nyilvántartás a sikeres benyújtás "
        "után azonnal megváltozik."
    )
    lookup = sections(get_page(client, "vehicles.data_lookup", "en"))["Deadline"]
    assert text(lookup).startswith("Immediate: dealt with as soon as the request is submitted.")
    title = sections(get_page(client, "vehicles.title_replacement", "en"))["Deadline"]
    assert text(title).startswith("The deadline is 60 days.")


def test_a_registered_service_with_a_start_view_shows_the_start_button(client, extra_content):
    _write_pages(extra_content, "one", "## who\n\n- Bárki.\n", "## who\n\n- Anyone.\n")
    kind = CaseType(
        slug="things.one",
        label="Thing",
        start_view="portal:my_requests",
        fee=_flat_fee,
        deadline_days=12,
        needs_login=False,
    )
    registry.register(kind)
    try:
        body = get_page(client, "things.one", "hu")
    finally:
        registry.unregister(kind.slug)
    assert f'<a class="btn btn-primary" href="{reverse("portal:my_requests")}">' in body
    assert NOT_YET not in body
    found = sections(body)
    assert text(found["Költség"]) == "Díj: 1 500 Ft"
    assert text(found["Határidő"]) == "Az ügyintézési idő 12 nap."
    assert text(found["Bejelentkezés"]) == "Nem szükséges."
    # Without its case type nothing would say whether login is needed: refused, not guessed.
    with pytest.raises(ValueError, match="its pages set needs_login"):
        client.get(reverse("portal:service_info", args=["things.one"]))


def test_a_page_may_not_say_login_for_a_registered_service(client, extra_content):
    login = "needs_login = true\n"
    _write_pages(extra_content, "two", "## who\n\n- x\n", "## who\n\n- x\n", login=login)
    registry.register(CaseType(slug="things.two", label="Two", start_view="portal:home"))
    try:
        with pytest.raises(ValueError, match="login is its case type's to say"):
            client.get(reverse("portal:service_info", args=["things.two"]))
    finally:
        registry.unregister("things.two")


def test_script_and_javascript_links_in_content_are_inert(client, extra_content):
    hostile = (
        "## who\n\n- <script>alert(1)</script>\n"
        "- [click](javascript:alert(2)) and [data](data:text/html,<b>x</b>)\n"
        '- <img src=x onerror="alert(3)"> [help](https://1818.hu/) [mail](mailto:1818@1818.hu)\n'
        "\n## cost\n\nIngyenes. <a href='javascript:alert(4)'>x</a>\n"
        "\n## deadline\n\n[tel](tel:1818) [here](/services/) [b](JaVaScRiPt:alert(5))\n"
    )
    _write_pages(extra_content, "bad", hostile, hostile, login="needs_login = false\n")
    body = get_page(client, "things.bad", "en")
    main = body[body.index("<main") : body.index("</main>")]
    assert "<script>alert" not in main and "&lt;script&gt;alert(1)&lt;/script&gt;" in main
    assert "<img" not in main and "&lt;img" in main
    assert "<a href='javascript" not in main
    assert re.findall(r'<a href="([^"]*)"', main[main.index('<dl class="facts">') :]) == [
        "https://1818.hu/",
        "mailto:1818@1818.hu",
        "tel:1818",
        "/services/",
    ]
    targets = " ".join(re.findall(r'href="([^"]*)"', main)).lower()
    assert "javascript:" not in targets and "data:" not in targets
