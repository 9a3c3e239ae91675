"""Pairwise persistent subjects: each service provider knows a citizen by its own id."""

from __future__ import annotations

from ugyfelkapu.models import Account, PairwiseSubject


def subject_for(account: Account, sp_entity_id: str) -> str:
    """The account's persistent NameID at `sp_entity_id`, issued at its first login there.

    Two first logins at once race on the (account, service provider) constraint;
    `get_or_create` then reads the row the other one wrote, so both answer the same id.
    """
    pairwise, _created = PairwiseSubject.objects.get_or_create(
        account=account, sp_entity_id=sp_entity_id
    )
    return pairwise.value
