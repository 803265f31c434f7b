"""Pages of the donations app (thin: perms decide, services write, templates speak French)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assonum.core.concurrency import retry_when_locked
from assonum.core.listing import derived_page, parts_of, query_without_page
from assonum.core.page_cache import derived
from assonum.core.private_files import private_file_url
from assonum.core.workflow import InvalidTransition, can_transition
from assonum.directory.opening_hours import describe

from . import forms, impact, perms, services
from .listing import dropoff_points, offers_for_listing, search_offers
from .models import Kind, Lot, Need, Offer, Photo, Reservation, kind_count
from .statistics import impact_by_department

PER_PAGE = 20


def _photos(offer):
    return [private_file_url(photo, "photo") for photo in offer.photos.all()]


def _index_figures() -> dict:
    from assonum.territory.models import Department

    total, per_department = impact_by_department()
    names = dict(Department.objects.filter(code__in=per_department).values_list("code", "name"))
    return {
        "total": total,
        "departments": [(code, names.get(code, code), value)
                        for code, value in per_department.items()],
        "latest": list(offers_for_listing().order_by("-published_at", "-pk")[:6]),
    }


@require_GET
def index(request):
    # Offers, lots and reservations only, the same for every visitor: kept until one changes
    # (saves, transitions and counters all replace the page cache's generation).
    figures = derived("donations-index", (), _index_figures, request)
    return render(request, "donations/index.html", {
        **figures,
        "factors": [(Kind(kind).label, factor) for kind, factor in impact.FACTORS.items()],
        "older_laptop": impact.OLDER_LAPTOP_CO2E_KG,
        "desktop_personal": impact.DESKTOP_PERSONAL_CO2E_KG,
    })


@require_GET
def offer_list(request):
    form = forms.OfferFilterForm(request.GET or None)
    cleaned = {}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
    queryset, near = search_offers(cleaned)
    page_obj = derived_page("donations-offers", parts_of(cleaned), queryset,
                            request.GET.get("page"), PER_PAGE, keep_rows=True,
                            request=request)
    return render(request, "donations/offer_list.html", {
        "form": form, "page_obj": page_obj, "offers": list(page_obj.object_list), "near": near,
        "filters_key": query_without_page(request),
    })


def _offer_or_404(request, pk):
    offer = get_object_or_404(
        Offer.objects.select_related("commune__department", "donor_organisation",
                                     "dropoff_point", "created_by")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("pk")),
                          Prefetch("photos", queryset=Photo.objects.order_by("pk"))),
        pk=pk)
    if not perms.may_see_offer(request, offer):
        raise Http404
    return offer


@require_GET
def offer_detail(request, pk):
    offer = _offer_or_404(request, pk)
    user = request.user
    donor_side = perms.is_donor_side(user, offer)
    associations = list(perms.reserving_associations(user, offer)) if not donor_side else []
    reservations = []
    if donor_side:
        reservations = list(Reservation.objects.filter(lot__offer=offer)
                            .select_related("lot", "organisation").order_by("-created_at"))
    elif associations:
        reservations = list(Reservation.objects.filter(
            lot__offer=offer, organisation__in=associations)
            .select_related("lot", "organisation").order_by("-created_at"))
    for reservation in reservations:
        reservation.actions = _actions(user, reservation)
    return render(request, "donations/offer_detail.html", {
        "offer": offer,
        "lots": list(offer.lots.all()),
        "photos": _photos(offer) if perms.may_see_photo(user, Photo(offer=offer)) else [],
        "donor_side": donor_side,
        "associations": associations,
        "may_reserve": bool(associations) and offer.is_reservable,
        "reservations": reservations,
        "needs": list(services.matching_needs(offer)[:5]) if donor_side else [],
        "may_confirm_reception": (offer.status == Offer.Status.PUBLISHED
                                  and perms.may_confirm_reception(user, offer)),
        "may_moderate": offer.status == Offer.Status.PENDING and perms.may_moderate(request),
        "moderation_form": forms.ModerationForm(),
        "days": settings.DONATIONS_RESERVATION_DAYS,
    })


def _actions(user, reservation) -> list[tuple[str, str]]:
    """(action slug, French label) of the buttons ``user`` may press on ``reservation``."""
    actions = []
    if perms.may_decide(user, reservation) and reservation.status == Reservation.Status.REQUESTED:
        actions += [("accepter", _("Accepter")), ("refuser", _("Refuser"))]
    side = perms.confirming_side(user, reservation)
    if side and reservation.status == Reservation.Status.ACCEPTED:
        done = (reservation.donor_confirmed_at if side == "donor"
                else reservation.receiver_confirmed_at)
        if not done:
            actions.append(("confirmer", _("Confirmer la remise") if side == "donor"
                            else _("Confirmer la réception")))
    if perms.may_cancel(user, reservation) and can_transition(reservation,
                                                               Reservation.Status.CANCELLED):
        actions.append(("annuler", _("Annuler la réservation")))
    return actions


@login_required
@require_POST
def reserve(request, pk):
    # The whole answer is retried on SQLite's "database is locked" (a rush reads the lot while
    # another request writes it); on PostgreSQL this never triggers.
    return retry_when_locked(_reserve)(request, pk)


def _reserve(request, pk):
    offer = _offer_or_404(request, pk)
    user = request.user
    associations = {str(a.pk): a for a in perms.reserving_associations(user, offer)}
    if not associations or perms.is_donor_side(user, offer):
        return _result(request, offer, ok=False, status=403, message=_(
            "Seul un membre d'une association (autre que le donateur) peut réserver ce matériel."))
    lot = next((lot for lot in offer.lots.all() if str(lot.pk) == request.POST.get("lot")), None)
    if lot is None:
        return _result(request, offer, ok=False, status=400,
                       message=_("Choisissez un lot de cette offre."))
    try:
        quantity = int(request.POST.get("quantite", ""))
    except ValueError:
        quantity = 0
    if quantity < 1:
        return _result(request, offer, ok=False, status=400,
                       message=_("Indiquez combien d'unités vous voulez réserver (au moins 1)."))
    organisation = associations.get(request.POST.get("organisation", "")) if len(
        associations) > 1 else next(iter(associations.values()))
    if organisation is None:
        return _result(request, offer, ok=False, status=400,
                       message=_("Choisissez l'association pour laquelle vous réservez."))
    try:
        reservation = services.reserve(user=user, organisation=organisation, lot_id=lot.pk,
                                       quantity=quantity)
    except services.NothingLeft as error:
        return _result(request, offer, ok=False, status=409, message=error.message)
    except services.NotAllowed as error:
        return _result(request, offer, ok=False, status=409, message=error.message)
    return _result(request, offer, ok=True, status=200, reservation=reservation,
                   message=_("Réservé : %(what)s") % {"what": kind_count(lot.kind, quantity)})


def _result(request, offer, *, ok, status, message, reservation=None):
    return render(request, "donations/reserve_result.html", {
        "offer": offer, "ok": ok, "message": message, "reservation": reservation,
        "organisation": reservation.organisation if reservation else None,
        "days": settings.DONATIONS_RESERVATION_DAYS,
    }, status=status)


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def reservation_action(request, pk, action):
    reservation = get_object_or_404(Reservation.objects.select_related(
        "lot__offer__donor_organisation", "organisation", "requested_by"), pk=pk)
    user = request.user
    if not perms.may_see_reservation(user, reservation):
        raise Http404
    offer = reservation.lot.offer
    allowed = dict(_actions(user, reservation))
    if action not in {"accepter", "refuser", "confirmer", "annuler"}:
        raise Http404
    try:
        if action not in allowed:
            raise InvalidTransition(reservation, reservation.status, None, _(
                "Cette action n'est pas possible pour vous sur cette réservation (%(state)s).")
                % {"state": reservation.get_status_display().lower()})
        if action in ("accepter", "refuser"):
            services.decide(reservation=reservation, by=user, accept=action == "accepter")
            messages.success(request, _("Réservation acceptée : %(what)s pour %(org)s.")
                             % {"what": reservation.what, "org": reservation.organisation}
                             if action == "accepter" else _("Réservation refusée : les unités "
                                                            "sont de nouveau disponibles."))
        elif action == "confirmer":
            side = perms.confirming_side(user, reservation)
            done = services.confirm_handover(reservation=reservation, by=user, side=side)
            if done.status == Reservation.Status.CLOSED:
                messages.success(request, _("Remise confirmée des deux côtés : merci ! "
                                            "L'attestation de réemploi est prête."))
            else:
                messages.success(request, _("Votre confirmation est enregistrée ; il reste "
                                            "celle de l'autre partie."))
        else:
            services.cancel(reservation=reservation, by=user)
            messages.success(request, _("Réservation annulée : les unités sont de nouveau "
                                        "disponibles."))
    except InvalidTransition as error:
        messages.error(request, error.message)
    return _back(request, offer.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def give(request):
    """The "give equipment" form: several lots without JavaScript ("Ajouter un lot" posts back)."""
    from assonum.organisations.perms import organisations_of

    organisations = list(organisations_of(request.user).order_by("name"))
    points = list(dropoff_points().select_related(None).only("pk", "nom", "commune_nom"))
    if request.method == "POST":
        form = forms.OfferForm(request.POST, request.FILES, organisations=organisations,
                               dropoff_points=points)
        lots = forms.LotFormSet(request.POST, prefix="lots")
        if "ajouter_lot" in request.POST or "retirer_lot" in request.POST:
            lots = _resized_formset(request, lots)
            return _give_page(request, form, lots, added=True)
        if form.is_valid() and lots.is_valid():
            data = form.cleaned_data
            try:
                offer = services.create_offer(
                    user=request.user, organisation=data["organisation"], title=data["title"],
                    description=data["description"], commune=data["commune"],
                    available_from=data["available_from"],
                    available_until=data["available_until"], handover=data["handover"],
                    dropoff_point=data["dropoff_point"],
                    lots=[lot.cleaned_data for lot in lots.forms if lot.cleaned_data],
                    photos=data["photos"])
            except services.NotAllowed as error:
                form.add_error(None, error.message)
            else:
                if offer.status == Offer.Status.PUBLISHED:
                    messages.success(request, _("Votre offre est publiée. Merci !"))
                else:
                    messages.success(request, _("Merci ! Votre offre sera publiée après une "
                                                "vérification par l'équipe."))
                return redirect(offer.get_absolute_url())
    else:
        form = forms.OfferForm(organisations=organisations, dropoff_points=points,
                               initial={"organisation": str(organisations[0].pk)
                                        if organisations else ""})
        lots = forms.LotFormSet(prefix="lots")
    return _give_page(request, form, lots)


def _resized_formset(request, lots):
    """The same lots as typed, one more (or one less), re-bound so nothing typed is lost."""
    data = request.POST.copy()
    total = int(data.get("lots-TOTAL_FORMS") or 1)
    if "ajouter_lot" in request.POST and total < forms.MAX_LOTS:
        total += 1
    elif "retirer_lot" in request.POST and total > 1:
        total -= 1
    data["lots-TOTAL_FORMS"] = str(total)
    formset = forms.LotFormSet(data, prefix="lots")
    formset._errors = []  # show no error for a lot just added: it is not submitted yet
    for lot_form in formset.forms:
        lot_form._errors = {}
    formset._non_form_errors = formset.error_class()
    return formset


def _give_page(request, form, lots, added=False):
    if added:
        form._errors = {}
    return render(request, "donations/give.html", {
        "form": form, "lots": lots, "max_lots": forms.MAX_LOTS,
        "can_add": lots.total_form_count() < forms.MAX_LOTS,
    })


@require_GET
def need_list(request):
    needs = (Need.objects.filter(is_active=True)
             .select_related("organisation", "commune__department"))
    page_obj = Paginator(needs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "donations/need_list.html", {
        "page_obj": page_obj, "needs": page_obj.object_list,
        "may_add": perms.may_add_need(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def need_add(request):
    associations = list(perms.associations_of(request.user).order_by("name"))
    if not associations:
        return render(request, "donations/need_refused.html", status=403)
    form = forms.NeedForm(request.POST or None, organisations=associations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_need(user=request.user, organisation=data["organisation"],
                             kind=data["kind"], quantity=data["quantity"],
                             purpose=data["purpose"], commune=data["commune"],
                             notify=data["notify"])
        messages.success(request, _("Votre besoin est enregistré. Les offres qui correspondent "
                                    "s'affichent dans votre espace."))
        return redirect("accounts:dashboard")
    return render(request, "donations/need_form.html", {"form": form})


@login_required
@require_POST
def need_close(request, pk):
    need = get_object_or_404(Need, pk=pk)
    if not perms.may_edit_need(request.user, need):
        raise Http404
    services.close_need(need=need)
    messages.success(request, _("Besoin clos : il ne s'affiche plus."))
    return redirect("accounts:dashboard")


@require_GET
def dropoff_list(request):
    page_obj = Paginator(dropoff_points(), PER_PAGE).get_page(request.GET.get("page"))
    points = list(page_obj.object_list)
    for point in points:
        opening = describe(point.horaires)
        point.opening_status = opening.status_text
        point.opening_week = "; ".join(f"{day.label} {day.text}" for day in opening.week
                                       if day.is_open)
        point.accepts = _("ordinateurs, écrans, tablettes, smartphones et petit matériel réseau")
    return render(request, "donations/dropoff_list.html", {
        "page_obj": page_obj, "points": points,
        "map_url": reverse("directory:map_data") + "?offre=materiel",
        "tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    })


@login_required
@require_POST
def confirm_reception(request, pk):
    offer = _offer_or_404(request, pk)
    if not perms.may_confirm_reception(request.user, offer):
        raise Http404
    try:
        services.confirm_reception(offer=offer, by=request.user)
        messages.success(request, _("Réception confirmée : merci !"))
    except InvalidTransition as error:
        messages.error(request, error.message)
    return redirect(offer.get_absolute_url())


@login_required
@require_GET
def attestation(request, pk):
    offer = _offer_or_404(request, pk)
    if not perms.may_download_attestation(request.user, offer):
        raise Http404
    reservations = list(Reservation.objects.filter(lot__offer=offer,
                                                   status=Reservation.Status.CLOSED)
                        .select_related("lot", "organisation__seat_commune").order_by("closed_at"))
    rows = [(r.lot.kind, r.quantity) for r in reservations]
    if offer.status == Offer.Status.RECEIVED:
        rows += [(lot.kind, lot.quantity) for lot in offer.lots.all()]
    return render(request, "donations/attestation.html", {
        "offer": offer, "reservations": reservations, "impact": impact.impact_of(rows),
        "received": offer.status == Offer.Status.RECEIVED,
    })


def _moderator(request):
    if not perms.may_moderate(request):
        raise Http404


@login_required
@require_GET
def moderation_queue(request):
    _moderator(request)
    offers = list(Offer.objects.filter(status=Offer.Status.PENDING)
                  .select_related("commune", "donor_organisation", "created_by")
                  .prefetch_related("lots").order_by("created_at"))
    return render(request, "donations/moderation.html", {
        "offers": offers, "form": forms.ModerationForm()})


@login_required
@require_POST
def moderate(request, pk):
    _moderator(request)
    offer = get_object_or_404(Offer, pk=pk)
    form = forms.ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.moderate_offer(offer=offer, by=request.user,
                                approve=request.POST.get("decision") == "publier", note=note)
        messages.success(request, _("Décision enregistrée pour « %(title)s ».") % {
            "title": offer.title})
    except InvalidTransition as error:
        messages.error(request, error.message)
    return redirect("donations:moderation")


@require_GET
def guide(request, slug):
    if slug not in GUIDES:
        raise Http404
    return render(request, f"donations/guides/{slug}.html", {
        "guides": GUIDES.items(), "current": slug})


GUIDES = {
    "effacer-les-donnees": _l("Effacer les données d'un ordinateur"),
    "que-donner": _l("Ce que l'on peut donner"),
    "deee": _l("Vos obligations : les déchets d'équipements électriques (DEEE)"),
    "don-en-nature": _l("Don en nature à une association : le reçu"),
}

