from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from assonum.territory.models import Department

from .consent import CONSENT_TEXT, WORDINGS
from .models import Topic


def region_departments():
    return Department.objects.filter(region_code=settings.REGION_CODE).order_by("code")


class ChoicesMixin(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Les thèmes qui vous intéressent"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ne cochez rien pour recevoir tous les thèmes."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Vos départements"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Pour les nouveautés près de chez vous. Ne cochez rien pour toute la région."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.active()
        self.fields["departments"].queryset = region_departments()
        self.fields["departments"].label_from_instance = lambda d: f"{d.name} ({d.code})"


class SubscribeForm(ChoicesMixin):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Indiquez votre adresse e-mail."),
                        "invalid": _("Cette adresse e-mail n'est pas valide (exemple : "
                                     "nom@exemple.fr).")},
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT, required=True,
        error_messages={"required": _("Cochez la case pour accepter de recevoir la lettre.")},
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=400)
    wording = forms.ChoiceField(choices=[(key, key) for key in WORDINGS], required=False,
                                widget=forms.HiddenInput)

    field_order = ["email", "topics", "departments", "consent"]

    def clean_source(self):
        """Only a path of this site; anything else becomes the subscribe page."""
        source = self.cleaned_data.get("source") or ""
        if not source.startswith("/") or source.startswith("//") or "\\" in source:
            source = "/lettre/"
        return settings.SITE_URL + source

    def clean_wording(self):
        return self.cleaned_data.get("wording") or "full"


class PreferencesForm(ChoicesMixin):
    paused = forms.BooleanField(
        label=_("Mettre en pause : ne plus recevoir la lettre pour le moment, sans perdre mes "
                "choix."),
        required=False,
    )
