"""No input reaches a server error: the account pages and the clerks' admin pages.

The service forms are fuzzed in `tests/cases/test_flow_fuzz.py`. Here:

- the e-mail addresses of the issue (a 300-character local part) on every page that
  stores or mails to one, each with its field message and nothing changed;
- a property-based test posting hostile values (`tests.hostile`) to the citizen's
  account pages (first-login completion, Ügyfélkapu+ registration and e-mail change);
- the same for every admin page of the portal's own apps that shows a form: the
  pages are read from the admin URL conf, each one opened on a row of its model.
"""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cases.actions import add_attachment, create_case
from cases.models import CalendarOverride, Case
from cases.workflow import Status, transition
from documents.models import DocumentKind
from eszemelyi.models import EsignRequest
from identity.models import User
from notifications.models import Notification
from payments import statements
from payments.models import BankStatement, Payment, new_order_ref
from payments.workflow import PaymentState
from population.identifiers import iban_from_bank_account
from tests import factories, hostile
from tests.identity.personas import make_citizen
from ugyfelkapu import accounts
from ugyfelkapu.models import Account

pytestmark = pytest.mark.django_db

LONG = hostile.LONG_LOCAL_PART_EMAIL
MESSAGE = {
    "hu": "Az e-mail-cím @ előtti része legfeljebb 64 karakter lehet (ebben 300 van).",
    "en": "The part of the e-mail address before the @ can be at most 64 characters long "
    "(this one has 300).",
}
PASSWORD = "Titkos-jelszo-2026!"
FUZZ = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False  # hundreds of posts in one test
    settings.AXES_ENABLED = False


def _idp_login(monkeypatch, account: Account) -> None:
    """Make `account` the one logged in at the identity provider (its pages' seam)."""
    monkeypatch.setattr(
        "ugyfelkapu.views._current_account",
        lambda request: Account.objects.select_related("person").get(pk=account.pk),
    )


@pytest.fixture
def idp_account(monkeypatch):
    person = factories.PersonFactory()
    account = Account.objects.create(
        person=person,
        username="kerekes.ilona",
        email="ilona@example.hu",
        password=make_password(PASSWORD),
        password_changed_at=timezone.now(),
    )
    _idp_login(monkeypatch, account)
    return account


@pytest.fixture
def id_card():
    card = factories.DocumentFactory(
        holder=factories.PersonFactory(),
        kind=DocumentKind.ID_CARD,
        number="234567AB",
        issued_on=date(2021, 3, 1),
        expires_on=timezone.localdate() + timedelta(days=900),
        has_chip=True,
    )
    accounts.set_registration_code(card, "ABCD-EFGH-JKLM")
    return card


@pytest.fixture
def new_citizen(client):
    """A first login: the identity provider sent the name only, no e-mail address."""
    user = make_citizen(last_name="Teszt", first_name="Elek", email="")
    client.force_login(user)
    return user


def _chip_holder(client):
    citizen = factories.CitizenFactory()
    factories.DocumentFactory(
        holder=citizen.person,
        number="700901AB",
        issued_on=date(2021, 3, 10),
        expires_on=date(2030, 3, 10),
        has_chip=True,
    )
    client.force_login(citizen)
    return citizen


# --- the 300-character local part, page by page ------------------------------------


E_MAIL_PAGES = {
    "first login": (
        "identity:complete_profile",
        lambda client, request: request.getfixturevalue("new_citizen"),
        {
            "birth_family_name": "Teszt",
            "birth_given_names": "Elek",
            "mother_family_name": "Minta",
            "mother_given_names": "Mária",
            "birth_place": "Budapest",
            "birth_date": "1980-01-01",
        },
        lambda user: User.objects.get(pk=user.pk).email == "" and not Notification.objects.exists(),
    ),
    "Ügyfélkapu+ e-mail change": (
        "ugyfelkapu:account_email",
        lambda client, request: request.getfixturevalue("idp_account"),
        {"current_password": PASSWORD},
        lambda account: (
            Account.objects.get(pk=account.pk).email == "ilona@example.hu"
            and not Notification.objects.exists()
        ),
    ),
    "Ügyfélkapu+ registration with the card": (
        "ugyfelkapu:register",
        lambda client, request: request.getfixturevalue("id_card"),
        {
            "card_number": "234567AB",
            "registration_code": "ABCD-EFGH-JKLM",
            "username": "ilona.online",
        },
        lambda card: not Account.objects.exists() and not Notification.objects.exists(),
    ),
    "e-signature contract": (
        "eszemelyi:esign_save",
        lambda client, request: _chip_holder(client),
        {"email_in_certificate": "yes", "publish_in_directory": "no"},
        lambda citizen: not EsignRequest.objects.exists() and not Case.objects.exists(),
    ),
}


@pytest.mark.parametrize("language", ["hu", "en"])
@pytest.mark.parametrize("page", list(E_MAIL_PAGES))
def test_a_300_character_local_part_gets_a_field_message(client, request, page, language):
    url_name, prepare, answers, unchanged = E_MAIL_PAGES[page]
    subject = prepare(client, request)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse(url_name), {**answers, "email": LONG})
    assert response.status_code in (200, 422)
    assert MESSAGE[language] in response.content.decode()
    errors = response.context["form"].errors["email"]
    assert len(errors) == 1 and errors[0].startswith(MESSAGE[language])
    assert unchanged(subject)


def test_an_address_longer_than_its_column_gets_a_field_message(client, idp_account):
    address = "a" * 60 + "@" + "b" * 200 + ".example.hu"
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "hu"
    response = client.post(
        reverse("ugyfelkapu:account_email"), {"email": address, "current_password": PASSWORD}
    )
    assert response.context["form"].errors["email"] == [
        "Az e-mail-cím legfeljebb 254 karakter lehet (ez 272 karakteres). Kérjük, "
        "ellenőrizze a címet."
    ]
    assert Account.objects.get(pk=idp_account.pk).email == "ilona@example.hu"


def test_an_activation_password_like_the_username_gets_a_field_message(client, id_card):
    # The similarity check names the field it matched, which a bare object has not.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    password = "ilona.online.2026"
    response = client.post(
        reverse("ugyfelkapu:activate"),
        {
            "username": "ilona.online.2026",
            "code": "ABCD-EFGH-JKLM",
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"] == [
        "The password is too similar to the username."
    ]
    assert not Account.objects.exists()


# --- the citizen's account pages, fuzzed ------------------------------------------

ACCOUNT_PAGES = {
    "identity:complete_profile": "new_citizen",
    "ugyfelkapu:register": "id_card",
    "ugyfelkapu:account_email": "idp_account",
    "ugyfelkapu:password_reset": "idp_account",
    "ugyfelkapu:activate": "id_card",
}


def _fuzz(
    client, form: hostile.PageForm, valid: dict, every_field=hostile.EXPLICIT, files=None
) -> None:
    def attempt(replaced: dict) -> None:
        response = hostile.post(client, form.action, hostile.merged(valid, replaced))
        assert response.status_code < 500, response.status_code

    run = FUZZ(given(replaced=hostile.field_values(form, files))(attempt))
    explicit = hostile.explicit_examples(form, every_field)
    for name in files or {}:
        explicit += [{name: value} for value in EXPLICIT_FILES.get(name, ())]
    for replaced in reversed(explicit):
        run = example(replaced=replaced)(run)
    run()


@pytest.mark.parametrize("url_name", list(ACCOUNT_PAGES))
def test_account_pages_answer_hostile_input_without_a_server_error(client, request, url_name):
    request.getfixturevalue(ACCOUNT_PAGES[url_name])
    page = reverse(url_name)
    response = client.get(page)
    assert response.status_code == 200
    (form,) = [f for f in hostile.forms_on(response.content.decode(), page) if f.action == page]
    _fuzz(client, form, form.baseline(), hostile.EXPLICIT + hostile.EXPLICIT_ALL_FIELDS)


# --- the clerks' admin pages, fuzzed -------------------------------------------------


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0]
    return value.decode("latin-1") if isinstance(value, bytes) else value


def csv_statement(booked, amount, currency, remittance) -> hostile.Upload:
    body = (
        "date;amount;currency;payer_name;payer_account;remittance\n"
        f"{_text(booked)};{_text(amount)};{_text(currency)};Minta Péter;;{_text(remittance)}\n"
    )
    return hostile.Upload("statement.csv", body.encode("utf-8", "surrogatepass"), "text/csv")


def camt_statement(booked, amount, currency, remittance) -> hostile.Upload:
    def x(value) -> str:
        return escape(_text(value), {'"': "&quot;"})

    body = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-20T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S-{x(booked)}</Id><CreDtTm>2026-11-20T18:00:00</CreDtTm>
<Acct><Id><IBAN>{iban_from_bank_account(django_settings.PAYMENTS_BENEFICIARY_ACCOUNT)}</IBAN></Id>
<Ccy>HUF</Ccy></Acct>
<Ntry><NtryRef>B1</NtryRef><Amt Ccy="{x(currency)}">{x(amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{x(booked)}</Dt></BookgDt><AcctSvcrRef>B1</AcctSvcrRef>
<NtryDtls><TxDtls><RmtInf><Ustrd>{x(remittance)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>"""
    return hostile.Upload("statement.xml", body.encode("utf-8", "surrogatepass"), "text/xml")


# Statement files whose lines carry hostile values: the import page reads them all.
_line = (hostile.scalar, hostile.scalar, st.one_of(st.just("HUF"), hostile.scalar), hostile.scalar)
statement_files = st.one_of(st.builds(csv_statement, *_line), st.builds(camt_statement, *_line))
FILES = {"admin:payments_bankstatement_add": {"file": statement_files}}
# The issue's statement line of 10^24 forints, and the calendar's ends, in both formats.
EXPLICIT_FILES = {
    "file": [
        make(booked, amount, "HUF", "UGY-1")
        for make in (csv_statement, camt_statement)
        for booked, amount in [
            ("2026-11-20", hostile.TEN_TO_THE_24),
            ("2026-11-20", hostile.TEN_TO_THE_24 + ".00"),
            ("2026-11-20", "-" + hostile.TEN_TO_THE_24),
            ("0001-01-01", "3000"),
            ("9999-12-31", "3000"),
        ]
    ]
}

OWN_APPS = {
    config.label
    for config in apps.get_app_configs()
    if config.path.startswith(str(django_settings.BASE_DIR)) and "site-packages" not in config.path
}
# Pages the issue names: they must be among the ones fuzzed.
MUST_COVER = {
    "admin:payments_bankstatement_add",  # the bank statement import
    "admin:payments_statementline_match",
    "admin:payments_payment_refund",
    "admin:ugyfelkapu_account_register",
    "admin:cases_calendaroverride_add",
    "admin:cases_case_change",  # the clerk's attachment upload and status note
    "admin:vehicles_ownershipchange_revert",
    "admin:vehicles_titlereplacement_publish",
}
SKIPPED_VIEWS = ("_changelist", "_delete", "_history", "_autocomplete")


def _admin_pages() -> list[tuple[str, type]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OWN_APPS:
            continue
        for pattern in model_admin.get_urls():
            name = pattern.name
            if name and not name.endswith(SKIPPED_VIEWS):
                found.append((f"admin:{name}", model))
    return sorted(found, key=lambda page: page[0])


ADMIN_PAGES = _admin_pages()


@pytest.fixture
def superclerk(db):
    """A clerk with every permission, past the admin's password and TOTP steps."""
    user = factories.ClerkFactory(is_superuser=True)
    client = Client()
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


@pytest.fixture
def records(superclerk):
    """A row for the pages that open one: a case with an attachment, a paid payment,
    a statement line left for manual matching, an account, a calendar day, and the
    vehicle services' clerk records."""
    from tests.vehicles.conftest import make_vehicle
    from vehicles.models import Delivery, OwnershipChange, TitleReplacement

    _client, clerk = superclerk
    citizen = factories.CitizenFactory()
    vehicle = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    case = create_case("vehicles.ownership_change", applicant=citizen, by=citizen)
    add_attachment(case, hostile.Upload("a.pdf", hostile.pdf_bytes(), "").make(), by=citizen)
    transition(case, Status.SUBMITTED, by=citizen)
    OwnershipChange.objects.create(
        case=case,
        vehicle=vehicle,
        seller=citizen.person,
        buyer_kind="person",
        buyer_name="Vevő Vilmos",
        transfer="paid",
        contract_effective_on=date(2026, 1, 2),
        possession_on=date(2026, 1, 2),
        odometer_km=91000,
    )
    title_case = create_case("vehicles.title_replacement", applicant=citizen, by=citizen)
    transition(title_case, Status.SUBMITTED, by=citizen)
    TitleReplacement.objects.create(
        case=title_case,
        vehicle=vehicle,
        reason="lost",
        delivery=Delivery.COLLECT,
    )
    paid_case = create_case("vehicles.reinstatement", applicant=citizen, by=citizen)
    Payment.objects.create(
        case=paid_case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=2300,
        order_ref=new_order_ref(paid_case.reference),
        state=PaymentState.SUCCEEDED,
        provider_transaction_id="501000777",
        start_deadline=timezone.now() + timedelta(minutes=15),
        paid_at=timezone.now(),
    )
    statements.import_statement(
        b"date;amount;currency;payer_name;payer_account;remittance\n"
        b"2026-11-20;3000;HUF;Valaki;;no code\n",
        file_name="stmt.csv",
    )
    Account.objects.create(person=citizen.person, username="minta.elek", email="e@example.hu")
    CalendarOverride.objects.create(day=date(2026, 12, 12), kind="working_day", note="test")


@pytest.mark.parametrize("make", [csv_statement, camt_statement])
def test_the_statement_files_of_the_fuzz_reach_the_import(superclerk, make):
    # A well-formed line is imported, so the hostile ones above are read line by line.
    client, _user = superclerk
    url = reverse("admin:payments_bankstatement_add")
    imported = client.post(url, {"file": make("2026-11-20", "3000", "HUF", "x").make()})
    assert imported.status_code == 302
    assert BankStatement.objects.count() == 1
    refused = client.post(
        url, {"file": make("2026-11-21", hostile.TEN_TO_THE_24, "HUF", "y").make()}
    )
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["file"]
    assert BankStatement.objects.count() == 1


def _admin_url(name: str, model) -> str | None:
    """The page's address, on the model's first row when it opens one."""
    try:
        return reverse(name)
    except Exception:  # noqa: BLE001  (the page takes an object id)
        row = model._default_manager.order_by("pk").first()
        return reverse(name, args=[row.pk]) if row is not None else None


def test_the_admin_pages_of_the_issue_are_found():
    found = {name for name, _model in ADMIN_PAGES}
    assert MUST_COVER - found == set()


@pytest.mark.parametrize(("name", "model"), ADMIN_PAGES, ids=[n for n, _m in ADMIN_PAGES])
def test_admin_pages_answer_hostile_input_without_a_server_error(superclerk, records, name, model):
    client, _user = superclerk
    url = _admin_url(name, model)
    if url is None:
        assert name not in MUST_COVER, f"{name}: no {model.__name__} row to open it on"
        pytest.skip(f"no {model.__name__} row")
    response = client.get(url)
    assert response.status_code < 500
    if response.status_code != 200:
        assert name not in MUST_COVER, f"{name} answered {response.status_code} to GET"
        pytest.skip(f"GET answers {response.status_code}")
    forms = [f for f in hostile.forms_on(response.content.decode(), url) if f.action == url]
    forms = [f for f in forms if hostile.visible_fields(f)]
    if not forms:
        assert name not in MUST_COVER, f"{name} shows no form"
        pytest.skip("no form on the page")
    for form in forms:
        _fuzz(client, form, form.baseline(), files=FILES.get(name))
