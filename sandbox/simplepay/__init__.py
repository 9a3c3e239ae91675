"""An emulator of OTP SimplePay v2 for the sandbox.

It speaks the bank's wire protocol (JSON over POST, HMAC-SHA384 `Signature`
headers, the signed back redirect and the IPN with its signed reply) so that
the portal's payment client cannot tell it from the bank. Reference:
`docs/sandbox-simplepay.md`.
"""
