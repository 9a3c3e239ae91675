"""The anonymous pages of `residence.foreign_address_change`: the report and following it.

No login, usable without JavaScript, counted against the anonymous rate limit per
client address. Nothing typed is kept outside the case: the answer is rendered
straight from the POST (no session, no redirect carrying data), and no log line
holds what was typed.
"""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cases.flow import style_control
from cases.models import IssuedDocument
from portal.rate_limits import anonymous_limit
from residence import foreign_address_change as service


@require_http_methods(["GET", "POST"])
@anonymous_limit(service.SLUG)
def report(request: HttpRequest) -> HttpResponse:
    form = service.ReportForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        case = service.file_report(form.cleaned_data)
        return render(request, "residence/foreign_address_filed.html", {"case": case})
    return render(
        request,
        "residence/foreign_address_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"), max_length=20, help_text=_("For example UGY-2026-000123.")
    )
    receipt_code = forms.CharField(label=_("Receipt code"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{name}_error"]
            if field.help_text:
                described.append(f"id_{name}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described)
            field.widget.attrs["autocomplete"] = "off"
            style_control(field.widget)


@require_http_methods(["GET", "POST"])
@anonymous_limit(f"{service.SLUG}.follow")
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST if request.method == "POST" else None)
    case = None
    if form.is_bound and form.is_valid():
        case = service.follow(form.cleaned_data["reference"], form.cleaned_data["receipt_code"])
        if case is None:
            form.add_error(
                None,
                _(
                    "No report with this reference and receipt code. Check both against the "
                    "page you got when you filed it."
                ),
            )
    context = {"form": form, "case": case}
    if case is not None:
        context["events"] = case.events.filter(public=True).order_by("at")
        context["documents"] = case.documents.filter(public=True)
    return render(
        request,
        "residence/foreign_address_follow.html",
        context,
        status=400 if form.is_bound and case is None else 200,
    )


@require_POST
@anonymous_limit(f"{service.SLUG}.follow")
def follow_document(request: HttpRequest, pk: int) -> FileResponse:
    form = FollowForm(request.POST)
    case = (
        service.follow(form.data.get("reference", ""), form.data.get("receipt_code", ""))
        if form.is_valid()
        else None
    )
    document = (
        IssuedDocument.objects.filter(case=case, pk=pk, public=True).first() if case else None
    )
    if document is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{case.reference}-{document.kind}.pdf",
    )
