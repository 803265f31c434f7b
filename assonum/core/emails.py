"""The one way to send a transactional email (a confirmation, a decision, a reminder).

::

    from assonum.core.emails import send_email

    send_email(
        to=[user.email],
        subject=_("Votre réservation est confirmée"),
        template="donations/emails/reservation_accepted",   # .txt required, .html optional
        context={"reservation": reservation, "url": absolute_url(reservation.get_absolute_url())},
        reply_to=[offer.contact_email],      # where a person may answer (default: the network)
    )

The message is rendered at once (in the request's language, with plain data), then handed to a
background task on the ``email`` queue **after the current transaction commits**: an email is
never sent for a change that was rolled back, and a slow SMTP server never slows a page. The
subject gets the site's prefix (``EMAIL_SUBJECT_PREFIX``). Every message has a text and an HTML
part: the app's ``.html`` template when it gives one, otherwise the text laid out as paragraphs
with its links made clickable (:func:`text_as_html`), wrapped in ``core/emails/base.html``
(styles inline, no outside resource). Replies go to ``reply_to``, or by default to the network's
contact address (Paramètres > Identité du site): never to the no-reply sender.

Bulk sending (the newsletter) uses the ``mailings`` engine instead: exactly once per recipient,
batched, resumable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe
from django_tasks import task

# Inline styles of the HTML made from a text template (the colours of core/emails/base.html).
PARAGRAPH_STYLE = "margin:0 0 16px;"
LINK_STYLE = "color:#0b5e55;word-break:break-all;"


def absolute_url(path: str) -> str:
    """``/annuaire/x/`` -> ``https://site.example/annuaire/x/`` (SITE_URL)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def clean_header(value: str) -> str:
    """A value safe in an email header: no CR/LF (header injection), trimmed."""
    return " ".join(str(value).replace("\r", " ").replace("\n", " ").split())


def text_as_html(text: str) -> str:
    """Plain email text -> HTML: a paragraph per blank-line block, line breaks kept, every
    address a link, inline styles only. The signature line ``--`` is left out (the base
    template signs)."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = []
    for block in blocks:
        if not block.strip() or block.strip() in {"--", "-- "}:
            continue
        lines = [urlize(escape(line.rstrip())) for line in block.split("\n")
                 if line.strip() not in {"--", "-- "}]
        paragraphs.append(f'<p style="{PARAGRAPH_STYLE}">' + "<br>".join(lines) + "</p>")
    html = "\n".join(paragraphs).replace("<a ", f'<a style="{LINK_STYLE}" ')
    return mark_safe(html)  # noqa: S308 - every line was escaped above


def wrap_html(inner: str, *, subject: str, context: Mapping | None = None) -> str:
    """``inner`` inside the shared, inline-styled email layout (core/emails/base.html)."""
    from .models import SiteIdentity

    context = {"site_url": settings.SITE_URL, "identity": SiteIdentity.load(), **(context or {})}
    return render_to_string("core/emails/base.html", {**context, "content": inner,
                                                      "subject": subject})


def contact_address() -> str:
    """The network's contact address (Paramètres > Identité du site), where people may write."""
    from .models import SiteIdentity

    return SiteIdentity.load().email or ""


def render_email(*, subject: str, template: str, context: Mapping | None = None) -> dict:
    """Render ``template``.txt (and .html, or the text as HTML) into a plain, serialisable
    message with both parts."""
    from .models import SiteIdentity

    context = {"site_url": settings.SITE_URL, "identity": SiteIdentity.load(), **(context or {})}
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    try:
        inner = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        inner = text_as_html(text)
    html = wrap_html(inner, subject=subject, context=context)
    prefix = getattr(settings, "EMAIL_SUBJECT_PREFIX_SITE", settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    return {"subject": clean_header(f"{prefix}{subject}"), "text": text, "html": html}


def send_email(*, to: Iterable[str], subject: str, template: str, context: Mapping | None = None,
               reply_to: Iterable[str] | None = None, headers: Mapping[str, str] | None = None,
               from_email: str | None = None) -> dict:
    """Render now, send in the background after commit. Returns the rendered message.

    Without ``reply_to``, replies go to the network's contact address."""
    recipients = [clean_header(address) for address in to if address]
    message = render_email(subject=subject, template=template, context=context)
    if not recipients:
        return message
    if reply_to is None:
        reply_to = [contact_address()]
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
