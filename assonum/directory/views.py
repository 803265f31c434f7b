"""Public pages of the directory, self-service and moderation. Thin: forms, services, perms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assonum.core.listing import derived_page, parts_of, query_without_page, this_minute
from assonum.core.page_cache import derived
from assonum.core.plugins import call_each
from assonum.core.workflow import InvalidTransition, history

from . import perms, rules, services
from . import vocabularies as voc
from .forms import ClaimForm, PlaceFilterForm, PlaceForm, RejectForm, format_phone
from .models import EDITABLE_FIELDS, Place, PlaceChange, PlaceClaim, ReviewStatus
from .opening_hours import describe

PER_PAGE = 20


def _filter(request):
    form = PlaceFilterForm(request.GET or None)
    cleaned = {}
    if form.is_bound:
        form.is_valid()  # invalid fields show their error; the valid ones still filter
        cleaned = form.cleaned_data
    queryset, near = Place.objects.published().for_list().search(cleaned)
    return form, queryset, near


@require_GET
def place_list(request):
    form, queryset, near = _filter(request)
    cleaned = form.cleaned_data if form.is_bound else {}
    parts = parts_of(cleaned)
    page_obj = derived_page("directory-places", parts, queryset, request.GET.get("page"),
                            PER_PAGE, keep_rows=True, request=request)
    # The page's places are shared by the requests of the process: what depends on the hour
    # is beside them, not on them, and computed once a minute for the page.
    for place in page_obj.object_list:
        place.offer_list = place.offer_labels()
        place.is_itinerant = "Itinérant" in (place.itinerance or [])
    minute = this_minute()
    openings = derived(
        "directory-openings", (minute.isoformat(), [p.pk for p in page_obj.object_list]),
        lambda: [describe(p.horaires, minute, week=False) for p in page_obj.object_list],
        request)
    places = list(zip(page_obj.object_list, openings, strict=True))
    query = query_without_page(request)
    context = {
        "form": form,
        "page_obj": page_obj,
        "places": places,
        "map_places": queryset,
        "map_key": ("directory", parts),
        "near": near,
        "filtered": form.active if form.is_bound else False,
        "filters_key": query,
        "map_url": reverse("directory:map_data") + ("?" + query if request.GET else ""),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "directory/includes/results.html", context)
    return render(request, "directory/place_list.html", context)


def map_geojson_bytes(queryset) -> bytes:
    """Every place of ``queryset`` with a position, as a compact FeatureCollection: coordinates
    rounded to 5 decimals (about a metre), only what the popup shows (name, url, commune, and
    ``is_fictional`` when true)."""
    from json.encoder import encode_basestring as esc

    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).order_by().values_list(
        "nom", "slug", "commune_nom", "is_fictional", "latitude", "longitude"
    )
    prefix = reverse("directory:place_list")
    parts = []
    for nom, slug, commune, fictional, lat, lon in rows.iterator(chunk_size=2000):
        extra = ',"is_fictional":true' if fictional else ""
        parts.append(
            '{"type":"Feature","geometry":{"type":"Point",'
            f'"coordinates":[{round(lon, 5)},{round(lat, 5)}]}},'
            f'"properties":{{"name":{esc(nom)},"url":{esc(prefix + slug + "/")},'
            f'"commune":{esc(commune or "")}{extra}}}}}'
        )
    return ('{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}").encode()


@require_GET
def map_data(request):
    """GeoJSON points of the same filtered results as the list (what map.js draws): every
    place, with a strong ETag, the compressed body cached (see ``api.cached_geojson``)."""
    from .api import cached_geojson

    _form, queryset, _near = _filter(request)
    return cached_geojson(request, queryset, namespace="map", build=map_geojson_bytes)


def _labels(values, vocabulary) -> list[str]:
    if isinstance(vocabulary, dict):
        return [str(vocabulary.get(v, v)) for v in values]
    return list(values)


@require_GET
def place_detail(request, slug):
    place = get_object_or_404(
        Place.objects.select_related("commune__department", "owner"), slug=slug
    )
    if not perms.can_view(request.user, place):
        raise Http404
    opening = describe(place.horaires)
    osm_url = ""
    if place.has_position:
        osm_url = (
            f"https://www.openstreetmap.org/?mlat={place.latitude:.5f}&mlon={place.longitude:.5f}"
            f"#map=17/{place.latitude:.5f}/{place.longitude:.5f}"
        )
    user = request.user
    context = {
        "place": place,
        "opening": opening,
        "phones": [(number, format_phone(number)) for number in place.telephones],
        "offers": place.offer_labels(),
        "typologies": _labels(place.typologie, voc.TYPOLOGIES),
        "is_itinerant": "Itinérant" in (place.itinerance or []),
        "osm_url": osm_url,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "can_edit": perms.can_edit(user, place),
        "can_claim": perms.can_claim(user, place) if user.is_authenticated else place.is_published,
        "is_owner": perms.is_owner(user, place),
        "pending_change": (
            place.changes.filter(status=ReviewStatus.PENDING).exists()
            if user.is_authenticated and perms.can_edit(user, place) else False
        ),
        "is_stale": place.date_maj < services.stale_cutoff(),
        "extension_blocks": call_each("directory.place_page", request, place),
    }
    return render(request, "directory/place_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Self-service.


def organisation_first_url() -> str:
    """Where a signed-in person without an actor organisation creates one, then comes back."""
    query = urlencode({"type": "actor", "next": reverse("directory:place_propose")})
    return f"{reverse('organisations:create')}?{query}"


@login_required
@require_http_methods(["GET", "POST"])
def place_propose(request):
    user = request.user
    if not perms.can_propose(user):
        return render(
            request, "directory/cannot_propose.html",
            {"create_url": organisation_first_url()}, status=403,
        )
    organisations = perms.actor_organisations(user)
    if perms.can_moderate(user) and not organisations.exists():
        from assonum.organisations.models import Organisation

        organisations = Organisation.objects.filter(kind__in=perms.ACTOR_KINDS)
    form = PlaceForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.propose_listing(user=user, organisation=organisation, data=form.change_data())
        messages.success(request, _(
            "Merci ! Votre fiche est enregistrée. Elle sera publiée après vérification par "
            "l'équipe ; vous recevrez un e-mail."
        ))
        return redirect("accounts:dashboard")
    return render(request, "directory/place_form.html", {"form": form, "place": None})


class _NeedsSecondFactor(Exception):
    pass


def _moderator(request):
    """Moderators only, and (as for the back office) after a second factor in this session."""
    if not perms.has_moderation_rights(request.user):
        raise PermissionDenied
    if not perms.can_moderate(request.user):
        raise _NeedsSecondFactor


def moderation_view(view):
    """Send a moderator whose session has not passed 2FA through the back office's check."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NeedsSecondFactor:
            messages.warning(request, _(
                "La modération demande la double authentification : confirmez-la, puis revenez."
            ))
            return redirect(settings.ADMIN_URL_PREFIX)

    return wrapper


def _editable_place(request, slug) -> Place:
    place = get_object_or_404(Place.objects.select_related("commune", "owner"), slug=slug)
    if not perms.can_edit(request.user, place):
        if perms.has_moderation_rights(request.user) and not perms.is_owner(request.user, place):
            raise _NeedsSecondFactor
        raise PermissionDenied
    return place


@login_required
@require_http_methods(["GET", "POST"])
@moderation_view
def place_edit(request, slug):
    place = _editable_place(request, slug)
    form = PlaceForm(request.POST or None, place=place)
    if request.method == "POST" and form.is_valid():
        moderator = perms.can_moderate(request.user)
        change = services.propose_change(
            user=request.user, place=place, data=form.change_data(), apply_now=moderator
        )
        if change is None:
            messages.info(request, _("Rien n'a changé : la fiche reste telle quelle."))
        elif moderator:
            messages.success(request, _("Les modifications sont publiées."))
        else:
            messages.success(request, _(
                "Merci ! Vos modifications seront publiées après vérification par l'équipe ; "
                "vous recevrez un e-mail."
            ))
        return redirect(place.get_absolute_url())
    pending = place.changes.filter(status=ReviewStatus.PENDING).exists()
    return render(
        request, "directory/place_form.html", {"form": form, "place": place, "pending": pending}
    )


@login_required
@require_POST
def place_confirm(request, slug):
    """"My listing is still right": moves the update date only."""
    place = _editable_place(request, slug)
    services.confirm_up_to_date(user=request.user, place=place)
    messages.success(request, _("Merci ! La date de mise à jour de la fiche est renouvelée."))
    return redirect(place.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def place_claim(request, slug):
    place = get_object_or_404(
        Place.objects.published().select_related("commune", "owner"), slug=slug,
    )
    if not perms.can_claim(request.user, place):
        raise PermissionDenied
    form = ClaimForm(
        request.POST or None, organisations=perms.claimable_organisations(request.user, place),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_listing(
                user=request.user, place=place, organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except services.DirectoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _(
                "Merci ! Votre demande est envoyée à l'équipe, qui vous répondra par e-mail."
            ))
            return redirect(place.get_absolute_url())
    return render(request, "directory/place_claim.html", {"form": form, "place": place})


# ---------------------------------------------------------------------------------------------
# Moderation (staff with moderation rights; the back office links here).


@login_required
@moderation_view
@require_GET
def moderation_queue(request):
    _moderator(request)
    changes = list(
        PlaceChange.objects.filter(status=ReviewStatus.PENDING)
        .select_related("place", "organisation", "submitted_by")
        .order_by("created_at")
    )
    claims = list(
        PlaceClaim.objects.filter(status=ReviewStatus.PENDING)
        .select_related("place", "organisation", "user")
        .order_by("created_at")
    )
    review = Paginator(services.staff_review_queryset(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/moderation/queue.html", {
        "changes": changes, "claims": claims, "page_obj": review,
    })


def _diff(change: PlaceChange) -> list[dict]:
    """The proposed fields with their French label, before and after as people read them."""
    rows = []
    place = change.place
    for field in EDITABLE_FIELDS:
        if field not in change.data:
            continue
        name = field.removesuffix("_id")
        before = getattr(place, field, "") if place else ""
        after = change.data[field]
        if name == "commune":
            before = place.commune if place and place.commune_id else ""
            after = _commune_name(after)
        row = {"label": rules.field_label(name), "before": rules.display_value(name, before),
               "after": rules.display_value(name, after)}
        row["changed"] = place is not None and row["before"] != row["after"]
        rows.append(row)
    return rows


def _commune_name(code) -> str:
    from assonum.territory.models import Commune

    commune = Commune.objects.filter(pk=code).first() if code else None
    return str(commune) if commune else (code or "")


CLAIM_FACTS = ["pivot", "adresse", "code_postal", "commune_nom", "telephones", "courriels",
               "sites_web", "status", "date_maj"]


def _facts(place: Place) -> list[tuple[str, str]]:
    """What a moderator compares with the organisation asking to manage a place."""
    return [
        (rules.field_label(name), rules.display_value(name, getattr(place, name)))
        for name in CLAIM_FACTS
    ]


@login_required
@moderation_view
@require_http_methods(["GET", "POST"])
def change_review(request, pk):
    _moderator(request)
    change = get_object_or_404(
        PlaceChange.objects.select_related("place", "organisation", "submitted_by"), pk=pk
    )
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                place = services.approve_change(change, by=request.user)
                messages.success(request, _("« %(name)s » est publiée.") % {"name": place.nom})
                return redirect("directory:moderation")
            if reject_form.is_valid():
                services.reject_change(
                    change, by=request.user, reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("La proposition est refusée ; son auteur est prévenu."))
                return redirect("directory:moderation")
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("directory:moderation")
    return render(request, "directory/moderation/change.html", {
        "change": change, "diff": _diff(change), "reject_form": reject_form,
        "history": history(change).select_related("by"),
    })


@login_required
@moderation_view
@require_http_methods(["GET", "POST"])
def claim_review(request, pk):
    _moderator(request)
    claim = get_object_or_404(
        PlaceClaim.objects.select_related("place__owner", "organisation", "user"), pk=pk,
    )
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.approve_claim(claim, by=request.user)
                messages.success(
                    request, _("La fiche est confiée à %(org)s.") % {"org": claim.organisation},
                )
                return redirect("directory:moderation")
            if reject_form.is_valid():
                services.reject_claim(
                    claim, by=request.user, reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("La demande est refusée ; son auteur est prévenu."))
                return redirect("directory:moderation")
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("directory:moderation")
    return render(request, "directory/moderation/claim.html", {
        "claim": claim, "reject_form": reject_form, "history": history(claim).select_related("by"),
        "facts": _facts(claim.place),
    })
