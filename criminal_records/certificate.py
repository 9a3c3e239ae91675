"""`criminal_record.certificate`: the official criminal record certificate.

The Webes Ügysegéd service description ("Erkölcsi bizonyítvány elektronikus úton
történő igénylése"): any registered natural person, of any nationality, for
themself only. The certificate states the applicant's data and the facts asked
(meets the conditions of a named law, and/or clean record, and/or not banned from
public affairs, and/or not banned from an occupation, or banned from a given one);
it is posted to a domestic address of the addressee the citizen names (themself,
another person, or an organisation); an e-mail can be asked for when it is handed
to the post. Free four times a calendar year, then 3000 Ft. Deadline 8 days from
the day after receipt. Valid 90 days from issue unless revoked. Hungarian only.

Clerk side: a deficiency notice with a deadline (missed: the procedure is
terminated, `criminal_records.tasks.terminate_missed_deficiencies`), a refusal when
the facts cannot be certified, or the issue; then the certificate is handed to the
post.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import verification
from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case, IssuedDocument
from cases.workflow import Status, transition
from criminal_records import eligibility
from criminal_records.models import (
    Addressee,
    Certificate,
    CertificateCounter,
    CertificateRequest,
    Statement,
    content_key,
)
from population.identifiers import validate_postal_code

SLUG = "criminal_record.certificate"
DOCUMENT_KIND = "certificate"
OPEN_STATUSES = (
    Status.AWAITING_PAYMENT,
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.DEFICIENCY_REQUESTED,
)


def requests_earlier_this_year(person, today: date | None = None) -> int:
    """Certificate requests of `person` submitted in the calendar year of `today`.

    A request counts once it was submitted (received), whatever became of it:
    drafts, drafts withdrawn and requests still waiting for their payment do not.
    """
    today = today or timezone.localdate()
    return CertificateRequest.objects.filter(
        person=person, case__received_on__year=today.year
    ).count()


def open_request_with(user, key: tuple) -> Case | None:
    """The user's request of the same content still in progress, if any."""
    for detail in CertificateRequest.objects.filter(
        case__applicant=user, case__status__in=OPEN_STATUSES
    ).select_related("case"):
        if detail.content_key() == key:
            return detail.case
    return None


def valid_certificate_with(person, key: tuple) -> Certificate | None:
    today = timezone.localdate()
    for certificate in Certificate.objects.filter(
        person=person, revoked_at=None, valid_until__gte=today
    ):
        if certificate.content_key() == key and certificate.is_valid(today):
            return certificate
    return None


class ContentStep(StepForm):
    title = _("What the certificate should state")
    conditionally_required = ("occupation",)

    law_name = forms.CharField(
        label=_("I meet the conditions set by this law"),
        max_length=300,
        required=False,
        help_text=_(
            "Name the law (and section) whose conditions the certificate should confirm, "
            "e.g. the one your employer named. Leave it empty if not needed."
        ),
    )
    clean_record = forms.BooleanField(label=_("I have a clean criminal record"), required=False)
    no_public_affairs_ban = forms.BooleanField(
        label=_("I am not banned from public affairs"), required=False
    )
    occupation_statement = forms.ChoiceField(
        label=_("About an occupation, the certificate should state"),
        choices=Statement.choices,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    occupation = forms.CharField(
        label=_("Name of the occupation"),
        max_length=200,
        required=False,
        help_text=_("Only if the certificate states something about an occupation."),
    )

    def clean(self):
        data = super().clean()
        statement = data.get("occupation_statement") or ""
        occupation = " ".join((data.get("occupation") or "").split())
        data["occupation"] = occupation if statement else ""
        data["law_name"] = " ".join((data.get("law_name") or "").split())
        if statement and not occupation and "occupation" not in self.errors:
            self.add_error(
                "occupation",
                ValidationError(
                    _("Name the occupation the certificate should speak of."), code="required"
                ),
            )
        asked = (
            data.get("law_name")
            or data.get("clean_record")
            or data.get("no_public_affairs_ban")
            or statement
        )
        if not asked and not self.errors:
            raise ValidationError(
                _("Choose at least one fact for the certificate to state."), code="empty"
            )
        person = getattr(self.applicant, "person", None)
        if person is not None and not self.errors:
            data["requests_earlier_this_year"] = requests_earlier_this_year(person)
            pending = open_request_with(self.applicant, content_key(data))
            if pending is not None:
                raise ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        gettext(
                            "A request for a certificate of the same content is already in "
                            "progress; a second one cannot be filed."
                        ),
                        pending.get_absolute_url(),
                        gettext("See request %(reference)s") % {"reference": pending.reference},
                    ),
                    code="in_progress",
                )
        return data

    def warnings(self) -> list:
        person = getattr(self.applicant, "person", None)
        if person is None:
            return []
        certificate = valid_certificate_with(person, content_key(self.cleaned_data))
        if certificate is None:
            return []
        return [
            format_html(
                '{} <a href="{}">{}</a>',
                gettext(
                    "You already hold a certificate of the same content, valid until %(date)s. "
                    "Instead of a new request you can share it with whoever asks for it."
                )
                % {"date": certificate.valid_until.strftime("%Y. %m. %d.")},
                reverse("criminal_records:certificates"),
                gettext("Your certificates"),
            )
        ]


class DeliveryStep(StepForm):
    title = _("Whom the certificate is posted to")
    conditionally_required = ("addressee_name", "postal_code", "settlement", "street_address")

    addressee = forms.ChoiceField(
        label=_("The certificate is posted to"),
        choices=Addressee.choices,
        widget=forms.RadioSelect,
        help_text=_("Only the addressee named here may receive the certificate."),
    )
    addressee_name = forms.CharField(
        label=_("Name of the person or organisation"), max_length=200, required=False
    )
    country = forms.ChoiceField(
        label=_("Country of the address"),
        choices=[("HU", _("Hungary")), ("abroad", _("another country"))],
        initial="HU",
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    settlement = forms.CharField(label=_("Settlement"), max_length=100, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    notify_email = forms.EmailField(
        label=_("E-mail address for a notice when the certificate is handed to the post"),
        required=False,
        help_text=_("Optional. The delivery time of the post does not count in the 8 days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].help_text = _(
            "For yourself, leave the address empty: your own domestic address is used."
        )

    def clean(self):
        data = super().clean()
        kind = data.get("addressee")
        if data.get("country") == "abroad":
            self.add_error(
                "country",
                ValidationError(
                    _("The certificate is posted only to an address in Hungary."),
                    code="abroad",
                ),
            )
        if kind == Addressee.SELF:
            self._own_address(data)
        elif kind in (Addressee.PERSON, Addressee.ORGANISATION):
            self._given_address(data, kind)
        return data

    def _own_address(self, data) -> None:
        person = getattr(self.applicant, "person", None)
        address = None
        if person is not None:
            address = person.current_address("notification") or person.current_address("residence")
        if address is None or address.country != "HU":
            self.add_error(
                "addressee",
                ValidationError(
                    _(
                        "You have no domestic address in the register: name another addressee "
                        "in Hungary, or register a domestic notification address first."
                    ),
                    code="no_domestic_address",
                ),
            )
            return
        data["addressee_name"] = person.full_name
        data["postal_code"] = address.postal_code
        data["settlement"] = address.settlement
        data["street_address"] = address.street_address

    def _given_address(self, data, kind) -> None:
        if not (data.get("addressee_name") or "").strip() and "addressee_name" not in self.errors:
            self.add_error(
                "addressee_name",
                ValidationError(
                    _("Give the name of the organisation.")
                    if kind == Addressee.ORGANISATION
                    else _("Give the name of the person."),
                    code="required",
                ),
            )
        for name in ("postal_code", "settlement", "street_address"):
            if not (data.get(name) or "").strip() and name not in self.errors:
                self.add_error(
                    name,
                    ValidationError(
                        _("Give the domestic address the certificate is posted to."),
                        code="required",
                    ),
                )
        code = (data.get("postal_code") or "").strip()
        if code and "postal_code" not in self.errors:
            try:
                validate_postal_code(code)
            except ValidationError:
                self.add_error(
                    "postal_code",
                    ValidationError(
                        _(
                            "A Hungarian postal code has four digits: the certificate is "
                            "posted only to an address in Hungary."
                        ),
                        code="postal_code_format",
                    ),
                )


def save_detail(case: Case, data) -> CertificateRequest:
    person = case.applicant.person
    return CertificateRequest.objects.create(
        case=case,
        person=person,
        law_name=data.get("law_name", ""),
        clean_record=bool(data.get("clean_record")),
        no_public_affairs_ban=bool(data.get("no_public_affairs_ban")),
        occupation_statement=data.get("occupation_statement") or "",
        occupation=data.get("occupation", ""),
        addressee=data["addressee"],
        addressee_name=data["addressee_name"].strip(),
        postal_code=data["postal_code"].strip(),
        settlement=data["settlement"].strip(),
        street_address=data["street_address"].strip(),
        notify_email=data.get("notify_email") or "",
        # Counted again now: another request may have been submitted meanwhile.
        requests_earlier_this_year=requests_earlier_this_year(person),
    )


# --- the clerk's side ------------------------------------------------------------


class NotAllowed(Exception):
    """The step does not fit the state of the request; the message says why."""


def findings(detail: CertificateRequest, day: date | None = None):
    return eligibility.assess(detail.person, detail, day)


def _open_detail(case: Case, statuses=(Status.SUBMITTED, Status.IN_PROGRESS)):
    detail = CertificateRequest.objects.select_for_update().select_related("case").get(case=case)
    if detail.case.status not in statuses:
        raise NotAllowed(gettext("The request is not open for this step."))
    return detail


def next_number(year: int) -> str:
    """`EB-<year>-<six digits>`, sequential within the year (under a row lock)."""
    counter, _created = CertificateCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"EB-{year}-{counter.last:06d}"


@transaction.atomic
def issue(case: Case, *, by) -> Certificate:
    """Issue the certificate: the register must still allow every fact asked."""
    detail = _open_detail(case)
    person = detail.person
    if not eligibility.all_certifiable(eligibility.assess(person, detail)):
        raise NotAllowed(
            gettext("The register does not allow every fact asked: refuse the request instead.")
        )
    now = timezone.now()
    certificate = Certificate.objects.create(
        number=next_number(timezone.localdate(now).year),
        person=person,
        request=detail,
        issued_at=now,
        issued_by=by,
        valid_until=Certificate.validity_end(timezone.localdate(now)),
        **{
            name: getattr(detail, name)
            for name in (
                "law_name",
                "clean_record",
                "no_public_affairs_ban",
                "occupation_statement",
                "occupation",
                "addressee",
                "addressee_name",
                "postal_code",
                "settlement",
                "street_address",
            )
        },
    )
    transition(case, Status.DECIDED_APPROVED, by=by)
    record_event(
        case,
        "criminal_record.issued",
        by=by,
        note=gettext("Certificate no. %(number)s, valid until %(date)s.")
        % {"number": certificate.number, "date": certificate.valid_until.strftime("%Y. %m. %d.")},
    )
    from criminal_records.tasks import issue_certificate_pdf

    case_id = case.pk
    transaction.on_commit(lambda: issue_certificate_pdf.delay(case_id))
    return certificate


@transaction.atomic
def send_deficiency_notice(case: Case, *, by, text: str, deadline: date) -> CertificateRequest:
    """Ask the applicant to supply what is missing by `deadline` (a paper letter)."""
    detail = _open_detail(case)
    if deadline <= timezone.localdate():
        raise NotAllowed(gettext("The deadline must be a day after today."))
    detail.deficiency_deadline = deadline
    detail.deficiency_text = text.strip()
    detail.save(update_fields=["deficiency_deadline", "deficiency_text"])
    transition(
        case,
        Status.DEFICIENCY_REQUESTED,
        by=by,
        note=gettext("%(text)s Deadline: %(date)s.")
        % {"text": text.strip(), "date": deadline.strftime("%Y. %m. %d.")},
    )
    return detail


@transaction.atomic
def record_reply(case: Case, *, by) -> CertificateRequest:
    """The applicant supplied what the notice asked, in time: the work goes on."""
    detail = _open_detail(case, statuses=(Status.DEFICIENCY_REQUESTED,))
    if detail.deficiency_deadline and detail.deficiency_deadline < timezone.localdate():
        raise NotAllowed(gettext("The deadline has passed; the procedure is being terminated."))
    detail.deficiency_deadline = None
    detail.save(update_fields=["deficiency_deadline"])
    transition(case, Status.IN_PROGRESS, by=by)
    return detail


@transaction.atomic
def terminate_for_missed_deadline(case: Case) -> bool:
    """The deficiency deadline passed without a reply: the procedure ends. False when
    the case moved meanwhile (a reply recorded, already ended)."""
    detail = CertificateRequest.objects.select_for_update().select_related("case").get(case=case)
    if detail.case.status != Status.DEFICIENCY_REQUESTED or detail.deficiency_deadline is None:
        return False
    if detail.deficiency_deadline >= timezone.localdate():
        return False
    transition(case, Status.TERMINATED)
    record_event(
        case,
        "criminal_record.deficiency_missed",
        note=gettext(
            "The deadline of the deficiency notice (%(date)s) passed without the missing "
            "information, so the procedure was terminated."
        )
        % {"date": detail.deficiency_deadline.strftime("%Y. %m. %d.")},
    )
    return True


@transaction.atomic
def refuse(case: Case, *, by, reason: str) -> CertificateRequest:
    """Refuse by decision: the register does not allow a fact asked."""
    detail = _open_detail(case)
    if eligibility.all_certifiable(findings(detail)):
        raise NotAllowed(
            gettext("The register allows every fact asked: issue the certificate instead.")
        )
    detail.refusal_reason = reason.strip()
    detail.save(update_fields=["refusal_reason"])
    transition(case, Status.DECIDED_REFUSED, by=by, note=reason.strip())
    return detail


@transaction.atomic
def mark_posted(case: Case, *, by) -> CertificateRequest:
    """The certificate was handed to the post: e-mail if asked, and the case closes."""
    detail = _open_detail(case, statuses=(Status.DECIDED_APPROVED,))
    if detail.posted_at is not None:
        raise NotAllowed(gettext("It is already recorded as handed to the post."))
    detail.posted_at = timezone.now()
    detail.save(update_fields=["posted_at"])
    record_event(case, "criminal_record.posted", by=by)
    if detail.notify_email:
        from notifications.actions import queue_email

        certificate = detail.certificate
        language = case.applicant.preferred_language or "hu"
        queue_email(
            detail.notify_email,
            "criminal_record_posted",
            {
                "reference": case.reference,
                "number": certificate.number,
                "addressee": detail.addressee_name,
                "address": detail.address,
            },
            language=language,
            case=case,
            dedupe_key=f"criminal-record-posted-{case.pk}",
        )
    transition(case, Status.CLOSED, by=by)
    return detail


@transaction.atomic
def revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Revoke a certificate within its validity; its share links die with it."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise NotAllowed(gettext("The certificate is already revoked."))
    if not reason.strip():
        raise NotAllowed(gettext("Give the reason of the revocation."))
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason.strip()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    document = IssuedDocument.objects.filter(
        case__criminal_records_certificate__certificate=locked, kind=DOCUMENT_KIND
    ).first()
    if document is not None:
        # The public verification page (/verify/<code>/) says "revoked" from now on.
        verification.revoke(document, reason=locked.revocation_reason, by=by)
    if locked.request_id:
        record_event(
            locked.request.case,
            "criminal_record.revoked",
            by=by,
            note=gettext("Certificate no. %(number)s was revoked: %(reason)s")
            % {"number": locked.number, "reason": locked.revocation_reason},
        )
    certificate.revoked_at = locked.revoked_at
    certificate.revocation_reason = locked.revocation_reason
    return locked
