"""Requests the bridge refuses before the card is touched (docs/card-bridge.md section 6).

The page shows `message[lang]` as it is, so every code says in plain words what went
wrong, in Hungarian and English. Most of these are only ever seen by a developer whose
page or client is wrong; the citizen sees `busy`, `timeout` and the step refusals.
"""

from __future__ import annotations

from eszemelyi.card import errors

# code -> (HTTP status, Hungarian, English)
REFUSALS: dict[str, tuple[int, str, str]] = {
    "bad_request": (
        400,
        "A kártyaolvasó program nem értette a kérést.",
        "The card bridge could not read the request.",
    ),
    "bad_length": (
        400,
        "A kérés hosszát egyetlen, csak számjegyekből álló Content-Length fejléc adja meg "
        "(Transfer-Encoding nélkül), és a kérés törzse ennyi bájt.",
        "A request gives its length in one Content-Length of plain digits (no "
        "Transfer-Encoding), and its body has that many bytes.",
    ),
    "too_deep": (
        400,
        "A kérés JSON-szerkezete túl mélyen egymásba ágyazott.",
        "The request's JSON is nested too deeply.",
    ),
    "duplicate_header": (
        400,
        "A kérés egy fejlécet többször tartalmaz.",
        "The request repeats a header that may appear only once.",
    ),
    "bad_nonce": (
        400,
        "A portál kérésének egyszer használatos kódja hibás. Kezdje újra a műveletet.",
        "The portal's one-time code in the request is malformed. Please start again.",
    ),
    "unknown_kind": (
        400,
        "A kártyaolvasó program nem ismeri ezt a műveletet.",
        "The card bridge does not know this operation.",
    ),
    "bad_params": (
        400,
        "A művelet adatai hibásak, ezért a kártyára semmi nem került.",
        "The operation's data is invalid, so nothing was sent to the card.",
    ),
    "apdu_not_allowed": (
        400,
        "A kártyaolvasó program ezt a kártyaparancsot nem továbbítja.",
        "The card bridge does not relay this card command.",
    ),
    "origin_not_allowed": (
        403,
        "Ez a weboldal nem használhatja a kártyaolvasó programot.",
        "This website may not use the card bridge.",
    ),
    "unknown_operation": (
        404,
        "Ez a kártyaművelet nem fut (már befejeződött vagy megszakadt).",
        "This card operation is not running (it ended or was cancelled).",
    ),
    "unknown_path": (
        404,
        "A kártyaolvasó programnak nincs ilyen címe.",
        "The card bridge has no such address.",
    ),
    "method_not_allowed": (
        405,
        "A kártyaolvasó program csak GET, POST és OPTIONS kérést fogad.",
        "The card bridge accepts only GET, POST and OPTIONS requests.",
    ),
    "busy": (
        409,
        "Egy másik kártyaművelet még folyamatban van. Várja meg a végét, vagy szakítsa meg.",
        "Another card operation is still running. Wait for it to end or cancel it.",
    ),
    "not_gp_operation": (
        409,
        "Ennél a műveletnél nincs továbbítandó kártyaparancs.",
        "This operation does not relay card commands.",
    ),
    "step_not_expected": (
        409,
        "A művelet most nem vár kártyaparancsokat (például még a PIN-kódra vár).",
        "The operation is not waiting for card commands now (it may still be asking for the PIN).",
    ),
    "too_large": (
        413,
        "A kérés túl nagy.",
        "The request is too large.",
    ),
    "unsupported_media_type": (
        415,
        "A kártyaolvasó program csak JSON-kérést fogad.",
        "The card bridge accepts JSON requests only.",
    ),
    "host_not_allowed": (
        421,
        "A kérés nem a kártyaolvasó program helyi címére szól.",
        "The request is not addressed to the card bridge's local address.",
    ),
    "timeout": (
        504,
        "A kártyaművelet túl sokáig várt, ezért megszakadt. Kezdje újra.",
        "The card operation waited too long and was stopped. Please start again.",
    ),
    "internal": (
        500,
        "Hiba történt a kártyaolvasó programban. A kártyáról semmi nem ismert.",
        "The card bridge failed. Nothing is known about the card.",
    ),
}


class Refused(errors.CardError):
    """The request is refused before the card is touched (or, for `timeout`, after it
    was released)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.http_status, self.hu, self.en = REFUSALS[code]
