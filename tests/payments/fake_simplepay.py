"""A minimal SimplePay v2 API for unit tests: a real HTTP server on 127.0.0.1.

It speaks the SimplePay v2 wire protocol (docs/sandbox-simplepay.md)
(signed compact JSON both ways, `start`, `query`, `refund`, `errorCodes`) and
keeps transactions in memory. Tests steer it: set a transaction's status, make
the next call fail, hang, or answer with a bad signature.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def sign(key: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha384).digest()).decode()


def compact(data: dict) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Txn:
    order_ref: str
    transaction_id: int
    total: int
    currency: str
    status: str = "INIT"
    finish_date: str = ""
    refunds: list[dict] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.total - sum(r["amount"] for r in self.refunds)


@dataclass
class Recorded:
    call: str
    body: bytes
    signature: str
    data: dict


class FakeSimplePay:
    def __init__(self, merchant: str, secret_key: str) -> None:
        self.merchant, self.secret_key = merchant, secret_key
        self.transactions: dict[str, Txn] = {}
        self.requests: list[Recorded] = []
        self._ids = itertools.count(501000001)
        self._scripted: deque = deque()  # (call or None, action) for the next calls
        self._server: ThreadingHTTPServer | None = None

    # --- steering ------------------------------------------------------------

    def script(self, action: str, *, call: str | None = None, **options) -> None:
        """The next matching call answers with: `codes` (errorCodes), `hang`
        (sleep `seconds`), `bad_signature`, `http` (status `status`, plain text),
        `patch` (its answer with `fields` set in every queried transaction),
        `patch_answer` (its answer with `fields` set at the top),
        `raw` (the signed bytes `body`)."""
        self._scripted.append((call, action, options))

    def add(self, order_ref: str, total: int, status: str = "INIT") -> Txn:
        """A transaction started earlier (for payments made by the test's ORM)."""
        txn = Txn(order_ref, next(self._ids), total, "HUF")
        self.transactions[order_ref] = txn
        return self.finish(order_ref, status) if status != "INIT" else txn

    def finish(self, order_ref: str, status: str = "FINISHED") -> Txn:
        txn = self.transactions[order_ref]
        txn.status = status
        txn.finish_date = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime())
        return txn

    def ipn(self, order_ref: str, status: str | None = None, **extra) -> bytes:
        txn = self.transactions[order_ref]
        data = {
            "salt": secrets.token_hex(16),
            "orderRef": txn.order_ref,
            "method": "CARD",
            "merchant": self.merchant,
            "finishDate": txn.finish_date or "2026-11-21T10:00:00+0100",
            "paymentDate": "2026-11-21T09:59:00+0100",
            "transactionId": txn.transaction_id,
            "status": status or txn.status,
            **extra,
        }
        return compact(data)

    def calls(self, name: str) -> list[Recorded]:
        return [r for r in self.requests if r.call == name]

    # --- server ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeSimplePay:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                call = self.path.rstrip("/").rsplit("/", 1)[-1]
                status, answer, signed = fake._answer(call, body, self.headers.get("Signature"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if signed is not None:
                    self.send_header("Signature", signed)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a hanging answer must not hold the test
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # --- protocol ----------------------------------------------------------------

    def _answer(self, call: str, body: bytes, signature: str | None):
        data = {}
        try:
            data = json.loads(body)
        except ValueError:
            return self._error(5321)
        self.requests.append(Recorded(call, body, signature or "", data))
        if not signature or not hmac.compare_digest(sign(self.secret_key, body), signature):
            return self._error(5302)
        if self._scripted and self._scripted[0][0] in (None, call):
            _, action, options = self._scripted.popleft()
            if action == "codes":
                return self._error(*options["codes"])
            if action == "hang":
                time.sleep(options.get("seconds", 5))
            if action == "http":
                text = b"upstream trouble"
                return options.get("status", 502), text, None
            if action == "bad_signature":
                status, answer, _ = getattr(self, f"_{call}")(data)
                return status, answer, sign("not-the-key", answer)
            if action == "raw":
                return 200, options["body"], sign(self.secret_key, options["body"])
            if action == "patch":
                status, answer, _ = getattr(self, f"_{call}")(data)
                patched = json.loads(answer)
                for item in patched.get("transactions", []):
                    item.update(options["fields"])
                return self._reply(patched)
            if action == "patch_answer":
                status, answer, _ = getattr(self, f"_{call}")(data)
                return self._reply({**json.loads(answer), **options["fields"]})
        if data.get("merchant") != self.merchant:
            return self._error(5010)
        handler = getattr(self, f"_{call}", None)
        if handler is None:
            return self._error(999)
        return handler(data)

    def _reply(self, data: dict, status: int = 200):
        answer = compact({"salt": secrets.token_hex(16), "merchant": self.merchant, **data})
        return status, answer, sign(self.secret_key, answer)

    def _error(self, *codes: int):
        answer = compact({"errorCodes": list(codes)})
        return 200, answer, sign(self.secret_key, answer)

    def _start(self, data: dict):
        if data["orderRef"] in self.transactions:
            return self._error(5013)
        if data.get("currency") != "HUF":
            return self._error(5307)
        txn = Txn(
            order_ref=data["orderRef"],
            transaction_id=next(self._ids),
            total=int(data["total"]),
            currency=data["currency"],
        )
        self.transactions[txn.order_ref] = txn
        return self._reply(
            {
                "orderRef": txn.order_ref,
                "currency": txn.currency,
                "transactionId": txn.transaction_id,
                "timeout": data["timeout"],
                "total": float(txn.total),
                "paymentUrl": f"https://sandbox.simplepay.hu/pay/pay/pspHU/{secrets.token_hex(8)}",
            }
        )

    def _query(self, data: dict):
        found = []
        for ref in data.get("orderRefs", []):
            txn = self.transactions.get(ref)
            if txn is None:
                continue
            item = {
                "salt": secrets.token_hex(16),
                "merchant": self.merchant,
                "orderRef": txn.order_ref,
                "transactionId": txn.transaction_id,
                "status": txn.status,
                "total": float(txn.total),
                "remainingTotal": float(txn.remaining),
                "paymentDate": "2026-11-21T09:59:00+01:00",
                "method": "CARD",
            }
            if txn.finish_date:
                item["finishDate"] = txn.finish_date
                item["resultCode"] = "OK"
            if data.get("refunds") and txn.refunds:
                item["refundStatus"] = "FULL" if txn.remaining == 0 else "PARTIAL"
                item["refunds"] = [
                    {
                        "transactionId": r["id"],
                        "refundTotal": -float(r["amount"]),
                        "refundDate": "2026-11-21T11:00:00+01:00",
                        "status": "FINISHED",
                    }
                    for r in txn.refunds
                ]
            found.append(item)
        return self._reply({"transactions": found, "totalCount": len(found)})

    def _refund(self, data: dict):
        txn = self.transactions.get(data.get("orderRef", ""))
        if txn is None:
            return self._error(5011)
        if txn.status != "FINISHED":
            return self._error(5022)
        amount = int(data["refundTotal"])
        if amount <= 0 or amount > txn.remaining:
            return self._error(5110)
        refund = {"id": next(self._ids), "amount": amount}
        txn.refunds.append(refund)
        return self._reply(
            {
                "orderRef": txn.order_ref,
                "currency": txn.currency,
                "transactionId": txn.transaction_id,
                "refundTransactionId": refund["id"],
                "refundTotal": float(amount),
                "remainingTotal": float(txn.remaining),
            }
        )
