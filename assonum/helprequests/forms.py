from django import forms
from django.utils.translation import gettext_lazy as _

from assonum.directory.models import Place
from assonum.territory.forms import CommuneField

from . import themes as theme_vocabulary
from .models import HelpRequest


class RequestForm(forms.Form):
    """The request; ``organisations`` is None for a visitor (the draft waits in the session)."""

    organisation = forms.ModelChoiceField(
        label=_("Pour quelle association ?"), queryset=None, empty_label=None)
    need = forms.CharField(
        label=_("Votre besoin, en quelques phrases"), max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Par exemple : « Notre site ne s'affiche plus et nous voudrions le refaire "
                    "simplement, pour annoncer nos activités. »"))
    themes = forms.MultipleChoiceField(
        label=_("De quoi s'agit-il ?"), choices=theme_vocabulary.THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un thème.")})
    commune = CommuneField(label=_("Commune de l'association"))
    urgency = forms.ChoiceField(label=_("C'est pour quand ?"), choices=HelpRequest.Urgency.choices,
                                initial=HelpRequest.Urgency.NORMAL, widget=forms.RadioSelect)
    contact_by = forms.ChoiceField(label=_("Comment vous joindre ?"),
                                   choices=HelpRequest.Contact.choices,
                                   initial=HelpRequest.Contact.EMAIL, widget=forms.RadioSelect)
    contact_email = forms.EmailField(label=_("E-mail"), required=False,
                                     error_messages={"invalid": _(
                                         "Cette adresse e-mail n'est pas valide.")})
    contact_phone = forms.CharField(label=_("Téléphone"), required=False, max_length=30)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].error_messages["invalid_choice"] = _(
                "Choisissez une de vos associations.")

    def clean_need(self):
        need = self.cleaned_data["need"].strip()
        if len(need) < 20:
            raise forms.ValidationError(
                _("Décrivez votre besoin en quelques phrases (20 caractères au moins)."))
        return need

    def clean(self):
        data = super().clean()
        contact_by = data.get("contact_by")
        if contact_by == HelpRequest.Contact.PHONE and not data.get("contact_phone", "").strip():
            self.add_error("contact_phone", _("Indiquez un numéro de téléphone pour être appelé."))
        if contact_by == HelpRequest.Contact.EMAIL and not data.get("contact_email"):
            self.add_error("contact_email", _("Indiquez une adresse e-mail pour être contacté."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Écrivez votre message.")})


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Pourquoi ? Seule l'équipe le lira"),
                             required=False, max_length=300)


class FinishForm(forms.Form):
    note = forms.CharField(label=_("Un mot sur la suite"), required=False,
                           max_length=500)


class RateForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Votre besoin a-t-il été satisfait ?"),
                                choices=HelpRequest.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Choisissez une réponse.")})
    thank_you = forms.CharField(
        label=_("Un remerciement public sur la fiche de l'acteur"), required=False,
        max_length=400, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("400 caractères au plus. L'équipe le relit avant de le publier."))


class AddRecipientForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Acteur à solliciter"), queryset=Place.objects.none(),
                                   error_messages={"required": _("Choisissez un acteur."),
                                                   "invalid_choice": _(
                                                       "Choisissez un acteur de la liste.")})

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()
        self.fields["place"].label_from_instance = lambda p: f"{p.nom} ({p.commune_nom})"

