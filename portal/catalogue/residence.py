"""Residence abroad: reporting the intention to settle abroad."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

SETTLE_ABROAD = ServiceInfo(
    code="residence.settle_abroad",
    title=Text(
        "Külföldön történő letelepedési szándék bejelentése",
        "Reporting the intention to settle abroad",
    ),
    summary=Text(
        (
            "A személyiadat- és lakcímnyilvántartás hatálya alá tartozó polgárnak be kell "
            "jelentenie, ha Magyarországot a külföldön történő letelepedés szándékával hagyja el. "
            "A bejelentést bármely járási hivatalban, vagy itt, elektronikusan is megteheti; ennek "
            "során külföldi lakcímét is be kell jelentenie."
        ),
        (
            "Anyone covered by the personal data and address register must report leaving Hungary "
            "with the intention of settling abroad. The report can be made at any district office, "
            "or here, online; your foreign address must be reported with it."
        ),
    ),
    who=(
        Text(
            (
                "A személyiadat- és lakcímnyilvántartás hatálya alá tartozó magyar állampolgár, "
                "bevándorolt, letelepedett, menekült, oltalmazott, valamint a szabad mozgás és "
                "tartózkodás jogával rendelkező polgár."
            ),
            (
                "Anyone covered by the personal data and address register: Hungarian citizens, "
                "immigrants, settled persons, refugees, persons under subsidiary protection, and "
                "citizens with the right of free movement and residence."
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
            "tisztázott, ennek hiányában 21 nap. Sürgősségi eljárásra nincs mód."
        ),
        (
            "8 days if the facts are clear from the request and the data available to the "
            "authority, otherwise 21 days. No urgent procedure is available."
        ),
    ),
    prepare=(
        Text(
            "Külföldi lakcíme.",
            "Your foreign address.",
        ),
        Text(
            (
                "Magyar állampolgár kérelmező esetén az új lakcímigazolvány átvételének módja: a "
                "járási hivatalban, postán vagy a külképviseleten."
            ),
            (
                "For Hungarian citizens: how you will receive the new address card – at a district "
                "office, by post or at a Hungarian mission abroad."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Magyar állampolgár esetén a külföldi letelepedési szándék bejelentése nem érinti "
                "a személyazonosító igazolványra való jogosultságot és az igazolvány "
                "érvényességét: az igazolványt nem kell leadni."
            ),
            (
                "For Hungarian citizens, reporting the intention to settle abroad does not affect "
                "the entitlement to an ID card or the card's validity: the ID card need not be "
                "handed in."
            ),
        ),
        Text(
            (
                "Nem magyar állampolgár esetén a bejelentés megszünteti a személyazonosító "
                "igazolványra való jogosultságot, ezért az igazolványt le kell adni."
            ),
            (
                "For non-Hungarian citizens, the report ends the entitlement to an ID card, so the "
                "ID card must be handed in."
            ),
        ),
        Text(
            (
                "2013. március 1-je óta nem kell bejelenteni a 3 hónapot meghaladó ideiglenes "
                "külföldi tartózkodást: aki csak „ideiglenesen” dolgozik külföldön, és nem "
                "letelepedési szándékkal hagyta el Magyarországot, annak nem kell bejelentenie "
                "külföldi címét. Érdemes azonban gondoskodnia arról, hogy magyarországi "
                "kötelezettségeit távolléte alatt is rendezze."
            ),
            (
                "Since 1 March 2013 a temporary stay abroad of more than 3 months need not be "
                "reported: people who only work abroad “temporarily” and did not leave Hungary to "
                "settle abroad need not report their foreign address. They should still make sure "
                "that their obligations in Hungary are taken care of while they are away."
            ),
        ),
        Text(
            (
                "Ha már külföldön él magyar állampolgárként, és külföldi lakóhelye megváltozott, "
                "azt bejelentkezés nélkül, a külföldi lakóhely változásának bejelentésére szolgáló "
                "szolgáltatással jelentheti be."
            ),
            (
                "If you already live abroad as a Hungarian citizen and your foreign address has "
                "changed, report it without logging in, using the service for reporting a change "
                "of foreign address."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="residence",
    title=Text(
        "Külföldi letelepedés",
        "Settling abroad",
    ),
    intro=Text(
        (
            "Bejelentheti, hogy Magyarországot külföldi letelepedés szándékával hagyja el. A "
            "külföldön élő magyar állampolgár külföldi lakóhelyének változását bejelentkezés "
            "nélkül is bejelentheti."
        ),
        (
            "Report that you are leaving Hungary to settle abroad. Hungarian citizens already "
            "living abroad can report a change of foreign address without logging in."
        ),
    ),
    services=(SETTLE_ABROAD,),
)
