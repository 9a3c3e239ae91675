"""The service catalogue: complete against the domain digest, well formed, read from files."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from portal import catalogue
from portal.catalogue import (
    LANGUAGES,
    ContentError,
    Group,
    Service,
    Text,
    all_services,
    get_group,
    get_service,
    groups,
)
from portal.catalogue.content import load, parse_page
from portal.catalogue.facts import case_type_of, needs_login

ROOT = Path(__file__).resolve().parents[2]
SERVICES_MD = ROOT.parent / "shared" / "domain" / "services.md"
SEEDS_DIR = SERVICES_MD.parent.parent / "seeds"
SEEDS = {
    "000_e6fdf346af6e3905.txt",
    "001_19ac3f2811c59ff0.txt",
    "002_1c333257468f6a15.txt",
    "003_fcea1fc76d3bbf60.txt",
    "004_ee3d45eaba18bd75.txt",
}

BACKTICKED_CODE = re.compile(r"`([a-z_]+\.[a-z_]+)`")

EXPECTED_CODES = {
    "criminal_record.check",
    "residence.foreign_address_change",
    "documents.status",
    "documents.validity",
    "criminal_record.certificate",
    "criminal_record.data_info",
    "vehicles.ownership_change",
    "vehicles.temporary_withdrawal",
    "vehicles.reinstatement",
    "vehicles.data_lookup",
    "vehicles.title_replacement",
    "passports.replacement",
    "passports.second_passport",
    "passports.acceleration",
    "residence.settle_abroad",
    "civil_registry.extract",
    "register.own_data",
    "register.disclosure_ban",
    "register.change_notice",
    "register.notification_address",
    "register.notification_address_refusal",
    "register.notification_address_alerts",
    "register.landlord_declaration",
    "idcards.invalidation",
    "idcards.replacement",
    "parking.replacement",
    "parking.exchange",
    "eszemelyi.nek_applet",
    "eszemelyi.emergency_numbers",
    "eszemelyi.esign",
    "eszemelyi.activation",
    "ugyfelkapu.registration",
    "appointments.booking",
    "entrepreneurs.info",
}

GROUP_ORDER = [
    "anonymous",
    "criminal-records",
    "vehicles",
    "passports",
    "residence",
    "civil-registry",
    "register",
    "idcards",
    "parking",
    "eszemelyi",
    "ugyfelkapu",
    "offices",
    "entrepreneurs",
]

# Where the pages of a service live: in its app, or in the holding place its future app
# takes over (portal/content/<future app>/).
HOME_OF_PREFIX = {
    "vehicles": "vehicles/content",
    "eszemelyi": "eszemelyi/content",
    "ugyfelkapu": "ugyfelkapu/content",
    "criminal_record": "criminal_records/content",
    "residence": "residence/content",
    "documents": "document_checks/content",
    "passports": "passports/content",
    "civil_registry": "civil_registry/content",
    "register": "register/content",
    "idcards": "idcards/content",
    "parking": "parking/content",
    "appointments": "appointments/content",
    "entrepreneurs": "portal/content/entrepreneurs",
}


def _services_md() -> str:
    if not SERVICES_MD.is_file():
        pytest.skip(f"domain digest not found at {SERVICES_MD}")
    return SERVICES_MD.read_text(encoding="utf-8")


def _codes() -> set[str]:
    return {service.code for service in all_services()}


# --- completeness -----------------------------------------------------------------------


def test_every_code_in_the_services_md_tables_and_headings_is_in_the_catalogue():
    codes = {
        code
        for line in _services_md().splitlines()
        if line.lstrip().startswith(("|", "###"))
        for code in BACKTICKED_CODE.findall(line)
    }
    assert len(codes) >= 25, "the digest parser found suspiciously few codes"
    assert codes - _codes() == set()


def test_every_code_mentioned_anywhere_in_services_md_is_in_the_catalogue():
    assert set(BACKTICKED_CODE.findall(_services_md())) - _codes() == set()


def test_the_catalogue_holds_exactly_the_agreed_codes():
    assert _codes() == EXPECTED_CODES


def test_groups_follow_the_order_of_services_md_and_none_is_empty():
    assert [group.slug for group in groups()] == GROUP_ORDER
    assert all(group.services for group in groups())


def test_all_services_lists_the_groups_services_in_their_order():
    assert all_services() == tuple(s for group in groups() for s in group.services)
    for group in groups():
        orders = [service.order for service in group.services]
        assert orders == sorted(orders) and len(set(orders)) == len(orders), group.slug
    assert [s.code for s in get_group("vehicles").services] == [
        "vehicles.ownership_change",
        "vehicles.temporary_withdrawal",
        "vehicles.reinstatement",
        "vehicles.data_lookup",
        "vehicles.title_replacement",
    ]


# --- where the content lives --------------------------------------------------------------


def test_each_service_has_one_file_per_language_in_its_own_app_or_holding_place():
    for service in all_services():
        prefix, name = service.code.split(".")
        for language in LANGUAGES:
            expected = ROOT / HOME_OF_PREFIX[prefix] / language / f"{name}.md"
            assert service.paths[language] == expected, service.code


def test_content_folders_are_found_in_the_installed_apps():
    roots = catalogue.content_roots()
    for folder in ("vehicles", "eszemelyi", "ugyfelkapu", "portal"):
        assert ROOT / folder / "content" in roots


def test_no_python_module_holds_catalogue_prose():
    # The prose moved out of Python: the package is a loader, a renderer and the facts.
    modules = sorted(p.name for p in (ROOT / "portal" / "catalogue").glob("*.py"))
    assert modules == ["__init__.py", "content.py", "facts.py", "markdown.py"]


# --- structure and lookups --------------------------------------------------------------


def test_titles_summaries_and_group_texts_are_filled_in_in_both_languages():
    texts = [(s.code, t) for s in all_services() for t in (s.title, s.summary)]
    texts += [(g.slug, t) for g in groups() for t in (g.title, g.intro)]
    assert [where for where, t in texts if not t.hu.strip() or not t.en.strip()] == []
    assert [where for where, t in texts if t.hu == t.en] == []


def test_both_languages_have_the_same_sections_and_every_page_says_who_may_apply():
    for service in all_services():
        assert list(service.sections["hu"]) == list(service.sections["en"]), service.code
        assert "who" in service.sections["hu"], service.code


def test_a_service_that_is_not_a_case_type_states_cost_deadline_and_login_in_its_files(db):
    for service in all_services():
        if case_type_of(service) is None:
            assert {"cost", "deadline"} <= set(service.sections["hu"]), service.code
            assert isinstance(service.needs_login, bool), service.code
        else:
            assert service.needs_login is None, f"{service.code}: login is the registry's"


def test_hungarian_quotes_are_typographic_and_balanced():
    bad = []
    for service in all_services():
        body = service.paths["hu"].read_text(encoding="utf-8").split("+++", 2)[2]
        front = parse_page(service.paths["hu"])[0]
        for text in (body, front["title"], front["summary"]):
            if '"' in text or text.count("„") != text.count("”"):
                bad.append(service.code)
    assert bad == []


def test_get_service_and_get_group():
    service = get_service("vehicles.data_lookup")
    assert isinstance(service, Service)
    assert service.code == "vehicles.data_lookup"
    assert service.title == Text("Gépjárműadat-lekérdezés", "Vehicle data lookup")
    group = get_group("vehicles")
    assert isinstance(group, Group)
    assert service in group.services
    assert get_service("criminal_record.check").group == "anonymous"


@pytest.mark.parametrize("code", ["", "vehicles", "vehicles.unknown", "VEHICLES.DATA_LOOKUP"])
def test_get_service_raises_key_error_for_unknown_codes(code):
    with pytest.raises(KeyError):
        get_service(code)


def test_get_group_raises_key_error_for_unknown_slugs():
    with pytest.raises(KeyError):
        get_group("nope")


def test_text_get_picks_the_language_and_falls_back_to_hungarian():
    text = Text("magyar", "English")
    assert text.get("hu") == "magyar"
    assert text.get("en") == "English"
    assert text.get("en-gb") == "English"
    assert text.get("de") == "magyar"
    assert text.get("") == "magyar"
    assert Text("magyar", "").get("en") == "magyar"


def test_sections_in_picks_the_language_and_falls_back_to_hungarian():
    service = get_service("documents.status")
    assert service.sections_in("en-gb") is service.sections["en"]
    assert service.sections_in("de") is service.sections["hu"]


def test_catalogue_objects_are_frozen():
    service = get_service("documents.status")
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        service.sections["hu"]["who"] = "x"  # type: ignore[index]


def test_sources_name_seed_files():
    for service in all_services():
        assert service.source in SEEDS, service.code
    if SEEDS_DIR.is_dir():
        assert all((SEEDS_DIR / seed).is_file() for seed in SEEDS)


def test_the_loader_and_the_renderer_do_not_import_django():
    for name in ("content.py", "markdown.py"):
        source = (ROOT / "portal" / "catalogue" / name).read_text("utf-8")
        assert not re.search(r"^\s*(from|import)\s+django\b", source, re.MULTILINE), name


@pytest.mark.django_db
def test_login_flags():
    assert not any(needs_login(service) for service in get_group("anonymous").services)
    for code in ("ugyfelkapu.registration", "entrepreneurs.info"):
        assert not needs_login(get_service(code)), code
    # Activation online starts at the card page, which needs a login: the badge says so.
    for code in (
        "criminal_record.certificate",
        "vehicles.ownership_change",
        "idcards.replacement",
        "eszemelyi.activation",
    ):
        assert needs_login(get_service(code)), code


def test_the_files_are_read_once_until_the_cache_is_cleared():
    first = catalogue._catalogue()
    assert catalogue._catalogue() is first
    catalogue.clear_cache()
    again = catalogue._catalogue()
    assert again is not first
    assert again.services.keys() == first.services.keys()


# --- the loader on files of its own -------------------------------------------------------

GROUPS_HU = '[[groups]]\nslug = "things"\ntitle = "Dolgok"\nintro = "Dolgok intézése."\n'
GROUPS_EN = '[[groups]]\nslug = "things"\ntitle = "Things"\nintro = "Doing things."\n'
PAGE = """+++
code = "things.{name}"
group = "things"
order = {order}
title = "{title}"
summary = "Röviden."
needs_login = false
source = "002_1c333257468f6a15.txt"
+++

## who

- Bárki.

## cost

Ingyenes.
"""


def _write(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _load(tmp_path: Path, files: dict[str, str]):
    _write(tmp_path / "groups", {"hu.toml": GROUPS_HU, "en.toml": GROUPS_EN})
    _write(tmp_path / "app" / "content", files)
    return load([tmp_path / "app" / "content"], tmp_path / "groups")


def _pair(name: str = "one", order: int = 1) -> dict[str, str]:
    return {
        f"hu/{name}.md": PAGE.format(name=name, order=order, title="Egy"),
        f"en/{name}.md": PAGE.format(name=name, order=order, title="One"),
    }


def test_a_new_service_is_two_files_in_its_own_app_and_no_list_is_edited(tmp_path):
    loaded = _load(tmp_path, {**_pair("two", 2), **_pair("one", 1)})
    assert [s.code for s in loaded.groups[0].services] == ["things.one", "things.two"]
    one = loaded.services["things.one"]
    assert one.title == Text("Egy", "One")
    assert one.needs_login is False
    assert one.sections["hu"] == {
        "who": "<ul>\n<li>Bárki.</li>\n</ul>\n",
        "cost": "<p>Ingyenes.</p>\n",
    }


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"hu/one.md": PAGE.format(name="one", order=1, title="Egy")}, "has no page in en"),
        (
            {**_pair(), "en/one.md": PAGE.format(name="one", order=2, title="One")},
            "order differs",
        ),
        ({**_pair(), "hu/one.md": "## who\n\n- x\n"}, "no front matter"),
        ({**_pair(), "hu/one.md": PAGE.format(name="other", order=1, title="E")}, "must be"),
        ({**_pair(), "hu/one.md": PAGE.replace("## who", "## whom")}, "unknown section 'whom'"),
        ({**_pair(), "hu/one.md": PAGE.replace("## cost", "## who")}, "appears twice"),
        ({**_pair(), "hu/one.md": PAGE.replace('title = "{title}"\n', "")}, "lacks title"),
        (
            {**_pair(), "hu/one.md": PAGE.replace("order = {order}", 'order = "1"')},
            "a whole number",
        ),
        ({**_pair(), "hu/one.md": PAGE.replace("+++\n\n", "+++\nIntro.\n\n")}, "before the first"),
        ({**_pair(), "hu/one.md": PAGE.replace("needs_login", "login")}, "unknown front matter"),
        ({**_pair(), "hu/one.md": PAGE.replace('"things"', '"stuff"')}, "group differs"),
        ({**_pair(), **_pair("two", 1)}, "share an order"),
    ],
)
def test_the_loader_names_the_file_it_cannot_read(tmp_path, files, message):
    files = {
        path: text.format(name="one", order=1, title="Egy") if "{" in text else text
        for path, text in files.items()
    }
    with pytest.raises(ContentError, match=re.escape(message)):
        _load(tmp_path, files)


def test_an_unknown_group_is_refused(tmp_path):
    files = {path: text.replace('"things"', '"stuff"') for path, text in _pair().items()}
    files = {path: text.replace("things.one", "stuff.one") for path, text in files.items()}
    with pytest.raises(ContentError, match="unknown group 'stuff'"):
        _load(tmp_path, files)


def test_groups_must_match_between_languages(tmp_path):
    _write(tmp_path / "groups", {"hu.toml": GROUPS_HU, "en.toml": GROUPS_EN.replace("things", "x")})
    with pytest.raises(ContentError, match="groups differ"):
        load([], tmp_path / "groups")


def test_duplicate_codes_across_apps_are_refused(tmp_path):
    _write(tmp_path / "groups", {"hu.toml": GROUPS_HU, "en.toml": GROUPS_EN})
    _write(tmp_path / "a" / "content", _pair())
    _write(tmp_path / "b" / "content", _pair())
    with pytest.raises(ContentError, match="already has a page"):
        load([tmp_path / "a" / "content", tmp_path / "b" / "content"], tmp_path / "groups")


def test_codes_are_unique_and_counted_once():
    assert [code for code, n in Counter(s.code for s in all_services()).items() if n > 1] == []
