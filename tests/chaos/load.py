"""Citizens driving the portal over HTTP: submitting drafts and paying by card at the
SimplePay emulator. Every response is kept (status, and whether the page said the work
would be finished later), never an exception."""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from tests.chaos.harness import WEB_PORT

BASE = f"http://127.0.0.1:{WEB_PORT}"
SUCCESS_CARD = "4908 3660 9990 0425"
WILL_FINISH = "Kérelmét rögzítettük."
UNAVAILABLE = "A szolgáltatás átmenetileg nem elérhető"


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    told_will_finish: int = 0
    unavailable_pages: int = 0
    failures: list = field(default_factory=list)
    done: int = 0
    cards_paid: int = 0  # the citizen gave the card and came back to the portal
    payments_not_started: int = 0  # the portal said "try again later": nothing charged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, response: requests.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code == 503:
                self.unavailable_pages += UNAVAILABLE in response.text
            if response.status_code >= 500:
                self.failures.append(
                    f"{response.status_code} {response.request.method} "
                    f"{response.request.path_url.split('?')[0]}"
                )
            if WILL_FINISH in response.text:
                self.told_will_finish += 1


def _session(cookie: str) -> requests.Session:
    session = requests.Session()
    token = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts
    session.cookies.set("sessionid", cookie, domain="127.0.0.1")
    session.cookies.set("csrftoken", token, domain="127.0.0.1")
    session.headers.update({"X-CSRFToken": token, "Accept-Language": "hu"})
    return session


def _get(session, tally, url):
    response = session.get(url, timeout=60)
    for hop in response.history:
        tally.record(hop)
    tally.record(response)
    return response


def _post(session, tally, url, data):
    response = session.post(url, data=data, timeout=60)
    for hop in response.history:
        tally.record(hop)
    tally.record(response)
    return response


def submit(citizen: dict, tally: Tally) -> None:
    session = _session(citizen["session"])
    _post(session, tally, f"{BASE}/apply/draft/{citizen['reference']}/submit/", {})


def pay(citizen: dict, tally: Tally) -> None:
    session = _session(citizen["session"])
    page = _post(
        session,
        tally,
        f"{BASE}/payments/case/{citizen['reference']}/card/",
        {"accept_data_transfer": "on"},
    )
    if "/sandbox/simplepay/pay/" not in page.url:
        with tally.lock:
            tally.payments_not_started += 1
        return
    back = _post(
        session,
        tally,
        page.url.rstrip("/") + "/card/",
        {"number": SUCCESS_CARD, "expiry": "12/30", "cvc": "123", "holder": "TESZT ELEK"},
    )
    if "/payments/simplepay/return/" in back.url:
        with tally.lock:
            tally.cards_paid += 1


def run(citizens: list[dict], tally: Tally, *, threads: int = 8, progress=None) -> None:
    def one(citizen):
        try:
            (pay if citizen["kind"] == "chaos.paid" else submit)(citizen, tally)
        except requests.RequestException as error:
            with tally.lock:
                tally.failures.append(f"{type(error).__name__}")
        with tally.lock:
            tally.done += 1
            count = tally.done
        if progress is not None:
            progress(count)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, citizens))
