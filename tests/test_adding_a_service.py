"""The guide `docs/adding-a-service.md` is true: its service, built as it says, files.

The Python blocks of the guide that begin with a `# bicycles/…` line are written, as
they stand, into a throw-away app on a temporary path; the app is installed for the
test, its migration made and applied as the guide says, its case types found the way
`cases.apps` finds them at start-up, and the service is filed through the generic
flow. A guide that drifts from the code fails here.
"""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from cases import registry
from cases.models import Case
from tests import factories

GUIDE = Path(settings.BASE_DIR) / "docs" / "adding-a-service.md"
APP = "bicycles"
SLUG = "bicycles.theft_report"
# A fenced Python block whose first line names the file it is.
BLOCK = re.compile(r"^```python\n# (bicycles/[\w/]+\.py)\n(.*?)^```", re.M | re.S)

pytestmark = pytest.mark.django_db(transaction=True)


def guide_files() -> dict[str, str]:
    files = dict(BLOCK.findall(GUIDE.read_text(encoding="utf-8")))
    assert set(files) == {
        "bicycles/apps.py",
        "bicycles/models.py",
        "bicycles/eligibility.py",
        "bicycles/theft_report.py",
        "bicycles/case_types.py",
    }
    return files


@pytest.fixture
def bicycles(tmp_path, monkeypatch):
    """The guide's app, installed beside the real ones for one test."""
    (tmp_path / APP).mkdir()
    (tmp_path / APP / "__init__.py").write_text("")  # "an empty __init__.py"
    for path, text in guide_files().items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    # What `INSTALLED_APPS` does at start-up, for this app alone: re-populating the
    # whole registry would run every app's `ready()` a second time.
    config = AppConfig.create(APP)
    config.apps = apps
    apps.app_configs[config.label] = config
    try:
        config.import_models()
        apps.clear_cache()
        call_command("makemigrations", APP, verbosity=0)
        call_command("migrate", APP, verbosity=0)
        autodiscover_modules("case_types")
        yield sys.modules[f"{APP}.models"]
    finally:
        registry.unregister(SLUG)
        if (tmp_path / APP / "migrations").exists():
            call_command("migrate", APP, "zero", verbosity=0)
        # The reverse accessors the app's foreign keys put on the spine's classes.
        from cases.models import Case as CaseModel
        from population.models import Person

        for model, name in ((CaseModel, "bicycles_theft_report"), (Person, "bicycles")):
            if name in model.__dict__:
                delattr(model, name)
        del apps.app_configs[APP]
        apps.all_models.pop(APP, None)
        apps.clear_cache()
        for name in [m for m in sys.modules if m == APP or m.startswith(f"{APP}.")]:
            del sys.modules[name]


def test_the_guide_names_only_modules_of_the_shape():
    # The service's code is in its module, named after its slug; the others are role modules.
    modules = {Path(path).stem for path in guide_files()}
    assert modules == {"apps", "models", "eligibility", "theft_report", "case_types"}


def test_the_guides_service_is_registered_as_written(bicycles):
    kind = registry.get(SLUG)
    assert (kind.detail_model, kind.deadline_days, kind.fee, kind.immediate) == (
        "bicycles.TheftReport",
        8,
        None,
        False,
    )
    assert [step.__name__ for step in kind.forms] == ["BicycleStep", "TheftStep"]


def test_a_citizen_files_the_guides_service_through_the_generic_flow(bicycles, client):
    citizen = factories.CitizenFactory()
    someone_else = factories.PersonFactory()
    mine = bicycles.Bicycle.objects.create(frame_number="WBK1234", owner=citizen.person)
    bicycles.Bicycle.objects.create(frame_number="WBK9999", owner=someone_else)
    client.force_login(citizen)

    first = client.get(reverse("flow:start", args=[SLUG]))
    assert first.status_code == 200 and "Frame number" in first.content.decode()

    # The eligibility check of the guide speaks on the live check and on saving.
    check = client.post(
        reverse("flow:check_first", args=[SLUG]),
        {"frame_number": "wbk9999"},
        HTTP_HX_REQUEST="true",
    )
    assert "The bicycle WBK9999 is registered to another person." in check.content.decode()
    refused = client.post(reverse("flow:save_first", args=[SLUG]), {"frame_number": "WBK9999"})
    assert refused.status_code == 422 and not Case.objects.exists()

    client.post(reverse("flow:save_first", args=[SLUG]), {"frame_number": " wbk1234 "})
    case = Case.objects.get()
    assert (case.case_type, case.status) == (SLUG, "draft")

    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), {"stolen_on": tomorrow.isoformat()}
    )
    assert future.status_code == 422
    assert "The day cannot be in the future." in future.content.decode()
    stolen_on = timezone.localdate() - timedelta(days=2)
    client.post(reverse("flow:save_step", args=[case.reference, 1]), {"stolen_on": str(stolen_on)})

    review = client.get(reverse("flow:review", args=[case.reference]))
    assert review.status_code == 200 and "wbk1234" in review.content.decode()

    submitted = client.post(reverse("flow:submit", args=[case.reference]))
    assert submitted["Location"] == reverse("flow:done", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "submitted" and case.deadline is not None
    assert (case.detail.bicycle_id, case.detail.stolen_on) == (mine.pk, stolen_on)
    mine.refresh_from_db()
    assert mine.stolen_since == stolen_on


def test_the_guides_effect_refuses_when_the_register_changed_meanwhile(bicycles, client):
    citizen = factories.CitizenFactory()
    bicycle = bicycles.Bicycle.objects.create(frame_number="WBK1234", owner=citizen.person)
    client.force_login(citizen)
    client.post(reverse("flow:save_first", args=[SLUG]), {"frame_number": "WBK1234"})
    case = Case.objects.get()
    client.post(reverse("flow:save_step", args=[case.reference, 1]), {"stolen_on": "2026-01-02"})
    # The bicycle is sold between the review and the submission: the flow runs the
    # checks again on every answer, so the citizen is sent back to the last step.
    bicycle.owner = factories.PersonFactory()
    bicycle.save()
    response = client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:step", args=[case.reference, 1])
    case.refresh_from_db()
    bicycle.refresh_from_db()
    assert (case.status, bicycle.stolen_since) == ("draft", None)
    # The effect itself asks the rule again under the lock.
    theft = sys.modules["bicycles.theft_report"]
    bicycle.owner = citizen.person
    bicycle.save()
    bicycles.TheftReport.objects.create(case=case, bicycle=bicycle, stolen_on=date(2026, 1, 2))
    bicycle.owner = factories.PersonFactory()
    bicycle.save()
    with pytest.raises(theft.RegisterChanged):
        theft.report_theft(case)
