from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    """Bulk email delivery: exactly-once, resumable, batched sending for any module."""

    name = "assonum.mailings"
    label = "mailings"
    verbose_name = _("Envois d'e-mails")

    def ready(self):
        from . import webhooks  # noqa: F401 - connects the provider bounce receiver
