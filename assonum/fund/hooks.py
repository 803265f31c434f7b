"""Blocks this app adds to other apps' pages through their extension points.

- ``diagnostic.recommendations``: the open calls of the support fund, on a diagnostic result.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Call


def open_calls_for_diagnostic(request, summary):
    calls = list(Call.objects.open_on().order_by("closes_on")[:2])
    if not calls:
        return None
    return {
        "template": "diagnostic/includes/block.html",
        "title": _("Être accompagné par le fonds"),
        "items": [{"label": call.title, "url": call.get_absolute_url(),
                   "meta": _("jusqu'au %(date)s") % {"date": date_format(call.closes_on, "j F Y")}}
                  for call in calls],
    }
