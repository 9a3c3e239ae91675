"""The registry of payment providers, keyed by `Payment.provider`.

`PaymentsConfig.ready()` registers the providers explicitly at start-up; the
views and jobs look them up by the payment's provider slug and never switch on it.
"""

from __future__ import annotations

from payments.providers.base import PaymentProvider


class AlreadyRegistered(Exception):
    pass


class Registry:
    def __init__(self) -> None:
        self._providers: dict[str, PaymentProvider] = {}

    def register(self, provider: PaymentProvider) -> PaymentProvider:
        if provider.slug in self._providers:
            raise AlreadyRegistered(provider.slug)
        self._providers[provider.slug] = provider
        return provider

    def get(self, slug: str) -> PaymentProvider:
        return self._providers[slug]

    def __contains__(self, slug: str) -> bool:
        return slug in self._providers

    def all(self) -> list[PaymentProvider]:
        return list(self._providers.values())


registry = Registry()


def register(provider: PaymentProvider) -> PaymentProvider:
    return registry.register(provider)


def get(slug: str) -> PaymentProvider:
    return registry.get(slug)
