"""Civil registry: birth or marriage certificate extracts."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

EXTRACT = ServiceInfo(
    code="civil_registry.extract",
    title=Text(
        "Születési vagy házassági anyakönyvi kivonat kiállítása",
        "Birth or marriage certificate extract",
    ),
    summary=Text(
        (
            "A magyar anyakönyvi nyilvántartásba bejegyzett saját születési vagy házassági "
            "eseményéről kérhet anyakönyvi kivonatot."
        ),
        (
            "Request an extract of your own birth or marriage as recorded in the Hungarian civil "
            "registry."
        ),
    ),
    who=(
        Text(
            (
                "Aki saját születési vagy házassági eseményéről kér kivonatot, és a kérelmet saját "
                "maga nyújtja be (képviselő útján nem kérhető)."
            ),
            (
                "Anyone requesting an extract of their own birth or marriage who files the request "
                "themselves (it cannot be requested through a representative)."
            ),
        ),
        Text(
            (
                "A születési vagy házassági esemény szerepel az elektronikus anyakönyvi "
                "nyilvántartásban."
            ),
            "The birth or marriage is recorded in the electronic civil registry.",
        ),
    ),
    cost=Text(
        "A kivonat kiállítása illetékmentes.",
        "The extract is issued free of charge.",
    ),
    deadline=Text(
        "8 nap. Sürgősségi eljárásra nincs mód.",
        "8 days. No urgent procedure is available.",
    ),
    prepare=(
        Text(
            "A kivonat fajtája: születési vagy házassági anyakönyvi kivonat.",
            "The kind of extract: birth or marriage.",
        ),
        Text(
            "A kivonat kiállításának oka (jogalapja), amelyet a kérelemben meg kell jelölnie.",
            "The reason (legal basis) for the extract, which must be stated in the request.",
        ),
    ),
    notes=(
        Text(
            (
                "Az elektronikus anyakönyvi nyilvántartást 2014. július 1-jén vezették be; addig a "
                "születési, házassági és halotti eseményeket az anyakönyvvezetők településenként, "
                "papír alapú anyakönyvekben vezették."
            ),
            (
                "The electronic civil registry was introduced on 1 July 2014; until then, "
                "registrars kept births, marriages and deaths in paper registers, settlement by "
                "settlement."
            ),
        ),
        Text(
            (
                "A korábbi események csak jogszabályban meghatározott esetekben kerülnek az "
                "elektronikus nyilvántartásba. Ha például születése 2014. július 1-je előtt "
                "történt, akkor szerepel benne, ha erről a születésről 2014. július 1-je után – "
                "nem elektronikus úton – már kértek anyakönyvi kivonatot, ha 2014. július 1-je "
                "után házasságot kötött, vagy ha születési adataiban azóta változás történt."
            ),
            (
                "Earlier events are entered into the electronic registry only in the cases set by "
                "law. For example, if you were born before 1 July 2014, your birth is in it if an "
                "extract of that birth has been requested since 1 July 2014 by other than "
                "electronic means, if you married after 1 July 2014, or if your birth data have "
                "changed since then."
            ),
        ),
    ),
    needs_login=True,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="civil-registry",
    title=Text(
        "Anyakönyvi kivonat",
        "Civil registry extracts",
    ),
    intro=Text(
        (
            "Születési vagy házassági anyakönyvi kivonatot kérhet saját, az elektronikus "
            "anyakönyvi nyilvántartásban szereplő eseményéről."
        ),
        (
            "Request a birth or marriage certificate extract of your own event recorded in the "
            "electronic civil registry."
        ),
    ),
    services=(EXTRACT,),
)
