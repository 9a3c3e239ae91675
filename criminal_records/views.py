"""The pages of the criminal records services that the generic flow does not carry:
the anonymous validity check, the holder's certificates with their share links, and
the recipient's page of a share link."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from criminal_records import check as check_
from criminal_records import sharing
from criminal_records.models import Certificate, ShareLink
from portal.rate_limits import anonymous_limit

_FRESH_LINK = "criminal_records_fresh_share"


@require_http_methods(["GET", "POST"])
@anonymous_limit("criminal_record.check")
def check(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: the answer (nothing typed is stored or logged)."""
    form = check_.CheckForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        certificate = check_.find_valid(form.cleaned_data)
        answer = {"valid": certificate is not None, "certificate": certificate}
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(
        request, "criminal_records/check.html", {"form": form, "answer": answer}, status=status
    )


def _holder_certificates(request):
    person = getattr(request.user, "person", None)
    if person is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(person=person).prefetch_related("shares__openings")


def _share_form(certificate, data=None) -> sharing.ShareForm:
    # One form per certificate on the page: the prefix keeps the element ids apart.
    return sharing.ShareForm(data, prefix=f"c{certificate.pk}")


def _listing(request, failed=None) -> dict:
    rows = [
        {
            "certificate": certificate,
            "valid": certificate.is_valid(),
            "links": [(link, sharing.state(link)) for link in certificate.shares.all()],
            "form": failed
            if failed is not None and failed.prefix == f"c{certificate.pk}"
            else _share_form(certificate),
        }
        for certificate in _holder_certificates(request)
    ]
    return {"rows": rows}


@require_GET
@login_required
def certificates(request: HttpRequest) -> HttpResponse:
    fresh = request.session.pop(_FRESH_LINK, None)
    if fresh:
        from cases.pdf import qr_png

        fresh["qr"] = "data:image/png;base64," + base64.b64encode(qr_png(fresh["url"])).decode()
    return render(
        request, "criminal_records/certificates.html", {**_listing(request), "fresh": fresh}
    )


@require_POST
@login_required
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(_holder_certificates(request), pk=pk)
    form = _share_form(certificate, request.POST)
    if not form.is_valid():
        return render(
            request,
            "criminal_records/certificates.html",
            _listing(request, failed=form),
            status=400,
        )
    try:
        link, token = sharing.create_link(certificate, **form.cleaned_data)
    except sharing.NotShareable as refusal:
        messages.error(request, str(refusal))
        return redirect("criminal_records:certificates")
    # Shown once, on the next page; only its hash is stored.
    request.session[_FRESH_LINK] = {
        "link": link.pk,
        "url": request.build_absolute_uri(reverse("criminal_records:shared", args=[token])),
    }
    return redirect("criminal_records:certificates")


@require_POST
@login_required
def share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=pk, certificate__in=_holder_certificates(request))
    sharing.withdraw(link)
    messages.success(request, gettext("The link was withdrawn: it shows nothing any more."))
    return redirect("criminal_records:certificates")


@require_http_methods(["GET", "POST"])
@anonymous_limit("criminal_record.shared")
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """GET: who shared it for what, and a button; POST: the certificate (one opening).
    Opening on a button keeps link previews of chat apps from using up the openings."""
    link = sharing.find(token)
    if link is None:
        return render(request, "criminal_records/shared.html", {"state": "unknown"}, status=404)
    if request.method == "POST":
        shown = sharing.open_link(link)
        if shown is not None:
            return render(
                request, "criminal_records/shared.html", {"state": "open", "shown": shown}
            )
    state = sharing.state(link)
    return render(
        request,
        "criminal_records/shared.html",
        {"state": state, "link": link},
        status=200 if state == "open" else 410,
    )
