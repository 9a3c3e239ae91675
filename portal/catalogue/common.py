"""Texts shared by several service pages (payment, eligibility and receipt notes)."""

from __future__ import annotations

from portal.catalogue.base import Text

NO_FEE_EXEMPTION = Text(
    (
        "Az elektronikus eljárásban nem kérhető személyes költségmentesség; költségmentességi "
        "kérelmet csak személyesen lehet előterjeszteni."
    ),
    (
        "Personal exemption from costs cannot be requested in the online procedure; an exemption "
        "request can only be made in person."
    ),
)

BANK_ACCOUNT = Text(
    (
        "Pénzintézeti folyószámla, amelyről a díjat vagy illetéket kiegyenlíti (banki átutalással "
        "vagy bankkártyával)."
    ),
    "A bank account from which to pay the fee or duty (by bank transfer or by card).",
)

SELF_ONLY = Text(
    "Kérelmét saját maga nyújtja be: képviselő útján nem tehető meg.",
    "You file the request yourself: it cannot be made through a representative.",
)

OWNER_KEEPER = Text(
    (
        "A gépjármű tulajdonosa, aki egyben az üzembentartója is, és rendelkezik a jármű "
        "törzskönyvével és forgalmi engedélyével."
    ),
    (
        "The vehicle's owner who is also its keeper and holds its title document (törzskönyv) and "
        "registration certificate (forgalmi engedély)."
    ),
)

NO_DOCUMENTS = Text(
    (
        "Iratot nem kell bemutatnia, benyújtania vagy megküldenie, a forgalmi engedélyt sem: a "
        "kérelem teljes körűen elektronikusan intézhető."
    ),
    (
        "You need not present, submit or send any document, not even the registration certificate: "
        "the request is handled entirely online."
    ),
)


def receipt(issuer: Text) -> Text:
    """The note on the optional electronic payment receipt, issued by ``issuer``."""
    return Text(
        (
            f"Kérésére a befizetésről {issuer.hu} elektronikus bizonylatot állít ki, miután az "
            "összeg beérkezett a számlájára, és a kérelem ellenértékeként elszámolták. A bizonylat "
            "a benyújtás után – bizonyos idő elteltével – a Kérelmeim, nyilatkozataim / "
            "Megtekintés / Fizetési bizonylat / Letöltés útvonalon érhető el."
        ),
        (
            f"On request, {issuer.en} issues an electronic receipt for the payment once the money "
            "has arrived in its account and has been booked against the request. Some time after "
            "submission, the receipt can be downloaded under My requests and declarations / View / "
            "Payment receipt / Download."
        ),
    )


DISTRICT_XIII = Text(
    "Budapest Főváros Kormányhivatala XIII. Kerületi Hivatala",
    "the 13th District Office of the Budapest Capital Government Office",
)
MINISTRY = Text("a Belügyminisztérium", "the Ministry of the Interior")


def join(*parts: Text) -> Text:
    """Several texts run together into one paragraph."""
    return Text(" ".join(p.hu for p in parts), " ".join(p.en for p in parts))
