"""Ügyfélkapu: the citizen login account, opened with the identity provider."""

from __future__ import annotations

from portal.catalogue.base import SEED_UGYFELKAPU, ServiceGroup, ServiceInfo, Text

REGISTRATION = ServiceInfo(
    code="ugyfelkapu.registration",
    title=Text(
        "Ügyfélkapu-regisztráció",
        "Ügyfélkapu registration",
    ),
    summary=Text(
        (
            "Az Ügyfélkapu a kormányzat elektronikus azonosító rendszere: egyszeri belépéssel "
            "kapcsolatba léphet az elektronikus közigazgatási ügyintézést és szolgáltatást nyújtó "
            "szervekkel. Ügyfélkaput személyesen a kormányablakokban, vagy elektronikusan, az új "
            "típusú személyazonosító igazolvánnyal nyithat. A regisztrációt az azonosítási "
            "szolgáltató végzi, nem ez a portál."
        ),
        (
            "Ügyfélkapu is the government's electronic identification system: with a single login "
            "you can deal with the bodies that offer electronic administration and services. You "
            "can open an account in person at a government office, or electronically with the new "
            "type of ID card. Registration is done by the identity provider, not by this portal."
        ),
    ),
    who=(
        Text(
            "Bármely természetes személy.",
            "Any natural person.",
        ),
    ),
    cost=Text(
        (
            "Az első ügyfélkapu létesítése ingyenes, minden további ügyfélkapu díja 3000 Ft. "
            "Díjmentes a további ügyfélkapu akkor is, ha egy hivatali kapuval rendelkező vagy azt "
            "létesíteni kívánó szervezet hivatali kapujának működtetéséhez igénylik, a hivatali "
            "kaput létesítő szervezet igazolásával és az ennek megfelelő e-mail-címmel."
        ),
        (
            "Your first Ügyfélkapu account is free; each further account costs HUF 3,000. A "
            "further account is also free if it is requested to operate the official gateway of an "
            "organisation that has or is setting up one, with proof from that organisation and the "
            "matching e-mail address."
        ),
    ),
    deadline=Text(
        (
            "Azonnal: a regisztráció – a jogszabályban előírt azonosítás és ellenőrzés sikeressége "
            "esetén – rögtön megtörténik."
        ),
        (
            "Immediate: registration takes place at once, once the identification and checks "
            "required by law have succeeded."
        ),
    ),
    prepare=(
        Text(
            (
                "Személyes regisztrációhoz: érvényes személyazonosító igazolvány, kártyaformátumú "
                "vezetői engedély vagy útlevél."
            ),
            "To register in person: a valid ID card, card-format driving licence or passport.",
        ),
        Text(
            (
                "Elektronikus regisztrációhoz: 2016. január 1-je után kiállított személyazonosító "
                "igazolvány (eSzemélyi) és a kódkártyáján szereplő regisztrációs kód."
            ),
            (
                "To register electronically: an ID card (eSzemélyi) issued after 1 January 2016 "
                "and the registration code on its code card."
            ),
        ),
        Text(
            "E-mail-cím, amelyre az aktiváló kódot küldik.",
            "An e-mail address for the activation code.",
        ),
    ),
    notes=(
        Text(
            (
                "Sikeres regisztráció után a rendszer 5 napig érvényes, egyszer használható "
                "aktiváló kódot küld a regisztrált e-mail-címre; ennek segítségével állíthatja be "
                "saját jelszavát."
            ),
            (
                "After successful registration the system sends a one-time activation code, valid "
                "for 5 days, to the registered e-mail address; you use it to set your own password."
            ),
        ),
        Text(
            "Elektronikus regisztráció: https://ugyfelkapu.gov.hu/regisztracio/regEszemelyi",
            "Electronic registration: https://ugyfelkapu.gov.hu/regisztracio/regEszemelyi",
        ),
        Text(
            (
                "A bejelentkezést igénylő szolgáltatásokat a Központi Azonosítási Ügynökön (KAÜ) "
                "keresztül, Ügyfélkapu-regisztrációval vagy Telefonos Azonosítási szolgáltatásra "
                "vonatkozó regisztrációval veheti igénybe. Telefonos Azonosítási szolgáltatásra "
                "vonatkozó regisztrációt csak személyesen, okmányirodai vagy "
                "kormányablak-ügyfélszolgálaton igényelhet."
            ),
            (
                "Services that need a login are used through the Central Authentication Agent "
                "(KAÜ), with an Ügyfélkapu registration or a phone identification registration. A "
                "phone identification registration can only be requested in person at a document "
                "office or government office."
            ),
        ),
        Text(
            (
                "Első belépéskor meg kell adnia hiányzó természetes személyazonosító adatait és "
                "e-mail-címét."
            ),
            (
                "On your first login you must fill in any missing natural identity data and your "
                "e-mail address."
            ),
        ),
        Text(
            (
                "Az Ügyfélkapuval kapcsolatos gyakori kérdésekben – milyen szolgáltatások érhetők "
                "el vele; kell-e személyesen megjelenni a nyitásához; mi a teendő az e-mailben "
                "kapott aktiváló kóddal; meddig érvényes az ügyfélkapu; mi a teendő, ha a "
                "személyazonosító adatok vagy az e-mail-cím a regisztráció után megváltoznak; "
                "hogyan változtatható meg a jelszó; mi a teendő elfelejtett vagy lejárt jelszó "
                "esetén; hogyan ellenőrizhető a jelszó lejárata; nyitható-e több személyes "
                "ügyfélkapu – az 1818-as Kormányzati Ügyfélvonal ad tájékoztatást."
            ),
            (
                "For frequent questions about Ügyfélkapu – which services it gives access to; "
                "whether you must appear in person to open one; what to do with the activation "
                "code received by e-mail; how long the account is valid; what to do if your "
                "identity data or e-mail address change after registration; how to change the "
                "password; what to do about a forgotten or expired password; how to check when the "
                "password expires; whether you can open several personal accounts – ask the "
                "Government Helpline 1818."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_UGYFELKAPU,
)

GROUP = ServiceGroup(
    slug="ugyfelkapu",
    title=Text(
        "Ügyfélkapu",
        "Ügyfélkapu (citizen login account)",
    ),
    intro=Text(
        (
            "Az Ügyfélkapu a kormányzat elektronikus azonosító rendszere. A legtöbb "
            "szolgáltatáshoz Ügyfélkapu-regisztrációval vagy Telefonos Azonosítási szolgáltatásra "
            "vonatkozó regisztrációval kell bejelentkeznie."
        ),
        (
            "Ügyfélkapu is the government's electronic identification system. Most services need a "
            "login with an Ügyfélkapu registration or a phone identification registration."
        ),
    ),
    services=(REGISTRATION,),
)
