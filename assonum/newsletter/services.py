"""Newsletter use cases: subscribe, confirm, preferences, unsubscribe, send an issue.

Views, the back office, management commands and tasks all go through these functions.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.emails import send_email
from assonum.core.models import TransitionLog
from assonum.core.workflow import InvalidTransition, history, transition

from .consent import WORDINGS
from .models import NewsletterIssuePage, Subscriber
from .rendering import PLACEHOLDERS, RENDERER, render_issue, segment_key

CONFIRMATION_SALT = "assonum.newsletter.confirm"
CONFIRMATION_MAX_AGE = timedelta(days=7)
UNCONFIRMED_RETENTION = timedelta(days=30)
INACTIVE_RETENTION = timedelta(days=3 * 365)


def list_id() -> str:
    """The ``List-Id`` of the newsletter (RFC 2919): a name and a domain-like identifier."""
    domain = getattr(settings, "NEWSLETTER_LIST_ID_DOMAIN", "") or (
        settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    )
    return f"Lettre d'information AssoNum <lettre.{domain}>"


# --- Links -----------------------------------------------------------------------------------


def unsubscribe_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("newsletter:unsubscribe", args=[subscriber.token])


def preferences_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("newsletter:preferences", args=[subscriber.token])


def confirmation_url(subscriber: Subscriber) -> str:
    signed = signing.TimestampSigner(salt=CONFIRMATION_SALT).sign(subscriber.token)
    return settings.SITE_URL + reverse("newsletter:confirm", args=[signed])


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def subscriber_from_confirmation(signed: str) -> Subscriber:
    """The subscriber a confirmation link points to; raises LinkExpired or LinkInvalid."""
    signer = signing.TimestampSigner(salt=CONFIRMATION_SALT)
    try:
        token = signer.unsign(signed, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber


# --- Subscription ----------------------------------------------------------------------------


# At most one subscription email per address in this window, so that the public form cannot be
# used to flood someone's mailbox. The visitor's answer is the same either way.
EMAIL_THROTTLE_SECONDS = 120


def _may_email(email: str) -> bool:
    from django.core.cache import cache

    # ``None`` is the answer of a cache that is down (its errors ignored): this anti-flood limit
    # fails open, or nobody could subscribe while Redis is down (only logins fail closed).
    added = cache.add(f"newsletter:subscription-mail:{email}", 1, EMAIL_THROTTLE_SECONDS)
    return added is not False


def subscribe(
    *, email: str, topics=(), departments=(), source_url: str = "", wording: str = "full"
) -> Subscriber:
    """Ask for a subscription. Whatever the address's state, the caller shows the same answer.

    - new, pending or unsubscribed address: (re)start a pending subscription with this consent
      and send the confirmation email;
    - already subscribed (active or paused): change nothing (a stranger must not alter someone
      else's choices) and send an email with the preferences link instead.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().by_email(email).first()
        if subscriber is not None and subscriber.status in (
            Subscriber.Status.ACTIVE, Subscriber.Status.PAUSED,
        ):
            if _may_email(email):
                send_already_subscribed_email(subscriber=subscriber)
            return subscriber
        if subscriber is None:
            subscriber = Subscriber(email=email)
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            transition(subscriber, Subscriber.Status.PENDING, note=source_url,
                       changes={"unsubscribed_at": None, "confirmed_at": None})
        subscriber.status_changed_at = now
        subscriber.consent_at = now
        subscriber.consent_source = source_url[:500]
        version, text = WORDINGS.get(wording, WORDINGS["full"])
        subscriber.consent_wording_version = version
        subscriber.consent_text = str(text)
        subscriber.save()
        subscriber.topics.set(topics)
        subscriber.departments.set(departments)
        if _may_email(email):
            send_confirmation_email(subscriber=subscriber)
    return subscriber


def confirm(*, subscriber: Subscriber) -> Subscriber:
    """Activate a pending subscription (idempotent for an already active one)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.PENDING:
            now = timezone.now()
            transition(subscriber, Subscriber.Status.ACTIVE, note="confirmation",
                       changes={"confirmed_at": now, "status_changed_at": now})
    return subscriber


def update_preferences(*, subscriber: Subscriber, topics, departments, paused: bool) -> Subscriber:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status not in (Subscriber.Status.ACTIVE, Subscriber.Status.PAUSED):
            return subscriber
        subscriber.topics.set(topics)
        subscriber.departments.set(departments)
        target = Subscriber.Status.PAUSED if paused else Subscriber.Status.ACTIVE
        if target != subscriber.status:
            transition(subscriber, target, note="preferences",
                       changes={"status_changed_at": timezone.now()})
    return subscriber


def unsubscribe(subscriber: Subscriber, *, source: str) -> Subscriber:
    """End a subscription at once (one-click: idempotent).

    Keeps only a suppression record: the address, its link token, the status and dates, so
    that the link keeps answering and a mailing already prepared skips the address. Topics,
    departments and the consent record are no longer needed and are removed.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return subscriber
        now = timezone.now()
        transition(subscriber, Subscriber.Status.UNSUBSCRIBED, note=source, changes={
            "unsubscribed_at": now, "status_changed_at": now, "consent_at": None,
            "consent_source": "", "consent_text": "", "consent_wording_version": ""})
        subscriber.topics.clear()
        subscriber.departments.clear()
    return subscriber


def on_hard_bounce(recipient_ref) -> None:
    """Hook for the mailings engine (``bounce_handler``): the address has hard-bounced
    ``MAILINGS_HARD_BOUNCE_THRESHOLD`` times, so the subscription ends."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=int(recipient_ref)).first()
        if subscriber is None:
            return
        subscriber.hard_bounces += 1
        subscriber.save(update_fields=["hard_bounces"])
    unsubscribe(subscriber, source="bounce")


def sendable_refs(recipient_refs) -> list[str]:
    """Hook for the mailings engine (``recipient_filter``): of these subscriber ids, those who
    may still receive the issue just before it is sent (not unsubscribed nor paused since)."""
    ids = [int(ref) for ref in recipient_refs]
    return [
        str(pk) for pk in Subscriber.objects.sendable().filter(pk__in=ids).values_list(
            "pk", flat=True)
    ]


def purge_unconfirmed(*, now=None) -> int:
    """Delete pending subscriptions older than 30 days. Returns how many."""
    now = now or timezone.now()
    return _delete(Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, status_changed_at__lt=now - UNCONFIRMED_RETENTION))


def purge_inactive(*, now=None) -> int:
    """Delete suppression records and paused subscriptions untouched for 3 years."""
    now = now or timezone.now()
    return _delete(Subscriber.objects.filter(
        status__in=[Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.PAUSED],
        status_changed_at__lt=now - INACTIVE_RETENTION,
    ))


def _delete(subscribers) -> int:
    """Delete subscribers and their transition history. Returns how many subscribers."""
    with transaction.atomic():
        ids = [str(pk) for pk in subscribers.values_list("pk", flat=True)]
        TransitionLog.objects.for_model(Subscriber).filter(object_id__in=ids).delete()
        deleted, _counts = Subscriber.objects.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0


# --- Emails to one person --------------------------------------------------------------------


def _send_personal_email(*, subscriber: Subscriber, template: str, context: dict) -> None:
    from django.template.loader import render_to_string

    context = {**context, "subscriber": subscriber, "site_name": settings.WAGTAIL_SITE_NAME}
    subject = render_to_string(f"newsletter/email/{template}_subject.txt", context).strip()
    send_email(to=[subscriber.email], subject=subject, template=f"newsletter/email/{template}",
               context=context)


def send_confirmation_email(*, subscriber: Subscriber) -> None:
    _send_personal_email(
        subscriber=subscriber, template="confirm",
        context={"confirmation_url": confirmation_url(subscriber),
                 "max_age_days": CONFIRMATION_MAX_AGE.days},
    )


def send_already_subscribed_email(*, subscriber: Subscriber) -> None:
    _send_personal_email(
        subscriber=subscriber, template="already",
        context={"preferences_url": preferences_url(subscriber),
                 "unsubscribe_url": unsubscribe_url(subscriber)},
    )


# --- Issues ----------------------------------------------------------------------------------


def _already_sent():
    return _("Ce numéro a déjà été envoyé ou est en cours d'envoi.")


def issue_recipients(issue: NewsletterIssuePage):
    """The confirmed, active subscribers the issue's segment concerns (a QuerySet)."""
    topic_ids = list(issue.segment_topics.values_list("pk", flat=True))
    department_codes = list(issue.segment_departments.values_list("pk", flat=True))
    return Subscriber.objects.sendable().for_segment(
        topic_ids=topic_ids, department_codes=department_codes
    )


def _recipient_rows(queryset):
    queryset = queryset.order_by("pk").prefetch_related("topics", "departments")
    for subscriber in queryset.iterator(chunk_size=2000):
        yield (
            subscriber.pk,
            subscriber.email,
            segment_key(subscriber),
            {"unsubscribe_url": unsubscribe_url(subscriber),
             "preferences_url": preferences_url(subscriber)},
        )


def send_test(issue: NewsletterIssuePage, *, to: str) -> None:
    """Send the issue, as a reader who chose nothing would get it, to one address."""
    subscriber = Subscriber.objects.sendable().by_email(to).prefetch_related(
        "topics", "departments").first()
    if subscriber is not None:
        key_topics = [t.slug for t in subscriber.topics.all()]
        key_departments = [d.code for d in subscriber.departments.all()]
        links = {"unsubscribe_url": unsubscribe_url(subscriber),
                 "preferences_url": preferences_url(subscriber)}
    else:
        key_topics, key_departments = [], []
        page = settings.SITE_URL + reverse("newsletter:subscribe")
        links = {"unsubscribe_url": page, "preferences_url": page}
    message = render_issue(issue, topic_slugs=key_topics, department_codes=key_departments)
    text, html = message.text, message.html
    for key, marker in PLACEHOLDERS.items():
        text = text.replace(marker, links[key])
        html = html.replace(marker, links[key])
    email = EmailMultiAlternatives(subject=f"[TEST] {message.subject}", body=text, to=[to])
    email.attach_alternative(html, "text/html")
    email.send()


def schedule_issue(issue: NewsletterIssuePage, *, when, user=None) -> NewsletterIssuePage:
    """Send the issue at ``when`` (the periodic task ``send_scheduled_issues`` starts it)."""
    with transaction.atomic():
        issue = transition(issue, NewsletterIssuePage.SendStatus.SCHEDULED, by=user,
                           message=_already_sent(), changes={"scheduled_at": when})
    return issue


def send_issue(issue: NewsletterIssuePage, *, test_to: str | None = None, user=None):
    """Send an issue to its segment through the mailings engine (or a test to ``test_to``).

    Exactly once: the issue row is locked and moves to "sending"; a second call raises
    InvalidTransition. Returns the mailings Campaign (None for a test).
    """
    if test_to:
        send_test(issue, to=test_to)
        return None
    from assonum.mailings import services as mailings

    with transaction.atomic():
        # The digest window closes now.
        issue = transition(issue, NewsletterIssuePage.SendStatus.SENDING, by=user,
                           message=_already_sent(), changes={"sent_at": timezone.now()})
        campaign = mailings.create_campaign(
            name=f"Lettre n° {issue.number} : {issue.title}",
            source_ref=issue.source_ref,
            renderer=RENDERER,
            recipients=_recipient_rows(issue_recipients(issue)),
            list_id=list_id(),
            bounce_handler="assonum.newsletter.services.on_hard_bounce",
            recipient_filter="assonum.newsletter.services.sendable_refs",
            finished_handler="assonum.newsletter.services.mark_issue_sent",
        )
    mailings.start_campaign(campaign)
    return campaign


def mark_issue_sent(source_ref: str) -> None:
    """Hook for the mailings engine: the campaign of ``source_ref`` is finished."""
    prefix, _, pk = source_ref.partition(":")
    if prefix != "newsletter.issue":
        return
    issue = NewsletterIssuePage.objects.filter(pk=int(pk)).first()
    if issue is None or issue.send_status == NewsletterIssuePage.SendStatus.SENT:
        return
    try:
        transition(issue, NewsletterIssuePage.SendStatus.SENT)
    except InvalidTransition:  # already marked by another worker
        return


def send_scheduled_issues(*, now=None) -> list[int]:
    """Start every scheduled issue whose time has come. Returns their ids."""
    now = now or timezone.now()
    started = []
    due = NewsletterIssuePage.objects.live().filter(
        send_status=NewsletterIssuePage.SendStatus.SCHEDULED, scheduled_at__lte=now
    )
    for issue in due:
        try:
            send_issue(issue)
        except InvalidTransition:
            continue
        started.append(issue.pk)
    return started


# --- Personal data ---------------------------------------------------------------------------


def export_subscription(email: str) -> dict:
    subscriber = (
        Subscriber.objects.by_email(email).prefetch_related("topics", "departments").first()
    )
    if subscriber is None:
        return {}
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": (
            subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
        ),
        "topics": [topic.name for topic in subscriber.topics.all()],
        "departments": [department.code for department in subscriber.departments.all()],
        "consent": {
            "at": subscriber.consent_at.isoformat() if subscriber.consent_at else None,
            "source": subscriber.consent_source,
            "wording_version": subscriber.consent_wording_version,
            "text": subscriber.consent_text,
        },
        "hard_bounces": subscriber.hard_bounces,
        "history": [
            {"from": log.from_state, "to": log.to_state, "at": log.at.isoformat()}
            for log in history(subscriber)
        ],
    }


def erase_subscription(email: str) -> None:
    _delete(Subscriber.objects.by_email(email))
