"""Individual entrepreneurs: information only, the matters are handled elsewhere."""

from __future__ import annotations

from portal.catalogue.base import SEED_WEBES_UGYSEGED, ServiceGroup, ServiceInfo, Text

INFO = ServiceInfo(
    code="entrepreneurs.info",
    title=Text(
        "Egyéni vállalkozással kapcsolatos ügyek",
        "Matters concerning individual entrepreneurs",
    ),
    summary=Text(
        (
            "Az egyéni vállalkozással kapcsolatos ügyeket nem ezen a portálon intézheti: ezekről "
            "külön felületen tájékozódhat. Hogy ügyét hol és hogyan intézheti, abban az 1818-as "
            "Kormányzati Ügyfélvonal segít."
        ),
        (
            "Matters concerning individual entrepreneurs are not handled on this portal: "
            "information on them is available elsewhere. The Government Helpline 1818 can tell you "
            "where and how to handle your matter."
        ),
    ),
    who=(
        Text(
            (
                "Egyéni vállalkozók, valamint egyéni vállalkozói tevékenységet kezdeni kívánó "
                "természetes személyek."
            ),
            (
                "Individual entrepreneurs, and natural persons who want to start business as an "
                "individual entrepreneur."
            ),
        ),
    ),
    cost=Text(
        (
            "Ezen a portálon nem kell fizetni, mert az ügyek itt nem intézhetők; az egyes ügyek "
            "költségeiről az ügyet intéző szervnél tájékozódhat."
        ),
        (
            "Nothing is paid on this portal, because these matters are not handled here; ask the "
            "body that handles the matter about its costs."
        ),
    ),
    deadline=Text(
        "Nem értelmezhető: az ügyek ezen a portálon nem intézhetők.",
        "Not applicable: these matters are not handled on this portal.",
    ),
    prepare=(
        Text(
            (
                "Érdemes előre tisztáznia, melyik ügyet kívánja intézni; az 1818-as Kormányzati "
                "Ügyfélvonal segít megtalálni a megfelelő ügytípust, a helyszínt, és meghatározni "
                "a szükséges okmányokat és iratokat."
            ),
            (
                "Work out beforehand which matter you want to handle; the Government Helpline 1818 "
                "helps you find the right kind of matter and the place, and work out the documents "
                "you need."
            ),
        ),
    ),
    notes=(
        Text(
            (
                "Az érintett ügyek: egyéni vállalkozói tevékenység megkezdése; egyéni "
                "vállalkozással kapcsolatos adatváltozás bejelentése; egyéni vállalkozói "
                "tevékenység szüneteltetése; egyéni vállalkozói tevékenység szünetelés utáni "
                "folytatása; egyéni vállalkozói tevékenység megszüntetése; egyéni vállalkozói "
                "igazolvány igénylése; egyéni vállalkozói igazolvánnyal kapcsolatos események "
                "bejelentése; hatósági bizonyítvány igénylése egyéni vállalkozásról."
            ),
            (
                "The matters concerned: starting business as an individual entrepreneur; reporting "
                "a change in data concerning the business; suspending the business; resuming it "
                "after suspension; ending it; requesting an individual entrepreneur's card; "
                "reporting events concerning that card; requesting an official certificate about "
                "the business."
            ),
        ),
        Text(
            (
                "Az 1818-as Kormányzati Ügyfélvonal a nap 24 órájában hívható (külföldről: +36 1 "
                "550 1858)."
            ),
            (
                "The Government Helpline 1818 can be called around the clock (from abroad: +36 1 "
                "550 1858)."
            ),
        ),
    ),
    needs_login=False,
    source=SEED_WEBES_UGYSEGED,
)

GROUP = ServiceGroup(
    slug="entrepreneurs",
    title=Text(
        "Egyéni vállalkozás",
        "Individual entrepreneurs",
    ),
    intro=Text(
        (
            "Az egyéni vállalkozással kapcsolatos ügyek – a tevékenység megkezdése, változása, "
            "szüneteltetése, folytatása és megszüntetése, az egyéni vállalkozói igazolvány és a "
            "hatósági bizonyítvány – nem ezen a portálon intézhetők."
        ),
        (
            "Matters concerning individual entrepreneurs – starting, changing, suspending, "
            "resuming and ending the business, the entrepreneur's card and the official "
            "certificate – are not handled on this portal."
        ),
    ),
    services=(INFO,),
)
