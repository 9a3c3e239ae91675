"""A virtual eSzemélyi chip ID card for tests and demos (never shipped to citizens).

`python -m sandbox.vcard --state var/cards/<username>.json --port 35963` plugs the card
into Debian's vsmartcard-vpcd reader under pcscd. See docs/card-bridge.md section 5.
"""
