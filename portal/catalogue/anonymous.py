"""Services that need no login: certificate check, foreign address change, document lookups."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

ANYONE = Text(
    (
        "A szolgáltatást bárki igénybe veheti. Nem igényel bejelentkezést, nincs szükség hozzá "
        "Ügyfélkapu-regisztrációra vagy Telefonos Azonosítási szolgáltatásra vonatkozó "
        "regisztrációra."
    ),
    (
        "Anyone may use this service. It needs no login, and neither an Ügyfélkapu registration "
        "nor a phone identification registration."
    ),
)

SECONDS = Text(
    "Azonnal: az eredmény pár másodpercen belül megjelenik a képernyőn.",
    "Immediate: the result appears on screen within a few seconds.",
)

CERTIFICATE_CHECK = ServiceInfo(
    code="criminal_record.check",
    title=Text(
        "Hatósági erkölcsi bizonyítvány érvényességének ellenőrzése",
        "Checking the validity of an official criminal record certificate",
    ),
    summary=Text(
        (
            "A birtokában lévő hatósági erkölcsi bizonyítványon szereplő adatok megadása után a "
            "rendszer a bűnügyi nyilvántartás alapján ellenőrzi az adatokat, és igen/nem választ "
            "ad aszerint, hogy az ellenőrzés sikeres volt-e."
        ),
        (
            "Enter the data printed on the criminal record certificate you hold: the system checks "
            "them against the criminal records and answers yes or no, depending on whether the "
            "check succeeded."
        ),
    ),
    who=(ANYONE,),
    cost=Text(
        "A tájékoztató szolgáltatás ingyenes.",
        "This information service is free.",
    ),
    deadline=SECONDS,
    prepare=(
        Text(
            "A hatósági erkölcsi bizonyítvány, amelynek adatait a felületen meg kell adnia.",
            "The criminal record certificate, whose data you enter on the form.",
        ),
    ),
    notes=(
        Text(
            (
                "A sikeres ellenőrzés garantálja, hogy a bizonyítvány érvényes, azt a megadott "
                "tartalommal a Belügyminisztérium állította ki, érvényességi ideje nem járt le, és "
                "nem vonták vissza."
            ),
            (
                "A successful check guarantees that the certificate is valid, that the Ministry of "
                "the Interior issued it with the content entered, that it has not expired and that "
                "it has not been revoked."
            ),
        ),
        Text(
            (
                "A bizonyítvány a kiállításától számított kilencven napig érvényes, kivéve, ha azt "
                "a Belügyminisztérium az érvényességi időn belül visszavonja."
            ),
            (
                "A certificate is valid for ninety days from issue, unless the Ministry of the "
                "Interior revokes it within that period."
            ),
        ),
        Text(
            (
                "Egy sikertelen ellenőrzés nem feltétlenül jelenti azt, hogy a bizonyítvány "
                "érvénytelen: előfordulhat, hogy az adatokat hibásan adták meg. Az ellenőrzés "
                "előtt, illetve sikertelen ellenőrzés után ezért nézze át, helyesen adta-e meg az "
                "adatokat."
            ),
            (
                "A failed check does not necessarily mean that the certificate is invalid: the "
                "data may have been entered incorrectly. Before checking, and after a failed "
                "check, make sure that you entered the data correctly."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_WEBES_UGYSEGED,
)

FOREIGN_ADDRESS_CHANGE = ServiceInfo(
    code="residence.foreign_address_change",
    title=Text(
        "Külföldön élő magyar állampolgár külföldi lakóhely változásának bejelentése",
        "Reporting a change of foreign address by a Hungarian citizen living abroad",
    ),
    summary=Text(
        (
            "A külföldön élő magyar állampolgárnak be kell jelentenie külföldi lakóhelyének "
            "változását Budapest Főváros Kormányhivatalánál; ezt itt, elektronikusan is megteheti. "
            "Az is itt jelentheti be külföldi lakóhelye címét, akinek még nincs bejelentett "
            "külföldi lakóhelye a nyilvántartásban."
        ),
        (
            "A Hungarian citizen living abroad must report a change of foreign address to the "
            "Budapest Capital Government Office, and can do so here, online. Those who have no "
            "foreign address on record yet can also report their foreign address here."
        ),
    ),
    who=(
        Text(
            (
                "A személyiadat- és lakcímnyilvántartás hatálya alá tartozó, külföldön élő magyar "
                "állampolgárok."
            ),
            (
                "Hungarian citizens living abroad who are covered by the personal data and address "
                "register."
            ),
        ),
        Text(
            (
                "Nem igényel bejelentkezést, nincs szükség hozzá Ügyfélkapu-regisztrációra vagy "
                "Telefonos Azonosítási szolgáltatásra vonatkozó regisztrációra."
            ),
            (
                "No login is needed, and neither an Ügyfélkapu registration nor a phone "
                "identification registration."
            ),
        ),
    ),
    cost=Text(
        "Az eljárás illetékmentes.",
        "The procedure is free of charge.",
    ),
    deadline=Text(
        (
            "8 nap, ha a kérelem és a hatóság rendelkezésére álló adatok alapján a tényállás "
            "tisztázott, ennek hiányában 30 nap. Sürgősségi eljárásra nincs mód."
        ),
        (
            "8 days if the facts are clear from the request and the data available to the "
            "authority, otherwise 30 days. No urgent procedure is available."
        ),
    ),
    prepare=(
        Text(
            (
                "Természetes személyazonosító adatai: viselt és születési családi és utóneve, "
                "születési helye és ideje, anyja születési családi és utóneve."
            ),
            (
                "Your natural identity data: your current name and birth name, place and date of "
                "birth, and your mother's birth name."
            ),
        ),
        Text(
            "Személyi azonosítója.",
            "Your personal identifier (személyi azonosító).",
        ),
        Text(
            "Magyar állampolgárságát igazoló okiratának vagy okmányának száma.",
            "The number of the certificate or document that proves your Hungarian citizenship.",
        ),
        Text(
            (
                "Az új külföldi lakóhely adatai: ország, település, lakcím, postai irányítószám és "
                "– ha létezik – tartomány."
            ),
            (
                "Your new foreign address: country, settlement, address, postal code and, where "
                "one exists, province."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Külföldi lakóhelyként az Ön által megadott ország, település, lakcím, postai "
                "irányítószám és tartomány (ha létezik) kerül bejegyzésre a személyiadat- és "
                "lakcímnyilvántartásba."
            ),
            (
                "The country, settlement, address, postal code and province (where one exists) "
                "that you enter are recorded as your foreign address in the personal data and "
                "address register."
            ),
        ),
        Text(
            (
                "A bejelentés miatt a lakcímigazolványt nem cserélik: abban továbbra is „külföldi "
                "cím” megjelölés szerepel."
            ),
            (
                "The address card is not exchanged because of this report: it continues to show "
                "“foreign address”."
            ),
        ),
        Text(
            (
                "A külföldi lakóhely változásának nyilvántartásba vételéről Budapest Főváros "
                "Kormányhivatala értesíti Önt."
            ),
            (
                "The Budapest Capital Government Office notifies you once the change of foreign "
                "address has been registered."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_WEBES_UGYSEGED,
)

DOCUMENT_STATUS = ServiceInfo(
    code="documents.status",
    title=Text(
        "Okmánystátusz lekérdezés",
        "Document status lookup",
    ),
    summary=Text(
        (
            "Könnyen és gyorsan tájékozódhat az igényelt okmány (személyazonosító igazolvány, "
            "útlevél, vezetői engedély) előállításának aktuális állapotáról: mikor áll "
            "feldolgozás, kiállítás, továbbítás alatt, illetve mikortól vehető át."
        ),
        (
            "Find out quickly how far the production of the document you applied for (ID card, "
            "passport or driving licence) has progressed: whether it is being processed, issued or "
            "forwarded, and from when it can be collected."
        ),
    ),
    who=(ANYONE,),
    cost=Text(
        "A szolgáltatás ingyenes.",
        "The service is free.",
    ),
    deadline=SECONDS,
    prepare=(
        Text(
            "Az igénylő adatlapon szereplő bizonylatszám, amelyet az okmány igénylésekor kapott.",
            (
                "The receipt number (bizonylatszám) printed on the application form you received "
                "when you applied for the document."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Az elektronikusan kezdeményezett útlevélpótlás és második magánútlevél-igénylés "
                "állását is itt követheti."
            ),
            (
                "You can also follow here the progress of a passport replacement or a second "
                "passport requested online."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_WEBES_UGYSEGED,
)

DOCUMENT_VALIDITY = ServiceInfo(
    code="documents.validity",
    title=Text(
        "Okmányérvényesség ellenőrzése",
        "Document validity check",
    ),
    summary=Text(
        (
            "Tájékoztatás a személyazonosság igazolására alkalmas hatósági igazolványok "
            "nyilvántartásából: ellenőrizheti, hogy egy adott személyazonosító igazolvány, útlevél "
            "vagy vezetői engedély érvényes-e."
        ),
        (
            "Information from the register of official identity documents: check whether a given "
            "ID card, passport or driving licence is valid."
        ),
    ),
    who=(ANYONE,),
    cost=Text(
        "A tájékoztató szolgáltatás ingyenes.",
        "This information service is free.",
    ),
    deadline=SECONDS,
    prepare=(
        Text(
            "Az okmány birtokosának személyazonosító adatai.",
            "The personal identity data of the document's holder.",
        ),
        Text(
            "Az ellenőrizni kívánt okmány okmányazonosítója.",
            "The document identifier of the document to be checked.",
        ),
    ),
    notes=(
        Text(
            (
                "Egy sikertelen ellenőrzés nem feltétlenül jelenti azt, hogy az igazolvány "
                "érvénytelen: előfordulhat, hogy az adatokat hibásan adták meg. Az ellenőrzés "
                "előtt, illetve sikertelen ellenőrzés után ezért nézze át, helyesen adta-e meg az "
                "adatokat."
            ),
            (
                "A failed check does not necessarily mean that the document is invalid: the data "
                "may have been entered incorrectly. Before checking, and after a failed check, "
                "make sure that you entered the data correctly."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="anonymous",
    title=Text(
        "Bejelentkezés nélkül igénybe vehető szolgáltatások",
        "Services without login",
    ),
    intro=Text(
        (
            "Az alábbi szolgáltatásokat azonosítás nélkül veheti igénybe: nincs szükség hozzájuk "
            "Ügyfélkapu-regisztrációra vagy Telefonos Azonosítási szolgáltatásra vonatkozó "
            "regisztrációra."
        ),
        (
            "You can use the following services without identifying yourself: they need neither an "
            "Ügyfélkapu registration nor a phone identification registration."
        ),
    ),
    services=(CERTIFICATE_CHECK, FOREIGN_ADDRESS_CHANGE, DOCUMENT_STATUS, DOCUMENT_VALIDITY),
)
