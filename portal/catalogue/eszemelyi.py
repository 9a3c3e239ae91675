"""Chip ID card (eSzemélyi): NEK applet, emergency numbers, e-signature, activation and PINs."""

from __future__ import annotations

from portal.catalogue.base import (
    SEED_ESZEMELYI,
    SEED_WEBES_UGYSEGED,
    ServiceGroup,
    ServiceInfo,
    Text,
)
from portal.catalogue.eszemelyi_esign import ESIGN

CARD_READER_AND_PIN = Text(
    (
        "Kártyaolvasó, a számítógépére telepített kártyakezelő alkalmazás, valamint az "
        "eSzemélyihez tartozó PIN-kód."
    ),
    "A card reader, the card software installed on your computer, and the PIN of your eSzemélyi.",
)

NEK_APPLET = ServiceInfo(
    code="eszemelyi.nek_applet",
    title=Text(
        "A Nemzeti Egységes Kártyarendszerhez tartozó alkalmazás (NEK applet) telepítése",
        "Installing the National Unified Card System application (NEK applet)",
    ),
    summary=Text(
        (
            "A 2016. november 14-e előtt kiállított, tároló elemmel rendelkező személyazonosító "
            "igazolványra telepítheti a NEK appletet, illetve frissítheti a korábban telepítettet. "
            "Ezután az igazolvány alkalmas lesz a közösségi közlekedési szolgáltatók "
            "díjtermékeinek rögzítésére és az elektronikus utazási funkció használatára."
        ),
        (
            "Install the NEK applet on an ID card with a chip issued before 14 November 2016, or "
            "update an applet installed earlier. The card can then hold public transport passes "
            "and tickets and be used for electronic travel."
        ),
    ),
    who=(
        Text(
            (
                "Akinek 2016. november 14-e előtt kiállított, elektronikus tároló elemmel ellátott "
                "személyazonosító igazolványa van."
            ),
            "Anyone with an ID card with a chip issued before 14 November 2016.",
        ),
        Text(
            "Kártyaolvasóval és kártyaolvasó alkalmazással rendelkezik.",
            "You have a card reader and card reader software.",
        ),
    ),
    cost=Text(
        "A telepítés ingyenes.",
        "The installation is free.",
    ),
    deadline=Text(
        "Azonnal: a NEK applet rögtön települ az igazolványra.",
        "Immediate: the NEK applet is installed on the card at once.",
    ),
    prepare=(CARD_READER_AND_PIN,),
    notes=(
        Text(
            (
                "A 2016. november 14-étől kiállított igazolványok chipjén a NEK alkalmazás már "
                "rajta van, ezekre nem kell telepíteni."
            ),
            (
                "Cards issued from 14 November 2016 already carry the NEK application on their "
                "chip; nothing needs installing."
            ),
        ),
        Text(
            (
                "A 65. életévét betöltött polgár részére kiállítható, határidő nélküli "
                "érvényességű igazolvány nem tartalmaz tároló elemet, ezért arra a NEK applet nem "
                "telepíthető, és elektronikus azonosításra, elektronikus aláírásra sem használható."
            ),
            (
                "The card with unlimited validity that people aged 65 or over may ask for has no "
                "chip, so the NEK applet cannot be installed on it, and it cannot be used for "
                "electronic identification or electronic signatures."
            ),
        ),
        Text(
            (
                "A 2016. január 1-jétől kiadott igazolvány funkciói: elektronikus azonosítás "
                "(eID), elektronikus úti okmány (ePASS), elektronikus aláírás (eSIGN) és közösségi "
                "közlekedési funkció (eNEK)."
            ),
            (
                "Functions of the cards issued from 1 January 2016: electronic identification "
                "(eID), electronic travel document (ePASS), electronic signature (eSIGN) and "
                "public transport (eNEK)."
            ),
        ),
        Text(
            (
                "A műszakilag bevizsgált kártyaolvasók listáját és a kártyaolvasó alkalmazás "
                "telepítési leírását az eszemelyi.hu oldalon találja."
            ),
            (
                "The list of tested card readers and instructions for installing the card reader "
                "software are on eszemelyi.hu."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

EMERGENCY_NUMBERS = ServiceInfo(
    code="eszemelyi.emergency_numbers",
    title=Text(
        "Vészhelyzet esetén értesítendő telefonszám rögzítése, módosítása, törlése",
        "Recording, changing or deleting emergency contact numbers",
    ),
    summary=Text(
        (
            "Legfeljebb két, vészhelyzet esetén értesítendő telefonszámot rögzíthet "
            "személyazonosító igazolványa tároló elemén, a meglévőt módosíthatja vagy törölheti. A "
            "telefonszám megadása nem kötelező: azt szolgálja, hogy az Ön által választott személy "
            "értesülhessen egészségi állapotáról, ha Ön tájékoztatásra képtelen állapotban van."
        ),
        (
            "Record up to two emergency contact numbers on the chip of your ID card, or change or "
            "delete them. Giving a number is optional: it lets a person you choose learn about "
            "your health if you are unable to inform anyone yourself."
        ),
    ),
    who=(
        Text(
            (
                "Mindenki, aki tároló elemmel (chippel) ellátott személyazonosító igazolvánnyal "
                "rendelkezik."
            ),
            "Anyone with an ID card with a chip.",
        ),
        Text(
            "A kérelem előterjesztéséhez Ügyfélkapu-regisztráció szükséges.",
            "Filing the request requires an Ügyfélkapu registration.",
        ),
    ),
    cost=Text(
        "A telefonszám rögzítése, cseréje és törlése illetékmentes.",
        "Recording, changing and deleting the numbers is free of charge.",
    ),
    deadline=Text(
        (
            "Azonnal: a benyújtás után a telefonszám automatikusan rögzül az igazolvány tároló "
            "elemén, illetve törlés kérése esetén automatikusan törlődik róla."
        ),
        (
            "Immediate: after submission the number is written to the card's chip automatically, "
            "or deleted from it automatically if you asked for deletion."
        ),
    ),
    prepare=(
        CARD_READER_AND_PIN,
        Text(
            "Legfeljebb két telefonszám.",
            "At most two phone numbers.",
        ),
        Text(
            (
                "Rögzítéskor és módosításkor nyilatkozat arról, hogy a telefonszámot annak "
                "birtokosa hozzájárulásával adja meg."
            ),
            (
                "When recording or changing a number: a declaration that the number's holder has "
                "consented."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A vészhelyzet esetén értesítendő telefonszám kiolvasására kizárólag jogszabályban "
                "meghatározott esetben, az értesítendő személy tájékoztatása céljából kerülhet sor."
            ),
            (
                "The emergency numbers may be read only in cases set by law, in order to inform "
                "the person to be notified."
            ),
        ),
        Text(
            "Új eSzemélyi személyes igénylésekor is megadhat két ilyen telefonszámot.",
            "You can also give two such numbers when applying for a new eSzemélyi in person.",
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

ACTIVATION = ServiceInfo(
    code="eszemelyi.activation",
    title=Text(
        "Az eSzemélyi aktiválása és PIN-kódjai",
        "Activating the eSzemélyi and its PIN codes",
    ),
    summary=Text(
        (
            "Az eSzemélyi chipje révén alkalmas elektronikus azonosításra (eAzonosítás), igénylés "
            "esetén elektronikus aláírásra (eAláírás) is. Ezek használatához a funkciókat "
            "aktiválni kell, és saját PIN-kódokat kell beállítani – az okmány átvételekor a "
            "kormányablakban vagy okmányirodában, vagy később, akár otthon, kártyaolvasóval."
        ),
        (
            "Thanks to its chip, the eSzemélyi can be used for electronic identification (eID) "
            "and, if requested, for electronic signatures. To use them, the functions must be "
            "activated and your own PIN codes set – when you collect the card at a government "
            "office or document office, or later, even at home, with a card reader."
        ),
    ),
    who=(
        Text(
            "Aki tároló elemmel ellátott személyazonosító igazolvánnyal (eSzemélyi) rendelkezik.",
            "Anyone with an ID card with a chip (eSzemélyi).",
        ),
        Text(
            "Az eAláírás funkciót csak az aktiválja, aki e-aláírás szolgáltatást igényelt.",
            (
                "The e-signature function is activated only by those who requested the e-signature "
                "service."
            ),
        ),
    ),
    cost=Text(
        "Az aktiválás ingyenes; az eSzemélyi igénylése is illetékmentes.",
        "Activation is free; applying for an eSzemélyi is free of charge too.",
    ),
    deadline=Text(
        "Azonnal: a saját PIN-kód beállítása után a funkció rögtön használható.",
        "Immediate: once you have set your own PIN, the function can be used at once.",
    ),
    prepare=(
        Text(
            "Az eSzemélyi és egy kártyaolvasó (ha nem az okmány átvételekor aktivál).",
            "The eSzemélyi and a card reader (unless you activate when collecting the card).",
        ),
        Text(
            (
                "A zöld szegélyű boríték (Személyazonosító igazolvány kódkártya): aktiváló "
                "PIN-kód, PUK-kód és regisztrációs kód."
            ),
            (
                "The green-bordered envelope (ID card code card): activation PIN, PUK and "
                "registration code."
            ),
        ),
        Text(
            (
                "E-aláírás igénylése esetén a kék szegélyű boríték (Elektronikus aláírás "
                "kódkártya): aktiváló PIN-kód és visszavonási jelszó, valamint az eSzemélyin "
                "található CAN-szám."
            ),
            (
                "If you requested the e-signature: the blue-bordered envelope (e-signature code "
                "card) with the activation PIN and the revocation password, and the CAN number "
                "printed on the eSzemélyi."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Az eAzonosítás aktiváló PIN-kódját csak egyszer, az aktiváláskor kell megadni, "
                "majd egyedi, 6 számjegyű saját PIN-kódra kell cserélni; ezzel azonosíthatja magát "
                "később az eAzonosítás szolgáltatásoknál."
            ),
            (
                "The eID activation PIN is entered only once, at activation, and must then be "
                "replaced by your own 6-digit PIN, which you use from then on to identify yourself "
                "electronically."
            ),
        ),
        Text(
            (
                "A PUK-kód biztonsági kód arra az esetre, ha a PIN-kódot háromszor egymás után "
                "hibásan adták meg."
            ),
            "The PUK is a security code for when the PIN has been entered wrongly three times.",
        ),
        Text(
            "A regisztrációs kóddal elektronikusan nyithat Ügyfélkaput.",
            "The registration code lets you open an Ügyfélkapu account electronically.",
        ),
        Text(
            (
                "Az eAláírás funkció aktiválásához az eSzemélyin található CAN-számot és az "
                "aktiváló PIN-kódot kell megadni, majd az aktiváló PIN-kódot egyedi, 7 számjegyű "
                "saját PIN-kódra kell cserélni. Ezt követően a saját PIN-kóddal és a CAN-számmal "
                "helyezhet el elektronikus aláírást és időbélyeget a dokumentumokon."
            ),
            (
                "To activate the e-signature function, enter the CAN number printed on the "
                "eSzemélyi and the activation PIN, then replace the activation PIN with your own "
                "7-digit PIN. From then on you sign and time-stamp documents with your own PIN and "
                "the CAN number."
            ),
        ),
        Text(
            (
                "A visszavonási jelszó a tanúsítvány visszavonásához szükséges, például visszaélés "
                "esetén."
            ),
            (
                "The revocation password is needed to revoke the certificate, for example in case "
                "of misuse."
            ),
        ),
        Text(
            (
                "Ha nem kíván élni az eSzemélyi elektronikus funkcióival, azokat nem szükséges "
                "aktiválni."
            ),
            (
                "If you do not want to use the electronic functions of the eSzemélyi, you need not "
                "activate them."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_ESZEMELYI,
    start_view="eszemelyi:card",
)

GROUP = ServiceGroup(
    slug="eszemelyi",
    title=Text(
        "eSzemélyi",
        "eSzemélyi (chip ID card)",
    ),
    intro=Text(
        (
            "A tároló elemmel (chippel) ellátott személyazonosító igazolvány (eSzemélyi) "
            "elektronikus funkcióit kártyaolvasóval kezelheti: telepítheti a NEK alkalmazást, "
            "rögzítheti a vészhelyzet esetén értesítendő telefonszámokat, igényelheti vagy "
            "megújíthatja az e-aláírás szolgáltatást, és aktiválhatja a funkciókat."
        ),
        (
            "Manage the electronic functions of your ID card with a chip (eSzemélyi) with a card "
            "reader: install the NEK application, record emergency contact numbers, request or "
            "renew the e-signature service, and activate the functions."
        ),
    ),
    services=(NEK_APPLET, EMERGENCY_NUMBERS, ESIGN, ACTIVATION),
)
