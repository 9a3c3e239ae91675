from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sandbox.mail import linkified
from sandbox.models import CapturedMessage


@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    messages = CapturedMessage.objects.all()[:200]
    return render(request, "sandbox/mail_list.html", {"captured": messages})


@require_GET
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(CapturedMessage, pk=pk)
    return render(
        request,
        "sandbox/mail_detail.html",
        {"message": message, "body": linkified(message.text)},
    )
