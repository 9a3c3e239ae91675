"""`criminal_record.data_info`: information on one's own data in the criminal records.

The Webes Ügysegéd service description ("A bűnügyi nyilvántartási rendszerben kezelt
adatokkal kapcsolatos tájékoztatás"): on the right of informational
self-determination, the citizen may ask what personal data the criminal records
authority holds on them, and the purpose, legal basis and duration of the
processing. The authority answers in writing, posted to the address the citizen
gives, within 21 days from submission. Here the answer is also placed in the
citizen's document inbox.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.documents import NOT_A_DECISION_REMEDY, DocumentSpec
from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from criminal_records.models import DataInfoRequest
from population.identifiers import validate_postal_code

SLUG = "criminal_record.data_info"
DOCUMENT_KIND = "data_info_answer"

# Act XLVII of 2009 on the criminal records system (Bnyt.) keeps these registers;
# its sections on each register say how long the data are kept.
ANSWER = DocumentSpec(
    title=_("Information on your data in the criminal records"),
    template="criminal_records/pdf/data_info_answer.html",
    legal_basis=_(
        "Act XLVII of 2009 on the criminal records system, the register of judgments of "
        "courts of Member States of the European Union against Hungarian citizens and the "
        "register of criminal and police biometric data (Bnyt.); Regulation (EU) 2016/679 "
        "(GDPR), Article 15; Act CXII of 2011 on informational self-determination (Infotv.)"
    ),
    remedy=NOT_A_DECISION_REMEDY,
    issue_on=None,  # issued when the clerk answers (criminal_records.tasks)
    language="hu",
)


class AddressStep(StepForm):
    title = _("Where the answer is posted")

    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    settlement = forms.CharField(label=_("Settlement"), max_length=100)
    street_address = forms.CharField(label=_("Street address"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100, initial="Magyarország")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = getattr(self.applicant, "person", None)
        address = None
        if person is not None:
            address = person.current_address("notification") or person.current_address("residence")
        if address is not None:
            self.fields["postal_code"].initial = address.postal_code
            self.fields["settlement"].initial = address.settlement
            self.fields["street_address"].initial = address.street_address

    def clean(self):
        data = super().clean()
        country = " ".join((data.get("country") or "").split())
        data["country"] = country
        code = (data.get("postal_code") or "").strip()
        if code and country.casefold() in {"magyarország", "hungary", "hu"}:
            try:
                validate_postal_code(code)
            except ValidationError:
                self.add_error(
                    "postal_code",
                    ValidationError(
                        _("A Hungarian postal code has four digits."), code="postal_code_format"
                    ),
                )
        return data


def save_detail(case: Case, data) -> DataInfoRequest:
    return DataInfoRequest.objects.create(
        case=case,
        postal_code=data["postal_code"].strip(),
        settlement=data["settlement"].strip(),
        street_address=data["street_address"].strip(),
        country=data["country"] or "Magyarország",
    )


class NotAllowed(Exception):
    """The answer does not fit the state of the request."""


@transaction.atomic
def answer(case: Case, *, by) -> DataInfoRequest:
    """The clerk answers: the letter is made from the register (a task, after the
    commit), posted to the address given and placed in the document inbox."""
    detail = DataInfoRequest.objects.select_for_update().select_related("case").get(case=case)
    if detail.case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
        raise NotAllowed(gettext("The request is not open."))
    transition(case, Status.DECIDED_APPROVED, by=by)
    from criminal_records.tasks import send_data_info_answer

    case_id = case.pk
    transaction.on_commit(lambda: send_data_info_answer.delay(case_id))
    return detail


@transaction.atomic
def record_posted(case: Case) -> DataInfoRequest | None:
    """The letter went to the post (once): the case closes."""
    detail = DataInfoRequest.objects.select_for_update().select_related("case").get(case=case)
    if detail.posted_at is not None or detail.case.status != Status.DECIDED_APPROVED:
        return None
    detail.posted_at = timezone.now()
    detail.save(update_fields=["posted_at"])
    record_event(
        case,
        "criminal_record.answer_posted",
        note=gettext("The written answer was posted to %(address)s.") % {"address": detail.address},
    )
    transition(case, Status.CLOSED)
    return detail
