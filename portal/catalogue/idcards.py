"""ID cards: reporting a lost card (invalidation) and the combined report-and-replace request."""

from __future__ import annotations

from portal.catalogue.base import SEED_IDCARD, SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

INVALIDATION = ServiceInfo(
    code="idcards.invalidation",
    title=Text(
        "Személyazonosító igazolvány érvénytelenítése",
        "Invalidating an ID card (reporting its loss, theft or destruction)",
    ),
    summary=Text(
        (
            "Akinek a személyazonosító igazolványát eltulajdonították, megsemmisült vagy "
            "elvesztette, köteles ezt bejelenteni. Bejelentési kötelezettségének elektronikusan is "
            "eleget tehet; a bejelentés alapján az igazolványt azonnal érvénytelenítik."
        ),
        (
            "If your ID card has been stolen, destroyed or lost, you must report it. You can do so "
            "online; on the basis of the report the card is invalidated at once."
        ),
    ),
    who=(
        Text(
            (
                "Minden polgár, akinek magyar hatóság által kiállított személyazonosító "
                "igazolványa azért nincs a birtokában, mert eltulajdonították, megsemmisült vagy "
                "elveszett."
            ),
            (
                "Anyone whose ID card issued by a Hungarian authority is no longer in their "
                "possession because it was stolen, destroyed or lost."
            ),
        ),
        Text(
            (
                "Csak kártyaformátumú igazolvány jelenthető be elektronikusan; a 2000. január 1-je "
                "előtt kiállított, könyv formátumú személyazonosító igazolványokra a szolgáltatás "
                "nem vehető igénybe."
            ),
            (
                "Only card-format ID cards can be reported online; the service cannot be used for "
                "book-format identity documents issued before 1 January 2000."
            ),
        ),
    ),
    cost=Text(
        "A bejelentés illetékmentes.",
        "The report is free of charge.",
    ),
    deadline=Text(
        "Azonnal: a benyújtás után az igazolványt rögtön érvénytelenítik.",
        "Immediate: the card is invalidated as soon as the report is submitted.",
    ),
    prepare=(
        Text(
            "Az igazolvány okmányazonosítója.",
            "The card's document identifier.",
        ),
        Text(
            (
                "Az ok, amiért az igazolvány nincs a birtokában: eltulajdonítás, megsemmisülés "
                "vagy elvesztés."
            ),
            "Why the card is no longer in your possession: theft, destruction or loss.",
        ),
    ),
    notes=(
        Text(
            (
                "Figyelem! Az itt bejelentett, ezért érvénytelenné vált igazolvány utólag "
                "elektronikusan már nem pótolható. Ha elektronikus pótlást szeretne, ne ezt a "
                "szolgáltatást válassza, hanem az állandó személyazonosító igazolvány "
                "elvesztésének bejelentését és pótlását, amely a bejelentést és a pótlást egy "
                "kérelemben intézi."
            ),
            (
                "Warning: a card reported here becomes invalid and can then no longer be replaced "
                "online. If you want an online replacement, do not use this service; use the "
                "request to report the loss of a permanent ID card and replace it, which reports "
                "and replaces in a single request."
            ),
        ),
        Text(
            (
                "A bejelentést a tudomására jutástól számított legkésőbb három munkanapon belül "
                "kell megtennie – bármely járási hivatalnál, Budapest Főváros Kormányhivatalánál, "
                "külföldön a külképviseleten, vagy elektronikusan. Eltulajdonítás esetén a "
                "rendőrségi feljelentés már bejelentésnek számít."
            ),
            (
                "The report must be made within three working days of learning of the loss – at "
                "any district office, at the Budapest Capital Government Office, abroad at a "
                "Hungarian mission, or online. For a theft, the police report already counts as "
                "the report."
            ),
        ),
        Text(
            "A bejelentés után új igazolványt személyesen igényelhet.",
            "After the report you can apply for a new card in person.",
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

REPLACEMENT = ServiceInfo(
    code="idcards.replacement",
    title=Text(
        (
            "Állandó személyazonosító igazolvány elvesztésének, eltulajdonításának vagy "
            "megsemmisülésének bejelentése és pótlása"
        ),
        (
            "Reporting the loss, theft or destruction of a permanent ID card and requesting a "
            "replacement"
        ),
    ),
    summary=Text(
        (
            "Érvényes állandó személyazonosító igazolványa elvesztését, eltulajdonítását vagy "
            "megsemmisülését egyetlen együttes kérelemben bejelentheti, és egyúttal kérheti az "
            "igazolvány pótlását (kódszám: OKMIR00090). Az eljárást a Belügyminisztérium folytatja "
            "le; a pótolt igazolványt postán küldik a megjelölt címre."
        ),
        (
            "Report the loss, theft or destruction of your valid permanent ID card and request its "
            "replacement in a single combined request (code OKMIR00090). The Ministry of the "
            "Interior conducts the procedure; the replacement card is posted to the address you "
            "give."
        ),
    ),
    who=(
        Text(
            (
                "A személyiadat- és lakcímnyilvántartás hatálya alá tartozó magyar állampolgár, "
                "illetve bevándorolt, letelepedett, menekült vagy oltalmazott jogállású személy."
            ),
            (
                "Hungarian citizens, and immigrants, settled persons, refugees and persons under "
                "subsidiary protection, who are covered by the personal data and address register."
            ),
        ),
        Text(
            "Az igazolvány érvényes volt, és még az érvényességi idején belül van.",
            "The card was valid and is still within its period of validity.",
        ),
        Text(
            (
                "A nyilvántartás tartalmazza az ujjnyomatát; ha nem, a pótlás elektronikusan nem "
                "kérhető."
            ),
            (
                "The register holds your fingerprints; if it does not, the replacement cannot be "
                "requested online."
            ),
        ),
        Text(
            (
                "Az elvesztést, eltulajdonítást vagy megsemmisülést korábban még nem jelentették "
                "be: a már bejelentett, ezért a nyilvántartásban érvénytelen igazolvány "
                "elektronikusan nem pótolható."
            ),
            (
                "The loss, theft or destruction has not been reported before: a card already "
                "reported, and therefore invalid in the register, cannot be replaced online."
            ),
        ),
    ),
    cost=Text(
        "Az eljárás illetékmentes.",
        "The procedure is free of charge.",
    ),
    deadline=Text(
        (
            "20 nap. Ha a kérelem, a mellékletei és a hatóság rendelkezésére álló adatok alapján a "
            "tényállás tisztázott, a döntést legkésőbb 8 napon belül meg kell hozni (sommás "
            "eljárás)."
        ),
        (
            "20 days. If the facts are clear from the request, its attachments and the data "
            "available to the authority, the decision must be made within 8 days at the latest "
            "(summary procedure)."
        ),
    ),
    prepare=(
        Text(
            "A pótlás oka: elvesztés, eltulajdonítás vagy megsemmisülés.",
            "The reason for the replacement: loss, theft or destruction.",
        ),
        Text(
            "A kézbesítés módja és a cím, ahová az igazolványt postán kéri.",
            "The delivery method and the address to which the card should be posted.",
        ),
        Text(
            "Eltulajdonítás esetén – nem kötelezően – a feljelentés ügyiratszáma.",
            "For a theft, optionally, the case number of the police report.",
        ),
        Text(
            (
                "Ha értesítést kér az igazolvány elkészültéről: mobiltelefonszám és/vagy "
                "e-mail-cím (nem kötelező)."
            ),
            (
                "If you want to be told when the card is ready: a mobile number and/or an e-mail "
                "address (optional)."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Az igazolványhoz tartozó PIN-kód létrehozásához szükséges aktiváló PIN-kódot és a "
                "PUK-kódot nem papíron kapja meg: ezeket a Központi Ügyfél-regisztrációs "
                "Nyilvántartásban lévő regisztrációjához tartozó tárhelyére küldik."
            ),
            (
                "The activation PIN needed to set the card's PIN, and the PUK, do not come on "
                "paper: they are sent to the storage area belonging to your registration in the "
                "Central Customer Registration Register."
            ),
        ),
        Text(
            (
                "A pótolt igazolvány érvényessége megegyezik a korábbi igazolvány érvényességével. "
                "A pótolt igazolványon az a származási hely szerepel, amely az elveszett, "
                "eltulajdonított vagy megsemmisült igazolványon szerepelt."
            ),
            (
                "The replacement card is valid until the old card would have expired. It shows the "
                "place of origin that was on the lost, stolen or destroyed card."
            ),
        ),
        Text(
            (
                "Ideiglenes személyazonosító igazolvány pótlása nem kezdeményezhető, és az eljárás "
                "során ideiglenes igazolványt sem állítanak ki."
            ),
            (
                "A temporary ID card cannot be replaced, and no temporary ID card is issued during "
                "this procedure."
            ),
        ),
        Text(
            (
                "Jogorvoslat: fellebbezésnek nincs helye. A döntés közlésétől számított 30 napon "
                "belül közigazgatási pert indíthat az illetékes törvényszékhez címzett "
                "keresetlevéllel, amelyet a döntést hozó szervnél vagy az illetékes törvényszéken "
                "kell benyújtani. A közigazgatási per illetéke 30 000 Ft; a feleket tárgyi "
                "illetékfeljegyzési jog illeti meg, így az illetéket nem kell előre megfizetni, "
                "viseléséről a bíróság az eljárást lezáró határozatban dönt."
            ),
            (
                "Remedy: there is no appeal. Within 30 days of being notified of the decision you "
                "can bring an administrative lawsuit with a statement of claim addressed to the "
                "competent regional court, filed at the body that made the decision or at that "
                "court. The duty for the lawsuit is HUF 30,000; the parties may defer it, so it "
                "need not be paid in advance, and the court decides who bears it in its final "
                "decision."
            ),
        ),
        Text(
            (
                "Új állandó személyazonosító igazolvány érvényessége: 12 éves kor alatt a "
                "kiállítástól számított 3 évet követő születésnapig, de legfeljebb a 12. életév "
                "betöltéséig; 12 és 18 éves kor között a kiállítástól számított 3 évet követő "
                "születésnapig; 18 éves kor felett a kiállítástól számított 6 évet követő "
                "születésnapig. Február 29-én születettek igazolványa – ha a lejárat évében ez a "
                "nap hiányzik – február 28-án jár le."
            ),
            (
                "Validity of a new permanent ID card: under 12, until the birthday following 3 "
                "years from issue, but at most until the 12th birthday; from 12 to 18, until the "
                "birthday following 3 years from issue; over 18, until the birthday following 6 "
                "years from issue. For people born on 29 February, the card expires on 28 February "
                "in a year without that day."
            ),
        ),
        Text(
            (
                "A 70. életévét betöltött jogosult – a letelepedett, menekült és oltalmazott "
                "jogállású személy kivételével – kérheti a kiállítástól számított 10 évig érvényes "
                "igazolványt. Aki az ujjnyomat adására ideiglenesen fizikailag képtelen, a "
                "kiállítástól számított 1 évig érvényes igazolványt kap. A 65. életévét betöltött "
                "polgár határidő nélküli érvényességű igazolványt is kérhet; ez nem tartalmaz "
                "tároló elemet, ezért elektronikus szolgáltatásokhoz nem használható."
            ),
            (
                "People aged 70 or over (except settled persons, refugees and persons under "
                "subsidiary protection) may ask for a card valid for 10 years from issue. People "
                "temporarily physically unable to give fingerprints get a card valid for 1 year "
                "from issue. People aged 65 or over may also ask for a card with unlimited "
                "validity; it has no chip, so it cannot be used for electronic services."
            ),
        ),
        Text(
            (
                "Az ideiglenes személyazonosító igazolvány 30 napig érvényes, és kiadása az "
                "állandó igazolvány kiállításáig megismételhető."
            ),
            (
                "A temporary ID card is valid for 30 days and can be issued again until the "
                "permanent card is issued."
            ),
        ),
        Text(
            (
                "Ha van Ügyfélkapuja, és nem utasította el az „Előzetes értesítést kérek okmányaim "
                "lejáratáról” szolgáltatást, figyelmeztető e-mailt kap a személyazonosító "
                "igazolvány lejárata előtt két hónappal, majd egy hónappal, végül a lejárat napján."
            ),
            (
                "If you have an Ügyfélkapu account and have not opted out of the “advance notice "
                "of my documents' expiry” service, you get an e-mail reminder two months before "
                "your ID card expires, then one month before, and finally on the day it expires."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_IDCARD,
)

GROUP = ServiceGroup(
    slug="idcards",
    title=Text(
        "Személyazonosító igazolvány",
        "ID cards",
    ),
    intro=Text(
        (
            "Bejelentheti személyazonosító igazolványa elvesztését, eltulajdonítását vagy "
            "megsemmisülését, illetve a bejelentéssel együtt, egy kérelemben kérheti állandó "
            "személyazonosító igazolványa pótlását. Új igazolványt személyesen igényelhet."
        ),
        (
            "Report the loss, theft or destruction of your ID card, or report it and request a "
            "replacement permanent ID card in a single request. A new card is applied for in "
            "person."
        ),
    ),
    services=(INVALIDATION, REPLACEMENT),
)
