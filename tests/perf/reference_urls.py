"""The reference pages `make bench` measures the portal's key pages against.

Each does the work of its key page the plain way a tutorial would: the ORM with
every column, a small template string, no caching, no care about query counts.
They run behind the portal's whole middleware stack (reference_settings.py), so
the ratio the bench prints is the price of the portal's own code for that page.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from cases.models import Case
from documents.models import Document
from portal.urls import urlpatterns as portal_urlpatterns

_engine = engines["django"]


def _page(body: str):
    return _engine.from_string(
        '<!doctype html><html lang="hu"><head><meta charset="utf-8"><title>{{ title }}</title>'
        "</head><body><main>" + body + "</main></body></html>"
    )


HOME = _page(
    "<h1>Szolgáltatások</h1>{% for group in groups %}<h2>{{ group.0 }}</h2><ul>"
    '{% for item in group.1 %}<li><a href="/services/{{ item }}/">{{ item }}</a></li>'
    "{% endfor %}</ul>{% endfor %}"
)
# About as many groups and services as the catalogue has.
GROUPS = [(f"Csoport {g}", [f"group{g}.service{s}" for s in range(8)]) for g in range(12)]


@require_GET
def home(request):
    return HttpResponse(HOME.render({"title": "Ügysegéd", "groups": GROUPS}, request))


SERVICE = _page(
    "<h1>{{ title }}</h1>{% for heading, text in sections %}<h2>{{ heading }}</h2>"
    '<p>{{ text }}</p>{% endfor %}<p><a href="/apply/">Indítás</a></p>'
)
SECTIONS = [(f"Fejezet {n}", "Szöveg a szolgáltatásról. " * 30) for n in range(6)]


@require_GET
def service(request):
    return HttpResponse(SERVICE.render({"title": "Szolgáltatás", "sections": SECTIONS}, request))


MY_REQUESTS = _page(
    "<h1>Ügyeim</h1><table><thead><tr><th>Ügyszám</th><th>Típus</th><th>Állapot</th>"
    "<th>Határidő</th></tr></thead><tbody>{% for case in cases %}<tr>"
    '<td><a href="{{ case.get_absolute_url }}">{{ case.reference }}</a></td>'
    "<td>{{ case.case_type }}</td><td>{{ case.get_status_display }}</td>"
    '<td>{{ case.deadline|date:"Y. m. d." }}</td></tr>{% endfor %}</tbody></table>'
)


@require_GET
@login_required
def my_requests(request):
    cases = Case.objects.filter(applicant=request.user).exclude(status="draft")
    return HttpResponse(MY_REQUESTS.render({"title": "Ügyeim", "cases": cases}, request))


CASE = _page(
    "<h1>{{ case.reference }}</h1><dl><dt>Állapot</dt><dd>{{ case.get_status_display }}</dd>"
    '<dt>Határidő</dt><dd>{{ case.deadline|date:"Y. m. d." }}</dd>'
    "{% if detail %}<dt>Adatok</dt><dd>{{ detail }}</dd>{% endif %}</dl>"
    "{% if documents %}<ul>{% for document in documents %}<li>"
    "<a href=\"{% url 'cases:document_download' case.reference document.pk %}\">"
    "{{ document.title }}</a></li>{% endfor %}</ul>{% endif %}<ol>"
    '{% for event in events %}<li>{{ event.at|date:"Y. m. d. H:i" }} – {{ event.kind }}'
    "</li>{% endfor %}</ol>"
)


@require_GET
@login_required
def case(request, reference):
    """What the case page shows, read the plain way: the case, its type's detail row,
    its public documents and its public events."""
    found = Case.objects.filter(reference=reference, applicant=request.user).first()
    if found is None:
        raise Http404
    label = found.type.detail_model
    detail = apps.get_model(label).objects.filter(case=found).first() if label else None
    context = {
        "title": reference,
        "case": found,
        "detail": detail,
        "documents": found.documents.filter(public=True),
        "events": found.events.filter(public=True),
    }
    return HttpResponse(CASE.render(context, request))


class StepForm(forms.Form):
    """The filing step's fields: the criminal record certificate's first step."""

    law_name = forms.CharField(required=False, max_length=200)
    clean_record = forms.BooleanField(required=False)
    no_public_affairs_ban = forms.BooleanField(required=False)
    occupation_statement = forms.CharField(required=False, max_length=200)
    occupation = forms.CharField(required=False, max_length=200)


CHECK = _engine.from_string(
    '<div id="errors">{% for field in form %}{% for error in field.errors %}'
    "<p>{{ field.label }}: {{ error }}</p>{% endfor %}{% endfor %}</div>"
    '<div id="fee">{{ open }} folyamatban</div>'
)


@require_POST
@login_required
def check(request):
    form = StepForm(request.POST)
    form.is_valid()
    # Like the live check, it asks whether a request of the citizen's is in progress.
    open_requests = Case.objects.filter(applicant=request.user, status="submitted").count()
    return HttpResponse(CHECK.render({"form": form, "open": open_requests}, request))


class ValidityForm(forms.Form):
    category = forms.CharField(max_length=20)
    number = forms.CharField(max_length=20)
    family_name = forms.CharField(max_length=100)
    given_names = forms.CharField(max_length=100)
    birth_date = forms.DateField()


VALIDITY = _page(
    "<h1>Okmány érvényessége</h1>{% if form.errors %}<p>Hibás adatok</p>{% endif %}"
    "<p>{% if valid %}Érvényes{% else %}Nem érvényes{% endif %}</p>"
)


@require_POST
def validity(request):
    form = ValidityForm(request.POST)
    valid = False
    if form.is_valid():
        data = form.cleaned_data
        document = Document.objects.filter(number=data["number"]).select_related("holder").first()
        valid = bool(
            document
            and document.holder.family_name == data["family_name"]
            and document.holder.birth_date == data["birth_date"]
        )
    return HttpResponse(VALIDITY.render({"title": "Érvényesség", "form": form, "valid": valid}))


@require_GET
def api_cases(request):
    """The API case list's equivalent: the token's citizen's cases as JSON."""
    from oauth2_provider.models import AccessToken

    header = request.headers.get("Authorization", "")
    token = AccessToken.objects.filter(token=header.removeprefix("Bearer ")).first()
    if token is None:
        return JsonResponse({"detail": "unauthorized"}, status=401)
    rows = list(
        Case.objects.filter(applicant_id=token.user_id)
        .exclude(status="draft")
        .values("reference", "case_type", "status", "created_at", "deadline", "decided_on")
    )
    return JsonResponse({"count": len(rows), "items": rows})


@require_GET
def bare(request):
    """A bare Django page (validity_bench.py's yardstick): reads nothing, renders nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("ref/bare/", bare),
    path("ref/home/", home),
    path("ref/service/", service),
    path("ref/my-requests/", my_requests),
    path("ref/case/<str:reference>/", case),
    path("ref/check/", check),
    path("ref/validity/", validity),
    path("ref/api/cases/", api_cases),
    # The portal's own URLs too, so that names the shell and the error pages reverse
    # (and a row's get_absolute_url) resolve as in the portal.
    *portal_urlpatterns,
]
