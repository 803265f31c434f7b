from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assonum.territory.forms import CommuneField
from assonum.territory.models import Department
from assonum.toolbox.models import Need, ToolPage

from .models import Audience, Event, Kind, Level

RADIUS_CHOICES = [("10", _("10 km")), ("20", _("20 km")), ("50", _("50 km"))]
DEFAULT_RADIUS = "20"


class EventFilterForm(forms.Form):
    """The agenda's filters: plain GET parameters, every one optional."""

    pres_de = CommuneField(label=_("Près de la commune"), required=False, postal_code_area=True,
                           help_text=_("Nom ou code postal, par exemple « Vierzon » ou « 18100 »."))
    rayon = forms.ChoiceField(label=_("Dans un rayon de"), required=False,
                              choices=RADIUS_CHOICES, initial=DEFAULT_RADIUS)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    en_ligne = forms.BooleanField(label=_("En ligne seulement"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        self.fields["departement"].choices = everything + [
            (d.code, f"{d.name} ({d.code})")
            for d in Department.of_region()]
        self.fields["theme"].choices = everything + list(
            Need.objects.order_by("order", "name").values_list("slug", "name"))
        self.fields["type"].choices = everything + list(Kind.choices)

    def clean_rayon(self):
        return int(self.cleaned_data.get("rayon") or DEFAULT_RADIUS)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=150)
    email = forms.EmailField(label=_("Votre adresse e-mail"),
                             help_text=_("Pour confirmer l'inscription et vous envoyer un rappel."))
    organisation_name = forms.CharField(label=_("Votre association ou structure (facultatif)"),
                                        max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("name", user.get_full_name() if hasattr(
                user, "get_full_name") else "")


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    """An event proposed by a digital actor (or created by staff)."""

    commune = CommuneField(label=_("Commune"), required=False)
    tools = forms.ModelMultipleChoiceField(
        label=_("Outils enseignés"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=ToolPage.objects.none())
    topics = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Need.objects.none())

    repeat = forms.ChoiceField(
        label=_("Répéter"), required=False, choices=[
            ("", _("Une seule date")),
            ("weekly", _("Chaque semaine, même jour et même heure (4 dates)")),
            ("monthly", _("Chaque mois, même jour de la semaine, par exemple le premier mardi "
                          "(6 dates)")),
        ],
        help_text=_("Chaque date est un événement à part, avec ses propres inscriptions."))

    class Meta:
        model = Event
        fields = ["organisation", "title", "kind", "summary", "description", "audience", "level",
                  "start", "end", "commune", "address", "is_online", "online_url",
                  "accessibility", "capacity", "price", "contact_email", "topics", "tools",
                  "repeat"]
        widgets = {"start": LocalDateTimeInput(), "end": LocalDateTimeInput(),
                   "description": forms.Textarea(attrs={"rows": 6}),
                   "accessibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = None
        self.fields["tools"].queryset = ToolPage.objects.live().order_by("title")
        self.fields["topics"].queryset = Need.objects.order_by("order", "name")
        self.fields["kind"].choices = Kind.choices
        self.fields["audience"].choices = Audience.choices
        self.fields["level"].choices = Level.choices

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("La fin doit être après le début."))
        if start and start <= timezone.now():
            self.add_error("start", _("La date de début doit être à venir."))
        if not data.get("is_online") and not data.get("commune"):
            self.add_error("commune", _("Indiquez la commune, ou cochez « en ligne »."))
        if data.get("is_online") and not data.get("online_url"):
            self.add_error("online_url", _("Indiquez le lien de connexion."))
        data["rule"] = recurrence_rule(data.get("repeat"), start) if start else ""
        return data


WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def recurrence_rule(repeat: str | None, start) -> str:
    """The RFC 5545 rule of the form's choice: "the first Tuesday" stays the first Tuesday."""
    if repeat == "weekly":
        return "FREQ=WEEKLY;COUNT=4"
    if repeat == "monthly":
        local = timezone.localtime(start)
        nth = (local.day - 1) // 7 + 1
        position = "-1" if nth == 5 else f"+{nth}"
        return f"FREQ=MONTHLY;BYDAY={position}{WEEKDAYS[local.weekday()]};COUNT=6"
    return ""
