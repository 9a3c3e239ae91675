"""`eszemelyi.nek_applet`: install or update the NEK applet on the chip.

The request and its relayed card operation (the portal's issuer side writes the
secured install script, `issuer.py`), and what the card must prove before the
request is recorded (the applet's version read back).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actions import create_case, record_event, submit_case
from eszemelyi import operations
from eszemelyi.models import CardOperation, NekRequest, OperationKind
from eszemelyi.operations import KindRules, Outcome
from eszemelyi.tokens import VerifiedToken


@transaction.atomic
def request_nek(request, *, action: str) -> CardOperation:
    """Open the request and its relayed operation: the portal's issuer side writes the
    secured install script (`issuer.py`), the bridge only carries it to the card."""
    from eszemelyi.eligibility import chip_card

    user = request.user
    case = create_case("eszemelyi.nek_applet", applicant=user, by=user)
    NekRequest.objects.create(case=case, document_number=chip_card(user).number)
    summary = (
        _("Update the NEK applet to version %(version)s")
        if action == "update"
        else _("Install the NEK applet, version %(version)s")
    ) % {"version": settings.ESZEMELYI_NEK_VERSION}
    return operations.issue(
        request, OperationKind.NEK, {"action": action}, case=case, summary=summary
    )


def _nek_installed(operation, params: dict, verified: VerifiedToken) -> str | None:
    from eszemelyi.issuer import check_relayed

    if code := check_relayed(operation, verified):
        return code
    if (verified.state or {}).get("nekVersion") != settings.ESZEMELYI_NEK_VERSION:
        return "state_mismatch"
    return None


def _complete_nek(request, outcome: Outcome) -> str:
    case = outcome.operation.case
    detail = NekRequest.objects.get(case=case)
    detail.version_after = outcome.verified.state["nekVersion"]
    detail.installed_at = timezone.now()
    detail.save(update_fields=["version_after", "installed_at"])
    note = _("The NEK applet, version %(version)s, is on the chip (read back).") % {
        "version": detail.version_after
    }
    record_event(case, "eszemelyi.nek_installed", by=request.user, note=note)
    submit_case(case, by=request.user)
    return reverse("portal:case_detail", args=[case.reference])


RULES: dict[str, KindRules] = {OperationKind.NEK: KindRules(_nek_installed, _complete_nek)}
