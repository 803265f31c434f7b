from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import expire_reservations, send_match_emails

PERIODIC_TASKS = [
    PeriodicTask(name="donations.expire_reservations", task=expire_reservations,
                 every=timedelta(hours=1)),
    # Runs hourly; each need gets at most one email a day (services.send_match_emails).
    PeriodicTask(name="donations.send_match_emails", task=send_match_emails,
                 every=timedelta(hours=1)),
]
