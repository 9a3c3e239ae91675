"""Vehicles: ownership change, temporary withdrawal and reinstatement; the group itself.

The data lookup and the title replacement are in :mod:`portal.catalogue.vehicle_records`.
"""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text
from portal.catalogue.common import (
    BANK_ACCOUNT,
    DISTRICT_XIII,
    NO_DOCUMENTS,
    NO_FEE_EXEMPTION,
    OWNER_KEEPER,
    SELF_ONLY,
    receipt,
)
from portal.catalogue.vehicle_records import DATA_LOOKUP, TITLE_REPLACEMENT

OWNERSHIP_CHANGE = ServiceInfo(
    code="vehicles.ownership_change",
    title=Text(
        "Jármű tulajdonosváltásának bejelentése",
        "Reporting a change of vehicle ownership",
    ),
    summary=Text(
        (
            "A gépjármű korábbi tulajdonosa (eladó, ajándékozó) elektronikusan jelentheti be a "
            "tulajdonjogban bekövetkezett változást, és ezzel eleget tesz bejelentési "
            "kötelezettségének. A sikeres benyújtás után a változás nyilvántartásba vétele "
            "azonnal, automatikusan megtörténik."
        ),
        (
            "The vehicle's previous owner (seller or donor) can report the change of ownership "
            "online and so fulfil the reporting duty. After successful submission the change is "
            "registered automatically and at once."
        ),
    ),
    who=(
        Text(
            (
                "A gépjármű korábbi tulajdonosa (eladó, ajándékozó), aki a járműnek egyedüli "
                "(1/1-es) tulajdonosa."
            ),
            "The vehicle's previous owner (seller or donor) who is its sole (1/1) owner.",
        ),
        Text(
            (
                "A járműre vonatkozóan nem szerepel értékesítési tilalmat tartalmazó záradék a "
                "nyilvántartásban."
            ),
            "The register holds no clause banning the sale of the vehicle.",
        ),
        SELF_ONLY,
        Text(
            (
                "A kitöltés során a rendszer automatikusan ellenőrzi a bejelentés jogosultságát és "
                "az elektronikus ügyindítás feltételeit."
            ),
            (
                "While you fill in the form, the system automatically checks your entitlement and "
                "the conditions for filing online."
            ),
        ),
    ),
    cost=Text(
        "Az eljárás ingyenes.",
        "The procedure is free.",
    ),
    deadline=Text(
        (
            "Az ügyintézési idő főszabály szerint 30 nap, de a tulajdonjogban történt változás "
            "nyilvántartásba vétele a sikeres benyújtás után azonnal megtörténik."
        ),
        (
            "As a rule the deadline is 30 days, but the change of ownership is registered "
            "immediately after successful submission."
        ),
    ),
    prepare=(
        Text(
            "A jármű adatai (rendszám, alvázszám).",
            "The vehicle's data (plate number, VIN).",
        ),
        Text(
            (
                "Az új tulajdonos adatai: természetes személyazonosító adatai, személyazonosságot "
                "igazoló okmányának száma és lakcíme; szervezet esetén a megnevezése, "
                "képviselőjének adatai, székhelye és cégjegyzék- vagy nyilvántartási száma."
            ),
            (
                "The new owner's data: natural identity data, identity document number and "
                "address; for an organisation, its name, its representative's data, its seat and "
                "its company or registry number."
            ),
        ),
        Text(
            (
                "A jogügylet ingyenes vagy visszterhes jellege, a birtokba vétel időpontja és "
                "akkori kilométeróra-állása, valamint a jogügylet hatálybalépésének időpontja."
            ),
            (
                "Whether the transfer was free or for consideration, when the new owner took "
                "possession and the odometer reading at that time, and when the contract takes "
                "effect."
            ),
        ),
        Text(
            (
                "A tulajdonjog változását igazoló teljes bizonyító erejű magánokirat (szerződés) "
                "szkennelt képe."
            ),
            (
                "A scanned image of the private deed of full probative force (the contract) that "
                "proves the change of ownership."
            ),
        ),
        Text(
            (
                "A szerződés kötelező tartalmi elemei: a jármű azonosítói (rendszám, alvázszám) és "
                "gyártmányadatai; a felek természetes személyazonosító adatai (családi és utónév, "
                "születési hely és idő, anyja születési családi és utóneve), személyazonosságot "
                "igazoló okmányuk sorszáma és lakcímük; szervezet esetén megnevezése, "
                "képviselőjének adatai, székhelyének (telephelyének) címe, cégjegyzék- vagy "
                "nyilvántartási száma; a jogügylet ingyenes vagy visszterhes jellege; a forgalmi "
                "engedély és a törzskönyv sorszáma, átadásuk-átvételük ténye és időpontja; a "
                "birtokba adás időpontja és akkori km-óra-állás; a jogügylet hatálybalépésének "
                "időpontja; a felek nyilatkozata, hogy bejelentési kötelezettségüket határidőben "
                "teljesítik; valamint nyilatkozatuk arról, hogy ismerik a bejegyzés joghatásait és "
                "a bejelentés elmaradásának vagy késedelmének jogkövetkezményeit."
            ),
            (
                "The contract must contain: the vehicle's identifiers (plate number, VIN) and make "
                "data; the parties' natural identity data (family and given names, place and date "
                "of birth, mother's birth name), identity document numbers and addresses; for an "
                "organisation, its name, its representative's data, the address of its seat (site) "
                "and its company or registry number; whether the transfer is free or for "
                "consideration; the numbers of the registration certificate and the title, and the "
                "fact and time of their handover; when the buyer took possession and the odometer "
                "reading then; when the contract takes effect; the parties' declaration that they "
                "will report within the deadline; and their declaration that they know the legal "
                "effects of registration and the consequences of a missing or late report."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A tulajdonjog változását a jármű korábbi tulajdonosának (eladó, ajándékozó) a "
                "változástól számított 8 napon belül be kell jelentenie."
            ),
            (
                "The vehicle's previous owner (seller or donor) must report the change of "
                "ownership within 8 days of the change."
            ),
        ),
        Text(
            (
                "Ha az új tulajdonos (vevő, megajándékozott) elmulasztja a bejelentést, és a "
                "korábbi tulajdonos sem jelenti be a változást, a nyilvántartás szerinti "
                "tulajdonost terheli a gépjárműadó, és a járművel kapcsolatos egyéb eljárásokat "
                "(például autópálya-használati díj, parkolási díj, pótdíj, közigazgatási bírság "
                "miatt) is vele szemben indítják meg."
            ),
            (
                "If the new owner (buyer or recipient) fails to report and the previous owner does "
                "not report the change either, the registered owner remains liable for vehicle "
                "tax, and other proceedings concerning the vehicle (for example over motorway "
                "tolls, parking fees, surcharges or administrative fines) are brought against them."
            ),
        ),
        Text(
            (
                "A szerződést nem kell benyújtani vagy megküldeni, de szkennelt képét csatolni "
                "kell az elektronikus kérelemhez."
            ),
            (
                "The contract itself need not be submitted or posted, but its scanned image must "
                "be attached to the online request."
            ),
        ),
        Text(
            (
                "A csatolt szkennelt képet Budapest Főváros Kormányhivatala XIII. Kerületi "
                "Hivatalának munkatársa a benyújtás után ellenőrzi. Ha a dokumentum nem felel meg "
                "a jogszabályi előírásoknak, vagy nem tartalmazza a kötelező tartalmi elemeket, a "
                "bejelentés során rögzített adatokat törlik, és erről a bejelentőt értesítik."
            ),
            (
                "After submission, an officer of the 13th District Office of the Budapest Capital "
                "Government Office checks the attached scan. If the document does not meet the "
                "legal requirements or lacks any mandatory content, the data recorded with the "
                "report are deleted and the applicant is notified."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

TEMPORARY_WITHDRAWAL = ServiceInfo(
    code="vehicles.temporary_withdrawal",
    title=Text(
        "Forgalomból történő ideiglenes kivonás",
        "Temporary withdrawal from traffic",
    ),
    summary=Text(
        (
            "A gépjármű tulajdonosa és üzembentartója elektronikusan kérheti a jármű forgalomból "
            "történő ideiglenes kivonását legfeljebb 6 hónapra, illetve a kivonás "
            "meghosszabbítását. A sikeres benyújtás után a kivonás azonnal megtörténik."
        ),
        (
            "The owner and keeper of a vehicle can request online that it be withdrawn from "
            "traffic temporarily, for at most 6 months, or that a withdrawal be extended. After "
            "successful submission the withdrawal takes effect at once."
        ),
    ),
    who=(OWNER_KEEPER, SELF_ONLY),
    cost=Text(
        (
            "Az eljárás igazgatási szolgáltatási díja 2300 Ft, amelyet a kérelem benyújtása előtt "
            "kell megfizetni."
        ),
        "The administrative service fee is HUF 2,300, payable before the request is submitted.",
    ),
    deadline=Text(
        (
            "Az ügyintézési idő főszabály szerint 30 nap, de a forgalomból történő ideiglenes "
            "kivonás a sikeres benyújtás után azonnal megtörténik."
        ),
        (
            "As a rule the deadline is 30 days, but the temporary withdrawal takes effect "
            "immediately after successful submission."
        ),
    ),
    prepare=(
        Text(
            "A gépjármű adatai.",
            "The vehicle's data.",
        ),
        Text(
            "A kivonás időtartama (legfeljebb 6 hónap).",
            "The withdrawal period (at most 6 months).",
        ),
        BANK_ACCOUNT,
    ),
    notes=(
        Text(
            "A kivonás időtartama a határozat jogerőre emelkedésének napján kezdődik.",
            "The withdrawal period starts on the day the decision becomes final.",
        ),
        Text(
            (
                "Kérheti, hogy a rendszer a kivonás lejárta előtt automatikusan értesítse. A "
                "lejárat előtt a kivonás meghosszabbítható; ennek elektronikus ügyintézése a "
                "kivonáséhoz hasonló."
            ),
            (
                "You can ask the system to remind you automatically before the withdrawal ends. "
                "The withdrawal can be extended before it ends; the extension is requested online "
                "in the same way."
            ),
        ),
        NO_DOCUMENTS,
        NO_FEE_EXEMPTION,
        receipt(DISTRICT_XIII),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

REINSTATEMENT = ServiceInfo(
    code="vehicles.reinstatement",
    title=Text(
        "Ideiglenes kivonásból történő visszahelyezés",
        "Returning a temporarily withdrawn vehicle to traffic",
    ),
    summary=Text(
        (
            "A forgalomból ideiglenesen kivont gépjármű tulajdonosa és üzembentartója a kivonás "
            "időtartamának lejárta előtt elektronikusan kérheti a jármű ismételt forgalomba "
            "helyezését. A sikeres benyújtás után a visszahelyezés automatikusan megtörténik."
        ),
        (
            "The owner and keeper of a temporarily withdrawn vehicle can request online that it be "
            "put back into traffic before the withdrawal period ends. After successful submission "
            "the vehicle is reinstated automatically."
        ),
    ),
    who=(
        OWNER_KEEPER,
        SELF_ONLY,
        Text(
            (
                "A kivonás óta a jármű tulajdonjogában nem történt változás: a visszahelyezést "
                "ugyanaz a tulajdonos kezdeményezheti, aki a kivonást kérte."
            ),
            (
                "Ownership has not changed since the withdrawal: only the owner who requested the "
                "withdrawal may request the reinstatement."
            ),
        ),
    ),
    cost=Text(
        (
            "Az eljárás igazgatási szolgáltatási díja 2300 Ft, amelyet a kérelem benyújtása előtt "
            "kell megfizetni."
        ),
        "The administrative service fee is HUF 2,300, payable before the request is submitted.",
    ),
    deadline=Text(
        (
            "Az ügyintézési idő főszabály szerint 30 nap, de a forgalomba történő visszahelyezés a "
            "sikeres benyújtás után azonnal megtörténik."
        ),
        (
            "As a rule the deadline is 30 days, but the vehicle is put back into traffic "
            "immediately after successful submission."
        ),
    ),
    prepare=(
        Text(
            "A gépjármű adatai.",
            "The vehicle's data.",
        ),
        BANK_ACCOUNT,
    ),
    notes=(
        NO_DOCUMENTS,
        NO_FEE_EXEMPTION,
        receipt(DISTRICT_XIII),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="vehicles",
    title=Text(
        "Jármű",
        "Vehicles",
    ),
    intro=Text(
        (
            "Bejelentheti járműve tulajdonosváltását, ideiglenesen kivonhatja a járművet a "
            "forgalomból és visszahelyezheti, gépjárműadatokat kérdezhet le, és pótolhatja az "
            "elveszett, eltulajdonított vagy megsemmisült törzskönyvet."
        ),
        (
            "Report a change of vehicle ownership, withdraw a vehicle from traffic temporarily and "
            "put it back, look up vehicle data, and replace a lost, stolen or destroyed title "
            "document."
        ),
    ),
    services=(
        OWNERSHIP_CHANGE,
        TEMPORARY_WITHDRAWAL,
        REINSTATEMENT,
        DATA_LOOKUP,
        TITLE_REPLACEMENT,
    ),
)
