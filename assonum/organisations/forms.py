import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assonum.territory.forms import CommuneField

from .models import Membership, Organisation
from .validators import validate_rna, validate_siret


class OrganisationForm(forms.ModelForm):
    """Create or edit an organisation. ``kind`` is chosen at creation only."""

    seat_commune = CommuneField(label=_("Commune du siège"), required=False)
    networks = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.networks(), required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Réseaux ou fédérations dont vous êtes membre"),
        help_text=_("Le réseau confirme : vous apparaissez dans sa liste une fois qu'un de ses "
                    "administrateurs a accepté."),
    )
    website = forms.URLField(
        label=_("Site web"), required=False, assume_scheme="https", max_length=200,
        help_text=_("Adresse complète, par exemple https://www.exemple.fr"),
    )

    class Meta:
        model = Organisation
        fields = [
            "kind", "name", "rna", "siret", "seat_commune", "sector", "description",
            "members_count", "volunteers_count", "employees_count", "website", "public_email",
            "public_phone", "networks",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "rna": _("Numéro RNA"),
            "siret": _("SIRET"),
            "public_email": _("E-mail de contact public"),
            "public_phone": _("Téléphone de contact public"),
        }
        help_texts = {
            "description": _("Quelques phrases : ce que fait l'organisation, pour qui."),
            "public_email": _("Affiché sur la page publique : donnez l'adresse de l'organisation "
                              "plutôt qu'une adresse personnelle."),
            "public_phone": _("Affiché sur la page publique, par exemple 02 38 00 00 00."),
        }

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("Type d'organisation")
        self.fields["kind"].choices = Organisation.Kind.choices
        if not creating:
            del self.fields["kind"]
        if self.instance.pk:
            self.fields["networks"].queryset = Organisation.objects.networks().exclude(
                pk=self.instance.pk)
            if self.instance.kind == Organisation.Kind.NETWORK:
                del self.fields["networks"]
            elif not self.is_bound:
                # Pending requests stay ticked (unticking one withdraws it).
                self.initial["networks"] = list(self.instance.networks.values_list(
                    "pk", flat=True)) + list(self.instance.network_requests.filter(
                        status="pending").values_list("network_id", flat=True))
        for name in ("members_count", "volunteers_count", "employees_count"):
            self.fields[name].widget.attrs["min"] = 0
        if not self.fields.get("networks") or not self.fields["networks"].queryset.exists():
            self.fields.pop("networks", None)
        self.fields["sector"].choices = [("", _("— Choisir —"))] + list(Organisation.Sector.choices)

    def clean_rna(self):
        value = self.cleaned_data.get("rna", "")
        return validate_rna(value) if value.strip() else ""

    def clean_siret(self):
        value = self.cleaned_data.get("siret", "")
        return validate_siret(value) if value.strip() else ""

    def clean_public_phone(self):
        value = (self.cleaned_data.get("public_phone") or "").strip()
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _("Ce numéro de téléphone n'est pas valide, par exemple : 02 38 00 00 00."),
                code="phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.instance.kind)
        if (kind == Organisation.Kind.ASSOCIATION and not cleaned.get("rna")
                and not cleaned.get("siret") and "rna" not in self.errors
                and "siret" not in self.errors):
            self.add_error("rna", ValidationError(
                _("Indiquez le numéro RNA ou le SIRET de l'association (l'un des deux suffit)."),
                code="identifier_required"))
        return cleaned

    def _post_clean(self):
        # The model's clean() repeats the checks above; skip it to avoid double messages.
        opts = self._meta
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(
                self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)
        try:
            # The model's field validators (one-line names without direction overrides...).
            self.instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail de la personne à inviter"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices,
                             initial=Membership.Role.MEMBER, widget=forms.RadioSelect,
                             help_text=_("Un administrateur peut modifier la fiche et gérer "
                                         "les membres."))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)
