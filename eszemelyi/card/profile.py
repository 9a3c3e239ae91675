"""Where things are on a card: AIDs, file ids, PIN references and lengths.

The real eSzemélyi's layout is not public; `SIMULATED` describes the virtual card
(docs/card-bridge.md section 5). A real-card profile goes beside it once the issuer's
specification is available, without changes to the operations.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardProfile:
    name: str
    atr_historical_prefix: bytes
    eid_aid: bytes
    esign_aid: bytes
    isd_aid: bytes
    nek_instance_aid: bytes
    ef_emergency: int
    ef_card_info: int
    ef_auth_cert: int
    ef_esign_cert: int
    pin_eid: int
    pin_esign: int
    pin_can: int
    eid_pin_length: int = 6
    activation_pin_length: int = 5
    esign_pin_length: int = 7
    esign_activation_pin_length: int = 6
    can_length: int = 6
    puk_length: int = 10
    emergency_slots: int = 2
    emergency_slot_size: int = 20

    def matches_atr(self, atr: bytes) -> bool:
        return self.atr_historical_prefix in atr


SIMULATED = CardProfile(
    name="ugysegeg-sim-1",
    # Category 80, card capabilities 73 80 21 00, issuer's data 58 "eSZ-UGY" + version.
    atr_historical_prefix=bytes.fromhex("8073802100") + b"\x58eSZ-UGY",
    eid_aid=bytes.fromhex("f0485545494401"),
    esign_aid=bytes.fromhex("f048554553494701"),
    isd_aid=bytes.fromhex("a000000151000000"),
    nek_instance_aid=bytes.fromhex("f048554e454b01"),
    ef_emergency=0x0E01,
    ef_card_info=0x0E02,
    ef_auth_cert=0x0E03,
    ef_esign_cert=0x0C01,
    pin_eid=0x81,
    pin_esign=0x82,
    pin_can=0x8B,
)

PROFILES = (SIMULATED,)


def profile_for_atr(atr: bytes) -> CardProfile | None:
    return next((p for p in PROFILES if p.matches_atr(atr)), None)
