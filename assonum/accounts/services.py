"""Account-level use cases: the personal-data export and the erasure of an account.

Every app holding personal data provides ``personal_data.py`` with ``export(user) -> dict`` and
``erase(user) -> None`` (see assonum.core.registry). The export gathers all of them; the
erasure calls all of them inside one transaction, then deletes the user. What a person
published for an organisation stays with the organisation: each app's ``erase`` detaches it and
signs it ``FORMER_MEMBER`` ("ancien membre").
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.registry import app_modules

FORMER_MEMBER = "ancien membre"


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet (a message for the person is attached)."""


def _app_label(module) -> str:
    # "assonum.directory.personal_data" -> "directory"
    return module.__name__.split(".")[-2]


def export_personal_data(*, user) -> dict:
    """Everything the platform holds about ``user``, by app (JSON-serialisable)."""
    data = {
        "format": "assonum-personal-data/1",
        "exported_at": timezone.now().isoformat(),
    }
    for module in app_modules("personal_data"):
        exporter = getattr(module, "export", None)
        if exporter is not None:
            data[_app_label(module)] = exporter(user)
    return data


def export_personal_data_json(*, user) -> str:
    return json.dumps(export_personal_data(user=user), cls=DjangoJSONEncoder, ensure_ascii=False,
                      indent=2)


def deletion_blockers(*, user) -> list[str]:
    """Reasons (French) why the account cannot be deleted now: empty when it can."""
    from assonum.organisations.services import sole_admin_organisations

    return [
        _("Vous êtes le seul administrateur de « %(org)s », qui a d'autres membres : nommez "
          "d'abord un autre administrateur.") % {"org": org}
        for org in sole_admin_organisations(user)
    ]


@transaction.atomic
def delete_account(*, user) -> None:
    """Erase the person: every app's ``erase`` hook, then the account itself, all or nothing."""
    blockers = deletion_blockers(user=user)
    if blockers:
        raise AccountDeletionRefused(" ".join(blockers))
    modules = list(app_modules("personal_data"))
    # Accounts goes last: other apps may still need the user row while detaching their data.
    modules.sort(key=lambda m: _app_label(m) == "accounts")
    for module in modules:
        eraser = getattr(module, "erase", None)
        if eraser is not None:
            eraser(user)
