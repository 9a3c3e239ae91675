"""Parking cards for people with reduced mobility: replacement and exchange."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

PRIVATE_ONLY = Text(
    (
        "Csak magánszemély (természetes személy) részére kiadott igazolvány pótolható vagy "
        "cserélhető elektronikusan."
    ),
    "Only cards issued to private persons (natural persons) can be replaced or exchanged online.",
)

ISSUED_WITHIN_15_DAYS = Text(
    (
        "Az igazolványt 15 napon belül kiállítja és postázza Budapest Főváros Kormányhivatala "
        "XIII. Kerületi Hivatala."
    ),
    (
        "The 13th District Office of the Budapest Capital Government Office issues and posts the "
        "card within 15 days."
    ),
)

POSTAL_ADDRESS = Text(
    "A postacím, ahová az igazolványt kéri.",
    "The postal address to which the card should be sent.",
)

INVALID_WHEN = Text(
    (
        "Érvénytelen az igazolvány, ha a jogosult meghalt; ha időbeli hatálya lejárt; ha "
        "alkalmatlan a jogosult személyének és jogosultságának megállapítására; ha "
        "meghamisították; ha visszavonását bejegyezték a nyilvántartásba; vagy ha elvesztésének, "
        "eltulajdonításának, megsemmisülésének tényét bejegyezték a nyilvántartásba."
    ),
    (
        "A card is invalid if the holder has died; if it has expired; if it can no longer be used "
        "to establish the holder's identity and entitlement; if it has been forged; if its "
        "revocation has been entered in the register; or if its loss, theft or destruction has "
        "been entered in the register."
    ),
)

HOLDING_RULES = (
    Text(
        (
            "Használatkor az igazolványt a mozgásában korlátozott személyt szállító jármű "
            "szélvédője mögött úgy kell elhelyezni, hogy előlapja a hatályosság és a jogosultság "
            "ellenőrzése céljából látható legyen."
        ),
        (
            "When in use, the card must be placed behind the windscreen of the vehicle carrying "
            "the person with reduced mobility, with its front visible so that its validity and the "
            "entitlement can be checked."
        ),
    ),
    Text(
        (
            "A jogosultat szállító jármű vezetője az igazolvány által biztosított kedvezményekkel "
            "csak a jogosult szállítása esetén élhet."
        ),
        "The driver may use the benefits of the card only while carrying the card holder.",
    ),
    Text(
        (
            "Az igazolványt az ellenőrzésre jogosult személy felszólítására ellenőrzés céljából át "
            "kell adni."
        ),
        (
            "The card must be handed over for inspection when a person authorised to check it asks "
            "for it."
        ),
    ),
    Text(
        "Az igazolvány nem adható át használatra arra jogosulatlan személynek.",
        "The card must not be lent to anyone not entitled to it.",
    ),
    Text(
        (
            "Ha a jogosult maga él vissza az igazolvány biztosította kedvezményekkel, az "
            "igazolványt visszavonják, és a visszavonástól számított egy évig nem állítható ki "
            "részére új igazolvány."
        ),
        (
            "If the holder misuses the benefits of the card, the card is revoked and no new card "
            "can be issued to them for one year from the revocation."
        ),
    ),
    Text(
        "Az adatváltozás tényét 15 napon belül be kell jelenteni az okmányirodában.",
        "Any change in the data must be reported to a document office within 15 days.",
    ),
    Text(
        (
            "Az érvénytelenné vált, megrongálódott vagy más okból cserére szoruló igazolványt "
            "haladéktalanul le kell adni bármelyik okmányirodában."
        ),
        (
            "A card that has become invalid, is damaged or needs exchanging for another reason "
            "must be handed in at any document office without delay."
        ),
    ),
)

REPLACEMENT = ServiceInfo(
    code="parking.replacement",
    title=Text(
        "Magánszemélyek részére kiadott parkolási igazolvány pótlása",
        "Replacing a parking card issued to a private person",
    ),
    summary=Text(
        (
            "Természetes személyek elektronikusan kezdeményezhetik a mozgásában korlátozott "
            "személy parkolási igazolványának pótlását, ha az igazolványt ellopták, megsemmisült "
            "vagy elveszett."
        ),
        (
            "Private persons can request online the replacement of a parking card for people with "
            "reduced mobility that has been stolen, destroyed or lost."
        ),
    ),
    who=(
        Text(
            (
                "Aki érvényes igazolvánnyal rendelkezett, és ezt az igazolványát ellopták, "
                "megsemmisült vagy elvesztette."
            ),
            "Anyone who held a valid card that has been stolen, destroyed or lost.",
        ),
        PRIVATE_ONLY,
    ),
    cost=Text(
        (
            "A természetes személyek részére kiállított parkolási igazolvány pótlása díj- és "
            "illetékmentes."
        ),
        "Replacing a parking card issued to a private person is free of charge.",
    ),
    deadline=ISSUED_WITHIN_15_DAYS,
    prepare=(
        Text(
            "A pótlás oka: lopás, megsemmisülés vagy elvesztés.",
            "The reason for the replacement: theft, destruction or loss.",
        ),
        POSTAL_ADDRESS,
    ),
    notes=(
        Text(
            (
                "Az eltulajdonítást, megsemmisülést vagy elvesztést haladéktalanul, de legkésőbb a "
                "tudomására jutástól számított tíz napon belül bármely járási hivatalnál be kell "
                "jelenteni."
            ),
            (
                "The theft, destruction or loss must be reported to any district office without "
                "delay, and at the latest within ten days of learning of it."
            ),
        ),
        INVALID_WHEN,
        *HOLDING_RULES,
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

EXCHANGE = ServiceInfo(
    code="parking.exchange",
    title=Text(
        "Magánszemélyek részére kiadott parkolási igazolvány cseréje",
        "Exchanging a parking card issued to a private person",
    ),
    summary=Text(
        (
            "A végleges állapotú természetes személyek elektronikusan kezdeményezhetik parkolási "
            "igazolványuk cseréjét, ha állapotuk véglegességét nem a 2012. december 31-e után már "
            "fel nem használható („7 pontos”) orvosi szakvélemény alapján állapították meg."
        ),
        (
            "People whose condition is permanent can request the exchange of their parking card "
            "online, provided that the permanence of their condition was not established on the "
            "basis of the (“7-point”) medical opinion that can no longer be used after 31 December "
            "2012."
        ),
    ),
    who=(
        Text(
            (
                "Akinek állapota végleges, és közlekedőképességében súlyosan akadályozott, látási "
                "fogyatékos, értelmi fogyatékos, autista, mozgásszervi fogyatékos, vak vagy "
                "gyengén látó."
            ),
            (
                "Anyone whose condition is permanent and who is severely impaired in mobility, "
                "visually impaired, intellectually disabled, autistic, has a musculoskeletal "
                "disability, or is blind or partially sighted."
            ),
        ),
        Text(
            (
                "Állapotának véglegességét nem a súlyosan mozgáskorlátozott személyek közlekedési "
                "kedvezményeiről szóló 102/2011. (VI. 29.) Korm. rendelet 14. § (4) bekezdése "
                "szerinti, 2012. december 31-e után fel nem használható („7 pontos”) orvosi "
                "szakvélemény alapján állapították meg."
            ),
            (
                "The permanence of the condition was not established on the basis of the "
                "(“7-point”) medical opinion under Section 14(4) of Government Decree 102/2011 "
                "(VI. 29.), which can no longer be used after 31 December 2012."
            ),
        ),
        PRIVATE_ONLY,
    ),
    cost=Text(
        (
            "A végleges állapotú természetes személyek részére kiállított parkolási igazolvány "
            "cseréje díj- és illetékmentes."
        ),
        (
            "Exchanging the parking card of a private person with a permanent condition is free of "
            "charge."
        ),
    ),
    deadline=ISSUED_WITHIN_15_DAYS,
    prepare=(
        Text(
            (
                "A jogosultságot igazoló, a mozgásában korlátozott személy parkolási "
                "igazolványáról szóló 218/2003. (XII. 11.) Korm. rendeletben meghatározott "
                "szakvélemény vagy szakhatósági állásfoglalás."
            ),
            (
                "The expert opinion or specialist authority's position proving your entitlement, "
                "as set out in Government Decree 218/2003 (XII. 11.) on the parking card for "
                "people with reduced mobility."
            ),
        ),
        POSTAL_ADDRESS,
    ),
    notes=(
        Text(
            (
                "Az igazolvány 5 évig érvényes, ha a szakvélemény szerint az állapot végleges. Az "
                "érvényességi idő leteltével az igazolvány újabb szakvélemény bemutatása nélkül "
                "további 5 évvel meghosszabbítható – kivéve a 2012. december 31-e után fel nem "
                "használható („7 pontos”) orvosi szakvélemény alapján kiállított igazolványokat."
            ),
            (
                "The card is valid for 5 years if the expert opinion finds the condition "
                "permanent. When it expires, it can be extended by another 5 years without a new "
                "opinion – except for cards issued on the basis of the (“7-point”) medical opinion "
                "that can no longer be used after 31 December 2012."
            ),
        ),
        INVALID_WHEN,
        *HOLDING_RULES,
        Text(
            (
                "Az eltulajdonítás, megsemmisülés vagy elvesztés tényét haladéktalanul be kell "
                "jelenteni bármelyik járási hivatalban."
            ),
            "A theft, destruction or loss must be reported to any district office without delay.",
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="parking",
    title=Text(
        "Parkolási igazolvány",
        "Parking cards for people with reduced mobility",
    ),
    intro=Text(
        (
            "A magánszemélyek részére kiadott parkolási igazolványt elektronikusan pótolhatja "
            "vagy cserélheti. Az igazolványt 15 napon belül kiállítják és postázzák."
        ),
        (
            "If you hold a parking card for people with reduced mobility issued to you as a "
            "private person, you can replace or exchange it online. The card is issued and posted "
            "within 15 days."
        ),
    ),
    services=(REPLACEMENT, EXCHANGE),
)
