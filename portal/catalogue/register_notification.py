"""Population register: notification address, its refusal and alerts; landlord's declaration."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceInfo, Text

ALERT_FEES = Text(
    (
        "Az értesítési szolgáltatás igazgatási szolgáltatási díja egy ingatlan egy évre vonatkozó "
        "figyelését és korlátlan számú értesítés küldését tartalmazza a választott módon vagy "
        "módokon: levélben történő értesítés 3600 Ft/év, telefaxon 3300 Ft/év, e-mailben 3300 "
        "Ft/év, szöveges üzenetben (SMS) 3600 Ft/év, kombinált szolgáltatással (SMS és e-mail) "
        "4100 Ft/év."
    ),
    (
        "The administrative service fee for alerts covers watching one property for one year and "
        "sending any number of alerts by the channel or channels chosen: by letter HUF 3,600 a "
        "year, by fax HUF 3,300 a year, by e-mail HUF 3,300 a year, by text message (SMS) HUF "
        "3,600 a year, combined (SMS and e-mail) HUF 4,100 a year."
    ),
)

EIGHT_DAYS = Text(
    "8 nap; a határidő a kérelem beérkezését követő napon kezdődik.",
    "8 days, counted from the day after the request is received.",
)

OWN_NAME_ONLY = Text(
    "A kérelmet kizárólag saját nevében és saját regisztrációjával terjesztheti elő.",
    "You may file the request only in your own name and with your own registration.",
)

ADDRESS_HOLDER = Text(
    (
        "Címjogosult az a személy, aki az értesítési címként megadott címhely tekintetében "
        "szállásadónak minősül."
    ),
    (
        "The address holder (címjogosult) is the person who counts as the landlord of the address "
        "given as a notification address."
    ),
)

NOTIFICATION_ADDRESS = ServiceInfo(
    code="register.notification_address",
    title=Text(
        "Értesítési cím bejelentése, megújítása, módosítása vagy törlése",
        "Registering, renewing, changing or deleting a notification address",
    ),
    summary=Text(
        (
            "Az értesítési cím az a cím (címhely, postafiók vagy postai szolgáltató hely), amelyet "
            "lakcímén (lakóhelyén és tartózkodási helyén) kívül kapcsolattartás céljából bejelent. "
            "Elektronikusan bejelentheti, megújíthatja, módosíthatja, illetve töröltetheti."
        ),
        (
            "A notification address is an address (a street address, a post office box or a postal "
            "service point) that you register for correspondence in addition to your residence and "
            "place of stay. You can register, renew, change or delete it online."
        ),
    ),
    who=(
        Text(
            (
                "Természetes személy, akinek bejelentett lakóhelye van a személyiadat- és "
                "lakcímnyilvántartásban."
            ),
            (
                "A natural person with a residence registered in the personal data and address "
                "register."
            ),
        ),
        Text(
            (
                "A kérelmet kizárólag saját nevében és saját regisztrációjával teheti meg: "
                "értesítési címet csak saját maga tekintetében jelenthet be."
            ),
            (
                "You may file the request only in your own name and with your own registration: "
                "you can register a notification address only for yourself."
            ),
        ),
    ),
    cost=Text(
        "Az értesítési cím bejelentésével kapcsolatos eljárások illeték- és díjmentesek.",
        "Procedures concerning the notification address are free of charge.",
    ),
    deadline=EIGHT_DAYS,
    prepare=(
        Text(
            "Természetes személyazonosító adatai.",
            "Your natural identity data.",
        ),
        Text(
            "Személyi azonosítója.",
            "Your personal identifier (személyi azonosító).",
        ),
        Text(
            "Az értesítési cím: címhely, postafiók vagy postai szolgáltató hely.",
            (
                "The notification address: a street address, a post office box or a postal service "
                "point."
            ),
        ),
        Text(
            "A bejelentés időpontja.",
            "The date of the declaration.",
        ),
    ),
    notes=(
        Text(
            (
                "A nyilvántartás egyszerre csak egy, a polgár által bejelentett értesítési címet "
                "tartalmazhat."
            ),
            "The register can hold only one notification address per person at a time.",
        ),
        Text(
            (
                "Az értesítési címet a bejelentésétől számított két éven belül ismét be kell "
                "jelenteni, ha továbbra is szerepeltetni kívánja; megújítás hiányában a "
                "nyilvántartásból törlik."
            ),
            (
                "The notification address must be registered again within two years of its "
                "registration if you want to keep it; without renewal it is deleted from the "
                "register."
            ),
        ),
        Text(
            (
                "A bejelentett értesítési cím később módosítható, és a módosított cím is ismét "
                "módosítható."
            ),
            (
                "A registered notification address can be changed later, and the changed address "
                "can be changed again."
            ),
        ),
        Text(
            (
                "Érvénytelen a bejelentett értesítési cím, ha a járási hivatal vagy a kijelölt "
                "kormányhivatal megállapítja, hogy nem valós."
            ),
            (
                "A registered notification address is invalid if the district office or the "
                "designated government office finds that it is not real."
            ),
        ),
        Text(
            (
                "Az értesítési cím bejelentése önmagában nem keletkeztet és nem szüntet meg a "
                "lakás vagy az ingatlan használatához fűződő, illetve egyéb vagyoni jogot."
            ),
            (
                "Registering a notification address does not in itself create or end any right to "
                "use the dwelling or property, or any other property right."
            ),
        ),
        ADDRESS_HOLDER,
        Text(
            (
                "A címjogosult és a postafiók bérlője előre megtilthatja, hogy címét értesítési "
                "címként nyilvántartsák, a címjogosult pedig kérheti, hogy értesítsék, ha címét "
                "valaki értesítési címként bejelenti."
            ),
            (
                "The address holder and the tenant of a post office box can refuse in advance that "
                "their address be registered as a notification address, and the address holder can "
                "ask to be alerted whenever someone registers their address as one."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

NOTIFICATION_ADDRESS_REFUSAL = ServiceInfo(
    code="register.notification_address_refusal",
    title=Text(
        "Értesítési cím bejelentésének előzetes tiltása vagy az előzetes tiltás visszavonása",
        (
            "Refusing in advance that an address be used as a notification address, or revoking "
            "the refusal"
        ),
    ),
    summary=Text(
        (
            "A címjogosult és a postafiók bérlője előzetesen nyilatkozhat arról, hogy a cím "
            "(címhely vagy postafiók) értesítési címként történő nyilvántartását nem kívánja "
            "biztosítani, és ezt a nyilatkozatát vissza is vonhatja."
        ),
        (
            "The address holder and the tenant of a post office box can declare in advance that "
            "they do not allow the address (street address or post office box) to be registered as "
            "anyone's notification address, and can revoke that declaration."
        ),
    ),
    who=(
        Text(
            "A címjogosult, illetve a postafiók bérlője.",
            "The address holder, or the tenant of the post office box.",
        ),
        OWN_NAME_ONLY,
    ),
    cost=Text(
        "Az előzetes tiltás és annak visszavonása illeték- és díjmentes.",
        "The refusal and its revocation are free of charge.",
    ),
    deadline=EIGHT_DAYS,
    prepare=(
        Text(
            "A cím (címhely) vagy a postafiók, amelyre a tiltás vonatkozik.",
            "The address (street address) or post office box the refusal concerns.",
        ),
        Text(
            "Annak megjelölése, hogy tiltó nyilatkozatot tesz, vagy korábbi tiltását vonja vissza.",
            "Whether you are making a refusal or revoking an earlier one.",
        ),
    ),
    notes=(ADDRESS_HOLDER,),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

NOTIFICATION_ADDRESS_ALERTS = ServiceInfo(
    code="register.notification_address_alerts",
    title=Text(
        "Értesítés kérése az értesítési cím bejelentéséről (nyilatkozat és értesítési csomag)",
        (
            "Alerts when your address is registered as a notification address (declaration and "
            "alert package)"
        ),
    ),
    summary=Text(
        (
            "Címjogosultként nyilatkozhat arról, hogy értesítést kér, amikor valaki az Ön címét "
            "értesítési címként bejelenti – a nyilvántartásba vétellel egyidejűleg. A "
            "nyilatkozatot visszavonhatja vagy módosíthatja, és értesítési csomagot hozhat létre, "
            "módosíthat vagy vonhat vissza."
        ),
        (
            "As an address holder, you can declare that you want to be alerted, at the time of "
            "registration, whenever someone registers your address as a notification address. You "
            "can revoke or change the declaration, and create, change or revoke alert packages."
        ),
    ),
    who=(
        Text(
            (
                "A címjogosult: aki az értesítési címként megadott címhely tekintetében "
                "szállásadónak minősül."
            ),
            (
                "The address holder: the person who counts as the landlord of the address given as "
                "a notification address."
            ),
        ),
        OWN_NAME_ONLY,
    ),
    cost=Text(
        (
            f"{ALERT_FEES.hu} A díjat ingatlanonként kell megfizetni. Az értesítési csomag "
            "létrehozása, módosítása vagy visszavonása ingyenes."
        ),
        (
            f"{ALERT_FEES.en} The fee is payable per property. Creating, changing or revoking an "
            "alert package is free."
        ),
    ),
    deadline=EIGHT_DAYS,
    prepare=(
        Text(
            "Az ingatlan (címhely), amelyre az értesítést kéri.",
            "The property (address) you want alerts for.",
        ),
        Text(
            (
                "A választott értesítési mód vagy módok (levél, telefax, e-mail, SMS, illetve SMS "
                "és e-mail) és a hozzájuk tartozó elérhetőség."
            ),
            (
                "The channel or channels you choose (letter, fax, e-mail, SMS, or SMS and e-mail) "
                "and the matching contact details."
            ),
        ),
        Text(
            "Pénzintézeti folyószámla, amelyről a díjat kiegyenlíti.",
            "A bank account from which to pay the fee.",
        ),
    ),
    notes=(
        Text(
            (
                "Az értesítési szolgáltatás megszűnik, ha az igény bejelentésétől számított egy év "
                "elteltével nem igénylik újra, ha a nyilatkozattételi jogosultság megszűnik, vagy "
                "ha az igénylő elhalálozik."
            ),
            (
                "The alert service ends one year after it was requested unless it is requested "
                "again, when the right to make the declaration ends, or on the death of the person "
                "who requested it."
            ),
        ),
        Text(
            "Az értesítési csomagok módosításával a fizetendő díj is módosulhat.",
            "Changing an alert package may change the fee payable.",
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

LANDLORD_DECLARATION = ServiceInfo(
    code="register.landlord_declaration",
    title=Text(
        "Szállásadói nyilatkozat",
        "Landlord's declaration",
    ),
    summary=Text(
        (
            "Szállásadóként nyilatkozhat arról, hogyan adja meg a lakcímbejelentéshez szükséges "
            "hozzájárulását, valamint arról, hogy értesítést kér-e, amikor valaki az ingatlanára "
            "lakcímet jelent be."
        ),
        (
            "As a landlord, you can declare how you give the consent needed for someone to "
            "register their address at your property, and whether you want to be alerted whenever "
            "someone registers an address there."
        ),
    ),
    who=(
        Text(
            (
                "Aki a nyilatkozattal érintett ingatlan tekintetében jogszabály szerint "
                "szállásadónak minősül."
            ),
            "Anyone who counts by law as the landlord of the property concerned.",
        ),
    ),
    cost=Text(
        (
            f"A szállásadói hozzájárulás módjáról szóló nyilatkozat illetékmentes. {ALERT_FEES.hu} "
            "Egyszerre több értesítési mód is választható."
        ),
        (
            f"The declaration on the form of consent is free of charge. {ALERT_FEES.en} Several "
            "channels can be chosen at once."
        ),
    ),
    deadline=Text(
        (
            "8 nap, ha a kérelem és a hatóság rendelkezésére álló adatok alapján a tényállás "
            "tisztázott, ennek hiányában 21 nap. Sürgősségi eljárásra nincs mód."
        ),
        (
            "8 days if the facts are clear from the request and the data available to the "
            "authority, otherwise 21 days. No urgent procedure is available."
        ),
    ),
    prepare=(
        Text(
            "Az érintett ingatlan címe.",
            "The address of the property.",
        ),
        Text(
            (
                "A hozzájárulás módja: a lakcímbejelentéskor a bejelentkezővel együtt személyesen "
                "jelenik meg, vagy elektronikus azonosítást követően, elektronikus kapcsolattartás "
                "útján előzetesen járul hozzá."
            ),
            (
                "How you give consent: you appear in person together with the person registering, "
                "or you consent in advance online after electronic identification."
            ),
        ),
        Text(
            (
                "Ha értesítést kér: az értesítés módja vagy módjai (levél, telefax, e-mail, SMS, "
                "illetve SMS és e-mail), valamint pénzintézeti folyószámla a díj megfizetéséhez."
            ),
            (
                "If you want alerts: the channel or channels (letter, fax, e-mail, SMS, or SMS and "
                "e-mail), and a bank account to pay the fee."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A hozzájárulás módjáról és az értesítésről szóló nyilatkozatot együtt és "
                "külön-külön is megteheti."
            ),
            (
                "The declaration on consent and the request for alerts can be made together or "
                "separately."
            ),
        ),
        Text(
            (
                "Az értesítést a címre történő lakcímbejelentés nyilvántartásba vételével "
                "egyidejűleg küldik."
            ),
            "Each alert is sent at the time the address registration is recorded.",
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)
