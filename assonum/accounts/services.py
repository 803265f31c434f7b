"""Account-level use cases: the personal-data export and the erasure of an account.

Every app holding personal data declares ``Plugin(personal_data=PersonalData(export=..., erase=...,
deletion_blockers=...))`` (see assonum.core.plugins). The export gathers all of them; the
erasure calls all of them inside one transaction, then deletes the user. What a person
published for an organisation stays with the organisation: each app's ``erase`` detaches it and
signs it ``FORMER_MEMBER`` ("ancien membre").
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from assonum.core.plugins import plugins

FORMER_MEMBER = "ancien membre"


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet (a message for the person is attached)."""


def _holders():
    """(app label, PersonalData) of every app that declares personal data, accounts last."""
    holders = [(plugin.app.rsplit(".", 1)[-1], plugin.personal_data) for plugin in plugins()
               if plugin.personal_data is not None]
    # Accounts goes last: other apps may still need the user row while detaching their data.
    return sorted(holders, key=lambda holder: holder[0] == "accounts")


def export_personal_data(*, user) -> dict:
    """Everything the platform holds about ``user``, by app (JSON-serialisable)."""
    data = {
        "format": "assonum-personal-data/1",
        "exported_at": timezone.now().isoformat(),
    }
    for label, holder in _holders():
        if holder.export is not None:
            data[label] = holder.export(user)
    return data


def export_personal_data_json(*, user) -> str:
    return json.dumps(export_personal_data(user=user), cls=DjangoJSONEncoder, ensure_ascii=False,
                      indent=2)


def deletion_blockers(*, user) -> list[str]:
    """Reasons (French) why the account cannot be deleted now, asked of every app."""
    reasons: list[str] = []
    for _label, holder in _holders():
        if holder.deletion_blockers is not None:
            reasons.extend(holder.deletion_blockers(user))
    return reasons


@transaction.atomic
def delete_account(*, user) -> None:
    """Erase the person: every app's ``erase`` hook, then the account itself, all or nothing."""
    blockers = deletion_blockers(user=user)
    if blockers:
        raise AccountDeletionRefused(" ".join(blockers))
    for _label, holder in _holders():
        if holder.erase is not None:
            holder.erase(user)
