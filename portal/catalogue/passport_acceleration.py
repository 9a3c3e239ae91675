"""Passports: speeding up an existing passport application (meglévő útlevél-igénylés gyorsítása)."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceInfo, Text
from portal.catalogue.common import BANK_ACCOUNT, join
from portal.catalogue.passport_texts import (
    ALERT_CONTACTS,
    BUDAPEST_OFFICE,
    CONSULAR_FEE,
    COUNTING,
    DELIVERY_CHOICE,
    DELIVERY_TIME,
    EXPIRY_REMINDER,
    FAST_DEADLINES,
    NO_ACCELERATION_ABROAD,
    POSTING_ALERT,
    RECEIPT_BY_EMAIL,
    SURCHARGES,
    TRAVEL_BANS,
    URGENT_PICKUP,
    delivery,
)

ACCELERATION = ServiceInfo(
    code="passports.acceleration",
    title=Text(
        "Meglévő útlevél-igénylés gyorsítása",
        "Speeding up an existing passport application",
    ),
    summary=Text(
        (
            "A normál eljárásban benyújtott útlevélkérelmet utólag 3 vagy 7 napon belüli "
            "gyorsított eljárásra módosíthatja, amíg az igényelt okmány nem került gyártásba."
        ),
        (
            "A passport application filed in the standard procedure can be switched afterwards to "
            "the faster 3-day or 7-day procedure, as long as the passport has not gone into "
            "production."
        ),
    ),
    who=(
        Text(
            "Betöltötte a 18. életévét, és cselekvőképes.",
            "You are 18 or over and have full legal capacity.",
        ),
        Text(
            (
                "Magánútlevél, második magánútlevél, szolgálati útlevél vagy hajós szolgálati "
                "útlevél iránti kérelmét normál eljárásban nyújtotta be okmányirodai vagy "
                "kormányablak-ügyfélszolgálaton, vagy az útlevél pótlását elektronikusan "
                "kezdeményezte."
            ),
            (
                "You filed an application for a private, second private, service or seaman's "
                "service passport in the standard procedure at a document office or government "
                "office, or requested a passport replacement online."
            ),
        ),
        Text(
            "Az igényelt útlevél még nem került gyártásba.",
            "The passport has not yet gone into production.",
        ),
    ),
    cost=join(
        SURCHARGES,
        Text(
            (
                "Szolgálati és hajós szolgálati útlevél gyorsításáért nem kell pótdíjat fizetni. "
                "Ha az érvényességi idő módosítása miatt illetékkülönbözet keletkezik, az csak az "
                "alapeljárásban használt fizetési móddal fizethető meg."
            ),
            (
                "No surcharge is payable for speeding up a service or seaman's service passport. "
                "Any difference in duty arising from a change of validity can only be paid with "
                "the payment method used in the original application."
            ),
        ),
        CONSULAR_FEE,
    ),
    deadline=join(
        FAST_DEADLINES,
        COUNTING,
        DELIVERY_TIME,
        Text(
            "(A normál eljárás ügyintézési ideje 20 nap, tisztázott tényállás esetén 8 nap.)",
            "(The standard procedure takes 20 days, or 8 days when the facts are clear.)",
        ),
    ),
    prepare=(
        Text(
            "A gyorsítani kívánt útlevélkérelem adatai.",
            "The details of the passport application to be speeded up.",
        ),
        Text(
            (
                "A választott eljárás: sürgősségi (3 napos) vagy soron kívüli (7 napos); "
                "szolgálati és hajós szolgálati útlevél esetén csak 7 napos."
            ),
            (
                "The procedure you choose: urgent (3 days) or express (7 days); for service and "
                "seaman's service passports, 7 days only."
            ),
        ),
        DELIVERY_CHOICE,
        ALERT_CONTACTS,
        BANK_ACCOUNT,
    ),
    notes=(
        Text(
            (
                "Mielőtt a módosítást elkezdi, érdeklődjön az igényelt útlevél aktuális "
                "állapotáról az 1818-as Kormányzati Ügyfélvonalon: a normál eljárásban beadott "
                "kérelem gyorsítására csak a beadást követő néhány napban van lehetőség."
            ),
            (
                "Before you start, ask the Government Helpline 1818 about the current status of "
                "the passport: a standard application can only be speeded up during the first few "
                "days after it was filed."
            ),
        ),
        Text(
            (
                "A gyorsítással az útlevél érvényességi ideje 5 évről 10 évre csak személyes "
                "ügyintézés során módosítható, 10 évről 5 évre pedig egyáltalán nem."
            ),
            (
                "When speeding up, the validity can be changed from 5 to 10 years only in person, "
                "and never from 10 to 5 years."
            ),
        ),
        Text(
            (
                "Magánútlevélre a magyar állampolgárok jogosultak. Ha a nyilvántartás Önt magyar "
                "állampolgárként nem tartalmazza, és nincs állampolgárság igazolására alkalmas "
                "okmánya, a hatóság megkeresi a Bevándorlási és Állampolgársági Hivatalt; az "
                "útlevél csak a válasz után állítható ki. Az állampolgárság megállapításának "
                "ügyintézési határideje 60 nap, ezért ilyenkor ne kérje a gyorsítást."
            ),
            (
                "Private passports are for Hungarian citizens. If the register does not hold you "
                "as a Hungarian citizen and you have no document proving citizenship, the "
                "authority asks the Immigration and Citizenship Office, and the passport can only "
                "be issued after its answer. Establishing citizenship takes up to 60 days, so do "
                "not ask for acceleration in that case."
            ),
        ),
        TRAVEL_BANS,
        delivery(BUDAPEST_OFFICE),
        URGENT_PICKUP,
        POSTING_ALERT,
        NO_ACCELERATION_ABROAD,
        RECEIPT_BY_EMAIL,
        EXPIRY_REMINDER,
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)
