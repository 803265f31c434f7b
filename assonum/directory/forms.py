"""Forms of the directory's public side: list filters, self-service listing, claim, moderation.

The listing form validates through the place-field rules of :mod:`assonum.directory.rules`, the
ones the import applies (same values accepted, same messages): phones stored E.164, the SIRET /
RNA pivot, postal codes, web and e-mail addresses; opening hours are entered day by day
(:mod:`assonum.directory.widgets`) and stored in the OpenStreetMap syntax. Multi-value fields
are checkboxes of the national vocabularies; multi-line fields take one value per line. What
was typed is kept when something is wrong.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from assonum.core.validators import NAME_VALIDATORS, validate_no_bidi_control_text
from assonum.territory.forms import CommuneField
from assonum.territory.models import Department

from . import rules
from . import vocabularies as voc
from .rules import format_phone  # noqa: F401 - the views' import of the national phone format
from .widgets import OpeningHoursField

RADIUS_CHOICES = [("10", _("10 km")), ("20", _("20 km")), ("50", _("50 km"))]
DEFAULT_RADIUS = "20"

# The place types most digital-mediation places use, offered in the filter and the form (any
# other code already on a listing is kept and shown too).
COMMON_TYPOLOGIES = [
    "ASSO", "TIERS_LIEUX", "FABLAB", "EPN", "BIB", "MUNI", "RFS", "CSC", "MJC", "OF",
    "RESSOURCERIE", "Autre",
]


def typology_choices(extra=()):
    codes = list(COMMON_TYPOLOGIES) + [c for c in extra if c not in COMMON_TYPOLOGIES]
    return [(code, voc.TYPOLOGIES.get(code, code)) for code in codes if code in voc.TYPOLOGIES]


def lines(value: str) -> list[str]:
    """Non-empty lines (commas and semicolons also separate values)."""
    items = []
    for line in (value or "").replace(";", "\n").splitlines():
        for part in line.split(",") if "@" in line else [line]:
            part = part.strip()
            if part:
                items.append(part)
    return items


class ListField(forms.CharField):
    """A textarea taking one value per line; cleans to a list of strings."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)  # the whole list, as typed
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = "\n".join(value) if isinstance(value, (list, tuple)) else (value or "")
        if self.max_length is not None and len(text) > self.max_length:
            raise forms.ValidationError(
                _("Ce champ comporte %(length)d caractères : %(max)d au plus.")
                % {"length": len(text), "max": self.max_length}, code="max_length")
        return super().clean(value)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        return lines(super().to_python(value))

    def run_validators(self, value):
        return


def vocabulary_field(label, values, help_text=""):
    return forms.MultipleChoiceField(
        label=label, required=False, choices=voc.choices(values),
        widget=forms.CheckboxSelectMultiple, help_text=help_text,
    )


# ---------------------------------------------------------------------------------------------
# Public list filters (plain GET parameters).


class PlaceFilterForm(forms.Form):
    """Every value is optional; an unknown value is an error shown beside its field."""

    offre = forms.MultipleChoiceField(
        label=_("Ce que le lieu propose aux associations"), required=False,
        choices=voc.choices(voc.OFFERS), widget=forms.CheckboxSelectMultiple,
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    typologie = forms.ChoiceField(label=_("Type de lieu"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    frais = forms.ChoiceField(label=_("Frais"), required=False)
    acces = forms.ChoiceField(label=_("Comment y accéder"), required=False)
    pres_de = CommuneField(
        label=_("Près de la commune"), required=False, postal_code_area=True,
        help_text=_("Nom ou code postal, par exemple « Châteauroux » ou « 36000 »."),
    )
    rayon = forms.ChoiceField(
        label=_("Dans un rayon de"), required=False, choices=RADIUS_CHOICES, initial=DEFAULT_RADIUS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tous"))]
        self.fields["service"].choices = everything + voc.choices(voc.SERVICES)
        chosen = self.data.get("typologie") if self.is_bound else None
        self.fields["typologie"].choices = everything + typology_choices(
            [chosen] if chosen in voc.TYPOLOGIES else []
        )
        self.fields["departement"].choices = everything + [
            (d.code, f"{d.name} ({d.code})")
            for d in Department.of_region(_region_code())
        ]
        self.fields["frais"].choices = everything + voc.choices(voc.FRAIS_A_CHARGE)
        self.fields["acces"].choices = everything + voc.choices(voc.MODALITES_ACCES)

    def clean_rayon(self):
        return int(self.cleaned_data.get("rayon") or DEFAULT_RADIUS)

    @property
    def active(self) -> bool:
        """True when at least one filter narrows the list."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return False
        return any(
            self.cleaned_data.get(key)
            for key in ("offre", "service", "typologie", "departement", "frais", "acces", "pres_de")
        )


def _region_code():
    from django.conf import settings

    return settings.REGION_CODE


# ---------------------------------------------------------------------------------------------
# Self-service listing.


class PlaceForm(forms.Form):
    """What an owner writes about its place; ``change_data()`` gives the model's field values."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation responsable de la fiche"), queryset=None, empty_label=None,
        help_text=_("La fiche sera tenue à jour par les membres de cette organisation."),
    )
    nom = forms.CharField(label=_("Nom du lieu"), max_length=250, validators=NAME_VALIDATORS)
    pivot = forms.CharField(
        label=_("SIRET ou numéro RNA"), max_length=20, required=False,
        help_text=_(
            "Demandé par le standard national des lieux : 14 chiffres (SIRET) ou W suivi de "
            "9 chiffres ou lettres (RNA). Laissez vide si vous ne le connaissez pas."
        ),
    )
    presentation_resume = forms.CharField(
        label=_("Présentation en une phrase"), max_length=280, required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("280 caractères au plus."),
    )
    presentation_detail = forms.CharField(
        label=_("Présentation détaillée"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[validate_no_bidi_control_text],
    )
    offers = vocabulary_field(_("Ce que vous proposez aux associations"), voc.OFFERS)
    services = vocabulary_field(_("Services (liste nationale)"), voc.SERVICES)
    typologie = forms.MultipleChoiceField(
        label=_("Type de lieu"), required=False, widget=forms.CheckboxSelectMultiple
    )
    itinerance = vocabulary_field(
        _("Lieu fixe ou itinérant"), voc.ITINERANCE,
        help_text=_("Cochez « Itinérant » si vous vous déplacez (bus, permanences…)."),
    )
    structure_parente = forms.CharField(
        label=_("Structure parente"), max_length=250, required=False,
        help_text=_("Le réseau ou la collectivité dont vous dépendez, s'il y en a un."),
    )
    # Address.
    adresse = forms.CharField(label=_("Adresse"), max_length=300, help_text=_("Numéro et rue."))
    complement_adresse = forms.CharField(
        label=_("Complément d'adresse"), max_length=300, required=False
    )
    commune = CommuneField(label=_("Commune"))
    code_postal = forms.CharField(
        label=_("Code postal"), max_length=10, required=False,
        help_text=_("Laissez vide pour prendre celui de la commune."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90,
        help_text=_("Facultatif. Sans position, le lieu est placé au centre de la commune."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180,
    )
    # Contacts.
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=150, required=False)
    telephones = ListField(
        label=_("Téléphones"), required=False, help_text=_("Un numéro par ligne.")
    )
    courriels = ListField(label=_("Adresses e-mail"), required=False, help_text=_("Une par ligne."))
    sites_web = ListField(label=_("Sites web"), required=False, help_text=_("Un par ligne."))
    horaires = OpeningHoursField(
        label=_("Horaires d'ouverture"),
        help_text=_(
            "Pour chaque jour, cochez « Fermé », ou indiquez les heures d'ouverture "
            "(une deuxième plage si vous fermez à midi). Pour minuit, indiquez 00:00."
        ),
    )
    prise_rdv = forms.CharField(
        label=_("Lien de prise de rendez-vous"), required=False, max_length=rules.URL_MAX_LENGTH,
    )
    fiche_acces_libre = forms.CharField(
        label=_("Fiche Accès libre (accessibilité)"), required=False,
        max_length=rules.URL_MAX_LENGTH,
    )
    # Who and how.
    frais_a_charge = vocabulary_field(_("Frais"), voc.FRAIS_A_CHARGE)
    modalites_acces = vocabulary_field(_("Comment venir"), voc.MODALITES_ACCES)
    modalites_accompagnement = vocabulary_field(_("Accompagnement"), voc.MODALITES_ACCOMPAGNEMENT)
    publics_specifiquement_adresses = vocabulary_field(
        _("Publics spécifiquement accueillis"), voc.PUBLICS_SPECIFIQUEMENT_ADRESSES
    )
    prise_en_charge_specifique = vocabulary_field(
        _("Prise en charge spécifique"), voc.PRISE_EN_CHARGE_SPECIFIQUE
    )
    dispositif_programmes_nationaux = vocabulary_field(
        _("Dispositifs et programmes nationaux"), voc.DISPOSITIF_PROGRAMMES_NATIONAUX
    )
    formations_labels = vocabulary_field(_("Formations et labels"), voc.FORMATIONS_LABELS)
    autres_formations_labels = forms.CharField(
        label=_("Autres formations et labels"), required=False, max_length=500
    )

    # The first screen: what the national standard requires (the name, the address with its
    # commune and postal code, the SIRET or RNA) and what people look for (services, contacts,
    # opening hours). The rest is folded under "Plus de détails".
    FIELDSETS = [
        (_("Le lieu"), ["organisation", "nom", "pivot", "services"]),
        (_("Adresse"), ["adresse", "commune", "code_postal"]),
        (_("Contact et horaires"), ["telephones", "courriels", "sites_web", "horaires"]),
    ]
    DETAIL_FIELDSETS = [
        (_("Présentation"), ["presentation_resume", "presentation_detail", "offers", "typologie",
                             "itinerance", "structure_parente"]),
        (_("Adresse et position"), ["complement_adresse", "latitude", "longitude"]),
        (_("Contact et rendez-vous"), ["contact_name", "prise_rdv", "fiche_acces_libre"]),
        (_("Accueil"), ["frais_a_charge", "modalites_acces", "modalites_accompagnement",
                        "publics_specifiquement_adresses", "prise_en_charge_specifique",
                        "dispositif_programmes_nationaux", "formations_labels",
                        "autres_formations_labels"]),
    ]

    def __init__(self, *args, organisations=None, place=None, **kwargs):
        self.place = place
        if place is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_place(place)
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        existing = list(place.typologie) if place is not None else []
        self.fields["typologie"].choices = typology_choices(existing)

    def _sets(self, fieldsets):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in fieldsets
        ]

    def fieldsets(self):
        """The first screen's fieldsets: (legend, bound fields)."""
        return self._sets(self.FIELDSETS)

    def detail_fieldsets(self):
        """The fieldsets folded under "Plus de détails"."""
        return self._sets(self.DETAIL_FIELDSETS)

    def details_have_errors(self) -> bool:
        return any(
            self[name].errors for _legend, names in self.DETAIL_FIELDSETS for name in names
            if name in self.fields
        )

    # Each value through the rule the import applies (rules.FIELD_RULES).
    def clean_pivot(self):
        return rules.clean_pivot(self.cleaned_data.get("pivot"))

    def clean_code_postal(self):
        return rules.clean_postcode(self.cleaned_data.get("code_postal"))

    def clean_telephones(self):
        return rules.clean_phones(self.cleaned_data.get("telephones"))

    def clean_courriels(self):
        return rules.clean_emails(self.cleaned_data.get("courriels"))

    def clean_sites_web(self):
        return rules.clean_urls(self.cleaned_data.get("sites_web"))

    def clean_prise_rdv(self):
        return rules.clean_url(self.cleaned_data.get("prise_rdv"))

    def clean_fiche_acces_libre(self):
        return rules.clean_url(self.cleaned_data.get("fiche_acces_libre"))

    def clean_horaires(self):
        return rules.clean_opening_hours(self.cleaned_data.get("horaires"))

    def clean(self):
        data = super().clean()
        commune = data.get("commune")
        postal = data.get("code_postal")
        if (
            commune is not None and postal and commune.postal_codes
            and postal not in commune.postal_codes
        ):
            self.add_error(
                "code_postal",
                _("Le code postal %(postal)s n'est pas celui de %(commune)s (%(codes)s).")
                % {
                    "postal": postal, "commune": commune.name,
                    "codes": ", ".join(commune.postal_codes),
                },
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "longitude", _("Indiquez la latitude et la longitude, ou aucune des deux."),
            )
        return data

    def change_data(self) -> dict:
        """The values of the model's editable fields, JSON-serialisable (for PlaceChange.data)."""
        data = dict(self.cleaned_data)
        commune = data.pop("commune")
        data.pop("organisation", None)
        data["commune_id"] = commune.code
        data["commune_nom"] = commune.name
        data["code_insee"] = commune.code
        data["code_postal"] = data.get("code_postal") or (
            commune.postal_codes[0] if commune.postal_codes else ""
        )
        if data.get("latitude") is None:
            data["latitude"] = commune.latitude
            data["longitude"] = commune.longitude
        return data


def initial_from_place(place) -> dict:
    initial = {name: getattr(place, name) for name in (
        "nom", "pivot", "presentation_resume", "presentation_detail", "offers", "services",
        "typologie", "itinerance", "structure_parente", "adresse", "complement_adresse",
        "code_postal", "latitude", "longitude", "contact_name", "telephones", "courriels",
        "sites_web", "horaires", "prise_rdv", "fiche_acces_libre", "frais_a_charge",
        "modalites_acces", "modalites_accompagnement", "publics_specifiquement_adresses",
        "prise_en_charge_specifique", "dispositif_programmes_nationaux", "formations_labels",
        "autres_formations_labels",
    )}
    initial["telephones"] = [format_phone(p) for p in place.telephones]
    initial["commune"] = place.commune
    if place.owner_id:
        initial["organisation"] = place.owner_id
    return initial


class ClaimForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Votre organisation"), queryset=None, empty_label=None,
        help_text=_("Les membres de cette organisation pourront tenir la fiche à jour."),
    )
    message = forms.CharField(
        label=_("Message à l'équipe"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Expliquez votre lien avec ce lieu "
            "(par exemple : « je suis la responsable de l'espace »)."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il sera envoyé par e-mail à la personne qui a fait la demande."),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )
