"""The virtual card's GlobalPlatform Issuer Security Domain (SCP03, i=00).

INITIALIZE UPDATE, EXTERNAL AUTHENTICATE, INSTALL [for load / install / personalization],
LOAD, DELETE, GET STATUS and STORE DATA, all but the first only inside a secure channel.
A bad MAC answers 6982 and closes the channel, as the issuer side expects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eszemelyi import scp03

if TYPE_CHECKING:
    from sandbox.vcard.cardos import CardOS, Command

ISD_AID = bytes.fromhex("a000000151000000")
ESIGN_AID = bytes.fromhex("f048554553494701")
LOAD_FILE_MAGIC = bytes.fromhex("decaffed")
MAX_FAILED_AUTH = 10
DGI_ESIGN_ACTIVATION_PIN = 0x0F01


@dataclass
class GpSession:
    host_challenge: bytes = b""
    card_challenge: bytes = b""
    keys: scp03.SessionKeys | None = None
    channel: scp03.SecureChannel | None = None
    load_aid: bytes | None = None
    load_data: bytearray = field(default_factory=bytearray)
    next_block: int = 0
    personalise: bytes | None = None


def _sw(code: int):
    from sandbox.vcard.cardos import SW

    return SW(code)


def _lv_fields(data: bytes, count: int) -> list[bytes]:
    """Read `count` length-prefixed fields (GP INSTALL data layout)."""
    fields, pos = [], 0
    for _ in range(count):
        if pos >= len(data):
            raise _sw(0x6A80)
        length = data[pos]
        fields.append(data[pos + 1 : pos + 1 + length])
        pos += 1 + length
    if pos > len(data):
        raise _sw(0x6A80)
    return fields


def dispatch(card: CardOS, c: Command) -> tuple[bytes, int]:
    session = card.session
    if session.app != ISD_AID:
        raise _sw(0x6D00)
    gp_state = card.state["gp"]
    if gp_state["failed_auth"] >= MAX_FAILED_AUTH:
        raise _sw(0x6983)  # locked after too many failed mutual authentications
    if c.cla == 0x80 and c.ins == 0x50:
        return _initialize_update(card, c)
    if c.cla == 0x80:
        raise _sw(0x6982)  # management commands need the secure channel
    if c.ins == 0x82:
        return _external_authenticate(card, c)
    channel = session.gp.channel
    if channel is None:
        raise _sw(0x6982)
    try:
        _header, data = channel.unwrap(c.raw)
    except scp03.SecureChannelError:
        session.gp = GpSession()
        raise _sw(0x6982) from None
    handler = {0xE6: _install, 0xE8: _load, 0xE4: _delete, 0xF2: _get_status, 0xE2: _store_data}
    if c.ins not in handler:
        raise _sw(0x6D00)
    return handler[c.ins](card, c, data)


def _keys(card: CardOS) -> scp03.StaticKeys:
    k = card.state["gp"]["keys"]
    return scp03.StaticKeys(
        bytes.fromhex(k["enc"]), bytes.fromhex(k["mac"]), bytes.fromhex(k["dek"]), k["version"]
    )


def _initialize_update(card: CardOS, c: Command) -> tuple[bytes, int]:
    keys = _keys(card)
    if c.p1 not in (0x00, keys.version) or len(c.data) != 8:
        raise _sw(0x6A88 if len(c.data) == 8 else 0x6700)
    gp_session = GpSession(host_challenge=c.data, card_challenge=os.urandom(8))
    gp_session.keys = scp03.derive_session_keys(
        keys, gp_session.host_challenge, gp_session.card_challenge
    )
    card.session.gp = gp_session
    answer = scp03.InitializeUpdateResponse(
        diversification=bytes.fromhex(card.state["card_serial"].zfill(20)[-20:]),
        key_version=keys.version,
        scp=scp03.SCP03,
        i_param=0x00,
        card_challenge=gp_session.card_challenge,
        card_cryptogram=scp03.card_cryptogram(
            gp_session.keys, gp_session.host_challenge, gp_session.card_challenge
        ),
    )
    return answer.encode(), 0x9000


def _external_authenticate(card: CardOS, c: Command) -> tuple[bytes, int]:
    gp_session = card.session.gp
    if gp_session.keys is None or c.p1 not in (0x01, 0x03):
        raise _sw(0x6985)
    channel = scp03.SecureChannel(gp_session.keys, level=c.p1)
    try:
        scp03.check_external_authenticate(
            channel, c.raw, gp_session.host_challenge, gp_session.card_challenge
        )
    except scp03.SecureChannelError:
        card.state["gp"]["failed_auth"] += 1
        card.session.gp = GpSession()
        raise _sw(0x6982) from None
    card.state["gp"]["failed_auth"] = 0
    gp_session.channel = channel
    return b"", 0x9000


def _install(card: CardOS, c: Command, data: bytes) -> tuple[bytes, int]:
    gp_session, gp_state = card.session.gp, card.state["gp"]
    if c.p1 == 0x02:  # for load
        load_aid, _sd, _hash, _params, _token = _lv_fields(data, 5)
        if load_aid.hex() in gp_state["packages"]:
            raise _sw(0x6985)
        gp_session.load_aid, gp_session.load_data, gp_session.next_block = load_aid, bytearray(), 0
        return b"\x00", 0x9000
    if c.p1 in (0x04, 0x0C):  # for install (and make selectable)
        load_aid, _module, app_aid, _priv, _params, _token = _lv_fields(data, 6)
        if not card.session.eid_verified:
            raise _sw(0x6982)  # portal rule: installing NEK needs the eID PIN
        package = gp_state["packages"].get(load_aid.hex())
        if package is None:
            raise _sw(0x6A88)
        if app_aid.hex() in gp_state["applications"]:
            raise _sw(0x6985)
        gp_state["applications"][app_aid.hex()] = {
            "package": load_aid.hex(),
            "version": package["version"],
        }
        return b"\x00", 0x9000
    if c.p1 == 0x20:  # for personalization
        _lf, _module, app_aid = _lv_fields(data, 3)
        if app_aid != ESIGN_AID:
            raise _sw(0x6A88)
        gp_session.personalise = app_aid
        return b"\x00", 0x9000
    raise _sw(0x6A86)


def _load(card: CardOS, c: Command, data: bytes) -> tuple[bytes, int]:
    gp_session, gp_state = card.session.gp, card.state["gp"]
    if gp_session.load_aid is None:
        raise _sw(0x6985)
    if c.p2 != gp_session.next_block:
        raise _sw(0x6A86)
    gp_session.load_data += data
    gp_session.next_block += 1
    if not c.p1 & 0x80:
        return b"", 0x9000
    blob = bytes(gp_session.load_data)
    load_aid, gp_session.load_aid = gp_session.load_aid, None
    content = _c4_content(blob)
    if content is None or not content.startswith(LOAD_FILE_MAGIC) or len(content) < 6:
        raise _sw(0x6A80)
    gp_state["packages"][load_aid.hex()] = {"version": f"{content[4]}.{content[5]}"}
    return b"\x00", 0x9000


def _c4_content(blob: bytes) -> bytes | None:
    if len(blob) < 2 or blob[0] != 0xC4:
        return None
    first = blob[1]
    if first < 0x80:
        start, length = 2, first
    else:
        count = first & 0x7F
        start, length = 2 + count, int.from_bytes(blob[2 : 2 + count], "big")
    content = blob[start : start + length]
    return content if len(content) == length else None


def _delete(card: CardOS, c: Command, data: bytes) -> tuple[bytes, int]:
    gp_state = card.state["gp"]
    if len(data) < 2 or data[0] != 0x4F:
        raise _sw(0x6A80)
    aid = data[2 : 2 + data[1]].hex()
    if aid in gp_state["packages"]:
        related = [a for a, app in gp_state["applications"].items() if app["package"] == aid]
        if related and not c.p2 & 0x80:
            raise _sw(0x6985)
        for app in related:
            gp_state["applications"].pop(app)
        gp_state["packages"].pop(aid)
    elif aid in gp_state["applications"]:
        gp_state["applications"].pop(aid)
    else:
        raise _sw(0x6A88)
    return b"\x00", 0x9000


def _get_status(card: CardOS, c: Command, data: bytes) -> tuple[bytes, int]:
    gp_state = card.state["gp"]
    if c.p1 == 0x40:
        entries = {aid: app["version"] for aid, app in gp_state["applications"].items()}
    elif c.p1 in (0x10, 0x20):
        entries = {aid: pkg["version"] for aid, pkg in gp_state["packages"].items()}
    else:
        raise _sw(0x6A86)
    if not entries:
        raise _sw(0x6A88)
    out = b""
    for aid_hex, version in sorted(entries.items()):
        aid = bytes.fromhex(aid_hex)
        major, minor = (int(x) for x in version.split("."))
        inner = bytes([0x4F, len(aid)]) + aid + b"\x9f\x70\x01\x07" + bytes([0xCE, 2, major, minor])
        out += bytes([0xE3, len(inner)]) + inner
    return out, 0x9000


def _store_data(card: CardOS, c: Command, data: bytes) -> tuple[bytes, int]:
    gp_session = card.session.gp
    if gp_session.personalise != ESIGN_AID:
        raise _sw(0x6985)
    if not gp_session.channel.level & scp03.C_DECRYPTION:
        raise _sw(0x6982)  # a PIN never travels without encryption
    if len(data) < 3 or int.from_bytes(data[:2], "big") != DGI_ESIGN_ACTIVATION_PIN:
        raise _sw(0x6A80)
    pin = data[3 : 3 + data[2]]
    if not (len(pin) == 6 and pin.isdigit()):
        raise _sw(0x6A80)
    card.state["esign"].update(state="transport", activation_pin=pin.decode(), pin=None, tries=3)
    return b"", 0x9000
