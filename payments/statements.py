"""Bank statements of the beneficiary account: parsing, and matching to payments.

Two formats are read (see docs/bank-statements.md): ISO 20022 camt.053 XML,
parsed with `defusedxml` with DTDs refused (no entity expansion, no external
fetches), and a documented CSV layout. A file is checked whole before
anything is written: one bad line refuses the file, so an import is all or
nothing.

Each credit line becomes a `StatementLine`, unique by a fingerprint (the
bank's own reference of the entry when it gives one), and is booked through
`payments.workflow.apply_state` with the event id `statement:<fingerprint>`:
importing the same statement, or an overlapping one, books nothing twice.
A line whose reference code and amount match a transfer exactly books it; an
under- or over-payment, an unknown code or an already booked payment is
kept for a clerk to match by hand.

An amount wider than the `StatementLine.amount` column (12 digits before the
decimal point) refuses the file, naming the line: PostgreSQL would reject it
half-way through the import, and SQLite would store it and then fail to read
it back, on every clerk page that lists the line.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.bank_transfer import find_reference_codes
from payments.models import BankStatement, BankTransfer, Payment, StatementLine
from payments.workflow import DuplicateEvent, PaymentState, StateChangeRefused, apply_state

log = logging.getLogger(__name__)

CURRENCY = "HUF"
MAX_BYTES = 10 * 1024 * 1024
CSV_COLUMNS = ("date", "amount", "currency", "payer_name", "payer_account", "remittance")
_AMOUNT_FIELD = StatementLine._meta.get_field("amount")
_WHOLE_DIGITS = _AMOUNT_FIELD.max_digits - _AMOUNT_FIELD.decimal_places
# The largest amount the column holds: 999 999 999 999.99 for (14, 2).
MAX_AMOUNT = Decimal(10) ** _WHOLE_DIGITS - Decimal(10) ** -_AMOUNT_FIELD.decimal_places
_CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053."


class StatementRefused(Exception):
    """The file is not a statement we can import; `message` is for the clerk."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ParsedLine:
    fingerprint: str
    booking_date: date
    amount: Decimal
    currency: str
    payer_name: str = ""
    payer_account: str = ""
    remittance: str = ""
    bank_reference: str = ""


@dataclass
class ParsedStatement:
    format: str
    statement_id: str = ""
    account: str = ""  # the statement's own account, when the file says it
    lines: list[ParsedLine] = field(default_factory=list)
    skipped: int = 0  # debits and entries not yet booked


@dataclass
class ImportResult:
    statement: BankStatement | None
    matched: int = 0
    unmatched: int = 0
    repeated: int = 0  # lines seen in an earlier import
    skipped: int = 0


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _amount(text: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0]", "", text or "")
    if "," in cleaned:
        if "." in cleaned:
            raise ValueError(text)
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    return Decimal(cleaned)


def _too_wide(amount: Decimal) -> bool:
    return abs(amount) > MAX_AMOUNT


def _shown(text: str) -> str:
    """An amount as the file wrote it, shortened for a message."""
    text = text.strip()
    return text if len(text) <= 24 else text[:20] + "…"


def _too_wide_message(kind: str, number: int, amount_text: str) -> str:
    largest = f"{MAX_AMOUNT:,.2f}".replace(",", " ").replace(".", ",")  # 999 999 999 999,99
    values = {"no": number, "amount": _shown(amount_text), "max": largest}
    if kind == "entry":
        message = _(
            "Entry %(no)d: the amount %(amount)s is larger than any amount the portal can "
            "record (at most %(max)s Ft). Nothing imported."
        )
    else:
        message = _(
            "Line %(no)d: the amount %(amount)s is larger than any amount the portal can "
            "record (at most %(max)s Ft). Nothing imported."
        )
    return message % values


# --- camt.053 ------------------------------------------------------------------


def parse_camt053(data: bytes) -> ParsedStatement:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise StatementRefused(
            _("The file declares a DTD or entities, which statements never do. Nothing imported.")
        ) from None
    except SafeET.ParseError as error:
        raise StatementRefused(
            _("The file is not well-formed XML (%(error)s). Nothing imported.") % {"error": error}
        ) from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if not namespace.startswith(_CAMT053) or not root.tag.endswith("}Document"):
        raise StatementRefused(
            _("The XML file is not a camt.053 bank statement. Nothing imported.")
        )
    ns = {"c": namespace}

    def text(element, path: str) -> str:
        found = element.find(path, ns) if element is not None else None
        return (found.text or "").strip() if found is not None and found.text else ""

    statements = root.findall("c:BkToCstmrStmt/c:Stmt", ns)
    if not statements:
        raise StatementRefused(_("The statement has no Stmt element. Nothing imported."))
    parsed = ParsedStatement(format=BankStatement.Format.CAMT053)
    parsed.statement_id = ", ".join(text(s, "c:Id") for s in statements)[:100]
    parsed.account = text(statements[0], "c:Acct/c:Id/c:IBAN") or text(
        statements[0], "c:Acct/c:Id/c:Othr/c:Id"
    )
    for statement in statements:
        statement_id = text(statement, "c:Id")
        for entry_no, entry in enumerate(statement.findall("c:Ntry", ns)):
            amount_element = entry.find("c:Amt", ns)
            status = text(entry, "c:Sts/c:Cd") or text(entry, "c:Sts")
            currency = amount_element.get("Ccy", "") if amount_element is not None else ""
            if currency != CURRENCY:
                raise StatementRefused(
                    _("Entry %(no)d is in %(currency)s; only HUF is accepted. Nothing imported.")
                    % {"no": entry_no + 1, "currency": currency or "?"}
                )
            if text(entry, "c:CdtDbtInd") != "CRDT" or status not in ("", "BOOK"):
                parsed.skipped += 1
                continue
            booked = text(entry, "c:BookgDt/c:Dt") or text(entry, "c:BookgDt/c:DtTm")[:10]
            entry_ref = text(entry, "c:AcctSvcrRef") or text(entry, "c:NtryRef")
            details = entry.findall("c:NtryDtls/c:TxDtls", ns) or [None]
            for tx_no, tx in enumerate(details):
                tx_amount = text(tx, "c:AmtDtls/c:TxAmt/c:Amt") or text(tx, "c:Amt")
                if len(details) > 1 and not tx_amount:
                    raise StatementRefused(
                        _("Entry %(no)d has several transactions without amounts.")
                        % {"no": entry_no + 1}
                    )
                tx_ref = text(tx, "c:Refs/c:AcctSvcrRef") or text(tx, "c:Refs/c:EndToEndId")
                bank_reference = tx_ref if tx_ref and tx_ref != "NOTPROVIDED" else entry_ref
                remittance = " ".join(
                    [
                        (u.text or "").strip()
                        for u in (tx.findall("c:RmtInf/c:Ustrd", ns) if tx is not None else [])
                    ]
                    + [text(tx, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref")]
                ).strip()
                payer = text(tx, "c:RltdPties/c:Dbtr/c:Nm") or text(
                    tx, "c:RltdPties/c:Dbtr/c:Pty/c:Nm"
                )
                payer_account = text(tx, "c:RltdPties/c:DbtrAcct/c:Id/c:IBAN") or text(
                    tx, "c:RltdPties/c:DbtrAcct/c:Id/c:Othr/c:Id"
                )
                amount_text = tx_amount or (amount_element.text or "")
                try:
                    line_amount = _amount(amount_text)
                    booking_date = date.fromisoformat(booked)
                except ValueError:
                    raise StatementRefused(
                        _("Entry %(no)d has no valid amount or booking date. Nothing imported.")
                        % {"no": entry_no + 1}
                    ) from None
                if _too_wide(line_amount):
                    raise StatementRefused(_too_wide_message("entry", entry_no + 1, amount_text))
                # The bank's reference identifies the credit across statements
                # (intraday and end-of-day); without one, its place in this one.
                key = (
                    ("ref", bank_reference, str(tx_no))
                    if bank_reference
                    else ("pos", statement_id, str(entry_no), str(tx_no))
                )
                parsed.lines.append(
                    ParsedLine(
                        fingerprint=_fingerprint("camt053", *key),
                        booking_date=booking_date,
                        amount=line_amount,
                        currency=currency,
                        payer_name=payer[:200],
                        payer_account=payer_account[:50],
                        remittance=remittance,
                        bank_reference=bank_reference[:100],
                    )
                )
    return parsed


# --- CSV -------------------------------------------------------------------------


def _csv_date(value: str) -> date:
    value = value.strip().rstrip(".")
    for pattern in ("%Y-%m-%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
    raise ValueError(value)


def parse_csv(data: bytes) -> ParsedStatement:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementRefused(_("The CSV file is not UTF-8 text. Nothing imported.")) from None
    first = content.splitlines()[0] if content.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        return _read_csv(reader)
    except csv.Error as error:
        # A field over the csv module's size limit, a stray carriage return, …
        raise StatementRefused(
            _("Line %(no)d of the CSV file cannot be read (%(error)s). Nothing imported.")
            % {"no": reader.line_num, "error": error}
        ) from None


def _read_csv(reader) -> ParsedStatement:
    header = [column.strip().lower() for column in next(reader, [])]
    if tuple(header[: len(CSV_COLUMNS)]) != CSV_COLUMNS:
        raise StatementRefused(
            _(
                "The file is neither a camt.053 XML statement nor a CSV file with the "
                "columns %(columns)s. Nothing imported."
            )
            % {"columns": ";".join(CSV_COLUMNS)}
        )
    parsed = ParsedStatement(format=BankStatement.Format.CSV)
    seen: dict[str, int] = {}
    for row_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(CSV_COLUMNS):
            raise StatementRefused(
                _("Line %(no)d has too few columns. Nothing imported.") % {"no": row_no}
            )
        when, amount, currency, payer, account, remittance = (c.strip() for c in row[:6])
        if currency.upper() != CURRENCY:
            raise StatementRefused(
                _("Line %(no)d is in %(currency)s; only HUF is accepted. Nothing imported.")
                % {"no": row_no, "currency": currency or "?"}
            )
        try:
            booking_date, line_amount = _csv_date(when), _amount(amount)
        except ValueError:
            raise StatementRefused(
                _("Line %(no)d has no valid date or amount. Nothing imported.") % {"no": row_no}
            ) from None
        if _too_wide(line_amount):
            raise StatementRefused(_too_wide_message("line", row_no, amount))
        if line_amount <= 0:
            parsed.skipped += 1  # a debit
            continue
        content_key = _fingerprint(
            "csv", booking_date.isoformat(), str(line_amount), payer, account, remittance
        )
        # Two identical credits on one day are two credits: count them.
        seen[content_key] = seen.get(content_key, 0) + 1
        parsed.lines.append(
            ParsedLine(
                fingerprint=_fingerprint(content_key, str(seen[content_key])),
                booking_date=booking_date,
                amount=line_amount,
                currency=CURRENCY,
                payer_name=payer[:200],
                payer_account=account[:50],
                remittance=remittance,
            )
        )
    return parsed


def parse(data: bytes) -> ParsedStatement:
    """Read a statement file; raise `StatementRefused` for anything else."""
    if not data.strip():
        raise StatementRefused(_("The file is empty. Nothing imported."))
    if len(data) > MAX_BYTES:
        raise StatementRefused(_("The file is larger than 10 MB. Nothing imported."))
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return parse_camt053(data)
    # NUL never appears in a CSV statement, and PostgreSQL cannot store it in text.
    if b"\x00" in data:
        raise StatementRefused(
            _("The file is neither a camt.053 XML statement nor a CSV file. Nothing imported.")
        )
    return parse_csv(data)


# --- matching and booking ----------------------------------------------------------


def _transfer_for(codes: list[str]) -> tuple[str, Payment | None]:
    for code in codes:
        transfer = BankTransfer.objects.select_related("payment").filter(reference_code=code)
        found = transfer.first()
        if found is not None:
            return code, found.payment
    return (codes[0] if codes else ""), None


def _outcome(line: ParsedLine, payment: Payment | None) -> str:
    outcomes = StatementLine.Outcome
    if payment is None:
        return outcomes.UNKNOWN
    if payment.state in PaymentState.paid():
        return outcomes.ALREADY_PAID
    # A withdrawn transfer whose case was paid another way since: booking it would
    # take the fee twice, so a clerk sends it back.
    if (
        payment.state in PaymentState.unsuccessful()
        and Payment.objects.filter(case_id=payment.case_id, state__in=PaymentState.paid()).exists()
    ):
        return outcomes.ALREADY_PAID
    if line.amount < payment.amount:
        return outcomes.UNDERPAID
    if line.amount > payment.amount:
        return outcomes.OVERPAID
    return outcomes.MATCHED


def book_line(line: StatementLine, payment: Payment, *, by=None, kind: str) -> None:
    """Book a statement line as the payment's money (raises `StateChangeRefused`)."""
    # A duplicate was booked by an earlier import of the same line.
    with contextlib.suppress(DuplicateEvent):
        apply_state(
            payment,
            PaymentState.SUCCEEDED,
            event_id=f"statement:{line.fingerprint}",
            kind=kind,
            payload={
                "statement": line.statement_id,
                "line": line.pk,
                "amount": str(line.amount),
                "booking_date": line.booking_date.isoformat(),
                "bank_reference": line.bank_reference,
            },
            by=by,
        )


def import_statement(data: bytes, *, file_name: str, by=None) -> ImportResult:
    """Parse, store and match a statement file in one transaction."""
    from django.conf import settings

    from population.identifiers import iban_from_bank_account, normalise_bank_account

    digest = hashlib.sha256(data).hexdigest()
    if BankStatement.objects.filter(sha256=digest).exists():
        raise StatementRefused(_("This file was imported before. Nothing imported again."))
    parsed = parse(data)
    if parsed.account:
        ours = settings.PAYMENTS_BENEFICIARY_ACCOUNT
        theirs = re.sub(r"[\s\-]", "", parsed.account).upper()
        if theirs not in (ours.replace("-", ""), iban_from_bank_account(ours)):
            raise StatementRefused(
                _(
                    "The statement is of account %(account)s, not of the beneficiary "
                    "account %(ours)s. Nothing imported."
                )
                % {"account": parsed.account, "ours": normalise_bank_account(ours)}
            )
    result = ImportResult(statement=None, skipped=parsed.skipped)
    with transaction.atomic():
        statement = BankStatement.objects.create(
            file_name=file_name[:200],
            sha256=digest,
            format=parsed.format,
            statement_id=parsed.statement_id,
            imported_by=by,
        )
        result.statement = statement
        known = set(
            StatementLine.objects.filter(
                fingerprint__in=[line.fingerprint for line in parsed.lines]
            ).values_list("fingerprint", flat=True)
        )
        for parsed_line in parsed.lines:
            if parsed_line.fingerprint in known:
                result.repeated += 1
                continue
            known.add(parsed_line.fingerprint)
            code, payment = _transfer_for(find_reference_codes(parsed_line.remittance))
            outcome = _outcome(parsed_line, payment)
            line = StatementLine.objects.create(
                statement=statement,
                fingerprint=parsed_line.fingerprint,
                booking_date=parsed_line.booking_date,
                amount=parsed_line.amount,
                currency=parsed_line.currency,
                payer_name=parsed_line.payer_name,
                payer_account=parsed_line.payer_account,
                remittance=parsed_line.remittance,
                bank_reference=parsed_line.bank_reference,
                reference_code=code,
                outcome=outcome,
                payment=payment,
                matched_at=timezone.now() if outcome == StatementLine.Outcome.MATCHED else None,
            )
            if outcome == StatementLine.Outcome.MATCHED:
                try:
                    book_line(line, payment, by=by, kind="bank_transfer.statement")
                except StateChangeRefused:
                    StatementLine.objects.filter(pk=line.pk).update(
                        outcome=StatementLine.Outcome.ALREADY_PAID, matched_at=None
                    )
                    result.unmatched += 1
                    continue
                result.matched += 1
            else:
                result.unmatched += 1
    log.info(
        "statement %s imported: %d matched, %d unmatched, %d repeated",
        statement.pk,
        result.matched,
        result.unmatched,
        result.repeated,
    )
    return result


class MatchRefused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def match_line(line: StatementLine, payment: Payment, *, by) -> StatementLine:
    """A clerk books an unmatched line to a payment (e.g. a short payment accepted)."""
    with transaction.atomic():
        locked = StatementLine.objects.select_for_update().get(pk=line.pk)
        if locked.booked:
            raise MatchRefused(_("This line is already booked."))
        if payment.state in PaymentState.paid():
            raise MatchRefused(_("Payment %(ref)s is already paid.") % {"ref": payment.order_ref})
        try:
            book_line(locked, payment, by=by, kind="bank_transfer.manual_match")
        except StateChangeRefused:
            raise MatchRefused(
                _("Payment %(ref)s cannot be booked from its state.") % {"ref": payment.order_ref}
            ) from None
        locked.payment, locked.outcome = payment, StatementLine.Outcome.MANUAL
        locked.matched_by, locked.matched_at = by, timezone.now()
        locked.save(update_fields=["payment", "outcome", "matched_by", "matched_at"])
    return locked
