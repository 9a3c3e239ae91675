from __future__ import annotations

import pytest
from django.urls import reverse

from identity import profile


def test_the_profile_needs_login(client, db):
    response = client.get(reverse("identity:profile"))
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_the_profile_shows_the_citizens_identity_data(citizen_client, citizen):
    page = citizen_client.get(reverse("identity:profile")).content.decode()
    assert citizen.birth_family_name in page
    assert citizen.email in page
    assert reverse("identity:profile") in page  # the header links to it


@pytest.fixture
def section(settings, tmp_path):
    (tmp_path / "section.html").write_text(
        '<h2 id="testing-heading">Testing</h2><p>{{ section.greeting }}</p>'
    )
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], str(tmp_path)]
    settings.TEMPLATES = [engine]
    added = profile.Section(
        key="testing",
        template="section.html",
        context=lambda request: {"greeting": f"hello {request.user.first_name}"},
    )
    profile.register_section(added)
    yield added
    profile._sections.pop("testing")


def test_an_apps_section_is_shown_with_its_context(section, citizen_client, citizen):
    page = citizen_client.get(reverse("identity:profile")).content.decode()
    assert 'id="testing"' in page
    assert f"hello {citizen.first_name}" in page
