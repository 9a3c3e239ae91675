"""`register.own_data`: the citizen's current data in the register, on screen and as a PDF.

The Webes Ügysegéd service description: anyone whose data are in the personal data
and address register; free; the information appears at once and can be
downloaded; it is kept under My requests. Only current data: historical or
archived data are asked for on paper, in person or by post, at any district office
or at the ministry (1133 Budapest, Visegrádi u. 112.; 1476 Budapest, Pf. 281.).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from register import data
from register.models import OwnDataRequest

DOCUMENT_KIND = "own_data"


class ConfirmStep(StepForm):
    """Nothing to fill in: the request is the press of a button."""

    title = _("Information on your own data")


def save_detail(case, answers) -> OwnDataRequest:
    """The data as the register holds them at submission: what the page and the PDF show."""
    return OwnDataRequest.objects.create(case=case, snapshot=data.snapshot(case.applicant.person))
