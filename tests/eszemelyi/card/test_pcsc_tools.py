"""The virtual card as the standard PC/SC tools see it (Debian pcsc-tools and opensc).

These programs are not ours: pcsc_scan and its ATR parser, opensc-tool and scriptor
talk to the card through the test's private pcscd (PCSCLITE_CSOCK_NAME is inherited).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from sandbox.vcard.cardos import ATR

pytestmark = pytest.mark.pcsc

SPACED_ATR = ATR.hex(" ").upper()


def _run(tool: str, *args: str, stdin: str | None = None, env=None) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: pcsc-tools, opensc; make test-card)")
    done = subprocess.run(
        [tool, *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def offline_atr_list(tmp_path):
    """An empty, fresh card list: the ATR parser then never downloads the online one."""
    (tmp_path / "smartcard_list.txt").write_text("")
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}


def test_opensc_tool_reads_the_atr(vcard):
    assert _run("opensc-tool", "--atr").strip() == ATR.hex(":")


def test_pcsc_scan_parses_the_historical_bytes(vcard, offline_atr_list):
    output = _run("pcsc_scan", "-t", "1", env=offline_atr_list)
    assert f"  ATR: {SPACED_ATR}\n" in output
    decoded = output[output.index("+ Historical bytes:") : output.index("+ TCK")]
    assert decoded.splitlines() == [
        "+ Historical bytes: 80 73 80 21 00 58 65 53 5A 2D 55 47 59 31",
        "  Category indicator byte: 80 (compact TLV data object)",
        "    Tag: 7, len: 3 (card capabilities)",
        "      Selection methods: 80",
        "        - DF selection by full DF name",
        "      Data coding byte: 21",
        "        - Behaviour of write functions: proprietary",
        "        - Value 'FF' for the first byte of BER-TLV tag fields: invalid",
        "        - Data unit in quartets: 2",
        "      Command chaining, length fields and logical channels: 00",
        "        - Logical channel number assignment: No logical channel",
        "        - Maximum number of logical channels: 1",
        "    Tag: 5, len: 8 (card issuer's data)",
        "      Card issuer data: 65 53 5A 2D 55 47 59 31",
    ]
    assert f"+ TCK = {ATR[-1]:02X} (correct checksum)" in output


def test_scriptor_sees_iso_status_words(vcard):
    script = "\n".join(
        [
            "00 A4 04 00 07 F0 48 55 45 49 44 01",  # eID application
            "00 A4 02 0C 02 0E 02",  # EF.CARD_INFO
            "00 B0 00 00 00",  # Le = 00: 256 asked, fewer there
            "00 20 00 8B 06 39 39 39 39 39 39",  # a wrong CAN
            "00 20 00 8B",
            "00 20 00 81 06 31 32 33 34 35 36",  # the eID PIN
            "00 88 00 00 04 01 02 03 04",  # case 3: the signature waits
            "00 C0 00 00 20",
            "00 C0 00 00 00",
        ]
    )
    output = _run("scriptor", stdin=script + "\n")
    # Each answer: "< " hex bytes (over several lines when long), the SW, " : " meaning.
    answers = [
        (bytes.fromhex(hex_bytes), meaning)
        for hex_bytes, meaning in re.findall(r"^< ([0-9A-F \n]*?) : ([^\n]*)$", output, re.M)
    ]
    assert [answer[-2:].hex().upper() for answer, _ in answers] == [
        "9000",
        "9000",
        "6282",
        "63C2",
        "63C2",
        "9000",
        "6140",
        "6120",
        "9000",
    ]
    card_info, meaning = answers[2]
    assert meaning.endswith("End of file/record reached before reading Le bytes.")
    assert b'"documentNumber":"700001AE"' in card_info[:-2]
    # GET RESPONSE gave 32 bytes, then the remaining 32: the 64-byte signature.
    assert [len(answers[7][0]) - 2, len(answers[8][0]) - 2] == [32, 32]
