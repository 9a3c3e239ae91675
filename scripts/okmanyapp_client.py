#!/usr/bin/env python3
"""A reference client of the Ügysegéd API: the OAuth 2.0 PKCE login of a public
app, then the citizen's requests. Standard library only.

    python3 scripts/okmanyapp_client.py --portal http://127.0.0.1:8000

It opens the system browser at the portal's consent page (log in there as usual,
e.g. the demo citizen kovacs.janos), receives the code on a loopback address
(RFC 8252), exchanges it with the verifier for tokens, lists the requests, and
logs out (revokes the tokens) unless --keep is given.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.server
import json
import secrets
import sys
import threading
import urllib.parse
import urllib.request
import webbrowser
from collections.abc import Callable

CLIENT_ID = "okmanyapp"
SCOPES = "cases:read profile:read"


class LoginFailed(Exception):
    pass


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _post_form(url: str, fields: dict) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise LoginFailed(f"{url} answered {error.code}: {error.read().decode()[:300]}") from error
    return json.loads(body) if body else {}


def _wait_for_code(timeout: float) -> tuple[str, Callable[[], dict]]:
    """Listen on a free loopback port; returns the redirect URI and a function that
    waits for the browser to come back and returns the callback's query."""
    received: dict = {}
    done = threading.Event()

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urllib.parse.urlparse(self.path)
            if url.path != "/callback":
                self.send_error(404)
                return
            received.update(urllib.parse.parse_qs(url.query))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write("Bejelentkezés kész, bezárhatja ezt az ablakot. / Done.".encode())
            done.set()

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def wait() -> dict:
        try:
            if not done.wait(timeout):
                raise LoginFailed("the browser did not come back in time")
            return {key: values[0] for key, values in received.items()}
        finally:
            server.shutdown()

    return f"http://127.0.0.1:{server.server_port}/callback", wait


def login(
    portal: str,
    *,
    open_browser: Callable[[str], object] = webbrowser.open,
    scope: str = SCOPES,
    timeout: float = 300,
) -> dict:
    """The whole PKCE login; returns the token answer (access and refresh token)."""
    portal = portal.rstrip("/")
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    redirect_uri, wait = _wait_for_code(timeout)
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    open_browser(f"{portal}/oauth/authorize/?{query}")
    answer = wait()
    if "error" in answer:
        raise LoginFailed(f"the portal refused the login: {answer['error']}")
    if not secrets.compare_digest(answer.get("state", ""), state):
        raise LoginFailed("the answer's state does not match: not our login")
    return _post_form(
        f"{portal}/oauth/token/",
        {
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": redirect_uri,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
    )


def api_get(portal: str, token: dict, path: str) -> dict:
    request = urllib.request.Request(portal.rstrip("/") + path)
    request.add_header("Authorization", f"Bearer {token['access_token']}")
    request.add_header("Accept-Language", "hu")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def all_cases(portal: str, token: dict) -> list[dict]:
    cases, page = [], 1
    while True:
        answer = api_get(portal, token, f"/api/v1/cases/?page={page}")
        cases += answer["items"]
        if page >= answer["pages"]:
            return cases
        page += 1


def logout(portal: str, token: dict) -> None:
    _post_form(
        portal.rstrip("/") + "/oauth/revoke_token/",
        {
            "token": token["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": CLIENT_ID,
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", default="http://127.0.0.1:8000")
    parser.add_argument("--keep", action="store_true", help="do not log out at the end")
    args = parser.parse_args(argv)
    print("A böngészőben jelentkezzen be, és engedélyezze az alkalmazást.")
    token = login(args.portal, open_browser=lambda url: (print(url), webbrowser.open(url)))
    profile = api_get(args.portal, token, "/api/v1/profile/")
    print(f"{profile['family_name']} {profile['given_names']} kérelmei:")
    for case in all_cases(args.portal, token):
        deadline = case["deadline"] or "—"
        print(f"  {case['reference']}  {case['status_text']:<30}  {deadline}  {case['title']}")
    if not args.keep:
        logout(args.portal, token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
