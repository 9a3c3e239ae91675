"""The citizen's identity data, as the profile page shows it."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from api.auth import CitizenToken
from api.throttling import PerToken

router = Router(tags=["profile"], auth=CitizenToken("profile:read"), throttle=[PerToken()])


class ProfileOut(Schema):
    family_name: str
    given_names: str
    birth_family_name: str
    birth_given_names: str
    mother_family_name: str
    mother_given_names: str
    birth_place: str
    birth_date: date | None
    email: str
    email_confirmed: bool
    preferred_language: str


@router.get("/", response=ProfileOut, summary="My identity data")
def my_profile(request):
    user = request.user
    return {
        "family_name": user.last_name,
        "given_names": user.first_name,
        "birth_family_name": user.birth_family_name,
        "birth_given_names": user.birth_given_names,
        "mother_family_name": user.mother_family_name,
        "mother_given_names": user.mother_given_names,
        "birth_place": user.birth_place,
        "birth_date": user.birth_date,
        "email": user.email,
        "email_confirmed": user.email_confirmed_at is not None,
        "preferred_language": user.preferred_language,
    }
