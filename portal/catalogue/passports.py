"""Passports: replacement, second private passport and speeding up an application."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text
from portal.catalogue.common import join
from portal.catalogue.passport_acceleration import ACCELERATION
from portal.catalogue.passport_texts import (
    ALERT_CONTACTS,
    BANK_CARD,
    BUDAPEST_OFFICE,
    CARD_BEFORE_SUBMISSION,
    CENTRAL_OFFICE,
    CONSULAR_FEE,
    COUNTING,
    DELIVERY_CHOICE,
    DELIVERY_TIME,
    EXPIRY_REMINDER,
    FAST_DEADLINES,
    NO_ACCELERATION_ABROAD,
    NO_FEE_EXEMPTION,
    POSTING_ALERT,
    RECEIPT_BY_EMAIL,
    STATUS,
    SURCHARGES,
    URGENT_PICKUP,
    delivery,
    fingerprints,
)

CAPABLE_SELF = Text(
    "Cselekvőképes, és kérelmét saját maga nyújtja be (képviselő útján nem igényelhető útlevél).",
    (
        "You have full legal capacity and file the request yourself (a passport cannot be "
        "requested through a representative)."
    ),
)

REPLACEMENT = ServiceInfo(
    code="passports.replacement",
    title=Text(
        (
            "Magánútlevél, szolgálati útlevél, hajós szolgálati útlevél elvesztésének, "
            "eltulajdonításának, megsemmisülésének bejelentése és pótlása"
        ),
        (
            "Reporting the loss, theft or destruction of a private, service or seaman's service "
            "passport and requesting a replacement"
        ),
    ),
    summary=Text(
        (
            "Elektronikusan kérheti elveszett, eltulajdonított vagy megsemmisült magánútlevele, "
            "szolgálati útlevele vagy hajós szolgálati útlevele pótlását. A kérelem benyújtásával "
            "egyúttal bejelentési kötelezettségének is eleget tesz."
        ),
        (
            "Request online the replacement of a lost, stolen or destroyed private, service or "
            "seaman's service passport. Filing the request also fulfils your duty to report the "
            "loss."
        ),
    ),
    who=(
        CAPABLE_SELF,
        Text(
            (
                "Adataiban nem következett be változás: ha szerepel a személyiadat- és "
                "lakcímnyilvántartásban, az elveszett útlevél adatai megegyeznek a nyilvántartás "
                "aktuális adataival; ha nem szerepel benne, a kérelemben megadott adatok "
                "megegyeznek a pótlandó útlevél adataival."
            ),
            (
                "Your data have not changed: if you are in the personal data and address register, "
                "the lost passport's data match the register's current data; if you are not, the "
                "data entered in the request match the data in the passport to be replaced."
            ),
        ),
        Text(
            (
                "A pótlandó útlevél – az elvesztést, eltulajdonítást, megsemmisülést kivéve – a "
                "külföldre utazásról szóló 1998. évi XII. törvény szerint érvényes."
            ),
            (
                "Apart from the loss, theft or destruction itself, the passport to be replaced is "
                "valid under Act XII of 1998 on travelling abroad."
            ),
        ),
        fingerprints(Text("A pótlandó útlevél", "the passport to be replaced")),
        Text(
            (
                "A pótlandó útlevelet 2013. január 1-je után igényelték, és a pótlás iránti "
                "kérelem benyújtásának napját követően még legalább 12 napig érvényes."
            ),
            (
                "The passport to be replaced was applied for after 1 January 2013 and remains "
                "valid for at least 12 days after the day the replacement request is filed."
            ),
        ),
    ),
    cost=join(
        Text(
            (
                "Eljárási illeték, ha a pótlás oka elvesztés vagy megsemmisülés: 5 éves "
                "érvényességű magánútlevél (18 és 65 év között) 15 000 Ft; 10 éves érvényességű "
                "magánútlevél (18 és 65 év között) 28 000 Ft; szolgálati útlevél 15 000 Ft; hajós "
                "szolgálati útlevél 15 000 Ft; egyévi érvényességű magánútlevél (18 és 65 év "
                "között) 5000 Ft; egyévi érvényességű szolgálati vagy hajós szolgálati útlevél (18 "
                "év felett) 5000 Ft; legfeljebb két évig érvényes második magánútlevél (18 és 65 "
                "év között) 30 000 Ft; egy évig érvényes második magánútlevél 10 000 Ft. Az "
                "illeték mértékét a pótlandó útlevél igénylésekor fennálló életkor határozza meg. "
                "Illetékmentes az eljárás, ha a pótlás oka eltulajdonítás, valamint a 65. életévét "
                "betöltött személy magánútlevele esetén."
            ),
            (
                "Procedural duty when the passport was lost or destroyed: 5-year private passport "
                "(aged 18 to 65) HUF 15,000; 10-year private passport (aged 18 to 65) HUF 28,000; "
                "service passport HUF 15,000; seaman's service passport HUF 15,000; 1-year private "
                "passport (aged 18 to 65) HUF 5,000; 1-year service or seaman's service passport "
                "(over 18) HUF 5,000; second private passport valid for up to two years (aged 18 "
                "to 65) HUF 30,000; 1-year second private passport HUF 10,000. The duty depends on "
                "your age when the passport being replaced was applied for. No duty is payable if "
                "the passport was stolen, or for the private passport of a person aged 65 or over."
            ),
        ),
        SURCHARGES,
        CARD_BEFORE_SUBMISSION,
        CONSULAR_FEE,
    ),
    deadline=join(
        Text(
            (
                "Az útlevél kiállításának ügyintézési ideje 20 nap. Ha a kérelem, a mellékletei és "
                "a hatóság rendelkezésére álló adatok alapján a tényállás tisztázott, a hatóság a "
                "kérelem benyújtását követő naptól számított 8 napon belül kiállítja az útlevelet, "
                "és továbbítja az Ön által megadott helyre."
            ),
            (
                "The deadline for issuing the passport is 20 days. If the facts are clear from the "
                "request, its attachments and the data available to the authority, the authority "
                "issues the passport within 8 days counted from the day after submission and "
                "forwards it to the place you chose."
            ),
        ),
        FAST_DEADLINES,
        COUNTING,
        DELIVERY_TIME,
    ),
    prepare=(
        Text(
            (
                "A pótlás oka (elvesztés, eltulajdonítás, megsemmisülés). Ha az eseményt még nem "
                "jelentette be, a megfelelő lehetőség kiválasztásával a kérelemben kell "
                "bejelentenie; ha korábban már bejelentette, a pótlást csak az akkor megjelölt "
                "okból kérheti."
            ),
            (
                "The reason for the replacement (loss, theft, destruction). If you have not "
                "reported the event yet, report it in the request by choosing the matching option; "
                "if you reported it earlier, you can only give the reason you reported then."
            ),
        ),
        Text(
            "A választott eljárás: normál, soron kívüli (7 napos) vagy sürgősségi (3 napos).",
            "The procedure you choose: standard, express (7 days) or urgent (3 days).",
        ),
        DELIVERY_CHOICE,
        ALERT_CONTACTS,
        BANK_CARD,
    ),
    notes=(
        Text(
            (
                "A pótolt útlevél ugyanaddig érvényes, mint az elveszett, eltulajdonított vagy "
                "megsemmisült útlevél. Az igénylés előtt ezért érdemes mérlegelnie, nem "
                "célszerűbb-e új útlevelet igényelnie – új útlevél azonban csak személyesen "
                "igényelhető, elektronikusan nem."
            ),
            (
                "The replacement is valid only until the lost, stolen or destroyed passport would "
                "have expired. Before applying, consider whether a new passport would serve you "
                "better – but a new passport can only be requested in person, not online."
            ),
        ),
        Text(
            (
                "A már pótolt útlevél ismét pótolható, ha a pótlásként kiállított okmány is "
                "elveszett, eltulajdonították vagy megsemmisült."
            ),
            "A replacement passport can itself be replaced if it too is lost, stolen or destroyed.",
        ),
        Text(
            "Ideiglenes magánútlevél elektronikusan nem pótolható.",
            "A temporary private passport cannot be replaced online.",
        ),
        delivery(CENTRAL_OFFICE),
        URGENT_PICKUP,
        POSTING_ALERT,
        NO_ACCELERATION_ABROAD,
        NO_FEE_EXEMPTION,
        RECEIPT_BY_EMAIL,
        STATUS,
        EXPIRY_REMINDER,
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

SECOND_PASSPORT = ServiceInfo(
    code="passports.second_passport",
    title=Text(
        "Második magánútlevél igénylése",
        "Requesting a second private passport",
    ),
    summary=Text(
        (
            "Elektronikusan kérheti második magánútlevél kiállítását, ha hivatalos útlevélre nem "
            "jogosult, de foglalkozása rendszeres külföldre utazással jár, vagy ha különös "
            "méltánylást érdemlő okból van rá szüksége. Elveszett, eltulajdonított vagy "
            "megsemmisült második magánútlevele helyett is kérhet újat."
        ),
        (
            "Request a second private passport online if you are not entitled to an official "
            "passport but your job involves regular travel abroad, or if you need one for a "
            "special equitable reason. You can also request a new one in place of a lost, stolen "
            "or destroyed second passport."
        ),
    ),
    who=(
        CAPABLE_SELF,
        Text(
            (
                "Érvényes magánútlevéllel rendelkezik, vagy folyamatban van magánútlevele "
                "kiállítására vagy pótlására irányuló eljárás."
            ),
            (
                "You hold a valid private passport, or a procedure to issue or replace your "
                "private passport is under way."
            ),
        ),
        Text(
            (
                "Hivatalos útlevélre nem jogosult, de foglalkozása rendszeres külföldre utazással "
                "jár; vagy különös méltánylást érdemlő okból kéri: ha a célországba történő "
                "beutazás a meglévő magánútlevelében lévő bejegyzés miatt meghiúsulhatna, vagy "
                "emiatt más joghátrány érhetné."
            ),
            (
                "You are not entitled to an official passport but your job involves regular travel "
                "abroad; or you ask for it for a special equitable reason: entry to the country of "
                "destination could fail because of an entry in your existing passport, or that "
                "entry could cause you another legal disadvantage."
            ),
        ),
        fingerprints(Text("Az alap magánútlevél", "the base private passport")),
        Text(
            (
                "Az alap magánútlevelet 2013. január 1-je után igényelték, és a második "
                "magánútlevél iránti kérelem benyújtásának napját követő naptól számítva még "
                "legalább 12 napig érvényes."
            ),
            (
                "The base private passport was applied for after 1 January 2013 and remains valid "
                "for at least 12 days counted from the day after the request is filed."
            ),
        ),
    ),
    cost=join(
        Text(
            (
                "Eljárási illeték új második magánútlevél esetén: különös méltánylást érdemlő "
                "okból igényelve 5000 Ft, 18 és 65 év között 15 000 Ft. Elveszett vagy "
                "megsemmisült második magánútlevél helyett kiállított okmány esetén: különös "
                "méltánylást érdemlő okból 10 000 Ft, 18 és 65 év között 30 000 Ft. Az illeték "
                "mértékét a második magánútlevél igénylésekor fennálló életkor határozza meg. "
                "Illetékmentes az eljárás, ha az ok a korábbi második magánútlevél "
                "eltulajdonítása, valamint a 65. életévét betöltött személy esetén."
            ),
            (
                "Procedural duty for a new second private passport: HUF 5,000 when requested for a "
                "special equitable reason, HUF 15,000 for people aged 18 to 65. For a document "
                "replacing a lost or destroyed second passport: HUF 10,000 for a special equitable "
                "reason, HUF 30,000 for people aged 18 to 65. The duty depends on your age when "
                "you request the second passport. No duty is payable if the earlier second "
                "passport was stolen, or for a person aged 65 or over."
            ),
        ),
        SURCHARGES,
        CARD_BEFORE_SUBMISSION,
        CONSULAR_FEE,
    ),
    deadline=join(
        FAST_DEADLINES,
        Text(
            (
                "Gyorsítás nélkül az útlevél kiállításának általános ügyintézési ideje irányadó: "
                "20 nap, tisztázott tényállás esetén 8 nap."
            ),
            (
                "Without acceleration, the general deadline for issuing a passport applies: 20 "
                "days, or 8 days when the facts are clear."
            ),
        ),
        COUNTING,
        DELIVERY_TIME,
    ),
    prepare=(
        Text(
            (
                "A kiállítás indokának igazolása: munkáltatói igazolás, ha foglalkozása rendszeres "
                "külföldre utazással jár; nyilatkozat a különös méltánylást érdemlő körülményről, "
                "ha ilyen okból kéri."
            ),
            (
                "Proof of the reason: an employer's certificate if your job involves regular "
                "travel abroad; a declaration on the special equitable circumstance if that is "
                "your reason."
            ),
        ),
        Text(
            (
                "Korábbi második magánútlevél elvesztése, eltulajdonítása, megsemmisülése esetén "
                "ennek bejelentése a kérelemben, ha még nem történt meg; ha korábban már "
                "bejelentette, csak az akkor megjelölt okból igényelhet."
            ),
            (
                "If an earlier second passport was lost, stolen or destroyed: report it in the "
                "request unless you have already done so; if you reported it earlier, you can only "
                "give the reason you reported then."
            ),
        ),
        DELIVERY_CHOICE,
        ALERT_CONTACTS,
        BANK_CARD,
    ),
    notes=(
        Text(
            "A csatolt igazolást, illetve nyilatkozatot a benyújtás után ellenőrzik.",
            "The attached certificate or declaration is checked after submission.",
        ),
        delivery(BUDAPEST_OFFICE),
        URGENT_PICKUP,
        POSTING_ALERT,
        NO_ACCELERATION_ABROAD,
        NO_FEE_EXEMPTION,
        RECEIPT_BY_EMAIL,
        STATUS,
        EXPIRY_REMINDER,
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="passports",
    title=Text(
        "Útlevél",
        "Passports",
    ),
    intro=Text(
        (
            "Elektronikusan pótolhatja elveszett, eltulajdonított vagy megsemmisült "
            "magánútlevelét, szolgálati vagy hajós szolgálati útlevelét, második magánútlevelet "
            "igényelhet, és meggyorsíthatja egy már benyújtott útlevélkérelem ügyintézését. "
            "Ideiglenes magánútlevél elektronikusan nem pótolható, új útlevél pedig csak "
            "személyesen igényelhető."
        ),
        (
            "Replace a lost, stolen or destroyed private, service or seaman's service passport "
            "online, request a second private passport, or speed up a passport application already "
            "filed. A temporary private passport cannot be replaced online, and a new passport can "
            "only be requested in person."
        ),
    ),
    services=(REPLACEMENT, SECOND_PASSPORT, ACCELERATION),
)
