"""The citizen's profile page: the data the portal holds about them, and their choices.

One choice today: whether to be e-mailed before an ID card or passport expires
("Előzetes értesítést kérek okmányaim lejáratáról"), on unless refused; the reminders
themselves are sent by `idcards.tasks.send_expiry_reminders`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from identity.models import User


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


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = RemindersForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if user.document_expiry_reminders:
            messages.success(
                request, _("Saved: you will be e-mailed before your documents expire.")
            )
        else:
            messages.success(
                request, _("Saved: you will not be e-mailed before your documents expire.")
            )
        return redirect("identity:profile")
    return render(request, "identity/profile.html", {"form": form, "profile_user": user})
