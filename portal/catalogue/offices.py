"""Government offices, document offices, the mobile office bus and appointment booking."""

from __future__ import annotations

from portal.catalogue.base import SEED_OFFICES, ServiceGroup, ServiceInfo, Text

BOOKING = ServiceInfo(
    code="appointments.booking",
    title=Text(
        "Kormányablakok, okmányirodák és időpontfoglalás",
        "Government offices, document offices and appointments",
    ),
    summary=Text(
        (
            "Okmányügyeit személyesen a kormányablakokban és az okmányirodákban intézheti. Az "
            "ügyintézéshez ajánlott előre időpontot foglalni: a központi időpontfoglalóban, "
            "telefonon az 1818-as Kormányzati Ügyfélvonalon (Ügyfélkapu nélkül is), vagy "
            "személyesen az ügyfélszolgálatokon."
        ),
        (
            "Document matters can be handled in person at government offices (kormányablak) and "
            "document offices (okmányiroda). Booking an appointment in advance is recommended: in "
            "the central booking system, by phone on the Government Helpline 1818 (also without "
            "Ügyfélkapu), or in person at the offices."
        ),
    ),
    who=(
        Text(
            "Bárki, aki kormányablakban vagy okmányirodában kíván ügyet intézni.",
            "Anyone who wants to handle a matter at a government office or document office.",
        ),
        Text(
            "Telefonon Ügyfélkapu nélkül is foglalhat időpontot.",
            "By phone you can book an appointment without Ügyfélkapu.",
        ),
    ),
    cost=Text(
        "Az időpontfoglalás ingyenes. Az egyes ügyek díjáról az adott ügy leírása tájékoztat.",
        "Booking is free. The fee of each matter is given in that matter's description.",
    ),
    deadline=Text(
        "Azonnal: a lefoglalt időpont a foglaláskor rögzül.",
        "Immediate: the appointment is recorded as soon as it is booked.",
    ),
    prepare=(
        Text(
            "Az ügy típusa, a választott kormányablak vagy okmányiroda és az időpont.",
            "The kind of matter, the chosen government office or document office, and the time.",
        ),
        Text(
            (
                "Az ügyintézéshez szükséges okmányok és iratok; ezek meghatározásában az 1818-as "
                "Kormányzati Ügyfélvonal is segít."
            ),
            (
                "The documents needed for the matter; the Government Helpline 1818 can help you "
                "work out which."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A kormányablakon belül található az okmányiroda. Itt intézhető többek között a "
                "jogosítvány-ügyintézés, a lakcímigazolvány és a lakcímváltozás, a "
                "személyazonosító igazolvány, a mozgáskorlátozottak parkolási engedélye, a "
                "gépjármű-átírás, az üzletek működési engedélye és az Ügyfélkapu-regisztráció."
            ),
            (
                "The document office is part of the government office. Matters handled there "
                "include driving licences, address cards and changes of address, ID cards, parking "
                "cards for people with reduced mobility, vehicle transfers, shop operating "
                "licences and Ügyfélkapu registration."
            ),
        ),
        Text(
            (
                "A mobilizált kormányablak („kormányablakbusz”) ügyintézésre felszerelt kisbusz, "
                "amely előre meghatározott időpontokban olyan településekre jár, ahol nem működik "
                "állandó kormányablak. Benne többek között személyi igazolványt és útlevelet "
                "igényelhet, lakcímváltozást jelenthet be, intézheti vezetői engedélyét és "
                "parkolási igazolványát, felvetetheti a diákigazolvány igényléséhez szükséges NEK "
                "adatlapot, és Ügyfélkaput regisztrálhat."
            ),
            (
                "The mobile government office (“government office bus”) is a minibus equipped for "
                "administration that visits settlements without a permanent government office at "
                "set times. Among other things you can apply there for an ID card or a passport, "
                "report a change of address, handle driving licence and parking card matters, have "
                "the NEK data sheet for a student card taken, and register for Ügyfélkapu."
            ),
        ),
        Text(
            (
                "Az év végi igazgatási szünet idején (például 2022. december 22. és 2023. január "
                "6. között) a kormányablakok és okmányirodák többsége zárva tart; ilyenkor csak a "
                "kijelölt kormányablakok (2022-ben országszerte 60) és a Központi Okmányiroda tart "
                "nyitva."
            ),
            (
                "During the year-end administrative break (for example from 22 December 2022 to 6 "
                "January 2023) most government offices and document offices are closed; only the "
                "designated government offices (60 nationwide in 2022) and the Central Document "
                "Office stay open."
            ),
        ),
        Text(
            (
                "Új eSzemélyi személyes igénylésekor az ügyintéző fényképet készít, rögzíti az "
                "aláírását és ujjnyomatot vesz; igényelheti az e-aláírás szolgáltatást, és "
                "megadhat két vészhelyzet esetén értesítendő telefonszámot. Nyilatkozik arról, "
                "hogy az okmányt a megjelölt kormányablakban vagy okmányirodában, Magyarország "
                "külképviseletén vagy postán veszi át; kérésére SMS- és/vagy e-mail-értesítést kap "
                "a postára adás, illetve a kormányablakba érkezés napjáról. Az igénylés állását az "
                "Okmánystátusz lekérdezés szolgáltatással követheti."
            ),
            (
                "When you apply for a new eSzemélyi in person, the officer takes your photo, "
                "signature and fingerprints; you can request the e-signature service and give two "
                "emergency contact numbers. You choose to collect the card at the chosen "
                "government office or document office, at a Hungarian mission abroad, or by post; "
                "on request you get an SMS and/or e-mail on the day it is posted or arrives at the "
                "office. You can follow the application with the document status lookup."
            ),
        ),
        Text(
            (
                "Az eSzemélyi igénylése illetékmentes. Ügyintézési határideje 8 nap, ha a hatóság "
                "rendelkezésére álló adatok alapján a tényállás tisztázott, egyéb esetben 20 nap."
            ),
            (
                "Applying for an eSzemélyi is free of charge. The deadline is 8 days if the facts "
                "are clear from the data available to the authority, otherwise 20 days."
            ),
        ),
        Text(
            (
                "Telefonos segítség a 0–24 órában elérhető 1818-as Kormányzati Ügyfélvonalon "
                "(külföldről: +36 1 550 1858), valamint chaten. Az ügyfélvonal tájékoztat a "
                "kormányablakokban, okmányirodákban és a kormányhivatalok ügyfélszolgálatain "
                "intézhető ügyekről, segít megtalálni a megfelelő ügytípust, kiválasztani az "
                "ügyintézés helyszínét és időpontját, és meghatározni a szükséges okmányokat és "
                "iratokat."
            ),
            (
                "Help by phone on the Government Helpline 1818, available around the clock (from "
                "abroad: +36 1 550 1858), and by chat. The helpline gives information on matters "
                "handled at government offices, document offices and government office customer "
                "services, and helps you find the right kind of matter, choose the place and time, "
                "and work out the documents you need."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_OFFICES,
)

GROUP = ServiceGroup(
    slug="offices",
    title=Text(
        "Kormányablakok és időpontfoglalás",
        "Government offices and appointments",
    ),
    intro=Text(
        (
            "Személyesen a kormányablakokban, okmányirodákban és a mobilizált kormányablakokban "
            "intézheti ügyeit; érdemes előre időpontot foglalnia. Kérdéseivel forduljon bizalommal "
            "az 1818-as Kormányzati Ügyfélvonalhoz."
        ),
        (
            "Handle matters in person at government offices, document offices and mobile "
            "government offices; booking an appointment in advance is recommended. For questions, "
            "call the Government Helpline 1818."
        ),
    ),
    services=(BOOKING,),
)
