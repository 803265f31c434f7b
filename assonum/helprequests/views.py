"""Pages of the "mise en relation": thin views over perms, forms, selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assonum.core.page_cache import derived
from assonum.core.workflow import InvalidTransition, history, state_label

from . import perms, selectors, services
from . import themes as theme_vocabulary
from .forms import AddRecipientForm, DeclineForm, FinishForm, MessageForm, RateForm, RequestForm
from .models import HelpRequest, Message, ThankYou
from .statistics import public_figures

DRAFT_KEY = "helprequests_draft"
DRAFT_FIELDS = ("need", "themes", "commune", "urgency", "contact_by", "contact_email",
                "contact_phone", "source")


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def index(request):
    return render(request, "helprequests/index.html", {
        # Computed from every request: kept until one changes (the page cache's generation).
        "figures": derived("helprequests-figures", (), public_figures, request),
        "themes": theme_vocabulary.THEME_CHOICES,
        "is_actor": perms.is_actor(request.user),
    })


def _prefill(request) -> dict:
    """Initial values from a diagnostic priority (``?theme=site-web&texte=...``)."""
    initial = {}
    theme = theme_vocabulary.from_parameter(request.GET.get("theme", ""))
    if theme:
        initial["themes"] = [theme]
    text = request.GET.get("texte", "").strip()
    if text:
        initial["need"] = text[:3000]
    if request.GET.get("source"):
        initial["source"] = request.GET["source"][:100]
    elif theme or text:
        initial["source"] = "diagnostic"
    return initial


def _draft_data(request):
    """The visitor's draft kept in the session, as form data (``None`` when there is none)."""
    draft = request.session.get(DRAFT_KEY)
    if not draft:
        return None
    query = QueryDict(mutable=True)
    for key in DRAFT_FIELDS:
        if key == "themes":
            query.setlist(key, draft.get(key, []))
        elif draft.get(key):
            query[key] = draft[key]
    return query


@require_http_methods(["GET", "POST"])
def ask(request):
    user = request.user
    organisations = perms.asking_organisations(user).select_related("seat_commune") \
        if user.is_authenticated else None
    if user.is_authenticated and not organisations:
        return render(request, "helprequests/ask_not_member.html", {
            "create_url": _url("organisations:create", "/espace/"),
            "has_draft": bool(request.session.get(DRAFT_KEY)),
        }, status=403)
    draft = None
    if request.method == "POST":
        data = request.POST
    else:
        draft = _draft_data(request) if user.is_authenticated else None
        data = draft
    initial = _prefill(request)
    if organisations is not None:
        first = organisations.first()
        initial.setdefault("organisation", first)
        if first and first.seat_commune:
            initial.setdefault("commune", first.seat_commune.label)
        initial.setdefault("contact_email", user.email)
        if draft is not None and first is not None:
            draft["organisation"] = str(first.pk)  # the draft was written before signing in
    form = RequestForm(data, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        source = request.POST.get("source", "")[:100]
        if organisations is None:  # a visitor: keep the draft, sign in or sign up, come back
            request.session[DRAFT_KEY] = {
                **{k: request.POST.get(k, "") for k in DRAFT_FIELDS if k != "themes"},
                "themes": cleaned["themes"],
            }
            messages.info(request, _("Votre demande est gardée. Connectez-vous ou créez un compte "
                                     "pour l'envoyer au nom de votre association."))
            return redirect_to_login(reverse("helprequests:ask"))
        help_request = services.create_request(
            organisation=cleaned["organisation"], author=user, need=cleaned["need"],
            themes=cleaned["themes"], commune=cleaned["commune"], urgency=cleaned["urgency"],
            contact_by=cleaned["contact_by"], contact_email=cleaned["contact_email"],
            contact_phone=cleaned["contact_phone"].strip(), source=source,
        )
        request.session.pop(DRAFT_KEY, None)
        count = help_request.recipients.count()
        if count:
            messages.success(request, _("Votre demande est envoyée à %(count)s acteurs du "
                                        "numérique proches de chez vous.") % {"count": count})
        else:
            messages.success(request, _("Votre demande est envoyée à l'équipe du réseau, qui "
                                        "cherche le bon acteur pour vous."))
        return redirect(help_request)
    return render(request, "helprequests/ask.html", {
        "form": form, "from_draft": draft is not None,
        "source": (data or {}).get("source", "") or initial.get("source", ""),
    })


def _get_visible(request, pk) -> HelpRequest:
    help_request = get_object_or_404(
        HelpRequest.objects.select_related("organisation", "commune__department", "actor__owner"),
        pk=pk)
    if not perms.may_view(request, help_request):
        raise Http404
    return help_request


def _side(request, help_request) -> str:
    if perms.is_requester(request.user, help_request):
        return Message.Side.ASSOCIATION
    if perms.is_taking_actor(request.user, help_request):
        return Message.Side.ACTOR
    return Message.Side.STAFF


@login_required
def detail(request, pk, message_form=None, rate_form=None, add_form=None):
    help_request = _get_visible(request, pk)
    user = request.user
    is_requester = perms.is_requester(user, help_request)
    is_staff = perms.may_manage(request)
    eligible = perms.eligible_places(user, help_request)
    add_form = add_form or (AddRecipientForm(places=_addable_places(help_request))
                            if is_staff and not help_request.is_finished else None)
    log = [(entry, state_label(help_request, entry.from_state) if entry.from_state else "",
            state_label(help_request, entry.to_state))
           for entry in history(help_request).select_related("by")] if is_staff else []
    return render(request, "helprequests/detail.html", {
        "help_request": help_request,
        "messages_list": list(help_request.messages.all()),
        "recipients": (list(help_request.recipients.select_related("place"))
                       if is_requester or is_staff else []),
        "is_requester": is_requester,
        "is_staff": is_staff,
        "eligible": eligible,
        "may_take": bool(eligible),
        "may_start": perms.may_start(request, help_request),
        "may_resolve": perms.may_resolve(request, help_request),
        "may_finish": perms.may_finish(request, help_request),
        "may_rate": perms.may_rate(request, help_request),
        "message_form": message_form or (MessageForm() if perms.may_write(request, help_request)
                                         else None),
        "rate_form": rate_form or RateForm(),
        "decline_form": DeclineForm(),
        "finish_form": FinishForm(),
        "add_form": add_form,
        "log": log,
        "thank_you": ThankYou.objects.filter(request=help_request).first(),
    })


def _addable_places(help_request):
    already = help_request.recipients.filter(declined_at__isnull=True).values_list("place_id",
                                                                                   flat=True)
    places = services.candidate_places(commune=help_request.commune,
                                       themes=theme_vocabulary.THEME_SLUGS, exclude=list(already))
    nearest = list(places.values_list("pk", flat=True)[:50])
    return places.filter(pk__in=nearest)  # not sliced: the form field filters it again


def _refused(request, error, pk):
    messages.error(request, getattr(error, "message", str(error)))
    return redirect("helprequests:detail", pk=pk)


@login_required
@require_POST
def take(request, pk):
    help_request = get_object_or_404(HelpRequest.objects.select_related("commune"), pk=pk)
    places = perms.eligible_places(request.user, help_request)
    if not places:
        if perms.is_taking_actor(request.user, help_request):
            messages.info(request, _("Vous avez déjà pris en charge cette demande."))
            return redirect("helprequests:detail", pk=pk)
        if perms.eligible_places(request.user, help_request, only_open=False):
            messages.error(request, services.ALREADY_TAKEN)  # too late: someone else took it
            return redirect("helprequests:list")
        raise Http404
    chosen = next((p for p in places if str(p.pk) == request.POST.get("place")), places[0])
    try:
        services.take(help_request=help_request, place=chosen, by=request.user)
    except InvalidTransition as error:
        return _refused(request, error, pk)
    messages.success(request, _("C'est noté : vous prenez en charge cette demande. "
                                "L'association est prévenue."))
    return redirect("helprequests:detail", pk=pk)


@login_required
@require_POST
def decline(request, pk):
    help_request = _get_visible(request, pk)
    places = perms.eligible_places(request.user, help_request)
    if not places:
        raise Http404
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        for place in places:
            services.decline(help_request=help_request, place=place, by=request.user,
                             reason=reason)
    except InvalidTransition as error:
        return _refused(request, error, pk)
    messages.success(request, _("Merci de votre réponse : cette demande ne vous sera plus "
                                "proposée."))
    return redirect("helprequests:list")


@login_required
@require_POST
def start(request, pk):
    help_request = _get_visible(request, pk)
    if not perms.may_start(request, help_request):
        raise Http404
    try:
        services.start(help_request=help_request, by=request.user)
    except InvalidTransition as error:
        return _refused(request, error, pk)
    messages.success(request, _("La demande est en cours."))
    return redirect("helprequests:detail", pk=pk)


@login_required
@require_POST
def finish(request, pk):
    help_request = _get_visible(request, pk)
    target = request.POST.get("target")
    if target == HelpRequest.Status.RESOLVED:
        allowed = perms.may_resolve(request, help_request)
    elif target == HelpRequest.Status.CLOSED:
        allowed = perms.may_finish(request, help_request)
    else:
        allowed = False
    if not allowed:
        raise Http404
    form = FinishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.finish(help_request=help_request, target=target, by=request.user, note=note)
    except InvalidTransition as error:
        return _refused(request, error, pk)
    messages.success(request, _("La demande est résolue.") if target == HelpRequest.Status.RESOLVED
                     else _("La demande est classée sans suite."))
    return redirect("helprequests:detail", pk=pk)


@login_required
@require_POST
def post_message(request, pk):
    help_request = _get_visible(request, pk)
    if not perms.may_write(request, help_request):
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(help_request=help_request, author=request.user,
                                  side=_side(request, help_request),
                                  body=form.cleaned_data["body"])
        except services.RequestError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Votre message est envoyé."))
            return redirect(reverse("helprequests:detail", kwargs={"pk": pk}) + "#messages")
    return detail(request, pk, message_form=form)


@login_required
@require_POST
def rate(request, pk):
    help_request = _get_visible(request, pk)
    if not perms.may_rate(request, help_request):
        raise Http404
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.rate(help_request=help_request, outcome=form.cleaned_data["outcome"],
                          by=request.user, thank_you=form.cleaned_data["thank_you"])
        except services.RequestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("helprequests:detail", pk=pk)
    return detail(request, pk, rate_form=form)


@login_required
@require_POST
def add_recipient(request, pk):
    help_request = _get_visible(request, pk)
    if not perms.may_manage(request):
        raise Http404
    form = AddRecipientForm(request.POST, places=_addable_places(help_request))
    if form.is_valid():
        try:
            services.add_recipient(help_request=help_request, place=form.cleaned_data["place"],
                                   by=request.user)
        except (services.RequestError, InvalidTransition) as error:
            form.add_error("place", getattr(error, "message", str(error)))
        else:
            messages.success(request, _("La demande est envoyée à cet acteur."))
            return redirect("helprequests:detail", pk=pk)
    return detail(request, pk, add_form=form)


@login_required
@require_POST
def release(request, pk):
    help_request = _get_visible(request, pk)
    if not perms.may_manage(request) or not help_request.is_active:
        raise Http404
    try:
        services.release(help_request=help_request, by=request.user,
                         note=_("Remise en attente par l'équipe"))
    except InvalidTransition as error:
        return _refused(request, error, pk)
    messages.success(request, _("La demande est de nouveau proposée aux acteurs."))
    return redirect("helprequests:detail", pk=pk)


@login_required
def request_list(request):
    user = request.user
    is_staff = perms.may_manage(request)
    status = request.GET.get("etat", "")
    if status not in HelpRequest.Status.values:
        status = ""
    context = {
        "is_staff": is_staff,
        "status": status,
        "statuses": HelpRequest.Status.choices,
        "mine": selectors.of_associations(user),
        "open": selectors.open_for_actor(user),
        "taken": selectors.taken_by_actor(user),
        "all": selectors.for_staff(status) if is_staff else [],
        "pending_thanks": (list(ThankYou.objects.filter(status=ThankYou.Status.PENDING)
                                .select_related("place")) if is_staff else []),
        "may_ask": perms.may_ask(user),
    }
    return render(request, "helprequests/list.html", context)


@login_required
@require_POST
def moderate_thank_you(request, pk):
    if not perms.may_manage(request):
        raise Http404
    thank_you = get_object_or_404(ThankYou, pk=pk)
    try:
        services.moderate_thank_you(thank_you=thank_you, publish=request.POST.get("publish") == "1",
                                    by=request.user)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le remerciement est modéré."))
    return redirect("helprequests:list")
