"""The citizen's pages for filing a request: steps, review, submission.

Every page works without JavaScript (a step is a plain form posted to its
`save` address). With htmx, each change posts the form to the step's `check`
address, which writes nothing and answers with out-of-band fragments: the
errors of the fields filled in so far, the eligibility problems and the fee.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from cases import flow, registry
from cases.models import Case
from cases.uploads import ScanResult
from cases.views import case_for_applicant
from cases.workflow import Status, citizen_status_text, transition


def _kind(slug: str) -> registry.CaseType:
    if not registry.is_registered(slug):
        raise Http404
    kind = registry.get(slug)
    if not kind.forms:
        raise Http404
    return kind


def _draft(request: HttpRequest, reference: str) -> flow.Draft:
    case = case_for_applicant(request, reference)
    if case.status != Status.DRAFT:
        raise _Filed(case)
    return flow.Draft(case.type, request.user, case)


class _Filed(Exception):
    def __init__(self, case: Case) -> None:
        self.case = case


def _urls(draft: flow.Draft, index: int) -> dict[str, str]:
    if draft.case is None:
        return {
            "save_url": reverse("flow:save_first", args=[draft.kind.slug]),
            "check_url": reverse("flow:check_first", args=[draft.kind.slug]),
        }
    ref = draft.case.reference
    return {
        "save_url": reverse("flow:save_step", args=[ref, index]),
        "check_url": reverse("flow:check_step", args=[ref, index]),
        "back_url": reverse("flow:step", args=[ref, index - 1]) if index else "",
    }


def _step_context(draft: flow.Draft, index: int, outcome: flow.Outcome | None, form) -> dict:
    # Before this step is answered the fee follows the earlier answers.
    answers = outcome.data if outcome else dict(getattr(form, "previous", {}))
    return {
        "kind": draft.kind,
        "case": draft.case,
        "index": index,
        "number": index + 1,
        "count": len(draft.steps),
        "titles": [step.title for step in draft.steps],
        "form": form,
        "stored_files": draft.stored_files(index),
        "quote": flow.quote_for_answers(draft.kind, answers) if answers else None,
        "warnings": outcome.warnings if outcome else [],
        **_urls(draft, index),
    }


def _render_step(request, draft, index, outcome=None, form=None, status=200):
    form = form if form is not None else (outcome.form if outcome else draft.blank_form(index))
    context = _step_context(draft, index, outcome, form)
    return render(request, "cases/flow/step.html", context, status=status)


def _filled(form, request) -> set[str]:
    """Names of the fields the citizen has typed into.

    A field made of several inputs (a MultiWidget posts ``<name>_<part>``) counts as
    filled as soon as one of its inputs is.
    """
    given = {key for key, value in request.POST.items() if value.strip()} | set(request.FILES)
    parts = [key for key in given if key not in form.fields]
    return {
        name
        for name in form.fields
        if name in given or any(key.startswith(f"{name}_") for key in parts)
    }


def _live(request, draft, index, outcome: flow.Outcome) -> HttpResponse:
    """The htmx answer: errors only for fields the citizen has filled in."""
    form = outcome.form
    filled = _filled(form, request)
    field_errors = []
    for name, field in form.fields.items():
        whole, parts = flow.part_errors(form, name) if name in filled else ([], {})
        field_errors.append((f"id_{name}_error", whole))
        if isinstance(field.widget, flow.InputGroup):
            for part in field.widget.parts:
                field_errors.append(
                    (f"{flow.part_id(form[name], part)}_error", parts.get(part, []))
                )
    context = _step_context(draft, index, outcome, form)
    context["field_errors"] = field_errors
    context["problems"] = form.non_field_errors() if form.is_bound else []
    return render(request, "cases/flow/_live.html", context)


def _say_if_unscanned(request: HttpRequest, draft: flow.Draft, index: int) -> None:
    """Development without a running scanner (PORTAL_UPLOAD_SCAN=optional) accepts
    files unscanned: the citizen is told, never left to assume a check was made."""
    stored = draft.stored_files(index)
    if any(
        stored[name].malware_scan == ScanResult.NOT_SCANNED
        for name in request.FILES
        if name in stored
    ):
        messages.warning(
            request,
            _(
                "Your file was accepted without a malware check: the virus scanner is not "
                "running on this development machine."
            ),
        )


def _after_step(draft: flow.Draft, index: int):
    if index + 1 < len(draft.steps):
        return redirect("flow:step", draft.case.reference, index + 1)
    return redirect("flow:review", draft.case.reference)


# --- the first step (no draft yet) --------------------------------------------


@require_GET
@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    draft = flow.Draft(_kind(slug), request.user)
    return _render_step(request, draft, 0)


@require_POST
@login_required
@ratelimit(key="user", rate="120/m", method="POST", block=True)
def check_first(request: HttpRequest, slug: str) -> HttpResponse:
    draft = flow.Draft(_kind(slug), request.user)
    return _live(request, draft, 0, draft.validate(0, request.POST, request.FILES))


@require_POST
@login_required
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def save_first(request: HttpRequest, slug: str) -> HttpResponse:
    draft = flow.Draft(_kind(slug), request.user)
    outcome = draft.validate(0, request.POST, request.FILES)
    if not outcome.valid:
        return _render_step(request, draft, 0, outcome, status=422)
    draft.save_step(0, outcome, request.POST, request.FILES)
    _say_if_unscanned(request, draft, 0)
    return _after_step(draft, 0)


# --- later steps of a draft ---------------------------------------------------


def _draft_step(request, reference, index):
    try:
        draft = _draft(request, reference)
    except _Filed as filed:
        return None, redirect(filed.case.get_absolute_url())
    if not 0 <= index < len(draft.steps):
        raise Http404
    if index > draft.answered_through():
        return None, redirect("flow:step", reference, draft.answered_through())
    return draft, None


@require_GET
@login_required
def step(request: HttpRequest, reference: str, index: int) -> HttpResponse:
    draft, elsewhere = _draft_step(request, reference, index)
    if elsewhere:
        return elsewhere
    try:
        outcome = draft.validate(index) if draft.stored(index) is not None else None
        return _render_step(request, draft, index, outcome)
    except flow.EarlierStepInvalid as error:
        return redirect("flow:step", reference, error.index)


@require_POST
@login_required
@ratelimit(key="user", rate="120/m", method="POST", block=True)
def check_step(request: HttpRequest, reference: str, index: int) -> HttpResponse:
    draft, elsewhere = _draft_step(request, reference, index)
    if elsewhere:
        return HttpResponse(status=204)
    try:
        outcome = draft.validate(index, request.POST, request.FILES)
    except flow.EarlierStepInvalid:
        return HttpResponse(status=204)
    return _live(request, draft, index, outcome)


@require_POST
@login_required
@ratelimit(key="user", rate="30/m", method="POST", block=True)
def save_step(request: HttpRequest, reference: str, index: int) -> HttpResponse:
    draft, elsewhere = _draft_step(request, reference, index)
    if elsewhere:
        return elsewhere
    try:
        outcome = draft.validate(index, request.POST, request.FILES)
    except flow.EarlierStepInvalid as error:
        return redirect("flow:step", reference, error.index)
    if not outcome.valid:
        return _render_step(request, draft, index, outcome, status=422)
    draft.save_step(index, outcome, request.POST, request.FILES)
    _say_if_unscanned(request, draft, index)
    return _after_step(draft, index)


# --- review, submission, confirmation -----------------------------------------


@require_GET
@login_required
def review(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        draft = _draft(request, reference)
    except _Filed as filed:
        return redirect(filed.case.get_absolute_url())
    sections = []
    outcomes = draft.validate_steps()
    for index, outcome in enumerate(outcomes):
        if not outcome.valid:
            return redirect("flow:step", reference, index)
        sections.append(
            {
                "title": draft.steps[index].title,
                "rows": flow.summary(outcome.form),
                "warnings": outcome.warnings,
                "change_url": reverse("flow:step", args=[reference, index]),
            }
        )
    return render(
        request,
        "cases/flow/review.html",
        {
            "kind": draft.kind,
            "case": draft.case,
            "sections": sections,
            "quote": flow.quote_for_answers(draft.kind, outcomes[-1].data),
        },
    )


@require_POST
@login_required
@ratelimit(key="user", rate="10/m", method="POST", block=True)
def submit(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        draft = _draft(request, reference)
    except _Filed as filed:
        return redirect(filed.case.get_absolute_url())
    try:
        case = draft.submit(by=request.user)
    except flow.AlreadyFiled as filed:
        return redirect(filed.case.get_absolute_url())
    except flow.NotSubmittable as error:
        messages.error(
            request, _("Something in your request is no longer valid. Please check this step.")
        )
        return redirect("flow:step", reference, error.index)
    if case.status == Status.AWAITING_PAYMENT:
        return redirect("payments:case_payment", case.reference)
    return redirect("flow:done", case.reference)


@require_POST
@login_required
def discard(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        draft = _draft(request, reference)
    except _Filed as filed:
        return redirect(filed.case.get_absolute_url())
    transition(draft.case, Status.TERMINATED, by=request.user, note=_("Draft discarded"))
    messages.info(request, _("Your draft was discarded."))
    return redirect("portal:my_requests")


@require_GET
@login_required
def done(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_applicant(request, reference)
    if case.status in (Status.DRAFT, Status.AWAITING_PAYMENT):
        return redirect(case.get_absolute_url())
    return render(
        request,
        "cases/flow/done.html",
        {
            "case": case,
            "status_text": citizen_status_text(case.status),
            "documents": case.documents.filter(public=True),
        },
    )
