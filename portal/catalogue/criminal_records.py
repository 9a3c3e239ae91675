"""Criminal records: the official criminal record certificate and information on own data."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

CERTIFICATE = ServiceInfo(
    code="criminal_record.certificate",
    title=Text(
        "Hatósági erkölcsi bizonyítvány igénylése",
        "Requesting an official criminal record certificate",
    ),
    summary=Text(
        (
            "Elektronikusan igényelhet hatósági erkölcsi bizonyítványt. A hiánytalanul kitöltött "
            "kérelem beérkezését követő 8 napon belül a Belügyminisztérium papír alapú "
            "bizonyítványt állít ki, és postán kézbesíti a kérelemben megjelölt belföldi "
            "címzettnek."
        ),
        (
            "Request an official criminal record certificate online. Within 8 days of receiving "
            "the completed request, the Ministry of the Interior issues a paper certificate and "
            "posts it to the domestic addressee named in the request."
        ),
    ),
    who=(
        Text(
            (
                "Állampolgárságától függetlenül bármely természetes személy, aki "
                "Ügyfélkapu-regisztrációval vagy Telefonos Azonosítási szolgáltatásra vonatkozó "
                "regisztrációval rendelkezik."
            ),
            (
                "Any natural person, whatever their citizenship, who has an Ügyfélkapu "
                "registration or a phone identification registration."
            ),
        ),
        Text(
            (
                "A kérelmet kizárólag saját nevében és saját regisztrációjával nyújthatja be: "
                "meghatalmazott útján elektronikusan nem igényelhető bizonyítvány."
            ),
            (
                "You may apply only in your own name and with your own registration: a certificate "
                "cannot be requested online through a proxy."
            ),
        ),
    ),
    cost=Text(
        (
            "Az eljárás naptári évente négy alkalommal illetékmentes. Ha a folyó évben ötödik vagy "
            "további alkalommal indít eljárást, az elsőfokú közigazgatási eljárásért fizetendő "
            "általános tételű eljárási illetéket, 3000 Ft-ot kell megfizetnie."
        ),
        (
            "The procedure is free four times per calendar year. From the fifth request in the "
            "same calendar year, the general procedural duty for a first-instance administrative "
            "procedure, HUF 3,000, must be paid."
        ),
    ),
    deadline=Text(
        (
            "8 nap. A határidő a kérelem beérkezését követő napon kezdődik. A postai kézbesítés "
            "ideje nem számít bele az ügyintézési időbe."
        ),
        (
            "8 days, counted from the day after the request is received. Postal delivery time does "
            "not count toward the deadline."
        ),
    ),
    prepare=(
        Text(
            (
                "Az igazolni kért tény: a kérelemben megjelölt törvényben meghatározott "
                "feltételeknek megfelel; büntetlen előéletű; nem áll közügyektől eltiltás hatálya "
                "alatt; nem áll foglalkozástól eltiltás hatálya alatt; vagy adott foglalkozástól "
                "eltiltás hatálya alatt áll."
            ),
            (
                "The fact to be certified: you meet the conditions set by a law named in the "
                "request; you have a clean criminal record; you are not banned from public "
                "affairs; you are not banned from any occupation; or you are banned from a given "
                "occupation."
            ),
        ),
        Text(
            (
                "A címzett: saját maga saját belföldi (elérhetőségi) címére, más személy az ő "
                "belföldi címére, vagy valamely szerv (hatóság, intézmény stb.) a belföldi címére."
            ),
            (
                "The addressee: yourself at your own domestic (contact) address, another person at "
                "their domestic address, or an organisation (an authority, an institution, etc.) "
                "at its domestic address."
            ),
        ),
        Text(
            "Ha értesítést kér a bizonyítvány postára adásáról: e-mail-cím.",
            "If you want to be told when the certificate is handed to the post: an e-mail address.",
        ),
    ),
    notes=(
        Text(
            (
                "A bizonyítvány átvételére minden esetben kizárólag a kérelemben megjelölt címzett "
                "jogosult."
            ),
            "In every case, only the addressee named in the request may receive the certificate.",
        ),
        Text(
            (
                "A bizonyítvány a kiállításától számított kilencven napig érvényes, kivéve, ha azt "
                "a Belügyminisztérium az érvényességi időn belül visszavonja, vagy ha törvény "
                "másképp rendelkezik. Tartalmát – az ellenkező bizonyításáig – mindenki köteles "
                "elfogadni."
            ),
            (
                "The certificate is valid for ninety days from issue, unless the Ministry of the "
                "Interior revokes it within that period or a law provides otherwise. Everyone must "
                "accept its content until the contrary is proven."
            ),
        ),
        Text(
            (
                "A bizonyítvány papír alapon, biztonsági okmányként, egyetlen eredeti példányban "
                "készül. Egy kérelem alapján egy bizonyítványt állítanak ki; minden további "
                "bizonyítványhoz új kérelem szükséges."
            ),
            (
                "The certificate is issued on paper, as a security document, in a single original "
                "copy. One request produces one certificate; each further certificate needs a new "
                "request."
            ),
        ),
        Text(
            (
                "A bizonyítvány kizárólag magyar nyelven készül, hiteles fordítást a "
                "Belügyminisztérium nem készít."
            ),
            (
                "The certificate is issued only in Hungarian; the Ministry of the Interior does "
                "not provide a certified translation."
            ),
        ),
        Text(
            (
                "A bizonyítvány tartalmazza a kérelmező viselt és születési családi és utónevét, "
                "születési helyét és idejét, állandó lakcímét, anyja születési családi és "
                "utónevét, állampolgárságát, az igazolni kért tényt, valamint a bizonyítvány "
                "számát, a kiállító hatóság megnevezését és bélyegzőlenyomatát, a kiállítás helyét "
                "és időpontját, továbbá a kiadmányozásra jogosult aláírását."
            ),
            (
                "The certificate states the applicant's current name and birth name, place and "
                "date of birth, permanent address, mother's birth name and citizenship, the fact "
                "certified, and the certificate's number, the issuing authority's name and stamp, "
                "the place and time of issue and the signature of the person authorised to sign."
            ),
        ),
        Text(
            (
                "Ha a kérelem hiányos, nem egyértelmű vagy ellentmondó információkat tartalmaz, a "
                "bűnügyi nyilvántartó szerv határidő kitűzésével hiánypótlásra hívja fel. Ha a "
                "felhívásnak határidőben nem tesz eleget, az eljárást megszüntetik."
            ),
            (
                "If the request is incomplete, unclear or contradictory, the criminal records "
                "authority asks you to supply the missing information by a set deadline. If you do "
                "not comply in time, the procedure is terminated."
            ),
        ),
        Text(
            (
                "Ha az igazolni kért tények a bűnügyi nyilvántartási rendszer adatai alapján nem "
                "igazolhatók, a bizonyítvány kiadását határozattal megtagadják. A hiánypótlási "
                "felhívás és a megtagadó határozat papíron készül, és postán kapja meg."
            ),
            (
                "If the facts cannot be certified from the data of the criminal records system, "
                "the certificate is refused by a decision. The request for missing information and "
                "the refusal decision are made on paper and sent to you by post."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

DATA_INFO = ServiceInfo(
    code="criminal_record.data_info",
    title=Text(
        "Tájékoztatás a bűnügyi nyilvántartási rendszerben kezelt saját adatokról",
        "Information on your own data in the criminal records system",
    ),
    summary=Text(
        (
            "Az információs önrendelkezési jog alapján tájékoztatást kérhet a bűnügyi nyilvántartó "
            "szervtől az Önről kezelt személyes adatokról, valamint az adatkezelés céljáról, "
            "jogalapjáról és időtartamáról."
        ),
        (
            "Under the right to informational self-determination, you may ask the criminal records "
            "authority about the personal data it holds about you, and about the purpose, legal "
            "basis and duration of the processing."
        ),
    ),
    who=(
        Text(
            (
                "Bármely természetes személy a saját adatairól, Ügyfélkapu-regisztrációval vagy "
                "Telefonos Azonosítási szolgáltatásra vonatkozó regisztrációval."
            ),
            (
                "Any natural person, about their own data, with an Ügyfélkapu registration or a "
                "phone identification registration."
            ),
        ),
    ),
    cost=Text(
        "A kérelem benyújtásáért nem kell díjat vagy illetéket fizetni.",
        "No fee or duty is payable for the request.",
    ),
    deadline=Text(
        (
            "21 nap a kérelem benyújtásától számítva. A hatóság írásban válaszol, és a "
            "tájékoztatást postán kézbesíti az Ön által megadott címre."
        ),
        (
            "21 days from submission. The authority answers in writing and posts the answer to the "
            "address you give."
        ),
    ),
    prepare=(
        Text(
            "A postacím, ahová az írásos tájékoztatást kéri.",
            "The postal address to which the written answer should be sent.",
        ),
    ),
    notes=(
        Text(
            (
                "A tájékoztatás nem helyettesíti a hatósági erkölcsi bizonyítványt; ha "
                "bizonyítványra van szüksége, azt külön kérelemmel igényelheti."
            ),
            (
                "This information does not replace an official criminal record certificate; if you "
                "need a certificate, request one separately."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="criminal-records",
    title=Text(
        "Erkölcsi bizonyítvány",
        "Criminal record certificate",
    ),
    intro=Text(
        (
            "Elektronikusan igényelhet hatósági erkölcsi bizonyítványt, és tájékoztatást kérhet a "
            "bűnügyi nyilvántartási rendszerben kezelt saját adatairól. Egy bizonyítvány "
            "érvényességét bejelentkezés nélkül is ellenőrizheti."
        ),
        (
            "Request an official criminal record certificate online, or ask for information on "
            "your own data in the criminal records system. The validity of a certificate can be "
            "checked without logging in."
        ),
    ),
    services=(CERTIFICATE, DATA_INFO),
)
