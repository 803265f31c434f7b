"""The one way to send a transactional email (a confirmation, a decision, a reminder).

::

    from assonum.core.emails import send_email

    send_email(
        to=[user.email],
        subject=_("Votre réservation est confirmée"),
        template="donations/emails/reservation_accepted",   # .txt required, .html optional
        context={"reservation": reservation, "url": absolute_url(reservation.get_absolute_url())},
        reply_to=[offer.contact_email],                      # where a person may answer
    )

The message is rendered at once (in the request's language, with plain data), then handed to a
background task on the ``email`` queue **after the current transaction commits**: an email is
never sent for a change that was rolled back, and a slow SMTP server never slows a page. The
subject gets the site's prefix (``EMAIL_SUBJECT_PREFIX``). The HTML part, when the app gives an
``.html`` template, is wrapped in ``core/emails/base.html`` (styles inline, no outside resource).

Bulk sending (the newsletter) uses the ``mailings`` engine instead: exactly once per recipient,
batched, resumable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django_tasks import task


def absolute_url(path: str) -> str:
    """``/annuaire/x/`` -> ``https://site.example/annuaire/x/`` (SITE_URL)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def clean_header(value: str) -> str:
    """A value safe in an email header: no CR/LF (header injection), trimmed."""
    return " ".join(str(value).replace("\r", " ").replace("\n", " ").split())


def render_email(*, subject: str, template: str, context: Mapping | None = None) -> dict:
    """Render ``template``.txt (and .html if it exists) into a plain, serialisable message."""
    from .models import SiteIdentity

    context = {"site_url": settings.SITE_URL, "identity": SiteIdentity.load(), **(context or {})}
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        inner = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    else:
        html = render_to_string("core/emails/base.html", {**context, "content": inner,
                                                          "subject": subject})
    prefix = getattr(settings, "EMAIL_SUBJECT_PREFIX_SITE", settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return {"subject": clean_header(f"{prefix}{subject}"), "text": text, "html": html}


def send_email(*, to: Iterable[str], subject: str, template: str, context: Mapping | None = None,
               reply_to: Iterable[str] | None = None, headers: Mapping[str, str] | None = None,
               from_email: str | None = None) -> dict:
    """Render now, send in the background after commit. Returns the rendered message."""
    recipients = [clean_header(address) for address in to if address]
    message = render_email(subject=subject, template=template, context=context)
    if not recipients:
        return message
    payload = {
        **message,
        "to": recipients,
        "reply_to": [clean_header(a) for a in (reply_to or []) if a],
        "headers": {clean_header(k): clean_header(v) for k, v in (headers or {}).items()},
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
    }
    transaction.on_commit(lambda: deliver_email.enqueue(payload))
    return message


@task(queue_name="email")
def deliver_email(payload: dict) -> None:
    """Send one rendered message (the background half of :func:`send_email`)."""
    from django.core.mail import EmailMultiAlternatives

    email = EmailMultiAlternatives(
        subject=payload["subject"], body=payload["text"], from_email=payload["from_email"],
        to=payload["to"], reply_to=payload.get("reply_to") or None,
        headers=payload.get("headers") or None,
    )
    if payload.get("html"):
        email.attach_alternative(payload["html"], "text/html")
    email.send()
