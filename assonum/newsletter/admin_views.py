"""Back-office view to test, send or schedule an issue (reached from the page's action menu)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assonum.core.workflow import InvalidTransition

from . import perms, services
from .models import NewsletterIssuePage


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label=gettext_lazy("Quand ?"),
        choices=[("now", gettext_lazy("Maintenant")), ("later", gettext_lazy("À une date"))],
        widget=forms.RadioSelect, initial="now",
    )
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Date et heure d'envoi"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("when") == "later":
            when = data.get("scheduled_at")
            if when is None:
                self.add_error("scheduled_at", _("Indiquez la date et l'heure d'envoi."))
            elif when <= timezone.now():
                self.add_error("scheduled_at", _("Choisissez une date dans le futur."))
        return data


def preview_email_view(request, page_id):
    """The issue's email as a reader who chose no topic nor department would receive it, from
    its latest draft: the same rendering as the sending (``render_issue``), on its own page."""
    from .rendering import PLACEHOLDERS, render_issue

    issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
    if not perms.can_send_issue(request.user, issue):
        raise PermissionDenied
    draft = issue.get_latest_revision_as_object()
    html = render_issue(draft, topic_slugs=(), department_codes=()).html
    for placeholder in PLACEHOLDERS.values():  # per-reader links: none in a preview
        html = html.replace(placeholder, "#")
    return HttpResponse(html)


def _campaign(issue):
    from assonum.mailings.models import Campaign

    return Campaign.objects.filter(source_ref=issue.source_ref).order_by("-pk").first()


def send_issue_view(request, page_id):
    issue = get_object_or_404(NewsletterIssuePage, pk=page_id)
    if not perms.can_send_issue(request.user, issue):
        raise PermissionDenied
    form = SendForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            draft = issue.get_latest_revision_as_object()
            services.send_issue(draft, test_to=request.user.email, user=request.user)
            messages.success(request, _("Un test a été envoyé à %(email)s.")
                             % {"email": request.user.email})
            return redirect("newsletter_send_issue", page_id=issue.pk)
        if action == "send":
            form = SendForm(request.POST)
            if not issue.live:
                messages.error(request, _("Publiez d'abord ce numéro : seul un numéro publié "
                                          "peut être envoyé."))
            elif form.is_valid():
                try:
                    if form.cleaned_data["when"] == "later":
                        services.schedule_issue(issue, when=form.cleaned_data["scheduled_at"],
                                                user=request.user)
                        messages.success(request, _("L'envoi est programmé."))
                    else:
                        services.send_issue(issue, user=request.user)
                        messages.success(request, _("L'envoi a commencé."))
                except InvalidTransition as error:
                    messages.error(request, str(error))
                return redirect("newsletter_send_issue", page_id=issue.pk)
    issue.refresh_from_db()
    campaign = _campaign(issue)
    context = {
        "issue": issue,
        "form": form,
        "recipient_count": services.issue_recipients(issue).count(),
        "segment_topics": list(issue.segment_topics.all()),
        "segment_departments": list(issue.segment_departments.all()),
        "campaign": campaign,
        "progress": campaign.progress() if campaign else None,
        "can_send": issue.send_status in (issue.SendStatus.DRAFT, issue.SendStatus.SCHEDULED),
    }
    return TemplateResponse(request, "newsletter/admin/send_issue.html", context)
