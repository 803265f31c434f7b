"""Proposing a story: thin views over perms, forms and services."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from . import perms, services
from .forms import CONSENT_TEXT, ProposeStoryForm
from .models import StoryIndexPage, StoryProposal


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@require_http_methods(["GET", "POST"])
def propose(request):
    refusal = perms.propose_refusal(request.user)
    if refusal == "login":
        return redirect_to_login(request.get_full_path())
    if refusal == "not_member":
        return render(request, "stories/propose_not_member.html", {
            "create_url": _url("organisations:create", "/espace/"),
            "list_url": _url("organisations:list", "/espace/"),
        },
                      status=403)
    index = StoryIndexPage.objects.live().first()
    if index is None:
        raise Http404("No story index page.")
    organisations = perms.proposing_organisations(request.user).select_related("seat_commune")
    form = ProposeStoryForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["organisation"]
        proposal = services.propose_story(
            user=request.user,
            index=index,
            title=data["title"],
            organisation=organisation,
            kind=data["kind"],
            summary=data["summary"],
            commune=data["commune"] or organisation.seat_commune,
            themes=data["themes"],
            tools=data["tools"],
            text=data["text"],
            interview=form.interview(),
            consent_text=str(CONSENT_TEXT),
        )
        return redirect("stories:proposal_sent", pk=proposal.pk)
    return render(request, "stories/propose.html", {"form": form, "index": index})


@require_http_methods(["GET"])
def proposal_sent(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    proposal = get_object_or_404(StoryProposal.objects.select_related("page"), pk=pk)
    if not perms.can_view_proposal(request.user, proposal):
        raise Http404("Not your proposal.")
    return render(request, "stories/proposal_sent.html", {"proposal": proposal})


@require_http_methods(["GET", "POST"])
def revise(request, pk):
    """The author's own proposal, pre-filled, once the team asked for changes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    proposal = get_object_or_404(StoryProposal.objects.select_related("page"), pk=pk)
    if not perms.can_revise_proposal(request.user, proposal,
                                     services.workflow_status(proposal.page)):
        raise Http404("Not a proposal waiting for its author's changes.")
    organisations = perms.proposing_organisations(request.user).select_related("seat_commune")
    form = ProposeStoryForm(request.POST or None, organisations=organisations,
                            initial=services.proposal_initial(proposal))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.revise_story(
            proposal=proposal, user=request.user, title=data["title"],
            organisation=data["organisation"], kind=data["kind"], summary=data["summary"],
            commune=data["commune"] or data["organisation"].seat_commune,
            themes=data["themes"], tools=data["tools"], text=data["text"],
            interview=form.interview(), consent_text=str(CONSENT_TEXT),
        )
        return redirect("stories:proposal_sent", pk=proposal.pk)
    return render(request, "stories/propose.html", {
        "form": form, "proposal": proposal, "action": reverse("stories:revise", args=[pk]),
    })
