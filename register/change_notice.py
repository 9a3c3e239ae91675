"""`register.change_notice`: the register tells a joined body of a change in own data.

The Webes Ügysegéd service description ("Adatváltozásról értesítés küldése"): some laws
let a citizen meet a duty to report a change of data that another public register
holds by asking that register to notify the body. The citizen picks the body (of
those joined to the service, with their registers) and which changed data to send;
the notice goes at once to the body's official electronic gateway, and a PDF of it
can be downloaded. One notice covers one change: when the data change again, a new
request is needed. Only own data. Free; a fee that the body's own law charges for
recording the change must still be paid to that body.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

import access_log
from access_log.models import AccessRecord
from cases.flow import StepForm
from cases.workflow import Status
from notifications.actions import queue_message
from notifications.models import Notification
from register import data
from register.eligibility import person_of
from register.models import ChangeNotice

DOCUMENT_KIND = "change_notice"


@dataclass(frozen=True)
class Body:
    code: str
    # Message ids (translated where shown): the access list stores them as they are,
    # and shows them in the reader's language.
    name: str
    register: str
    gateway: str  # the body's official gateway code (KRID)


# The bodies joined to the service and their registers, as the service description lists them.
BODIES = {
    body.code: body
    for body in (
        Body(
            "enkk_trainees",
            gettext_noop("Health Registration and Training Centre"),
            gettext_noop("register of trainees in state-funded training"),
            "ENKK",
        ),
        Body(
            "enkk_death_examiners",
            gettext_noop("Health Registration and Training Centre"),
            gettext_noop("list of expert death examiners"),
            "ENKK",
        ),
        Body(
            "mediators",
            gettext_noop("Minister of Justice"),
            gettext_noop("register of mediators"),
            "IM",
        ),
        Body(
            "trusts",
            gettext_noop("Hungarian National Bank"),
            gettext_noop("register of trust management relationships"),
            "MNB",
        ),
    )
}

# The data a notice may report as changed.
CHANGEABLE = (
    "name",
    "birth_name",
    "citizenship",
    "marital_status",
    "residence",
    "stay",
    "foreign_address",
    "notification_address",
)
# Sent with every notice so that the body can find the person in its register.
IDENTITY = ("name", "birth_name", "birth_place", "birth_date", "mother_name", "personal_id")


def body_choices():
    return [
        (code, f"{gettext(body.name)} – {gettext(body.register)}") for code, body in BODIES.items()
    ]


class NoticeStep(StepForm):
    title = _("The body and the changed data")

    body = forms.ChoiceField(
        label=_("Which body should be notified?"),
        choices=body_choices,
        widget=forms.RadioSelect,
    )
    items = forms.MultipleChoiceField(
        label=_("Which of your data changed?"),
        choices=[(item, data.LABELS[item]) for item in CHANGEABLE],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The data are sent as the register holds them now."),
    )

    def clean(self):
        cleaned = super().clean()
        body, items = cleaned.get("body"), cleaned.get("items")
        person = person_of(self.applicant)
        if body and items and person is not None:
            earlier = already_sent(person, body, items)
            if earlier is not None:
                self.add_error(
                    "items",
                    ValidationError(
                        gettext(
                            "These data, as the register holds them now, were already sent to "
                            "this body in notice %(reference)s. A notice reports one change: "
                            "file again when the data change again."
                        )
                        % {"reference": earlier.case.reference},
                        code="already_sent",
                    ),
                )
        return cleaned


def _values(person, items) -> dict[str, str]:
    return {item: data.value(person, item) for item in sorted(items)}


def fingerprint(body: str, values: dict[str, str]) -> str:
    text = json.dumps([body, values], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def already_sent(person, body: str, items) -> ChangeNotice | None:
    """The notice that already reported these very values to this body, if any."""
    mark = fingerprint(body, _values(person, items))
    return (
        ChangeNotice.objects.filter(fingerprint=mark, case__applicant__person=person)
        .exclude(case__status__in=[Status.DRAFT, Status.TERMINATED])
        .select_related("case")
        .first()
    )


def save_detail(case, answers) -> ChangeNotice:
    person = case.applicant.person
    values = _values(person, answers["items"])
    return ChangeNotice.objects.create(
        case=case,
        body=answers["body"],
        items=sorted(answers["items"]),
        sent_data=values,
        fingerprint=fingerprint(answers["body"], values),
    )


def _gateway_context(case, notice, body, person) -> dict:
    return {
        "reference": case.reference,
        "body": gettext(body.name),
        "register": gettext(body.register),
        "person": {item: data.value(person, item) for item in IDENTITY},
        "changed": notice.sent_data,
        "identity_rows": [[str(data.LABELS[item]), data.value(person, item)] for item in IDENTITY],
        "changed_rows": [
            [str(data.LABELS[item]), notice.sent_data.get(item, "")] for item in notice.items
        ],
    }


def send(case) -> Notification | None:
    """The effect on submission: the notice into the outbox, addressed to the body's
    gateway (delivered after the commit and retried until it is accepted), and a line
    in the citizen's access list: their data went to the body."""
    notice = ChangeNotice.objects.select_for_update().get(case=case)
    body = BODIES[notice.body]
    person = case.applicant.person
    with translation.override("hu"):  # the bodies are Hungarian authorities
        context = _gateway_context(case, notice, body, person)
    notification = queue_message(
        Notification.Channel.GATEWAY,
        body.gateway,
        "register_change_notice",
        context,
        language="hu",
        case=case,
        dedupe_key=f"change-notice-{case.pk}",
    )
    notice.notification = notification
    notice.save(update_fields=["notification"])
    access_log.record(
        person,
        data=AccessRecord.Data.CHANGE_NOTICE,
        body=body.name,
        body_register=body.register,
        items=[*IDENTITY, *notice.items],
        purpose=gettext_noop("Change notice at the citizen's request"),
        case_reference=case.reference,
    )
    return notification
