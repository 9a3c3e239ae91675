"""Chip ID card (eSzemélyi): requesting or renewing the e-signature and time-stamp service."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceInfo, Text

ESIGN = ServiceInfo(
    code="eszemelyi.esign",
    title=Text(
        "E-aláírás szolgáltatás igénylése, megújítása",
        "Requesting or renewing the e-signature service",
    ),
    summary=Text(
        (
            "Az elektronikus tároló elemet tartalmazó állandó személyazonosító igazolványához "
            "(eSzemélyi) elektronikus aláírás és időbélyegzés szolgáltatást, valamint e-aláírás "
            "célú tanúsítványt igényelhet; a tanúsítvány lejáratakor annak megújítását is itt "
            "kérheti."
        ),
        (
            "Request the electronic signature and time-stamp service, with a certificate for "
            "e-signatures, for your permanent ID card with a chip (eSzemélyi); when the "
            "certificate expires, you can renew it here too."
        ),
    ),
    who=(
        Text(
            (
                "Cselekvőképes nagykorú, cselekvőképességében részlegesen korlátozott nagykorú "
                "vagy korlátozottan cselekvőképes kiskorú polgár, aki tároló elemmel ellátott "
                "állandó személyazonosító igazolványra jogosult (magyar állampolgár, illetve "
                "bevándorolt, letelepedett, menekült vagy oltalmazott jogállású személy)."
            ),
            (
                "An adult with full or partially limited legal capacity, or a minor with limited "
                "capacity, who is entitled to a permanent ID card with a chip (a Hungarian "
                "citizen, or an immigrant, settled person, refugee or person under subsidiary "
                "protection)."
            ),
        ),
    ),
    cost=Text(
        "Az eljárás díj- és illetékmentes.",
        "The procedure is free of charge.",
    ),
    deadline=Text(
        (
            "Azonnal: a szerződéskötés után rögtön létrejön az aláíró kulcspár, kiállítják a "
            "tanúsítványt és elhelyezik az eSzemélyi tároló elemén, kérés esetén pedig közzéteszik "
            "a tanúsítványtárban."
        ),
        (
            "Immediate: once the contract is concluded, the signing key pair is generated, the "
            "certificate is issued and placed on the eSzemélyi chip and, if you asked for it, "
            "published in the certificate directory."
        ),
    ),
    prepare=(
        Text(
            "Érvényes, elektronikus tároló elemet tartalmazó állandó személyazonosító igazolvány.",
            "A valid permanent ID card with a chip.",
        ),
        Text(
            "E-mail-cím.",
            "An e-mail address.",
        ),
        Text(
            (
                "Internetkapcsolattal rendelkező számítógép, kártyaolvasó és a számítógépére "
                "telepített kártyakezelő alkalmazás."
            ),
            (
                "A computer with internet access, a card reader and the card software installed on "
                "your computer."
            ),
        ),
        Text(
            (
                "Döntés arról, hogy e-mail-címe bekerüljön-e a tanúsítványba, és hogy a "
                "tanúsítvány megjelenjen-e a szolgáltató (NISZ Zrt.) nyilvános tanúsítványtárában."
            ),
            (
                "Your choice whether to include your e-mail address in the certificate and whether "
                "to publish the certificate in the public certificate directory of the provider "
                "(NISZ Zrt.)."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "A szolgáltatói szerződés távollevők között kötött szerződésnek minősül, nyelve "
                "magyar. Az adatbeviteli hibák a szerződés elfogadása előtt kijavíthatók. A "
                "megkötött szerződés letölthető."
            ),
            (
                "The contract with the provider is a distance contract in Hungarian. Input errors "
                "can be corrected before you accept it. The concluded contract can be downloaded."
            ),
        ),
        Text(
            (
                "Ha eSzemélyijéhez először igényel e-aláírási tanúsítványt, a PIN-kódokat és a "
                "visszavonási jelszót tartalmazó elektronikus borítékot is letöltheti. Ha korábban "
                "már igényelt, az Ön által ismert e-aláírási PIN-kódot és visszavonási jelszót "
                "használhatja tovább; ilyenkor nem készül új PIN-boríték."
            ),
            (
                "If this is the first e-signature certificate for your eSzemélyi, you can also "
                "download the envelope with the PIN codes and the revocation password. If you have "
                "had one before, you keep using the e-signature PIN and revocation password you "
                "already know, and no new PIN envelope is made."
            ),
        ),
        Text(
            (
                "A tanúsítvány 2 évig érvényes, ha kibocsátásakor az eSzemélyi érvényességéből "
                "több mint 2 év van hátra; ellenkező esetben az eSzemélyi lejáratáig. A "
                "tanúsítvány megújítását a lejáratot megelőző 60 napon belül kérheti."
            ),
            (
                "The certificate is valid for 2 years if the eSzemélyi has more than 2 years of "
                "validity left when the certificate is issued; otherwise until the eSzemélyi "
                "expires. Renewal can be requested within the 60 days before expiry."
            ),
        ),
        Text(
            (
                "A tanúsítvány visszavonását kérheti, ha nem kívánja tovább használni az "
                "e-aláírást, ha visszaélést gyanít, ha a tanúsítványban szereplő e-mail-címe "
                "megváltozott, vagy más okból (például megváltozott személyes adata miatt). A "
                "visszavonás személyesen vagy telefonon, az 1818-as Kormányzati Ügyfélvonalon "
                "kérhető, a visszavonási jelszó megadásával."
            ),
            (
                "You can ask for the certificate to be revoked if you no longer want to use the "
                "e-signature, if you suspect misuse, if the e-mail address in the certificate has "
                "changed, or for another reason (for example a change in your personal data). "
                "Revocation is requested in person or by phone on the Government Helpline 1818, "
                "with the revocation password."
            ),
        ),
        Text(
            (
                "Az e-aláírással tehető pénzügyi kötelezettségvállalás felső határa (tranzakciós "
                "limit) 10 000 euró; ennél nagyobb összegre az e-aláírás nem használható."
            ),
            (
                "The transaction limit – the largest financial commitment that can be made with "
                "the signature – is EUR 10,000; the e-signature may not be used for larger amounts."
            ),
        ),
        Text(
            (
                "Az e-aláírás és időbélyegzés szolgáltatás csak magáncélra használható, üzleti, "
                "munkahelyi vagy más szakmai célra nem. Az időbélyegzés csak az eSzemélyivel "
                "létrehozott elektronikus aláíráshoz vehető igénybe."
            ),
            (
                "The e-signature and time-stamp service is for private use only, not for business, "
                "work or other professional purposes. The time stamp can only be used with "
                "signatures made with the eSzemélyi."
            ),
        ),
        Text(
            (
                "Az eSzemélyivel létrehozott minősített elektronikus aláírás az Európai Unió "
                "tagállamaiban a saját kezű aláírással azonos joghatású."
            ),
            (
                "A qualified electronic signature made with the eSzemélyi has the same legal "
                "effect as a handwritten signature in the member states of the European Union."
            ),
        ),
        Text(
            (
                "Az eSzemélyi tulajdonosának feladata és felelőssége, hogy vigyázzon az okmányra, "
                "a rajta található aláírás-létrehozó adatra, valamint PIN- és PUK-kódjára, és hogy "
                "ezek ne kerüljenek illetéktelen személyek birtokába vagy tudomására."
            ),
            (
                "The holder of the eSzemélyi is responsible for looking after the card, the "
                "signature-creation data on it, and the PIN and PUK codes, and for keeping them "
                "away from unauthorised persons."
            ),
        ),
        Text(
            (
                "Az e-aláírás szolgáltatás személyesen is igényelhető a kormányablakokban és "
                "okmányirodákban, az új igazolvány igénylésével együtt vagy később."
            ),
            (
                "The e-signature service can also be requested in person at government offices and "
                "document offices, together with a new ID card or later."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)
