from __future__ import annotations

import pytest

from ugyfelkapu.methods import AUTHN_METHODS, METHOD_URNS, method_for_urn


def test_every_method_has_its_urn():
    assert AUTHN_METHODS == ("totp", "email", "phone", "card")
    assert METHOD_URNS == {
        "totp": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:totp",
        "email": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:email",
        "phone": "urn:ugysegeg:azonositas:telefonos",
        "card": "urn:ugysegeg:azonositas:eszemelyi",
    }


@pytest.mark.parametrize("method", AUTHN_METHODS)
def test_the_urn_leads_back_to_the_method(method):
    assert method_for_urn(METHOD_URNS[method]) == method


def test_an_unknown_urn_has_no_method():
    assert method_for_urn("urn:eksz.gov.hu:1.0:azonositas:kau:1:uk:uidpwd") is None
