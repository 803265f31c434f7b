"""Use cases of the stories: propose a story, moderate it, tell the author, forget the author."""

import logging
import re
from html import unescape

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from assonum.core.emails import send_email

from .models import StoryIndexPage, StoryKind, StoryPage, StoryProposal

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Relecture des témoignages"
TASK_NAME = "Relecture par l'équipe"
MODERATORS_GROUP = "Modération"  # declared in plugin.py (staff_roles), one group site-wide
ERASED_SIGNATURE = "ancien membre"


# --- Moderation workflow -----------------------------------------------------------------------


@transaction.atomic
def ensure_moderation_workflow(*, index: StoryIndexPage) -> Workflow:
    """Make sure the story index (and so every story under it) has a moderation workflow."""
    existing = WorkflowPage.objects.filter(page=index).select_related("workflow").first()
    if existing and existing.workflow.active:
        return existing.workflow
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([group])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


# --- Proposing a story -------------------------------------------------------------------------


def text_to_richtext(text: str) -> str:
    """Plain text typed in a form -> safe rich text: one paragraph per blank-line block."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>{}</p>".format(escape(p).replace("\n", "<br/>")) for p in paragraphs if p
    )


def _summary_from(text: str) -> str:
    words = " ".join((text or "").split())
    if len(words) <= 290:
        return words
    return words[:290].rsplit(" ", 1)[0] + "…"


def _unique_slug(index: StoryIndexPage, title: str) -> str:
    base = slugify(title)[:60].strip("-") or "temoignage"
    taken = set(
        index.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def propose_story(
    *,
    user,
    index: StoryIndexPage,
    title: str,
    organisation,
    text: str,
    consent_text: str,
    kind: str = StoryKind.TESTIMONIAL,
    summary: str = "",
    commune=None,
    themes=(),
    tools=(),
    interview=(),
) -> StoryProposal:
    """Create the story as a draft under ``index`` and submit it to the moderation workflow.

    ``interview`` is a list of (question, answer) pairs. Nothing is published: staff approve
    (which publishes) or send it back with a comment; the author is told by email either way.
    """
    body = [("paragraph", text_to_richtext(text))]
    pairs = [{"question": q.strip(), "answer": a.strip()}
             for q, a in interview if q.strip() and a.strip()]
    if pairs:
        body.append(("interview", {"person": "", "items": pairs}))
    page = StoryPage(
        title=title.strip(),
        slug=_unique_slug(index, title),
        kind=kind,
        summary=(summary or "").strip() or _summary_from(text),
        organisation=organisation,
        commune=commune,
        body=body,
        live=False,
        owner=user,
    )
    # Parental relations set before saving are saved with the page (and in its revision).
    page.themes.set(list(themes))
    page.tools.set(list(tools))
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    proposal = StoryProposal.objects.create(
        page=page,
        proposed_by=user,
        organisation=organisation,
        signature=user.get_full_name(),
        consent_text=consent_text,
        consent_at=timezone.now(),
    )
    _silence_admin_notifications(user)
    workflow = page.get_workflow() or ensure_moderation_workflow(index=index)
    workflow.start(page, user)
    return proposal


# --- Revising a story sent back for changes ------------------------------------------------------


def richtext_to_text(html: str) -> str:
    """The reverse of :func:`text_to_richtext`: paragraphs apart by a blank line."""
    paragraphs = re.split(r"</p>\s*", html or "")
    out = []
    for paragraph in paragraphs:
        paragraph = re.sub(r"<br\s*/?>", "\n", paragraph)
        paragraph = unescape(re.sub(r"<[^>]+>", "", paragraph)).strip()
        if paragraph:
            out.append(paragraph)
    return "\n\n".join(out)


def workflow_status(page) -> str | None:
    """The status of the page's latest moderation workflow ("needs_changes"...), or None."""
    return workflow_statuses([page]).get(page.pk)


def proposal_initial(proposal: StoryProposal) -> dict:
    """The proposal as its author last sent it, to pre-fill the form (latest revision)."""
    page = proposal.page.get_latest_revision_as_object()
    text = "\n\n".join(richtext_to_text(block.value.source) for block in page.body
                        if block.block_type == "paragraph")
    initial = {
        "title": page.title, "organisation": proposal.organisation_id, "kind": page.kind,
        "summary": page.summary, "commune": page.commune, "text": text,
        "themes": [theme.pk for theme in page.themes.all()],
        "tools": ", ".join(tool.title for tool in page.tools.all()),
    }
    pairs = [item for block in page.body if block.block_type == "interview"
             for item in block.value["items"]]
    for n, item in enumerate(pairs, start=1):
        initial[f"question_{n}"] = item["question"]
        initial[f"answer_{n}"] = item["answer"]
    return initial


@transaction.atomic
def revise_story(
    *, proposal: StoryProposal, user, title: str, organisation, text: str, consent_text: str,
    kind: str = StoryKind.TESTIMONIAL, summary: str = "", commune=None, themes=(), tools=(),
    interview=(),
) -> StoryProposal:
    """Save the author's new version of a story sent back for changes, and send it to the
    team again: a new revision of the same page, and the same workflow resumed."""
    page = proposal.page.specific.get_latest_revision_as_object()
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        raise ValueError("This story is not waiting for changes.")
    body = [("paragraph", text_to_richtext(text))]
    pairs = [{"question": q.strip(), "answer": a.strip()}
             for q, a in interview if q.strip() and a.strip()]
    if pairs:
        body.append(("interview", {"person": "", "items": pairs}))
    page.title = title.strip()
    page.kind = kind
    page.summary = (summary or "").strip() or _summary_from(text)
    page.organisation = organisation
    page.commune = commune
    page.body = body
    page.themes.set(list(themes))
    page.tools.set(list(tools))
    page.save_revision(user=user, log_action=True)
    proposal.organisation = organisation
    proposal.consent_text = consent_text
    proposal.consent_at = timezone.now()
    proposal.save(update_fields=["organisation", "consent_text", "consent_at"])
    state.resume(user)
    return proposal


def _silence_admin_notifications(user) -> None:
    """Members who are not staff get OUR emails, not Wagtail's (which link to the back office)."""
    from assonum.core.perms import may_use_back_office

    if may_use_back_office(user):
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = False
    profile.rejected_notifications = False
    profile.save(update_fields=["approved_notifications", "rejected_notifications"])


# --- Telling the author ------------------------------------------------------------------------


def _send_to_author(proposal: StoryProposal, template: str, context: dict) -> None:
    user = proposal.proposed_by
    if user is None or not user.email:
        return
    context = {"proposal": proposal, "page": proposal.page, "user": user,
               "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"stories/emails/{template}_subject.txt", context).split())
    send_email(to=[user.email], subject=subject, template=f"stories/emails/{template}",
               context=context)


def public_url(page) -> str:
    """The page's absolute address on this deployment (SITE_URL, not the Site's hostname)."""
    parts = page.get_url_parts()
    return settings.SITE_URL + parts[2] if parts else settings.SITE_URL


def notify_published(*, page: StoryPage) -> bool:
    """Email the author the first time their proposed story goes live. True if an email is sent."""
    with transaction.atomic():
        proposal = (
            StoryProposal.objects.select_for_update(of=("self",))
            .select_related("proposed_by", "page")
            .filter(page_id=page.pk, published_notified_at__isnull=True)
            .first()
        )
        if proposal is None or proposal.proposed_by is None:
            return False
        proposal.published_notified_at = timezone.now()
        proposal.save(update_fields=["published_notified_at"])
        url = public_url(page)
        _send_to_author(proposal, "published", {"url": url})  # sent once committed
    return True


def notify_rejected(*, page: StoryPage, comment: str) -> bool:
    """Email the author that their story is sent back, with the moderator's comment."""
    with transaction.atomic():
        proposal = (
            StoryProposal.objects.select_for_update(of=("self",))
            .select_related("proposed_by", "page")
            .filter(page_id=page.pk)
            .first()
        )
        if proposal is None or proposal.proposed_by is None:
            return False
        proposal.rejected_at = timezone.now()
        proposal.rejection_comment = comment or ""
        proposal.save(update_fields=["rejected_at", "rejection_comment"])
        from django.urls import reverse

        url = settings.SITE_URL + reverse("stories:revise", args=[proposal.pk])
        _send_to_author(proposal, "rejected", {"comment": comment, "revise_url": url})
    return True


# --- Personal data -----------------------------------------------------------------------------


def proposal_state(proposal: StoryProposal, workflow_status: str | None) -> tuple[str, str]:
    """(code, French label) of where a proposed story stands."""
    if proposal.page.live:
        return "published", _("Publié")
    if workflow_status == "needs_changes":
        return "needs_changes", _("Renvoyé avec un commentaire")
    if workflow_status == "in_progress":
        return "in_review", _("En cours de relecture")
    if workflow_status == "cancelled":
        return "cancelled", _("Relecture annulée")
    return "draft", _("Brouillon")


def workflow_statuses(pages) -> dict[int, str]:
    """{page id: status of its latest workflow} for many pages in one query."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    ids = [str(p.pk) for p in pages]
    if not ids:
        return {}
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=ids
    ).order_by("created_at", "pk").values_list("object_id", "status")
    return {int(object_id): status for object_id, status in states}


@transaction.atomic
def erase_author(*, user) -> int:
    """Keep the stories a person proposed, signed "ancien membre", without any link to them."""
    return StoryProposal.objects.filter(proposed_by=user).update(
        proposed_by=None, signature=ERASED_SIGNATURE
    )


# --- Search index ------------------------------------------------------------------------------


def index_stories(pks=None, batch_size: int = 500) -> None:
    """Index stories in the search backends now (saving only queues it as a background task).

    The demo and the benchmark data must be searchable at once, without waiting for a worker.
    """
    from wagtail.search.backends import get_search_backends

    queryset = StoryPage.get_indexed_objects()
    if pks is not None:
        queryset = queryset.filter(pk__in=list(pks))
    ids = list(queryset.values_list("pk", flat=True))
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(ids), batch_size):
            objects = list(
                StoryPage.get_indexed_objects()
                .filter(pk__in=ids[start:start + batch_size])
                .select_related("organisation", "commune")
            )
            backend.add_bulk(StoryPage, objects)
