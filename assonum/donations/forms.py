"""Forms of the donations app (French messages; a bad value keeps what was typed)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assonum.core.private_files import IMAGE_KINDS, validate_upload
from assonum.directory.forms import DEFAULT_RADIUS, RADIUS_CHOICES
from assonum.territory.forms import CommuneField
from assonum.territory.models import Department

from .models import Condition, Handover, Kind, Lot, Need, OperatingSystem, Wiping

MAX_LOTS = 10
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # ISO for type=date
MAX_PHOTOS = 4
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _everything(choices):
    return [("", _("Tous"))] + list(choices)


class OfferFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Matériel"), required=False, choices=_everything(Kind.choices))
    departement = forms.ChoiceField(label=_("Département"), required=False)
    pres_de = CommuneField(label=_("Près de la commune"), required=False, postal_code_area=True,
                           help_text=_("Nom ou code postal, par exemple « Le Blanc » ou "
                                       "« 36300 »."))
    rayon = forms.ChoiceField(label=_("Dans un rayon de"), required=False, choices=RADIUS_CHOICES,
                              initial=DEFAULT_RADIUS)
    remise = forms.ChoiceField(label=_("Remise"), required=False,
                               choices=_everything(Handover.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["departement"].choices = [("", _("Tous"))] + [
            (d.code, f"{d.name} ({d.code})")
            for d in Department.of_region()]

    def clean_rayon(self):
        return int(self.cleaned_data.get("rayon") or DEFAULT_RADIUS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("%(n)s photos au plus.") % {"n": MAX_PHOTOS})
        cleaned = []
        for upload in files:
            validate_upload(upload, kinds=IMAGE_KINDS, max_bytes=PHOTO_MAX_BYTES)
            cleaned.append(upload)
        return cleaned


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Titre de l'offre"), max_length=150,
                            help_text=_("Par exemple « 5 ordinateurs portables de bureau »."))
    description = forms.CharField(label=_("Description (facultatif)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    organisation = forms.ChoiceField(label=_("Au nom de"), required=False)
    commune = CommuneField(label=_("Commune où se trouve le matériel"))
    available_from = forms.DateField(label=_("Disponible à partir du"),
                                     widget=DATE_INPUT)
    available_until = forms.DateField(label=_("Disponible jusqu'au (facultatif)"), required=False,
                                      widget=DATE_INPUT)
    handover = forms.ChoiceField(label=_("Comment remettre le matériel"), choices=Handover.choices,
                                 widget=forms.RadioSelect, initial=Handover.COLLECT)
    dropoff_point = forms.ChoiceField(label=_("Point de reprise (si vous le déposez)"),
                                      required=False)
    photos = MultiplePhotoField(
        label=_("Photos (facultatif)"), required=False,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus chacune, %(n)s au plus. Les données de "
                    "position (EXIF) sont retirées.") % {"n": MAX_PHOTOS})

    def __init__(self, *args, organisations=(), dropoff_points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [("", _("Moi-même (particulier)"))] + [
            (str(o.pk), o.name) for o in organisations]
        self.points = {str(p.pk): p for p in dropoff_points}
        self.fields["dropoff_point"].choices = [("", _("Choisir un point"))] + [
            (str(p.pk), f"{p.nom} ({p.commune_nom})") for p in dropoff_points]
        if not self.is_bound:
            self.initial.setdefault("available_from", timezone.localdate())

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation")
        if value and value not in self.organisations:
            raise ValidationError(_("Choisissez une de vos organisations."))
        return self.organisations.get(value)

    def clean_dropoff_point(self):
        value = self.cleaned_data.get("dropoff_point")
        return self.points.get(value) if value else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("La fin doit suivre le début de la disponibilité."))
        if cleaned.get("handover") == Handover.DROPOFF and not cleaned.get("dropoff_point"):
            self.add_error("dropoff_point", _("Choisissez le point de reprise où vous déposerez "
                                              "le matériel."))
        return cleaned


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["kind", "quantity", "year", "condition", "operating_system", "wiping", "details"]
        labels = {"year": _("Année d'achat (facultatif)"), "details": _("Précisions (facultatif)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].min_value = 1
        self.fields["quantity"].widget.attrs.update({"min": 1, "max": 500})
        self.fields["kind"].choices = [("", _("Choisir"))] + list(Kind.choices)
        self.fields["condition"].choices = list(Condition.choices)
        self.fields["operating_system"].choices = list(OperatingSystem.choices)
        self.fields["wiping"].choices = list(Wiping.choices)

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value < 1 or value > 500:
            raise ValidationError(_("Entre 1 et 500."))
        return value

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year and not (1990 <= year <= timezone.localdate().year):
            raise ValidationError(_("Une année entre 1990 et aujourd'hui."))
        return year


LotFormSet = forms.formset_factory(LotForm, extra=0, min_num=1, validate_min=True,
                                   max_num=MAX_LOTS, validate_max=True)


class NeedForm(forms.ModelForm):
    organisation = forms.ChoiceField(label=_("Association"))
    commune = CommuneField(label=_("Commune de l'association"))

    class Meta:
        model = Need
        fields = ["kind", "quantity", "purpose", "commune", "notify"]
        labels = {"notify": _("Me prévenir par e-mail quand une offre correspond (un e-mail "
                              "par jour au plus)")}

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["kind"].choices = [("", _("Choisir"))] + list(Kind.choices)
        self.fields["quantity"].widget.attrs.update({"min": 1, "max": 500})

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation")
        if value not in self.organisations:
            raise ValidationError(_("Choisissez une de vos associations."))
        return self.organisations[value]

    def clean_quantity(self):
        value = self.cleaned_data["quantity"]
        if value < 1 or value > 500:
            raise ValidationError(_("Entre 1 et 500."))
        return value


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Message au donateur (facultatif)"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
