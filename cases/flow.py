"""Filing a request step by step: the draft, its answers, and its submission.

A case type's `forms` are the steps. The citizen's answers are kept on the
draft case as they were typed (`Case.draft_data`), so a step can be shown
again, a half-filled request survives a closed browser, and every step is
validated again, with the eligibility checks, at submission: the register may
have changed meanwhile. Uploaded files are stored as attachments of the draft
as soon as their step is valid (they were checked by content then).

Submission writes the type's detail row, then either waits for the payment
(`AWAITING_PAYMENT`; `payments` submits the case when the money is confirmed)
or submits it at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases import fees, registry
from cases.actions import add_attachment, create_case, submit_case
from cases.models import Attachment, Case
from cases.uploads import inspect_upload
from cases.workflow import Status, transition


class StepForm(forms.Form):
    """Base of every step form: knows the applicant and the earlier answers."""

    title: Any = ""  # the step's heading
    # Attachment kind of each file field (default: other document).
    attachment_kinds: Mapping[str, str] = {}
    # Fields required only with some answers (checked in `clean`): not marked optional.
    conditionally_required: tuple[str, ...] = ()

    def __init__(self, *args, applicant=None, previous: Mapping[str, Any] | None = None, **kwargs):
        self.applicant = applicant
        self.previous = dict(previous or {})
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{name}_error"]
            if field.help_text:
                described.append(f"id_{name}_helptext")
            field.widget.attrs.setdefault("aria-describedby", " ".join(described))
            style_control(field.widget)
        # The one place that decides which labels say "optional".
        self.optional_fields = frozenset(
            name
            for name, field in self.fields.items()
            if not field.required and name not in self.conditionally_required
        )

    def warnings(self) -> list:
        """What the citizen should know about valid answers (nothing blocks)."""
        return []

    def full_clean(self) -> None:
        super().full_clean()
        # A group of inputs marks, and shows beside it, only the inputs that are wrong.
        for name, field in self.fields.items():
            if isinstance(field.widget, InputGroup):
                field.widget.errors_by_part = part_errors(self, name)[1]


# The `params` key of a ValidationError that names the one input of an `InputGroup`
# that is wrong (its part: its key in the group's widgets, without leading underscores).
PART = "part"


def part_errors(form: forms.Form, name: str) -> tuple[list[str], dict[str, list[str]]]:
    """A field's error messages: those of the whole field, and those of one input
    of a group by the input's part key."""
    whole: list[str] = []
    parts: dict[str, list[str]] = {}
    if not form.is_bound or name not in form.errors:
        return whole, parts
    for error in form.errors.as_data()[name]:
        params = getattr(error, "params", None)
        part = params.get(PART) if isinstance(params, dict) else None
        for message in error.messages:
            (parts.setdefault(part, []) if part else whole).append(message)
    return whole, parts


def field_anchor(bound: forms.BoundField) -> str:
    """The id of the first input of a field, for a link that leads to it: a radio
    group or a group of inputs has no `<label for>` of its own."""
    return bound.id_for_label or f"{bound.auto_id}_0"


def part_id(bound: forms.BoundField, part: str) -> str:
    """The id of one input of an `InputGroup` (Django numbers a group's inputs)."""
    return f"{bound.auto_id}_{bound.field.widget.parts.index(part)}"


def error_links(form: forms.Form) -> list[tuple[str, str]]:
    """(anchor id, text) of every field error, for the error summary: each links to
    the input it is about (an input of a group when the error names its part)."""
    links = []
    for bound in form:
        whole, parts = part_errors(form, bound.name)
        links += [(field_anchor(bound), f"{bound.label}: {message}") for message in whole]
        for part, messages in parts.items():
            links += [(part_id(bound, part), message) for message in messages]
    return links


class InputGroup(forms.MultiWidget):
    """Several labelled inputs of one field, shown as a fieldset (`_field.html`).

    `widgets` is a dict whose keys, without leading underscores, name the inputs'
    parts. An error raised with `params={PART: key}` belongs to that input alone:
    it is shown right under it, linked from the summary to it, and only that
    input is marked `aria-invalid`. `labels` gives each input its label.
    """

    input_type = "radio"  # the flow's field template draws a fieldset with a legend
    labels: Mapping[str, Any] = {}

    def __init__(self, widgets, attrs=None) -> None:
        super().__init__(widgets, attrs)
        self.errors_by_part: dict[str, list[str]] = {}

    @property
    def parts(self) -> list[str]:
        return [name.lstrip("_") for name in self.widgets_names]

    def subwidgets(self, name, value, attrs=None):
        attrs = dict(attrs or {})
        attrs.pop("aria-invalid", None)  # set below on the wrong inputs only
        described = attrs.pop("aria-describedby", "") or self.attrs.get("aria-describedby", "")
        shared = [ref for ref in described.split() if ref.endswith("_helptext")]
        context = self.get_context(name, value, attrs)
        for part, data in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            own = dict(data["attrs"])
            error_id = f"{own['id']}_error"
            own["aria-describedby"] = " ".join([error_id, *shared])
            errors = self.errors_by_part.get(part, [])
            if errors:
                own["aria-invalid"] = "true"
            yield {
                **data,
                "attrs": own,
                "label": self.labels.get(part, ""),
                "error_id": error_id,
                "errors": errors,
            }


def style_control(widget: forms.Widget) -> None:
    """Bootstrap's class for the kind of control, so that every step of every
    service looks the same (a plate, a date, a radio group). A widget that
    brings its own class (the lookup's grouped inputs) keeps it."""
    if "class" in widget.attrs or isinstance(widget, (forms.MultiWidget, forms.HiddenInput)):
        return
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        widget.attrs["class"] = "form-check-input"
    elif isinstance(widget, forms.Select):
        widget.attrs["class"] = "form-select"
    else:
        widget.attrs["class"] = "form-control"


class DocumentField(forms.FileField):
    """A scan or PDF: checked by content (PDF, JPEG, PNG), size and for malware.

    A new upload is cleaned to the `CheckedUpload` that will be stored (an
    image re-encoded), so it is checked and scanned once.
    """

    widget = forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "size"):
            return inspect_upload(value)
        return value


@dataclass
class Outcome:
    """Where a validated step leaves the citizen."""

    form: StepForm
    data: dict  # every answer so far, cleaned (valid only when `form` is)

    @property
    def valid(self) -> bool:
        return self.form.is_bound and not self.form.errors

    @property
    def warnings(self) -> list:
        return self.form.warnings() if self.form.is_bound and self.valid else []


def takes_list(field: forms.Field) -> bool:
    """Whether a field's answer is a list of values (ticked boxes, a multiple select,
    repeated hidden inputs), however many of them were sent."""
    return isinstance(field, forms.MultipleChoiceField) or isinstance(
        field.widget, (forms.SelectMultiple, forms.MultipleHiddenInput)
    )


def raw_answers(post, form: forms.Form) -> dict:
    """POST data as stored: strings, lists for repeated keys and for every field of
    `form` that takes a list (one ticked box is a list of one), no CSRF token.

    NUL characters are dropped: no field means one (text fields refuse it), a ticked box
    accepts any value, and PostgreSQL's JSON cannot store it."""
    lists = {form.add_prefix(name) for name, field in form.fields.items() if takes_list(field)}
    answers = {}
    for key, values in post.lists():
        if key == "csrfmiddlewaretoken" or "\x00" in key:
            continue
        values = [value.replace("\x00", "") for value in values]
        answers[key] = values if len(values) > 1 or key in lists else values[0]
    return answers


def read_stored(form: forms.Form) -> None:
    """Let `form` read answers stored before list-valued fields were kept as lists: a
    draft saved then holds one ticked box as a plain string, which a multiple-choice
    field would refuse as "not a list"."""
    data = dict(form.data)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if takes_list(field) and isinstance(data.get(key), str):
            data[key] = [data[key]]
    form.data = data


class Draft:
    """One case type's steps, over a draft case (or none before the first step)."""

    def __init__(self, kind: registry.CaseType, applicant, case: Case | None = None) -> None:
        self.kind, self.applicant, self.case = kind, applicant, case

    @property
    def steps(self) -> list[type[StepForm]]:
        return list(self.kind.forms)

    def stored(self, index: int) -> dict | None:
        if self.case is None:
            return None
        return self.case.draft_data.get("steps", {}).get(str(index))

    def stored_files(self, index: int) -> dict[str, Attachment]:
        if self.case is None:
            return {}
        ids = {
            key.split(":", 1)[1]: pk
            for key, pk in self.case.draft_data.get("files", {}).items()
            if key.split(":", 1)[0] == str(index)
        }
        found = {a.pk: a for a in self.case.attachments.filter(pk__in=ids.values())}
        return {name: found[pk] for name, pk in ids.items() if pk in found}

    def form(self, index: int, data=None, files=None, previous=None) -> StepForm:
        """The step's form, bound to `data` or else to the stored answers."""
        from_draft = data is None
        if from_draft:
            data = self.stored(index)
        initial = {name: a.file for name, a in self.stored_files(index).items()}
        form = self.steps[index](
            data,
            files,
            applicant=self.applicant,
            previous=previous,
            initial=initial,
        )
        if from_draft and form.is_bound:
            read_stored(form)
        return form

    def answered_through(self) -> int:
        """How many steps have stored answers, in order."""
        count = 0
        while count < len(self.steps) and self.stored(count) is not None:
            count += 1
        return count

    def previous_answers(self, index: int) -> dict:
        """The cleaned answers of the steps before `index` (which must be valid)."""
        previous = {}
        for earlier in range(index):
            form = self.form(earlier, previous=previous)
            if not form.is_valid():
                raise EarlierStepInvalid(earlier)
            previous.update(form.cleaned_data)
        return previous

    def blank_form(self, index: int) -> StepForm:
        """The step as first shown: unbound, but knowing the earlier answers."""
        previous = self.previous_answers(index) if self.case is not None else {}
        return self.form(index, previous=previous)

    def validate(self, index: int, data=None, files=None) -> Outcome:
        """Validate step `index` (given or stored answers) after the earlier ones,
        then the type's eligibility checks on every answer so far."""
        return self._validated(index, self.previous_answers(index), data, files)

    def validate_steps(self) -> list[Outcome]:
        """Every stored step in one pass, up to and including the first invalid one."""
        outcomes, previous = [], {}
        for index in range(len(self.steps)):
            outcome = self._validated(index, previous)
            outcomes.append(outcome)
            if not outcome.valid:
                break
            previous = outcome.data
        return outcomes

    def _validated(self, index: int, previous: dict, data=None, files=None) -> Outcome:
        form = self.form(index, data, files, previous=previous)
        answers = dict(previous)
        if form.is_valid():
            answers.update(form.cleaned_data)
            for check in self.kind.eligibility:
                reason = check(self.applicant, answers)
                if reason:
                    form.add_error(None, reason)
        return Outcome(form=form, data=answers)

    def validate_all(self) -> Outcome:
        return self.validate(len(self.steps) - 1)

    @transaction.atomic
    def save_step(self, index: int, outcome: Outcome, post, files) -> Case:
        """Keep a valid step's answers (creating the draft on the first one)."""
        if self.case is None:
            self.case = create_case(self.kind.slug, applicant=self.applicant, by=self.applicant)
        case = Case.objects.select_for_update().get(pk=self.case.pk)
        state = dict(case.draft_data)
        steps = dict(state.get("steps", {}))
        steps[str(index)] = raw_answers(post, outcome.form)
        state["steps"] = steps
        stored = dict(state.get("files", {}))
        for name, upload in (files or {}).items():
            if name not in outcome.form.fields:
                continue
            # The field's cleaned file: already checked, and re-encoded if an image.
            upload = outcome.form.cleaned_data.get(name) or upload
            kind = outcome.form.attachment_kinds.get(name, Attachment.Kind.OTHER)
            attachment = add_attachment(case, upload, kind=kind, by=self.applicant)
            replaced = stored.get(f"{index}:{name}")
            if replaced:
                case.attachments.filter(pk=replaced).delete()
            stored[f"{index}:{name}"] = attachment.pk
        state["files"] = stored
        case.draft_data = state
        case.save(update_fields=["draft_data"])
        self.case = case
        return case

    def submit(self, *, by) -> Case:
        """File the request: detail row, then payment or submission.

        Raises `NotSubmittable` with the first step that no longer validates.
        """
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=self.case.pk)
            if case.status != Status.DRAFT:
                raise AlreadyFiled(case)
            self.case = case
            try:
                outcome = self.validate_all()
            except EarlierStepInvalid as error:
                raise NotSubmittable(error.index) from None
            if not outcome.valid:
                raise NotSubmittable(len(self.steps) - 1)
            if self.kind.save_detail is not None:
                self.kind.save_detail(case, outcome.data)
            case.__dict__.pop("_detail", None)
            case.draft_data = {}
            case.save(update_fields=["draft_data"])
            if fees.quote_for(case).total_huf > 0:
                transition(case, Status.AWAITING_PAYMENT, by=by)
            else:
                submit_case(case, by=by)
        return case


class EarlierStepInvalid(Exception):
    def __init__(self, index: int) -> None:
        self.index = index
        super().__init__(f"step {index} is not valid")


class NotSubmittable(Exception):
    def __init__(self, index: int) -> None:
        self.index = index
        super().__init__(f"step {index} is not valid")


class AlreadyFiled(Exception):
    def __init__(self, case: Case) -> None:
        self.case = case
        super().__init__(case.reference)


def quote_for_answers(kind: registry.CaseType, answers: Mapping[str, Any]):
    """The fee for the answers so far, or None while it cannot be told yet."""
    if kind.fee is None:
        return fees.FREE
    try:
        result = kind.fee(answers)
    except (KeyError, ValueError, TypeError):
        return None
    if result is None:
        return fees.FREE
    if isinstance(result, fees.FeeQuote):
        return result
    return fees.quote(fees.FeeLine(_("Fee"), result))


def summary(form: StepForm) -> list[tuple[Any, str]]:
    """(label, shown value) of a valid step, for the review page."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field, forms.BooleanField):
            shown = _("Yes") if value else _("No")
        elif isinstance(field, forms.FileField):
            shown = getattr(value, "name", "") and _("attached")
        elif isinstance(field, forms.ModelChoiceField):
            shown = str(value) if value is not None else ""
        elif isinstance(field, forms.MultipleChoiceField):
            labels = dict(field.choices)
            shown = ", ".join(str(labels.get(v, v)) for v in value or [])
        elif isinstance(field, forms.ChoiceField):
            shown = str(dict(field.choices).get(value, value or ""))
        elif hasattr(value, "strftime"):
            shown = value.strftime("%Y. %m. %d.")
        else:
            shown = "" if value is None else str(value)
        rows.append((field.label, shown or "–"))
    return rows
