from __future__ import annotations

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from appointments.models import Office
from documents.models import Document, DocumentKind
from identity.models import User
from population.identifiers import UnissuedSerialError, personal_id_for
from population.models import Address, Person

SENT_SMS: list[tuple[str, str]] = []


def record_sms(recipient: str, text: str) -> None:
    SENT_SMS.append((recipient, text))


def _valid_personal_id(n: int) -> str:
    born = date(1970, 1, 1) + timedelta(days=n * 37 % 15000)
    serial = 200 + n % 300
    while True:
        try:
            return personal_id_for(born, "M" if n % 2 else "F", serial)
        except UnissuedSerialError:
            serial += 1


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"office-{n}")
    name = factory.Sequence(lambda n: f"Kormányablak {n}")
    kind = Office.Kind.GOVERNMENT_WINDOW
    postal_code = "1051"
    settlement = "Budapest"
    street_address = "Sas utca 2."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    personal_id = factory.Sequence(_valid_personal_id)
    family_name = "Teszt"
    given_names = factory.Sequence(lambda n: f"Elek{n}")
    birth_family_name = "Teszt"
    birth_given_names = factory.SelfAttribute("given_names")
    mother_family_name = "Minta"
    mother_given_names = "Mária"
    birth_place = "Budapest"
    birth_date = date(1980, 1, 1)
    sex = "M"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    kind = Address.Kind.RESIDENCE
    postal_code = "1051"
    settlement = "Budapest"
    street_address = "Október 6. utca 1."
    valid_from = date(2015, 1, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = DocumentKind.ID_CARD
    number = factory.Sequence(lambda n: f"{100000 + n:06d}TE")
    holder = factory.SubFactory(PersonFactory)
    issued_on = date(2022, 1, 1)
    expires_on = date(2030, 1, 1)
    has_chip = True


class PassportFactory(DocumentFactory):
    """A 10-year private passport whose printed data are its holder's, applied for
    after 2013 with the fingerprints stored: one that can be replaced online."""

    kind = DocumentKind.PASSPORT
    number = factory.Sequence(lambda n: f"BA{1000000 + n:07d}")
    has_chip = True
    applied_on = date(2021, 5, 20)
    issued_on = date(2021, 6, 1)
    expires_on = date(2031, 6, 1)
    validity_years = 10
    fingerprints_stored = True
    printed_family_name = factory.SelfAttribute("holder.family_name")
    printed_given_names = factory.SelfAttribute("holder.given_names")
    printed_birth_date = factory.SelfAttribute("holder.birth_date")
    printed_birth_place = factory.SelfAttribute("holder.birth_place")


class CitizenFactory(factory.django.DjangoModelFactory):
    """A citizen who logged in before: 4T data complete, e-mail confirmed."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"citizen{n}")
    email = factory.Sequence(lambda n: f"citizen{n}@example.hu")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    person = factory.SubFactory(PersonFactory)
    last_name = factory.SelfAttribute("person.family_name")
    first_name = factory.SelfAttribute("person.given_names")
    birth_family_name = factory.SelfAttribute("person.birth_family_name")
    birth_given_names = factory.SelfAttribute("person.birth_given_names")
    mother_family_name = factory.SelfAttribute("person.mother_family_name")
    mother_given_names = factory.SelfAttribute("person.mother_given_names")
    birth_place = factory.SelfAttribute("person.birth_place")
    birth_date = factory.SelfAttribute("person.birth_date")


class ClerkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"clerk{n}")
    email = factory.Sequence(lambda n: f"clerk{n}@kormanyablak.example.hu")
    is_staff = True
    office = factory.SubFactory(OfficeFactory)
    password = factory.django.Password("clerk-password-123")

    @factory.post_generation
    def clerk_permissions(self, create, extracted, **kwargs):
        if not create:
            return
        group, _ = Group.objects.get_or_create(name="Clerks")
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=[
                    "cases",
                    "population",
                    "documents",
                    "vehicles",
                    "criminal_records",
                    "civil_registry",
                    "parking",
                    "residence",
                    "idcards",
                    "passports",
                ],
                codename__startswith="view_",
            ).exclude(codename="view_personal_identifier"),  # a clerk sees it masked
            *Permission.objects.filter(
                codename__in=[
                    "change_case",
                    "add_attachment",
                    "change_ownershipchange",
                    "change_titlereplacement",
                    "change_certificaterequest",
                    "change_certificate",
                    "change_datainforequest",
                    "change_extractrequest",
                    "change_cardreplacement",
                    "change_cardexchange",
                    "change_settlement",
                    "change_foreignaddresschange",
                    "change_replacement",
                    "change_secondpassport",
                    "change_acceleration",
                ]
            ),
        )
        self.groups.add(group)
