"""Texts shared by the passport services: fees, delivery, receipts and reminders."""

from __future__ import annotations

from portal.catalogue.base import Text

CENTRAL_OFFICE = Text(
    (
        "Budapest Főváros Kormányhivatala XIII. Kerületi Hivatala Központi Okmányirodai "
        "Főosztályán (1133 Budapest, Visegrádi u. 110.)"
    ),
    (
        "the Central Document Office Department of the 13th District Office of the Budapest "
        "Capital Government Office (1133 Budapest, Visegrádi u. 110.)"
    ),
)
BUDAPEST_OFFICE = Text(
    "Budapest Főváros Kormányhivatalánál",
    "the Budapest Capital Government Office",
)

SURCHARGES = Text(
    (
        "Gyorsított eljárás igazgatási szolgáltatási pótdíja magánútlevél és második magánútlevél "
        "esetén: soron kívüli (7 napon belüli) eljárásban 19 000 Ft, sürgősségi (3 napon belüli) "
        "eljárásban 29 000 Ft."
    ),
    (
        "Administrative service surcharge for faster issue of a private or second private "
        "passport: HUF 19,000 for the express procedure (within 7 days), HUF 29,000 for the urgent "
        "procedure (within 3 days)."
    ),
)

CONSULAR_FEE = Text(
    (
        "Külföldi kézbesítés esetén az eljárási illetéken felül konzuli közreműködői díjat kell "
        "fizetni: Magyarországgal szomszédos országban 20 EUR, egyéb európai országban 40 EUR, "
        "Európán kívüli országban 45 EUR."
    ),
    (
        "For delivery abroad, a consular fee is charged on top of the procedural duty: EUR 20 in a "
        "country neighbouring Hungary, EUR 40 in another European country, EUR 45 outside Europe."
    ),
)

CARD_BEFORE_SUBMISSION = Text(
    "Az illetéket és a pótdíjat a kérelem benyújtása előtt, bankkártyával kell megfizetni.",
    "The duty and any surcharge are paid by card before the request is submitted.",
)

NO_FEE_EXEMPTION = Text(
    (
        "Elektronikus eljárásban nincs lehetőség személyes költségmentesség (és ezzel "
        "illetékmentesség) engedélyezésére: a költségmentességi kérelmet – és ilyenkor magát az "
        "útlevélkérelmet is – csak személyesen lehet előterjeszteni."
    ),
    (
        "Personal exemption from costs (which includes exemption from the duty) cannot be granted "
        "in an online procedure: the exemption request – and in that case the passport application "
        "itself – can only be made in person."
    ),
)

RECEIPT_BY_EMAIL = Text(
    (
        "Útlevélügyben ezen a felületen nem igényelhető fizetési bizonylat. Ha bizonylatra van "
        "szüksége, küldje el az 1818-as Kormányzati Ügyfélvonal e-mail-címére (1818@1818.hu) a "
        "kérelem adatait: az igénylő nevét, e-mail-címét, a bizonylatszámot, az ügyazonosítót és "
        "az okmánytípust. A Belügyminisztérium a kérelem beazonosítása után a fizetési bizonylatot "
        "mielőbb elektronikusan megküldi Önnek."
    ),
    (
        "No payment receipt can be requested here for passport matters. If you need one, e-mail "
        "these details of your request to the Government Helpline 1818 (1818@1818.hu): the "
        "applicant's name, e-mail address, receipt number, case ID and document type. Once it has "
        "identified the request, the Ministry of the Interior sends you the payment receipt "
        "electronically as soon as possible."
    ),
)

COUNTING = Text(
    (
        "Az ügyintézési idő az illeték, illetve a pótdíj befizetése megtörténtének igazolását és a "
        "kérelem előterjesztését követő napon kezdődik."
    ),
    (
        "The deadline runs from the day after both the payment of the duty or surcharge has been "
        "confirmed and the request has been filed."
    ),
)

DELIVERY_TIME = Text(
    (
        "Az okmány kézbesítésének ideje nem számít bele az ügyintézési időbe, ha a kézbesítés "
        "helye nem a járási (kerületi) hivatal."
    ),
    (
        "Delivery time does not count toward the deadline unless the document is delivered to a "
        "district office."
    ),
)

FAST_DEADLINES = Text(
    (
        "Soron kívüli eljárásban az útlevelet 7 napon belül, sürgősségi eljárásban a kérelem "
        "benyújtásától számított 3 napon belül állítják ki."
    ),
    (
        "In the express procedure the passport is issued within 7 days; in the urgent procedure "
        "within 3 days of the request."
    ),
)


def delivery(budapest: Text) -> Text:
    """Where the finished passport can be collected; ``budapest`` names the Budapest office."""
    return Text(
        (
            "A kész okmány az Ön választása szerint átvehető: személyesen, törvényes képviselő "
            f"vagy meghatalmazott útján a járási hivatalban, {budapest.hu} vagy az általános "
            "hatáskörű útlevélhatóságnál; postán, könyvelt küldeményként; külföldön a konzuli "
            "tisztviselőnél, vagy a konzuli tisztviselő útján postán, könyvelt küldeményként."
        ),
        (
            "You can collect the finished document, as you choose: in person, or through a legal "
            f"representative or proxy, at a district office, at {budapest.en} or at the general "
            "passport authority; by registered post; or abroad, from a consular officer or by "
            "registered post sent by the consular officer."
        ),
    )


def fingerprints(passport: Text) -> Text:
    """The fingerprint condition, about ``passport`` (the one replaced, or the base one)."""
    return Text(
        (
            f"{passport.hu} kérelmezésekor írásban hozzájárult az ujjnyomata tárolásához, vagy "
            "ujjnyomat azért nem készült, mert akkor az ujjnyomat adására átmenetileg vagy "
            "véglegesen fizikailag képtelen volt, illetve mert egészségi állapota – a kezelőorvos "
            "igazolása szerint – nem tette lehetővé a személyes megjelenést."
        ),
        (
            f"When {passport.en} was applied for, you consented in writing to your fingerprints "
            "being stored, or no fingerprints were taken because you were temporarily or "
            "permanently physically unable to give them, or because – as certified by your doctor "
            "– your health did not allow you to appear in person."
        ),
    )


URGENT_PICKUP = Text(
    (
        f"Sürgősségi (3 napos) eljárásban az elkészült okmányt csak {CENTRAL_OFFICE.hu} vagy az "
        "általános hatáskörű útlevélhatóságnál lehet átvenni."
    ),
    (
        "In the urgent (3-day) procedure, the finished document can only be collected at "
        f"{CENTRAL_OFFICE.en} or at the general passport authority."
    ),
)

POSTING_ALERT = Text(
    (
        "Belföldi átvétel esetén SMS- és/vagy e-mail-értesítést kérhet arról, hogy az elkészült "
        "okmányt melyik napon adták postára."
    ),
    (
        "For delivery in Hungary you can ask for an SMS and/or e-mail telling you the day the "
        "finished document was posted."
    ),
)

NO_ACCELERATION_ABROAD = Text(
    "Ha az elkészült úti okmány kézbesítését külföldre kéri, az eljárás nem gyorsítható.",
    "If you ask for the document to be delivered abroad, the procedure cannot be speeded up.",
)

DELIVERY_CHOICE = Text(
    (
        "Az átvétel módja; külföldi kézbesítés esetén a konzulátus megjelölése, valamint telefonos "
        "elérhetősége és külföldi postacíme."
    ),
    (
        "How you will receive the passport; for delivery abroad, the consulate, and your phone "
        "number and postal address abroad."
    ),
)

ALERT_CONTACTS = Text(
    "Ha értesítést kér a postára adásról: mobiltelefonszám és/vagy e-mail-cím.",
    "If you want to be told when the passport is posted: a mobile number and/or an e-mail address.",
)

BANK_CARD = Text(
    "Bankkártya az illeték és az esetleges pótdíj megfizetéséhez.",
    "A bank card to pay the duty and any surcharge.",
)

EXPIRY_REMINDER = Text(
    (
        "Az Ügyfélkapu-regisztrációval rendelkező polgárok e-mailben kapnak figyelmeztetést "
        "útlevelük lejáratáról, három alkalommal: a lejárat előtt hat hónappal, majd egy hónappal, "
        "végül a lejárat napján."
    ),
    (
        "Citizens with an Ügyfélkapu registration get e-mail reminders of their passport's expiry "
        "three times: six months before, one month before, and on the day it expires."
    ),
)

STATUS = Text(
    (
        "A kérelmet benyújtás után is megtekintheti, az ügyintézés állását pedig az Okmánystátusz "
        "lekérdezés szolgáltatással követheti."
    ),
    (
        "You can view the request after submission and follow its progress with the document "
        "status lookup."
    ),
)

TRAVEL_BANS = Text(
    (
        "Nem utazhat külföldre, és úti okmány kiadására irányuló kérelmét az útlevélhatóság "
        "elutasítja, aki előzetes letartóztatásban, kiadatási, ideiglenes kiadatási, átadási, "
        "ideiglenes átadási vagy ideiglenes végrehajtási letartóztatásban van, vagy ideiglenes "
        "kényszergyógykezelés alatt áll; aki lakhelyelhagyási tilalom vagy házi őrizet hatálya "
        "alatt áll; akit végrehajtandó szabadságvesztésre ítéltek, vagy akinek felfüggesztett "
        "szabadságvesztése végrehajtását elrendelték (a végrehajtás utolsó napjáig, illetve a "
        "végrehajthatóság megszűnéséig); akinek kényszergyógykezelését vagy javítóintézeti "
        "nevelését rendelték el (annak tartama alatt); valamint akinek az Európai Unió "
        "tagállamaival folytatott bűnügyi együttműködésről szóló törvény alapján megtiltották "
        "Magyarország területének elhagyását, és úti okmánya átadására kötelezték."
    ),
    (
        "A person may not travel abroad, and the passport authority refuses their application for "
        "a travel document, if they are in pre-trial detention, in extradition, provisional "
        "extradition, surrender, provisional surrender or provisional enforcement arrest, or under "
        "temporary forced medical treatment; under a ban on leaving their place of residence or "
        "under house arrest; sentenced to imprisonment to be served, or whose suspended sentence "
        "has been ordered to be enforced (until the last day of the sentence or until it can no "
        "longer be enforced); ordered into forced medical treatment or a reformatory (for its "
        "duration); or banned, under the law on criminal cooperation with EU member states, from "
        "leaving Hungary and ordered to hand in their travel document."
    ),
)
