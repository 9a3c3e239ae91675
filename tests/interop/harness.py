"""The foreign SAML parties of `tests/interop/saml/server.js` (samlify, on Node) as
pytest fixtures, and a small user agent that walks SAML's HTTP bindings.

The Node server runs once per test session, on another site than the live
server (the portal at http://localhost:<port>, the foreign parties at
http://127.0.0.1:<port>), so that in Chromium every HTTP-POST binding between
them is a cross-site POST that carries no `SameSite=Lax` cookie. It reads the
portal's metadata from the live server at each exchange, so a test may change
the portal's settings.

Registered for the whole suite in `tests/conftest.py` (pytest_plugins); its
fixtures start nothing unless a test asks for them.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "interop" / "saml" / "server.js"
SAMLIFY = ROOT / "node_modules" / "samlify" / "package.json"
CITIZENS = ROOT / "tests" / "interop" / "saml" / "citizens.json"
STARTUP_SECONDS = 20
SECURE_FLAG = re.compile(r";\s*Secure(?=;|$)", re.IGNORECASE)


@dataclass(frozen=True)
class ForeignParties:
    """Where the foreign SP and IdP live."""

    url: str

    @property
    def sp_entity_id(self) -> str:
        return f"{self.url}/sp/metadata"

    @property
    def idp_entity_id(self) -> str:
        return f"{self.url}/idp/metadata"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _other_site(portal_url: str) -> str:
    """A host name that is another site than the portal's, on the loopback."""
    return "127.0.0.1" if urlsplit(portal_url).hostname == "localhost" else "localhost"


def _key_pairs(folder: Path) -> None:
    """One key pair for each foreign role, made here so the Node side needs no openssl."""
    from portal.crypto import _self_signed, _store

    for role in ("sp", "idp"):
        _store(
            *_self_signed(f"Foreign SAML {role.upper()} (tests)"),
            folder / f"{role}.key",
            folder / f"{role}.crt",
        )


@pytest.fixture(scope="session")
def foreign_saml(live_server, tmp_path_factory):
    """The samlify SP and IdP, started once, pointed at the live server."""
    import requests

    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: install Node.js (Debian: apt-get install nodejs npm)")
    if not SAMLIFY.exists():
        pytest.fail("samlify missing: run `npm install` (make test-interop does)")
    folder = tmp_path_factory.mktemp("foreign-saml")
    _key_pairs(folder)
    url = f"http://{_other_site(live_server.url)}:{_free_port()}"
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
            [
                node,
                str(SERVER),
                "--portal",
                live_server.url,
                "--base-url",
                url,
                "--keys",
                str(folder),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if requests.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"foreign SAML server did not start:\n{log_path.read_text()}")
            time.sleep(0.1)
        yield ForeignParties(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def interop_portal(live_server, settings):
    """The live server as the portal: every address it signs and checks is its own."""
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SAML_SP_ENTITY_ID = f"{base}/saml/metadata/"
    settings.UGYFELKAPU_ENTITY_ID = f"{base}/ugyfelkapu/metadata/"
    return base


def foreign_citizens() -> list[dict]:
    import json

    return json.loads(CITIZENS.read_text(encoding="utf-8"))


IDP_PASSWORD = "Kulfoldi-szolgaltato-2026!"


def make_idp_account():
    """An Ügyfélkapu+ account whose second factor is a code sent by e-mail."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from tests import factories
    from ugyfelkapu.models import Account

    return Account.objects.create(
        person=factories.PersonFactory(family_name="Külső", given_names="Ágnes"),
        username="kulso.agnes",
        email="kulso.agnes@example.hu",
        password=make_password(IDP_PASSWORD),
        password_changed_at=timezone.now(),
    )


def returning_foreign_citizen(foreign: ForeignParties, citizen: dict):
    """A portal user who logged in through the foreign IdP before and completed the data."""
    from datetime import date

    from django.utils import timezone

    from tests.identity.personas import make_citizen

    a = citizen["attributes"]
    return make_citizen(
        idp_subject=f"{foreign.idp_entity_id}!{citizen['subject']}",
        idp_entity=foreign.idp_entity_id,
        last_name=a["viseltCsaladiNev"],
        first_name=a["viseltUtonev"],
        birth_family_name=a["szuletesiCsaladiNev"],
        birth_given_names=a["szuletesiUtonev"],
        mother_family_name=a["anyjaCsaladiNev"],
        mother_given_names=a["anyjaUtonev"],
        birth_place=a["szuletesiHely"],
        birth_date=date.fromisoformat(a["szuletesiDatum"]),
        email=a["email"],
        email_confirmed_at=timezone.now(),
    )


def save_metadata(url: str, folder: Path, name: str) -> str:
    """Fetch a party's metadata into a file, as an operator would install it."""
    import requests

    response = requests.get(url, timeout=10)
    response.raise_for_status()
    path = folder / name
    path.write_bytes(response.content)
    return str(path)


# --- A user agent for the HTTP bindings -------------------------------------------------
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def user_agent():
    """A `requests` session that treats a loopback origin as secure, as browsers do.

    Browsers keep and send `Secure` cookies on http://localhost and http://127.0.0.1
    (potentially trustworthy origins); Python's cookie jar does not, so the
    `Secure` flag of loopback responses is dropped before the jar sees it.
    """
    import requests
    from requests.adapters import HTTPAdapter

    class LoopbackAdapter(HTTPAdapter):
        def build_response(self, req, resp):
            message = getattr(resp, "_original_response", None)
            if message is not None and urlsplit(req.url).hostname in LOOPBACK:
                headers = message.msg
                cookies = headers.get_all("Set-Cookie") or []
                del headers["Set-Cookie"]
                for cookie in cookies:
                    headers["Set-Cookie"] = SECURE_FLAG.sub("", cookie)
            return super().build_response(req, resp)

    session = requests.Session()
    session.mount("http://", LoopbackAdapter())
    return session


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str]
    names: set[str]


class _Forms(HTMLParser):
    """Forms of a page as a browser would submit them (checked radios, selected options)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(a.get("action") or "", (a.get("method") or "get").lower(), {}, set())
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            form.names.add(name)
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    form.fields[name] = a.get("value") or "on"
            elif kind not in ("submit", "button"):
                form.fields[name] = a.get("value") or ""
        elif tag == "button" and name:
            form.names.add(name)  # sent only when pressed: see `submit`
        elif tag == "select" and name:
            form.names.add(name)
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in form.fields or "selected" in a)
        ):
            form.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms(response) -> list[Form]:
    parser = _Forms()
    parser.feed(response.text)
    return parser.forms


def form_with(response, field: str) -> Form:
    """The (first) form of the page that has an input named `field`."""
    for form in forms(response):
        if field in form.names:
            return form
    shown = response.text.split("<main>", 1)[-1][:1500]
    raise AssertionError(
        f"no form with {field!r} at {response.url} ({response.status_code}): {shown}"
    )


def submit(session, response, field: str, **values):
    """Submit the page's form that has `field`, with `values` filled in; follow redirects."""
    form = form_with(response, field)
    target = urljoin(response.url, form.action or response.url)
    data = {**form.fields, **values}
    if form.method == "post":
        return session.post(target, data=data, timeout=30)
    return session.get(target, params=data, timeout=30)


def submit_to(session, response, path: str):
    """Submit the page's form whose action is `path` (a button without a name)."""
    for form in forms(response):
        if urlsplit(urljoin(response.url, form.action)).path == path:
            target = urljoin(response.url, form.action)
            return session.request(form.method, target, data=form.fields, timeout=30)
    raise AssertionError(f"no form to {path} at {response.url} ({response.status_code})")


def send_on(session, response):
    """Follow a SAML binding page: submit its auto-posting form (HTTP-POST) or follow
    its auto-followed link (HTTP-Redirect sent from a page), as the page's script does."""
    import re
    from html import unescape

    if any(f.names & {"SAMLRequest", "SAMLResponse"} for f in forms(response)):
        field = next(
            n for f in forms(response) for n in ("SAMLRequest", "SAMLResponse") if n in f.names
        )
        return submit(session, response, field)
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-autofollow', response.text)
    assert link, f"no SAML binding at {response.url} ({response.status_code})"
    return session.get(urljoin(response.url, unescape(link.group(1))), timeout=30)


def result(response) -> dict:
    """The JSON a foreign party shows in its `<pre id="result">`."""
    import json
    import re
    from html import unescape

    match = re.search(r'<pre id="result">(.*?)</pre>', response.text, re.S)
    assert match, f"no result at {response.url} ({response.status_code}): {response.text[:500]}"
    return json.loads(unescape(match.group(1)))
