from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import Document
from identity.models import User
from population.identifiers import validate_personal_id
from population.models import Person
from sandbox import demo_passports
from sandbox.demo_documents import HOLDERS


@pytest.mark.django_db
def test_seed_demo_is_deterministic_and_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (Person.objects.count(), Document.objects.count(), User.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert first == second
    assert (Person.objects.count(), Document.objects.count(), User.objects.count()) == counts
    # + the register services' citizen without a registered residence (demo_register)
    # + the residence services' citizen of another state (demo_residence).
    assert counts[0] == 5 + len(HOLDERS) + len(demo_passports.CITIZENS) + 1 + 1
    for person in Person.objects.all():
        validate_personal_id(person.personal_id)
    assert "ugyintezo.kata" in first and "demo_totp" in first
    clerk = User.objects.get(username="ugyintezo.kata")
    assert clerk.is_staff and clerk.check_password("Ugysegeg-demo-2026")
    assert clerk.totpdevice_set.filter(confirmed=True).exists()


@pytest.mark.django_db
def test_demo_totp_prints_a_code_the_device_accepts(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_totp", "ugyintezo.kata")
    code = capsys.readouterr().out.split()[0]
    device = User.objects.get(username="ugyintezo.kata").totpdevice_set.get()
    assert device.verify_token(code)


@pytest.mark.django_db
def test_seed_scale_adds_only_missing_citizens(capsys):
    call_command("seed_scale", citizens=300, batch=120)
    assert Person.objects.count() == 300
    assert Document.objects.count() == 300
    call_command("seed_scale", citizens=450, batch=120)
    assert Person.objects.count() == 450
    out = capsys.readouterr().out
    assert "created=150" in out
    for person in Person.objects.all()[:50]:
        validate_personal_id(person.personal_id)
