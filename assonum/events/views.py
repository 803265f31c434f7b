from __future__ import annotations

import calendar
import json
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assonum.core.emails import absolute_url
from assonum.core.listing import derived_page, parts_of, query_without_page, this_minute
from assonum.core.page_cache import derived
from assonum.core.workflow import InvalidTransition
from assonum.organisations.models import Organisation

from . import exports, ical, perms, services
from .forms import EventForm, RegistrationForm
from .listing import search_events
from .models import Event, Registration, Tour

MAX_TOURS = 20
PER_PAGE = 20


def agenda(request):
    # Upcoming from the start of this minute: the matching events' keys and the page's rows
    # are then the same for every visitor of this minute, kept until an event changes.
    minute = this_minute()
    events, form = search_events(request.GET, now=minute)
    parts = (minute.isoformat(), form.is_valid(), parts_of(form.cleaned_data))
    page = derived_page("events-agenda", parts, events, request.GET.get("page"), PER_PAGE,
                        keep_rows=True, request=request)
    today = timezone.localdate()
    return render(request, "events/agenda.html", {
        "form": form, "page_obj": page, "events": page.object_list,
        "feed_query": query_without_page(request), "this_month": today,
        "can_propose": perms.can_propose(request),
    })


def month(request, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    events, form = search_events(request.GET, upcoming=False,
                                 queryset=Event.objects.filter(start__gte=start, start__lt=end))
    by_day: dict[date, list] = {}
    for event in events.only("title", "slug", "start", "end", "kind", "is_online", "status",
                             "commune__name", "commune__department__code",
                             "organisation__name", "place__nom", "tour__title"):
        by_day.setdefault(timezone.localtime(event.start, tz).date(), []).append(event)
    weeks = [[(day, by_day.get(day, [])) if day.month == month else (None, [])
              for day in week]
             for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]
    previous = first - timedelta(days=1)
    following = last + timedelta(days=1)
    query = request.GET.urlencode()
    return render(request, "events/month.html", {
        "form": form, "weeks": weeks, "month_start": first, "query": query,
        "previous": previous, "following": following,
        "day_names": [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"),
                      _("samedi"), _("dimanche")],
        "has_events": bool(by_day),
    })


def _event_or_404(request, slug) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("commune__department", "organisation", "place", "tour"),
        slug=slug)
    if not perms.can_view(request, event):
        raise Http404
    return event


def _json_ld(event: Event) -> str:
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if event.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute_url(event.get_absolute_url()),
        "isAccessibleForFree": event.is_free,
        "organizer": {"@type": "Organization", "name": event.organiser_name},
    }
    if event.is_online:
        data["location"] = {"@type": "VirtualLocation",
                            "url": absolute_url(event.get_absolute_url())}
    else:
        data["location"] = {"@type": "Place", "name": event.location_label,
                            "address": {"@type": "PostalAddress", "streetAddress": event.address,
                                        "addressLocality": event.commune.name
                                        if event.commune_id else "",
                                        "addressCountry": "FR"}}
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.seats_left
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped just above


def detail(request, slug):
    event = _event_or_404(request, slug)
    return _render_detail(request, event, RegistrationForm(user=request.user))


def _render_detail(request, event, form, status=200):
    registration = perms.registration_of(request.user, event)
    return render(request, "events/detail.html", {
        "event": event, "form": form, "registration": registration,
        "topics": list(event.topics.all()), "tools": list(event.tools.live()),
        "guides": list(event.guides.live()),
        "can_manage": perms.can_manage(request, event),
        "show_online_link": perms.may_see_online_link(request, event, registration),
        "json_ld": _json_ld(event),
        "start": timezone.localtime(event.start), "end": timezone.localtime(event.end),
        "other_stops": list(event.tour.stops.published().exclude(pk=event.pk)
                            .order_by("start")[:10]) if event.tour_id else [],
    }, status=status)


@require_POST
def register(request, slug):
    event = _event_or_404(request, slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_detail(request, event, form, status=400)
    try:
        registration = services.register(
            event=event, user=request.user, **form.cleaned_data)
    except services.RegistrationRefused as error:
        form.add_error(None, error.message)
        return _render_detail(request, event, form, status=400)
    if registration.status == Registration.Status.PENDING:
        messages.success(request, _(
            "Presque fini : nous vous avons envoyé un e-mail. Suivez le lien qu'il contient pour "
            "confirmer votre inscription."))
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Vous êtes inscrit·e. Un e-mail de confirmation est parti."))
    else:
        messages.info(request, _(
            "L'événement est complet : vous êtes sur la liste d'attente. Nous vous écrirons si "
            "une place se libère."))
    return redirect(event.get_absolute_url())


def _link_error(request, message, status=400):
    return render(request, "events/link_error.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, signed):
    """GET shows a button (mail scanners pre-fetch links); only the POST confirms."""
    try:
        registration = services.registration_from_confirmation(signed)
    except services.LinkExpired:
        return _link_error(request, _(
            "Ce lien de confirmation a expiré : il n'est valable que 7 jours. Inscrivez-vous à "
            "nouveau depuis la page de l'événement."))
    except services.LinkInvalid:
        return _link_error(request, _(
            "Ce lien de confirmation n'est pas valide. Vérifiez qu'il est complet."))
    event = registration.event
    if request.method == "POST" and registration.status == Registration.Status.PENDING:
        try:
            registration = services.confirm(registration=registration)
        except services.RegistrationRefused as error:
            return _link_error(request, error.message)
    return render(request, "events/confirm.html", {
        "registration": registration, "event": event,
        "start": timezone.localtime(event.start),
        "cancel_path": services.cancellation_path(registration),
        "show_online_link": registration.status == Registration.Status.CONFIRMED
        and event.is_online and event.online_url,
    })


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, signed):
    try:
        registration = services.registration_from_cancellation(signed)
    except services.LinkInvalid:
        return _link_error(request, _("Ce lien d'annulation n'est pas valide."))
    if request.method == "POST" and registration.is_active:
        try:
            registration = services.cancel_registration(registration=registration,
                                                        by=request.user)
        except InvalidTransition as error:
            return _link_error(request, error.message, status=409)
        messages.success(request, _("Votre inscription est annulée. Merci de nous avoir "
                                    "prévenus : la place va à la personne suivante."))
    return render(request, "events/cancel.html", {"registration": registration,
                                                  "event": registration.event})


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = _event_or_404(request, slug)
    if event.status not in (Event.Status.PUBLISHED, Event.Status.CANCELLED):
        raise Http404
    return _ics_response(ical.calendar_for([event], name=event.title), f"{event.slug}.ics")


def feed(request):
    # From the start of this minute, as the agenda: the same calendar for every subscriber of
    # this minute with the same parameters, kept until an event changes.
    minute = this_minute()
    events, form = search_events(request.GET, include_cancelled=True, upcoming=False,
                                 queryset=Event.objects.filter(
                                     end__gte=minute - timedelta(days=30)))
    parts = (minute.isoformat(), form.is_valid(), parts_of(form.cleaned_data))
    content = derived("events-feed", parts, lambda: ical.calendar_for(
        events[:500], name=_("Agenda AssoNum")), request)
    return _ics_response(content, "agenda.ics")


def _organisation_or_404(slug) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def organiser(request, slug):
    organisation = _organisation_or_404(slug)
    events = (Event.objects.published().upcoming().filter(organisation=organisation)
              .for_listing().order_by("start", "pk"))
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    # A handful of tours per organiser; capped, and the cap is said on the page.
    tours = list(Tour.objects.filter(organisation=organisation).order_by("title", "pk")
                 [:MAX_TOURS + 1])
    return render(request, "events/organiser.html", {
        "organisation": organisation, "page_obj": page, "events": page.object_list,
        "tours": tours[:MAX_TOURS], "tours_capped": len(tours) > MAX_TOURS,
        "max_tours": MAX_TOURS})


def organiser_feed(request, slug):
    organisation = _organisation_or_404(slug)
    events = (Event.objects.listed().filter(organisation=organisation,
                                             end__gte=timezone.now() - timedelta(days=30))
              .for_listing().order_by("start")[:500])
    return _ics_response(ical.calendar_for(events, name=organisation.name), f"{slug}.ics")


def tour(request, slug):
    tour = get_object_or_404(Tour.objects.select_related("organisation"), slug=slug)
    stops = tour.stops.listed().for_listing().order_by("start", "pk")
    page = Paginator(stops, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/tour.html", {
        "tour": tour, "page_obj": page, "stops": page.object_list})


# --- Organisers -------------------------------------------------------------------------------


def _managed_event(request, slug) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation", "commune"), slug=slug)
    if not perms.can_manage(request, event):
        raise Http404  # neither the list nor its existence is shown to others
    return event


@login_required
@require_http_methods(["GET", "POST"])
def attendees(request, slug):
    event = _managed_event(request, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "attendance":
            if event.start > timezone.now():
                messages.error(request, _("La présence se note une fois l'événement commencé."))
            else:
                services.mark_attendance(event=event, present_ids=request.POST.getlist("present"),
                                         by=request.user)
                messages.success(request, _("Présences enregistrées."))
        elif action == "cancel_registration":
            registration = get_object_or_404(Registration, event=event,
                                             pk=request.POST.get("registration"))
            try:
                services.cancel_registration(registration=registration, by=request.user)
                messages.success(request, _("Inscription annulée."))
            except InvalidTransition as error:
                messages.error(request, error.message)
        elif action == "cancel_event":
            try:
                services.cancel_event(event=event, by=request.user,
                                      reason=request.POST.get("reason", "")[:1000])
                messages.success(request, _("L'événement est annulé ; les inscrits sont prévenus."))
            except InvalidTransition as error:
                messages.error(request, error.message)
        return redirect("events:attendees", slug=event.slug)
    registrations = list(event.registrations.exclude(status=Registration.Status.CANCELLED)
                         .order_by("status", "waiting_since", "created_at", "pk"))
    return render(request, "events/attendees.html", {
        "event": event,
        "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
        "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        "pending": [r for r in registrations if r.status == Registration.Status.PENDING],
        "started": event.start <= timezone.now(),
    })


@login_required
def attendees_export(request, slug, fmt):
    event = _managed_event(request, slug)
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(event), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.slug}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    if not perms.can_propose(request):
        return render(request, "events/cannot_propose.html", status=403)
    staff = perms.can_moderate(request)
    organisations = (Organisation.objects.all() if staff
                     else perms.actor_organisations(request.user))
    form = EventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()
                if k not in ("topics", "tools", "repeat", "rule")}
        event = services.create_event(by=request.user, data=data, publish=staff,
                                      topics=form.cleaned_data["topics"],
                                      tools=form.cleaned_data["tools"],
                                      rule=form.cleaned_data["rule"])
        if staff:
            messages.success(request, _("L'événement est publié."))
        else:
            messages.success(request, _("Merci ! L'événement sera publié après vérification "
                                        "par l'équipe."))
        return redirect(event.get_absolute_url())
    return render(request, "events/propose.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request):
    if not perms.can_moderate(request):
        raise Http404
    if request.method == "POST":
        event = get_object_or_404(Event, pk=request.POST.get("event"))
        try:
            if request.POST.get("action") == "publish":
                services.publish_event(event=event, by=request.user)
                messages.success(request, _("« %(title)s » est publié.") % {"title": event.title})
            else:
                reason = request.POST.get("reason", "").strip()
                if not reason:
                    messages.error(request, _("Indiquez le motif du refus."))
                    return redirect("events:moderation")
                services.reject_event(event=event, by=request.user, reason=reason)
                messages.success(request, _("« %(title)s » est refusé.") % {"title": event.title})
        except InvalidTransition as error:
            messages.error(request, error.message)
        return redirect("events:moderation")
    pending = list(Event.objects.filter(status=Event.Status.PENDING).for_listing()
                   .select_related("created_by").order_by("start"))
    return render(request, "events/moderation.html", {"pending": pending})
