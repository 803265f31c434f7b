"""Send a newsletter issue from the command line (the same service as the back office)."""

import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Envoie un numéro de la lettre "
        "(ISSUE : le slug de son adresse dans les archives, ou son id)."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", help="slug or id of the issue page")
        parser.add_argument("--test-to", default="", help="send only a test to this address")
        parser.add_argument(
            "--here", action="store_true",
            help="also send in this process until done (no separate worker needed)",
        )

    def handle(self, *args, issue, test_to, here, **options):
        from assonum.core.workflow import InvalidTransition
        from assonum.newsletter.models import NewsletterIssuePage
        from assonum.newsletter.services import send_issue

        page = NewsletterIssuePage.objects.filter(slug=issue).first()
        if page is None and issue.isdigit():
            page = NewsletterIssuePage.objects.filter(pk=int(issue)).first()
        if page is None:
            raise CommandError(f"Aucun numéro ne correspond à « {issue} ».")
        try:
            campaign = send_issue(page, test_to=test_to or None)
        except InvalidTransition:
            raise CommandError(
                f"« {page.title} » a déjà été envoyé ou est en cours d'envoi.") from None
        if campaign is None:
            self.stdout.write(f"Test envoyé à {test_to}.")
            return
        self.stdout.write(f"Envoi « {campaign.name} » : {campaign.total} destinataires.")
        if here:
            from assonum.mailings.sending import run_worker

            started = time.monotonic()
            while True:
                campaign.refresh_from_db()
                if campaign.state != "sending":
                    break
                run_worker(campaign.pk, time_budget=30)
                progress = campaign.progress()
                self.stdout.write(f"  {progress.sent}/{progress.total} envoyés, "
                                  f"{progress.failed + progress.bounced} échecs")
                if progress.finished:
                    break
                if progress.pending and not progress.in_flight:
                    time.sleep(1)
            self.stdout.write(f"Terminé en {time.monotonic() - started:.1f} s.")
        progress = campaign.progress()
        self.stdout.write(f"{progress.sent}/{progress.total} envoyés.")
