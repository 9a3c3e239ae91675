"""Statement import: camt.053 and CSV parsing, matching, manual matching, refusals."""

from __future__ import annotations

import importlib
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.actions import create_case
from cases.workflow import Status, transition
from payments import actions, bank_transfer, statements
from payments.models import BankStatement, Payment, PaymentEvent, StatementLine
from payments.workflow import PaymentState
from population.identifiers import iban_from_bank_account
from tests.payments.conftest import FEE, PAID_TYPE

pytestmark = pytest.mark.django_db

O = StatementLine.Outcome  # noqa: E741


@pytest.fixture
def transfers(citizen, paid_type):
    """Four cases paying by transfer: exact, under, over and a spare one."""
    made = []
    for _ in range(4):
        case = create_case(PAID_TYPE, applicant=citizen)
        transition(case, Status.AWAITING_PAYMENT, by=citizen)
        made.append(
            actions.start_payment(
                case,
                provider=Payment.Provider.BANK_TRANSFER,
                by=citizen,
                customer_email=citizen.email,
            )
        )
    return made


def _code(payment: Payment) -> str:
    code = payment.bank_transfer.reference_code
    return f"{code[:4]} {code[4:8]} {code[8:]}"


def _entry(ref: str, amount: str, remittance: str, *, ccy="HUF", side="CRDT") -> str:
    return f"""
    <Ntry>
      <NtryRef>{ref}</NtryRef>
      <Amt Ccy="{ccy}">{amount}</Amt>
      <CdtDbtInd>{side}</CdtDbtInd>
      <Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-11-20</Dt></BookgDt>
      <ValDt><Dt>2026-11-20</Dt></ValDt>
      <AcctSvcrRef>{ref}</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls><TxDtls>
        <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
        <RltdPties>
          <Dbtr><Nm>Minta Péter</Nm></Dbtr>
          <DbtrAcct><Id><Othr><Id>117730160000000000000000</Id></Othr></Id></DbtrAcct>
        </RltdPties>
        <RmtInf><Ustrd>{remittance}</Ustrd></RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>"""


def camt053(settings, *entries: str, statement_id="STMT-2026-11-20") -> bytes:
    iban = iban_from_bank_account(settings.PAYMENTS_BENEFICIARY_ACCOUNT)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-20T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <CreDtTm>2026-11-20T18:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>HUF</Ccy></Acct>
      {"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>""".encode()


@pytest.fixture
def camt_file(settings, transfers):
    exact, under, over, _spare = transfers
    return camt053(
        settings,
        _entry("B1", "3000.00", f"Ugyseged dij {_code(exact)}"),
        _entry("B2", "2500.00", f"{_code(under)}"),
        _entry("B3", "3500.00", f"kozlemeny: {_code(over).replace(' ', '')}"),
        _entry("B4", "3000.00", "utlevel dij, kod nelkul"),
        _entry("B5", "100.00", "bank fee", side="DBIT"),
    )


# --- camt.053 -------------------------------------------------------------------


def test_camt053_exact_lines_are_booked_and_the_rest_listed(camt_file, transfers, clerk):
    exact, under, over, spare = transfers

    result = statements.import_statement(camt_file, file_name="stmt.xml", by=clerk)

    assert (result.matched, result.unmatched, result.repeated, result.skipped) == (1, 3, 0, 1)
    lines = {line.bank_reference: line for line in StatementLine.objects.all()}
    assert {ref: line.outcome for ref, line in lines.items()} == {
        "B1": O.MATCHED,
        "B2": O.UNDERPAID,
        "B3": O.OVERPAID,
        "B4": O.UNKNOWN,
    }
    assert lines["B1"].payment == exact and lines["B1"].amount == Decimal("3000.00")
    assert lines["B2"].payment == under and lines["B3"].payment == over
    assert lines["B1"].payer_name == "Minta Péter"
    assert lines["B4"].payment is None
    states = {p.pk: p.state for p in Payment.objects.all()}
    assert states == {
        exact.pk: PaymentState.SUCCEEDED,
        under.pk: PaymentState.STARTED,
        over.pk: PaymentState.STARTED,
        spare.pk: PaymentState.STARTED,
    }
    event = PaymentEvent.objects.get(payment=exact, kind="bank_transfer.statement")
    assert event.provider_event_id == f"statement:{lines['B1'].fingerprint}"


def test_the_booked_payment_submits_a_waiting_case(
    settings, transfers, django_capture_on_commit_callbacks
):
    exact = transfers[0]
    data = camt053(settings, _entry("B1", "3000", _code(exact)))
    with django_capture_on_commit_callbacks(execute=True):
        statements.import_statement(data, file_name="stmt.xml")
    exact.case.refresh_from_db()
    assert exact.case.status == Status.SUBMITTED


def test_importing_the_same_statement_twice_books_once(settings, camt_file, transfers):
    statements.import_statement(camt_file, file_name="stmt.xml")

    with pytest.raises(statements.StatementRefused, match="imported before"):
        statements.import_statement(camt_file, file_name="stmt-again.xml")
    # The same lines in another file (an end-of-day statement after an intraday one).
    exact = transfers[0]
    again = camt053(
        settings,
        _entry("B1", "3000.00", f"Ugyseged dij {_code(exact)}"),
        statement_id="STMT-2026-11-20-EOD",
    )
    result = statements.import_statement(again, file_name="eod.xml")

    assert (result.matched, result.unmatched, result.repeated) == (0, 0, 1)
    assert StatementLine.objects.count() == 4
    assert PaymentEvent.objects.filter(payment=exact, kind="bank_transfer.statement").count() == 1


def test_money_for_an_already_paid_payment_is_left_to_a_clerk(settings, transfers):
    exact = transfers[0]
    statements.import_statement(
        camt053(settings, _entry("B1", "3000", _code(exact))), file_name="a.xml"
    )
    statements.import_statement(
        camt053(settings, _entry("B9", "3000", _code(exact))), file_name="b.xml"
    )
    assert StatementLine.objects.get(bank_reference="B9").outcome == O.ALREADY_PAID


def test_money_for_a_withdrawn_transfer_is_still_booked(settings, transfers, citizen):
    withdrawn = transfers[0]
    bank_transfer.withdraw_transfer(withdrawn, by=citizen)
    statements.import_statement(
        camt053(settings, _entry("W1", "3000", _code(withdrawn))), file_name="w.xml"
    )
    withdrawn.refresh_from_db()
    assert withdrawn.state == PaymentState.SUCCEEDED
    assert StatementLine.objects.get(bank_reference="W1").outcome == O.MATCHED


def test_a_withdrawn_transfer_of_a_case_paid_by_card_is_left_to_a_clerk(
    settings, transfers, citizen
):
    withdrawn = transfers[0]
    bank_transfer.withdraw_transfer(withdrawn, by=citizen)
    card = Payment.objects.create(
        case=withdrawn.case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=withdrawn.amount,
        order_ref=withdrawn.order_ref + "C",
        state=PaymentState.SUCCEEDED,
    )
    statements.import_statement(
        camt053(settings, _entry("W2", "3000", _code(withdrawn))), file_name="w.xml"
    )
    withdrawn.refresh_from_db()
    assert withdrawn.state == PaymentState.CANCELLED
    assert StatementLine.objects.get(bank_reference="W2").outcome == O.ALREADY_PAID
    assert not PaymentEvent.objects.filter(payment=withdrawn, kind="bank_transfer.statement")
    assert card.events.count() == 0


# --- CSV -----------------------------------------------------------------------------


def test_csv_statement(transfers):
    exact, under, _over, _spare = transfers
    data = (
        "\ufeffdate;amount;currency;payer_name;payer_account;remittance\n"
        f"2026-11-20;3 000,00;HUF;Minta Péter;11773016-00000000;{_code(exact)}\n"
        f"2026.11.20.;2000;HUF;Minta Anna;11773016-00000000;díj {_code(under)}\n"
        "2026-11-20;-150,00;HUF;Bank;;account fee\n"
        "2026-11-20;3000;HUF;Valaki;;no code\n"
        "2026-11-20;3000;HUF;Valaki;;no code\n"
    ).encode()

    result = statements.import_statement(data, file_name="stmt.csv")

    assert (result.matched, result.unmatched, result.skipped) == (1, 3, 1)
    assert sorted(StatementLine.objects.values_list("outcome", flat=True)) == sorted(
        [O.MATCHED, O.UNDERPAID, O.UNKNOWN, O.UNKNOWN]
    )
    exact.refresh_from_db()
    assert exact.state == PaymentState.SUCCEEDED
    assert BankStatement.objects.get().format == BankStatement.Format.CSV


# --- bad files ------------------------------------------------------------------------

CSV_HEADER = b"date;amount;currency;payer_name;payer_account;remittance\n"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n\x00\x01binary", "neither a camt.053"),
        (BILLION_LAUGHS, "DTD"),
        (b"<html><body>statement</body></html>", "not a camt.053"),
        (b"<Document", "not well-formed"),
        (b"", "empty"),
        (b"datum,osszeg\n2026-11-20,3000\n", "neither a camt.053"),
        (
            b"date;amount;currency;payer_name;payer_account;remittance\n2026-11-20;10;EUR;X;;y\n",
            "only HUF",
        ),
        (
            b"date;amount;currency;payer_name;payer_account;remittance\n20/11/2026;10;HUF;X;;y\n",
            "no valid date",
        ),
        ("date;amount\n".encode("utf-16"), "neither a camt.053"),
        (
            CSV_HEADER + b"2026-11-20;3000;HUF;X;;y\n" * 300 + b"2026-11-20;1;HUF;\x00;;y\n",
            "neither",
        ),
        (CSV_HEADER + b'2026-11-20;3000;HUF;X;;"' + b"y" * 200_000 + b'"\n', "Line 2 of the CSV"),
        (CSV_HEADER + b"2026-11-20;3000;HUF;X\r;;y\n", "Line 2 of the CSV file cannot be read"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_imported(data, message):
    with pytest.raises(statements.StatementRefused, match=message):
        statements.import_statement(data, file_name="bad")
    assert not BankStatement.objects.exists()
    assert not StatementLine.objects.exists()


# --- amounts wider than the column ------------------------------------------------------


@pytest.mark.parametrize(
    "amount,shown",
    [
        ("1000000000000000000000000", "10000000000000000000…"),
        ("1 000 000 000 000,00", "1 000 000 000 000,00"),
        ("-1000000000000", "-1000000000000"),
        ("9" * 5000, "9" * 20 + "…"),
    ],
)
def test_a_csv_line_wider_than_the_amount_column_refuses_the_file(transfers, amount, shown):
    data = (
        CSV_HEADER
        + (
            f"2026-11-20;3000;HUF;Minta Péter;;{_code(transfers[0])}\n"
            f"2026-11-20;{amount};HUF;Valaki;;x\n"
        ).encode()
    )
    with pytest.raises(statements.StatementRefused) as refused:
        statements.import_statement(data, file_name="wide.csv")
    assert refused.value.message == (
        f"Line 3: the amount {shown} is larger than any amount the portal can record "
        "(at most 999 999 999 999,99 Ft). Nothing imported."
    )
    assert not BankStatement.objects.exists() and not StatementLine.objects.exists()
    transfers[0].refresh_from_db()
    assert transfers[0].state == PaymentState.STARTED


def test_a_camt053_entry_wider_than_the_amount_column_refuses_the_file(settings, transfers):
    data = camt053(
        settings,
        _entry("B1", "3000", _code(transfers[0])),
        _entry("B2", "1000000000000000000000000.00", "x"),
    )
    with pytest.raises(statements.StatementRefused) as refused:
        statements.import_statement(data, file_name="wide.xml")
    assert refused.value.message == (
        "Entry 2: the amount 10000000000000000000… is larger than any amount the portal "
        "can record (at most 999 999 999 999,99 Ft). Nothing imported."
    )
    assert not StatementLine.objects.exists()


def test_the_widest_amount_the_column_holds_is_imported_and_listed(
    settings, clerk_client, accounting_clerk
):
    data = camt053(settings, _entry("B1", "999999999999.99", "x"))
    statements.import_statement(data, file_name="widest.xml")
    assert StatementLine.objects.get().amount == Decimal("999999999999.99")
    listing = clerk_client.get(reverse("admin:payments_statementline_changelist"))
    assert listing.status_code == 200


def test_a_wide_amount_gets_its_message_in_the_admin_in_hungarian(clerk_client, accounting_clerk):
    data = CSV_HEADER + b"2026-11-20;1000000000000000000000000;HUF;X;;y\n"
    clerk_client.cookies["django_language"] = "hu"
    response = clerk_client.post(
        reverse("admin:payments_bankstatement_add"),
        {"file": SimpleUploadedFile("wide.csv", data, "text/csv")},
    )
    assert response.status_code == 200
    assert (
        "2. sor: az összeg (10000000000000000000…) nagyobb, mint amit a portál "
        "rögzíteni tud (legfeljebb 999 999 999 999,99 Ft). Semmit sem olvastunk be."
    ) in response.content.decode()
    assert not BankStatement.objects.exists()


def test_a_line_stored_too_wide_before_the_check_no_longer_breaks_the_clerk_pages(
    settings, clerk_client, accounting_clerk
):
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite ever stored such a line (PostgreSQL refuses it)")
    statements.import_statement(
        camt053(settings, _entry("B1", "3000", "x"), _entry("B2", "4000", "y")), file_name="s.xml"
    )
    with connection.cursor() as cursor:  # as an import before the check stored it
        cursor.execute(
            "UPDATE payments_statementline SET amount = '1E+24' WHERE bank_reference = 'B2'"
        )
    changelist = reverse("admin:payments_statementline_changelist")
    with pytest.raises(InvalidOperation):
        clerk_client.get(changelist)

    migration = importlib.import_module(
        "payments.migrations.0003_remove_unreadable_statement_lines"
    )
    # The data migration uses nothing of the schema editor but its connection.
    migration.remove_unreadable_lines(apps, SimpleNamespace(connection=connection))

    assert clerk_client.get(changelist).status_code == 200
    statement = BankStatement.objects.get()
    page = clerk_client.get(reverse("admin:payments_bankstatement_change", args=[statement.pk]))
    assert page.status_code == 200
    assert list(StatementLine.objects.values_list("bank_reference", flat=True)) == ["B1"]


def test_a_camt053_line_in_another_currency_refuses_the_file(settings, transfers):
    data = camt053(
        settings,
        _entry("B1", "3000", _code(transfers[0])),
        _entry("B2", "10", "x", ccy="EUR"),
    )
    with pytest.raises(statements.StatementRefused, match="only HUF"):
        statements.import_statement(data, file_name="eur.xml")
    assert not StatementLine.objects.exists()
    transfers[0].refresh_from_db()
    assert transfers[0].state == PaymentState.STARTED


def test_a_statement_of_another_account_is_refused(settings, transfers):
    data = camt053(settings, _entry("B1", "3000", _code(transfers[0])))
    settings.PAYMENTS_BENEFICIARY_ACCOUNT = "11773016-11111111"
    with pytest.raises(statements.StatementRefused, match="not of the beneficiary"):
        statements.import_statement(data, file_name="other.xml")


# --- the admin ------------------------------------------------------------------------


@pytest.fixture
def accounting_clerk(clerk):
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="payments",
            codename__in=[
                "add_bankstatement",
                "view_bankstatement",
                "view_statementline",
                "change_statementline",
            ],
        )
    )
    return clerk


def test_clerks_import_in_the_admin(clerk_client, accounting_clerk, camt_file):
    url = reverse("admin:payments_bankstatement_add")
    assert clerk_client.get(url).status_code == 200

    response = clerk_client.post(
        url, {"file": SimpleUploadedFile("stmt.xml", camt_file, "application/xml")}
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:payments_statementline_changelist") + "?booked=no"
    listing = clerk_client.get(response.url).content.decode()
    assert "utlevel dij, kod nelkul" in listing
    assert "Ugyseged dij" not in listing  # booked: not waiting for a clerk
    assert BankStatement.objects.get().imported_by == accounting_clerk


def test_a_bad_file_gets_a_clear_message_in_the_admin(clerk_client, accounting_clerk):
    response = clerk_client.post(
        reverse("admin:payments_bankstatement_add"),
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.7\x00\x00", "application/pdf")},
    )
    assert response.status_code == 200
    assert "neither a camt.053 XML statement nor a CSV file" in response.content.decode()
    assert not BankStatement.objects.exists()


def test_manual_matching_books_the_line(clerk_client, accounting_clerk, settings, transfers):
    under = transfers[1]
    statements.import_statement(
        camt053(settings, _entry("B2", "2500", f"hianyos {_code(under)}")), file_name="s.xml"
    )
    line = StatementLine.objects.get()
    changelist = reverse("admin:payments_statementline_changelist")

    response = clerk_client.post(
        changelist, {"action": "match_to_payment", "_selected_action": [line.pk]}
    )
    match_url = reverse("admin:payments_statementline_match", args=[line.pk])
    assert response.status_code == 302 and response.url == match_url
    assert under.order_ref in clerk_client.get(match_url).content.decode()

    response = clerk_client.post(match_url, {"payment": _code(under)})

    assert response.status_code == 302
    line.refresh_from_db()
    under.refresh_from_db()
    assert (line.outcome, line.payment, line.matched_by) == (O.MANUAL, under, accounting_clerk)
    assert under.state == PaymentState.SUCCEEDED
    event = PaymentEvent.objects.get(payment=under, kind="bank_transfer.manual_match")
    assert event.provider_event_id == f"statement:{line.fingerprint}"

    # A second booking of the same line is refused.
    response = clerk_client.post(match_url, {"payment": transfers[3].order_ref})
    assert "already booked" in response.content.decode()
    transfers[3].refresh_from_db()
    assert transfers[3].state == PaymentState.STARTED


def test_manual_matching_needs_a_known_payment(clerk_client, accounting_clerk, settings):
    statements.import_statement(camt053(settings, _entry("B4", "3000", "?")), file_name="s.xml")
    line = StatementLine.objects.get()
    response = clerk_client.post(
        reverse("admin:payments_statementline_match", args=[line.pk]), {"payment": "nope"}
    )
    assert "No payment has this reference." in response.content.decode()
    line.refresh_from_db()
    assert line.outcome == O.UNKNOWN


def test_bank_transfer_amount_matches_the_fee(transfers):
    assert {p.amount for p in transfers} == {FEE}


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read messages in English (the language switch's cookie)."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
