"""Population register: own data, disclosure ban, change notices; the group itself.

The notification address services and the landlord's declaration are in
:mod:`portal.catalogue.register_notification`.
"""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text
from portal.catalogue.register_notification import (
    LANDLORD_DECLARATION,
    NOTIFICATION_ADDRESS,
    NOTIFICATION_ADDRESS_ALERTS,
    NOTIFICATION_ADDRESS_REFUSAL,
)

OWN_DATA = ServiceInfo(
    code="register.own_data",
    title=Text(
        "Tájékoztatás a személyiadat- és lakcímnyilvántartásban tárolt saját adatokról",
        "Information on your own data in the personal data and address register",
    ),
    summary=Text(
        (
            "Tájékoztatást kérhet a személyiadat- és lakcímnyilvántartásban nyilvántartott saját "
            "aktuális adatairól. A tájékoztatás azonnal megjelenik, és le is töltheti."
        ),
        (
            "Ask for information on your own current data in the personal data and address "
            "register. The information appears at once and can be downloaded."
        ),
    ),
    who=(
        Text(
            "Akinek az adatai szerepelnek a személyiadat- és lakcímnyilvántartásban.",
            "Anyone whose data are held in the personal data and address register.",
        ),
    ),
    cost=Text(
        "A tájékoztatás kérése illetékmentes.",
        "The information is free of charge.",
    ),
    deadline=Text(
        (
            "Azonnal: a kérelem befogadása után a tájékoztatás rögtön megjelenik, és "
            "PDF-dokumentumként letölthető, elmenthető, kinyomtatható. Később a Kérelmeim, "
            "nyilatkozataim menüpontban is megnyitható."
        ),
        (
            "Immediate: once the request is accepted, the information appears at once and can be "
            "downloaded, saved and printed as a PDF document. It can also be opened later under My "
            "requests and declarations."
        ),
    ),
    prepare=(
        Text(
            (
                "Más adatot nem kell megadnia: a tájékoztatás a bejelentkezett felhasználó saját "
                "adataira vonatkozik."
            ),
            (
                "Nothing else needs to be entered: the information covers the logged-in user's own "
                "data."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A tájékoztatás kiterjed a személyi adatokra (név, személyi azonosító, születési "
                "név, születési hely magyar vagy külföldi megnevezéssel, születési idő, anyja "
                "születési neve, nem, állampolgárság, családi állapot, a nyilvántartás jogcíme), a "
                "lakóhely, a tartózkodási hely és a külföldi cím adataira, a személyazonosító "
                "igazolvány adataira, valamint a személyi azonosítóról és a lakcímről szóló "
                "hatósági igazolvány adataira."
            ),
            (
                "The information covers personal data (name, personal identifier, birth name, "
                "place of birth with its Hungarian or foreign name, date of birth, mother's birth "
                "name, sex, citizenship, marital status, legal title of registration), residence, "
                "place of stay and foreign address, the ID card's data, and the data of the "
                "official card on the personal identifier and address (address card)."
            ),
        ),
        Text(
            (
                "Lakóhely: annak a lakásnak a címe, amelyben a polgár él. Tartózkodási hely: annak "
                "a lakásnak a címe, ahol a polgár – lakóhelye végleges elhagyásának szándéka "
                "nélkül – három hónapnál hosszabb ideig tartózkodik."
            ),
            (
                "Residence: the address of the dwelling where the person lives. Place of stay: the "
                "address of the dwelling where the person stays for more than three months without "
                "intending to leave their residence for good."
            ),
        ),
        Text(
            (
                "Csak az aktuális adatokról kaphat itt tájékoztatást. A történeti, illetve archív "
                "adatokról szóló tájékoztatást papíron, személyesen vagy postán kérheti bármely "
                "járási hivatalnál, vagy a Belügyminisztérium Nyilvántartások Vezetéséért Felelős "
                "Helyettes Államtitkárság Személyes Ügyfélszolgálati és Okmányügyeleti Főosztályán "
                "(1133 Budapest, Visegrádi u. 112.; postacím: 1476 Budapest, Pf. 281.)."
            ),
            (
                "Only current data are covered here. Information on historical or archived data "
                "can be requested on paper, in person or by post, at any district office or at the "
                "Ministry of the Interior's Department of Personal Customer Service and Document "
                "Duty, Deputy State Secretariat for Keeping Registers (1133 Budapest, Visegrádi u. "
                "112.; postal address: 1476 Budapest, Pf. 281.)."
            ),
        ),
        Text(
            (
                "A tájékoztatás az információs önrendelkezési jogról és az információszabadságról "
                "szóló 2011. évi CXII. törvény 14. § a) pontján és 15. §-án, valamint a 146/1993. "
                "(X. 26.) Korm. rendelet 46/A. §-án alapul."
            ),
            (
                "The information is given under Section 14(a) and Section 15 of Act CXII of 2011 "
                "on informational self-determination and freedom of information, and Section 46/A "
                "of Government Decree 146/1993 (X. 26.)."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

DISCLOSURE_BAN = ServiceInfo(
    code="register.disclosure_ban",
    title=Text(
        "Adatszolgáltatás letiltása és a tiltás visszavonása (SZL adatletiltás)",
        "Banning the disclosure of your data, and lifting the ban",
    ),
    summary=Text(
        (
            "Mindenki jogosult megtiltani a róla nyilvántartott adatok kiadását. Megtilthatja vagy "
            "korlátozhatja, hogy a személyiadat- és lakcímnyilvántartásból adatait tudományos "
            "kutatáshoz, közvélemény-kutatáshoz és piackutatáshoz, illetve közvetlen "
            "üzletszerzéshez kiadják, és a tiltást vissza is vonhatja."
        ),
        (
            "Everyone may ban the disclosure of the data held about them. You can ban or restrict "
            "the release of your data from the personal data and address register for scientific "
            "research, opinion polls and market research, or direct marketing, and you can lift "
            "the ban."
        ),
    ),
    who=(
        Text(
            "Minden polgár, aki a személyiadat- és lakcímnyilvántartás hatálya alá tartozik.",
            "Everyone covered by the personal data and address register.",
        ),
    ),
    cost=Text(
        "Az eljárás minden esetben díj- és illetékmentes.",
        "The procedure is always free of charge.",
    ),
    deadline=Text(
        "Rendelkezését haladéktalanul, de legkésőbb 8 napon belül átvezetik a nyilvántartáson.",
        (
            "Your instruction is entered in the register without delay, and within 8 days at the "
            "latest."
        ),
    ),
    prepare=(
        Text(
            (
                "Mely célokra tiltja vagy korlátozza adatai kiadását: tudományos kutatás; "
                "közvélemény-kutatás és piackutatás; közvetlen üzletszerzés (direkt marketing) – "
                "vagy melyik korábbi tiltását vonja vissza."
            ),
            (
                "The purposes for which you ban or restrict disclosure: scientific research; "
                "opinion polls and market research; direct marketing – or which earlier ban you "
                "are lifting."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A tiltás nem érinti a törvényben kötelezően előírt adatszolgáltatásokat (például "
                "adóigazgatás, honvédelmi nyilvántartás, ingatlan-nyilvántartás), a nemzetközi "
                "szerződésben előírt adatszolgáltatást, sem azt, ha az adatokra az adatot kérő "
                "által igazolt egyéb célból van szükség."
            ),
            (
                "The ban does not affect disclosures required by law (for example for tax "
                "administration, the defence register or the land register), disclosures required "
                "by an international treaty, or disclosures needed for another purpose that the "
                "requester proves."
            ),
        ),
        Text(
            (
                "A tilalom bármikor visszavonható személyesen, postán vagy elektronikusan, "
                "függetlenül attól, hogy korábban írásban, személyesen vagy elektronikusan tette-e."
            ),
            (
                "The ban can be lifted at any time, in person, by post or online, whether it was "
                "made in writing, in person or online."
            ),
        ),
        Text(
            (
                "Nyilatkozatát ajánlott levélben is megteheti bármely járási (fővárosi kerületi) "
                "hivatalnál vagy Budapest Főváros Kormányhivatalánál, illetve a választási "
                "eljárásról szóló 2013. évi XXXVI. törvény alapján a helyi választási irodaként "
                "eljáró jegyzőnél is."
            ),
            (
                "You can also make the declaration by registered letter to any district office or "
                "to the Budapest Capital Government Office, or, under Act XXXVI of 2013 on "
                "electoral procedure, to the town clerk acting as local election office."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

CHANGE_NOTICE = ServiceInfo(
    code="register.change_notice",
    title=Text(
        "Adatváltozásról értesítés küldése",
        "Sending notice of a change in your data",
    ),
    summary=Text(
        (
            "Egyes ágazati jogszabályok szerint adatváltozás-bejelentési kötelezettségét – a más "
            "nyilvántartásban közhitelesen szereplő adatok tekintetében – úgy is teljesítheti, "
            "hogy a közhiteles nyilvántartást vezető szervet kéri meg, hogy adatai változásáról "
            "küldjön értesítést. Ez a Belügyminisztérium által kezelt közhiteles nyilvántartásokra "
            "vonatkozik."
        ),
        (
            "Under certain sectoral laws you can meet a duty to report changes in your data – for "
            "data held authentically in another register – by asking the body keeping that "
            "authentic register to send notice of the change. This covers the authentic registers "
            "kept by the Ministry of the Interior."
        ),
    ),
    who=(
        Text(
            (
                "Aki saját adatai változásáról kér értesítést a szolgáltatáshoz csatlakozott "
                "valamely szerv részére."
            ),
            (
                "Anyone asking for notice of a change in their own data to be sent to a body that "
                "has joined the service."
            ),
        ),
    ),
    cost=Text(
        "Az értesítés megküldése illetékmentes.",
        "Sending the notice is free of charge.",
    ),
    deadline=Text(
        (
            "Azonnal: a benyújtás után az értesítést rögtön megküldik a kiválasztott szerv "
            "hivatali kapujába. Az értesítésről PDF-dokumentum tölthető le, és később a Kérelmeim, "
            "nyilatkozataim menüpontban is megnyitható."
        ),
        (
            "Immediate: after submission the notice is sent at once to the chosen body's official "
            "electronic gateway. A PDF of the notice can be downloaded, and it can be opened later "
            "under My requests and declarations."
        ),
    ),
    prepare=(
        Text(
            "A szerv, amely felé adatváltozás-bejelentési kötelezettségét teljesíti.",
            "The body to which you owe the report of the change.",
        ),
        Text(
            "Azok az adatai, amelyek megváltozásáról értesítést kér.",
            "Which of your data have changed and should be notified.",
        ),
    ),
    notes=(
        Text(
            (
                "A szolgáltatáshoz csatlakozott szervek és nyilvántartásaik: Egészségügyi "
                "Nyilvántartási és Képzési Központ (az államilag támogatott képzésben részt "
                "vevőkről vezetett nyilvántartás; halottvizsgálati szaktanácsadói névjegyzék), "
                "igazságügyi miniszter (közvetítői névjegyzék), Magyar Nemzeti Bank (bizalmi "
                "vagyonkezelési jogviszonyok nyilvántartása)."
            ),
            (
                "Bodies that have joined the service, and their registers: Health Registration and "
                "Training Centre (register of state-funded trainees; list of expert advisers on "
                "death examination), Minister of Justice (register of mediators), Hungarian "
                "National Bank (register of fiduciary asset management relationships)."
            ),
        ),
        Text(
            (
                "Az ágazati jogszabály díjat írhat elő az adatváltozás átvezetéséért. Az itt "
                "benyújtott kérelem ez alól nem mentesít: a díjat a jogszabály szerint az érintett "
                "szervnek kell megfizetni."
            ),
            (
                "A sectoral law may charge a fee for recording the change. A request filed here "
                "does not exempt you from it: the fee must still be paid to the body concerned as "
                "that law provides."
            ),
        ),
        Text(
            (
                "Egy kérelem mindig egy adott adatváltozásról szóló értesítésre irányul; ha adatai "
                "ismét változnak, a kérelmet újra be kell nyújtani. Értesítés csak saját adatairól "
                "küldhető."
            ),
            (
                "Each request concerns one given change; if your data change again, file a new "
                "request. Notices can only be sent about your own data."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="register",
    title=Text(
        "Személyiadat- és lakcímnyilvántartás",
        "Personal data and address register",
    ),
    intro=Text(
        (
            "Tájékoztatást kérhet saját nyilvántartott adatairól, megtilthatja adatai kiadását, "
            "értesítést küldhet adatváltozásról, kezelheti értesítési címét, és szállásadóként "
            "nyilatkozatot tehet."
        ),
        (
            "Ask for your own registered data, ban the disclosure of your data, send notice of a "
            "change in your data, manage your notification address, and make declarations as a "
            "landlord."
        ),
    ),
    services=(
        OWN_DATA,
        DISCLOSURE_BAN,
        CHANGE_NOTICE,
        NOTIFICATION_ADDRESS,
        NOTIFICATION_ADDRESS_REFUSAL,
        NOTIFICATION_ADDRESS_ALERTS,
        LANDLORD_DECLARATION,
    ),
)
