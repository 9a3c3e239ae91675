"""The citizen's choice about the expiry reminders, a section of the profile page.

"Előzetes értesítést kérek okmányaim lejáratáról": on unless refused; the reminders
are sent by `idcards.tasks.send_expiry_reminders`. The section shows the setting
(`reminders_section`, registered in `idcards.apps`) and posts here; the answer goes
back to the profile page, at the section.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from identity.models import User

SECTION = "document-reminders"


class RemindersForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["document_expiry_reminders"]
        labels = {
            "document_expiry_reminders": gettext_lazy(
                "E-mail me before my ID card or passport expires"
            )
        }
        help_texts = {
            "document_expiry_reminders": gettext_lazy(
                "ID card: two months before, one month before and on the day of expiry. "
                "Passport: six months before, one month before and on the day of expiry. "
                "Untick the box to refuse these reminders."
            )
        }
        widgets = {
            "document_expiry_reminders": forms.CheckboxInput(
                attrs={
                    "class": "form-check-input",
                    "aria-describedby": "id_document_expiry_reminders_helptext",
                }
            )
        }


def reminders_section(request: HttpRequest) -> dict:
    return {"form": RemindersForm(instance=request.user)}


def profile_section_url() -> str:
    return reverse("identity:profile") + f"#{SECTION}"


@require_POST
@login_required
def save_reminders(request: HttpRequest) -> HttpResponse:
    """An unticked box is not sent: a post without it is the refusal."""
    form = RemindersForm(request.POST, instance=request.user)
    if form.is_valid():  # a checkbox is always valid
        form.save()
    if request.user.document_expiry_reminders:
        messages.success(request, _("Saved: you will be e-mailed before your documents expire."))
    else:
        messages.success(
            request, _("Saved: you will not be e-mailed before your documents expire.")
        )
    return redirect(profile_section_url())
