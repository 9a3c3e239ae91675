"""Vehicles: data lookup and replacement of the title document (törzskönyv pótlása)."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceInfo, Text
from portal.catalogue.common import (
    BANK_ACCOUNT,
    MINISTRY,
    NO_FEE_EXEMPTION,
    OWNER_KEEPER,
    SELF_ONLY,
    receipt,
)

DATA_LOOKUP = ServiceInfo(
    code="vehicles.data_lookup",
    title=Text(
        "Gépjárműadat-lekérdezés",
        "Vehicle data lookup",
    ),
    summary=Text(
        (
            "Lekérdezheti egy vagy több gépjármű egyes adatait (adatigénylés), és kérheti az Ön "
            "által megadott adatok egyezőségének vizsgálatát. Az adatszolgáltatás a "
            "Belügyminisztérium kezelésében álló közhiteles közúti közlekedési nyilvántartás "
            "lekérdezéskori adatain alapul."
        ),
        (
            "Look up certain data of one or more vehicles (data request) and have data you enter "
            "checked for a match. The answer is based on the data held at the time of the query in "
            "the authentic road traffic register kept by the Ministry of the Interior."
        ),
    ),
    who=(
        Text(
            (
                "Ügyfélkapu-regisztrációval vagy Telefonos Azonosítási szolgáltatásra vonatkozó "
                "regisztrációval rendelkező természetes személy."
            ),
            (
                "A natural person with an Ügyfélkapu registration or a phone identification "
                "registration."
            ),
        ),
    ),
    cost=Text(
        (
            "Az igazgatási szolgáltatási díj gépjárművenként 275 Ft, de eljárásonként legalább 625 "
            "Ft (1 gépjármű: 625 Ft; 2 gépjármű együtt: 625 Ft; 3 gépjármű: 825 Ft; 4 gépjármű: "
            "1100 Ft; 5 gépjármű: 1375 Ft). A díjat a lekérdezés előtt kell megfizetni."
        ),
        (
            "The administrative service fee is HUF 275 per vehicle, but at least HUF 625 per "
            "request (1 vehicle: HUF 625; 2 vehicles together: HUF 625; 3 vehicles: HUF 825; 4 "
            "vehicles: HUF 1,100; 5 vehicles: HUF 1,375). The fee is paid before the lookup."
        ),
    ),
    deadline=Text(
        (
            "Azonnal: a díj megfizetése után az igényelt adatok és az egyezőségvizsgálat eredménye "
            "rögtön megjelennek a felületen. Az eredményről PDF formátumú egyszerűsített határozat "
            "is letölthető, és a kérelem később a Kérelmeim, nyilatkozataim menüpontban is "
            "megnyitható."
        ),
        (
            "Immediate: once the fee is paid, the data requested and the results of the match "
            "checks appear on screen at once. A simplified decision in PDF can also be downloaded, "
            "and the request can be opened later under My requests and declarations."
        ),
    ),
    prepare=(
        Text(
            "A lekérdezni kívánt gépjármű(vek) forgalmi rendszáma.",
            "The plate number of each vehicle to look up.",
        ),
        Text(
            (
                "Adategyezőség-vizsgálathoz az ellenőrizni kívánt adat (például a jármű gyártási "
                "éve: 2010)."
            ),
            "For a match check, the value to check (for example the year of manufacture: 2010).",
        ),
        BANK_ACCOUNT,
    ),
    notes=(
        Text(
            (
                "Rendszám alapján kérhető adatok: forgalmi rendszám, gyártmány, típus, elsődleges "
                "szín és színkód, forgalomban van-e, az összes rögzített km-óra-állás a rögzítés "
                "időpontjával, valamint a körözés ténye."
            ),
            (
                "Data available by plate number: plate number, make, type, primary colour and "
                "colour code, whether the vehicle is in traffic, every recorded odometer reading "
                "with its date, and whether the vehicle is wanted."
            ),
        ),
        Text(
            (
                "Adategyezőség-vizsgálattal ellenőrizhető adatok: forgalmi engedély száma, "
                "gyártási év, első nyilvántartásba vétel időpontja, első magyarországi "
                "nyilvántartásba vétel időpontja, műszaki érvényességi idő, saját tömeg, együttes "
                "tömeg, szállítható személyek száma, hengerűrtartalom, hajtóanyag, teljesítmény, "
                "ülések száma vezetővel, állóhelyek száma (ha van), forgalmazási korlátozás ténye. "
                "A válasz „egyezik” vagy „nem egyezik”."
            ),
            (
                "Data that can be checked for a match: registration certificate number, year of "
                "manufacture, date of first registration, date of first registration in Hungary, "
                "technical validity, own mass, total mass, number of persons carried, engine "
                "capacity, fuel, power, seats including the driver's, standing places (if any), "
                "and whether a marketing restriction applies. The answer is “matches” or “does not "
                "match”."
            ),
        ),
        Text(
            (
                "Egy lekérdezésben több gépjárműre is kérhet adatot és adategyezőség-vizsgálatot. "
                "Minden olyan adatot megkap, amelyről a nyilvántartás tartalmaz adatot; ha "
                "valamely adat nem szerepel benne, az eredmény ezt jelzi."
            ),
            (
                "One lookup may cover several vehicles, with data requests and match checks. You "
                "receive every item the register holds data for; where it holds none, the result "
                "says so."
            ),
        ),
        Text(
            (
                "A nyilvántartásban a tulajdonosváltáskor bejelentett és a műszaki állomásokon "
                "rögzített kilométeróra-állások szerepelnek, ezért a valós és a nyilvántartott "
                "adatok között eltérés lehetséges."
            ),
            (
                "The register holds the odometer readings reported at changes of ownership and "
                "recorded at inspection stations, so the real and the recorded readings may differ."
            ),
        ),
        Text(
            (
                "A körözés tényére vonatkozó adatot a hazai körözési adatok alapján, a "
                "jogszabályoknak megfelelő tartalommal szolgáltatják."
            ),
            (
                "The wanted status is based on domestic records of wanted vehicles only, with the "
                "content the law allows."
            ),
        ),
        Text(
            (
                "A díj számítását a közúti közlekedési nyilvántartásból teljesített "
                "adatszolgáltatás díjáról szóló 54/1999. (XII. 25.) BM rendelet szabályozza."
            ),
            (
                "The fee is set by Decree 54/1999 (XII. 25.) BM on the fee for data provided from "
                "the road traffic register."
            ),
        ),
        receipt(MINISTRY),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

TITLE_REPLACEMENT = ServiceInfo(
    code="vehicles.title_replacement",
    title=Text(
        "Törzskönyv pótlása",
        "Replacing a vehicle title document (törzskönyv)",
    ),
    summary=Text(
        (
            "A törzskönyv kizárólagos jogosultja – a gépjármű tulajdonosa, aki egyben az "
            "üzembentartója is – elektronikusan kérheti elveszett, eltulajdonított vagy "
            "megsemmisült törzskönyvének pótlását. A kérelem benyújtásával egyúttal bejelentési "
            "kötelezettségének is eleget tesz."
        ),
        (
            "The sole holder of the title document – the vehicle's owner who is also its keeper – "
            "can request online the replacement of a lost, stolen or destroyed title. Filing the "
            "request also fulfils the duty to report the loss."
        ),
    ),
    who=(
        OWNER_KEEPER,
        Text(
            (
                "A törzskönyv jogosultja és a jármű üzembentartója egy személy, aki a "
                "törzskönyvvel jogszerűen rendelkezik."
            ),
            (
                "The holder of the title and the keeper of the vehicle are the same person, who "
                "holds the title lawfully."
            ),
        ),
        SELF_ONLY,
        Text(
            (
                "A törzskönyv elveszett, eltulajdonították vagy megsemmisült, azaz fizikailag már "
                "nem érhető el."
            ),
            (
                "The title has been lost, stolen or destroyed, that is, it no longer physically "
                "exists."
            ),
        ),
    ),
    cost=Text(
        (
            "Az eljárás illetéke 6000 Ft, amelyet a kérelem benyújtása előtt, elektronikusan kell "
            "megfizetni. Az eljárás illetékmentes, ha a pótlás oka a korábbi törzskönyv "
            "eltulajdonítása; ilyenkor a feljelentés másolatát csatolni kell a kérelemhez."
        ),
        (
            "The procedural duty is HUF 6,000, paid online before the request is submitted. There "
            "is no duty if the title was stolen; in that case a copy of the police report must be "
            "attached to the request."
        ),
    ),
    deadline=Text(
        (
            "A törzskönyv csak a sorszámának a Hivatalos Értesítőben való közzétételét követő nap "
            "eltelte után pótolható. Ha az elvesztést, eltulajdonítást vagy megsemmisülést "
            "korábban már bejelentették, a pótlás azonnal kezdeményezhető, és az okmányt a kérelem "
            "benyújtását követő naptól számított 8 napon belül kiállítják. A kézbesítés ideje nem "
            "számít bele az ügyintézési időbe, ha a kézbesítés helye nem a járási (kerületi) "
            "hivatal."
        ),
        (
            "The title can only be replaced once the day after its serial number is published in "
            "the official gazette (Hivatalos Értesítő) has passed. If the loss, theft or "
            "destruction was reported earlier, the replacement can start at once and the document "
            "is issued within 8 days counted from the day after submission. Delivery time does not "
            "count toward the deadline unless the document is delivered to a district office."
        ),
    ),
    prepare=(
        Text(
            (
                "A pótlás oka (elvesztés, eltulajdonítás, megsemmisülés). Ha az eseményt korábban "
                "még nem jelentette be, a megfelelő lehetőség kiválasztásával a kérelemben kell "
                "bejelentenie."
            ),
            (
                "The reason for the replacement (loss, theft, destruction). If you have not "
                "reported the event before, report it in the request by choosing the matching "
                "option."
            ),
        ),
        Text(
            "Eltulajdonítás esetén a feljelentés másolata digitális formában.",
            "If the title was stolen: a digital copy of the police report.",
        ),
        Text(
            (
                "Nyilatkozat az átvételről: személyesen a közlekedési igazgatási hatóságnál, vagy "
                "postán a megadott kézbesítési címre."
            ),
            (
                "How you will receive it: in person at the transport administration authority, or "
                "by post to the delivery address you give."
            ),
        ),
        BANK_ACCOUNT,
    ),
    notes=(
        Text(
            (
                "Pótláskor az új törzskönyv – az okmányazonosító és a kiállítás dátuma kivételével "
                "– a korábbival megegyező adattartalommal készül. Ha időközben az okmány adatait "
                "érintő más változás is történt, az okmánycserének minősül, nem pótlásnak."
            ),
            (
                "A replacement title carries the same data as the old one, except for the document "
                "identifier and the date of issue. If any other data on the document have changed "
                "in the meantime, that counts as an exchange, not a replacement."
            ),
        ),
        Text(
            (
                "Névváltozás vagy a törzskönyv adatainak változása miatt csak okmányirodában, "
                "kormányablakban kérhető új törzskönyv, mert ez törzskönyvcserének minősül."
            ),
            (
                "A new title because of a change of name or of the title's data can only be "
                "requested at a document office or government office, because that counts as an "
                "exchange of the title."
            ),
        ),
        Text(
            (
                "Ha a törzskönyv megrongálódása ellenére kétséget kizáróan azonosítható, az új "
                "törzskönyv közzététel nélkül kérhető, de elektronikusan nem."
            ),
            (
                "If the title is damaged but can still be identified beyond doubt, a new title can "
                "be requested without publication in the gazette, but not online."
            ),
        ),
        Text(
            (
                "Nem kell pótolni a törzskönyvet – így elektronikusan sem kérhető a pótlás –, ha "
                "az a tulajdonjog változásának nyilvántartásba vételére irányuló eljárás "
                "megindítása előtt veszett el, semmisült meg vagy rongálódott meg, és a "
                "tulajdonjog jogszerű megszerzését az ügyfél az eljárásban hitelt érdemlően "
                "igazolja."
            ),
            (
                "The title need not be replaced – so no replacement can be requested online – if "
                "it was lost, destroyed or damaged before a procedure to register a change of "
                "ownership began and the customer credibly proves lawful acquisition of the "
                "vehicle in that procedure."
            ),
        ),
        Text(
            (
                "Nem pótolható a törzskönyv, ha a közzétételt követően valamely érdekelt fél a "
                "megjelölt határidőn belül igazolja a járművel vagy a törzskönyvvel kapcsolatos "
                "jogosultságát."
            ),
            (
                "The title cannot be replaced if, after publication, an interested party proves a "
                "right to the vehicle or to the title within the deadline set."
            ),
        ),
        Text(
            (
                "Az át nem vett törzskönyvet az értesítési cím szerint illetékes közlekedési "
                "igazgatási hatóság a kiállítástól számított egy évig megőrzi, majd megsemmisítés "
                "céljából megküldi a Nyilvántartónak. Az át nem vett törzskönyv csak a "
                "tulajdonosnak vagy az általa feljogosított meghatalmazottnak adható ki."
            ),
            (
                "A title that is not collected is kept for one year from issue by the transport "
                "administration authority competent for the notification address, then sent to the "
                "registrar for destruction. An uncollected title is handed only to the owner or to "
                "a proxy the owner has authorised."
            ),
        ),
        NO_FEE_EXEMPTION,
        receipt(MINISTRY),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)
