from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from sandbox.demo import seed
from ugyfelkapu import accounts, authentication
from ugyfelkapu.demo import DEMO_PASSWORD, demo_totp_secret, seed_demo_accounts
from ugyfelkapu.models import Account


@pytest.fixture
def demo(db):
    seed()
    return seed_demo_accounts()


@pytest.mark.django_db
def test_every_demo_citizen_gets_a_usable_account(demo):
    from ugyfelkapu.demo import DEMO_CITIZENS

    usernames = sorted(username for username, *_ in DEMO_CITIZENS)
    assert {"horvath.gabor", "kovacs.janos", "nagy.eva", "szabo.peter", "toth.anna"} <= set(
        usernames
    )
    assert sorted(Account.objects.values_list("username", flat=True)) == usernames
    for account in Account.objects.all():
        assert account.is_usable()
        assert check_password(DEMO_PASSWORD, account.password)
        assert account.fee_due == 0
    assert [a.username for a in Account.objects.all() if a.uses_totp] == ["kovacs.janos"]
    assert Account.objects.get(username="kovacs.janos").totp_secret == demo_totp_secret(
        "kovacs.janos"
    )
    assert authentication.authenticate_phone("+36201234567", "123456").username == "nagy.eva"
    assert any("DEMO-NAGY-EVA2" in line for line in demo)


@pytest.mark.django_db
def test_seeding_twice_changes_nothing(demo):
    before = list(Account.objects.values_list("pk", "subject", "password"))
    seed_demo_accounts()
    assert list(Account.objects.values_list("pk", "subject", "password")) == before


@pytest.mark.django_db
def test_the_demo_registration_code_opens_a_paid_further_account(demo):
    account = accounts.register_with_card(
        "700002AE", "DEMO-NAGY-EVA2", username="nagy.eva.ceg", email="eva@example.hu"
    )
    assert (account.person.family_name, account.fee_due) == ("Nagy", 3000)


@pytest.mark.django_db
def test_the_command_prints_the_current_code(demo, capsys):
    totp = pyotp.TOTP(demo_totp_secret("kovacs.janos"))
    before = totp.now()
    call_command("ugyfelkapu_totp", "kovacs.janos")
    after = totp.now()
    assert capsys.readouterr().out.split()[0] in {before, after}


@pytest.mark.django_db
def test_the_command_refuses_outside_the_sandbox(demo, settings):
    settings.PORTAL_SANDBOX = False
    with pytest.raises(CommandError, match="only in the sandbox"):
        call_command("ugyfelkapu_totp", "kovacs.janos")
