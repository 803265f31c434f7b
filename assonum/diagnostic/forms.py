from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import FollowUp
from .perms import may_receive_share

UNKNOWN = "unknown"
UNKNOWN_LABEL = _("Je ne sais pas")


class ThemeForm(forms.Form):
    """The questions of one theme, built from the diagnostic's frozen questionnaire."""

    def __init__(self, *args, theme: dict, answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        answers = answers or {}
        for question in theme["questions"]:
            name = f"q{question['id']}"
            choices = [(str(c["id"]), c["label"]) for c in question["choices"]]
            choices.append((UNKNOWN, UNKNOWN_LABEL))
            stored = answers.get(str(question["id"])) or {}
            initial = (
                [UNKNOWN] if stored.get("unknown") else [str(c) for c in stored.get("choices", [])]
            )
            if question["kind"] == "multiple":
                field = forms.MultipleChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=initial,
                )
            else:
                field = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=initial[0] if initial else None,
                )
            field.label = question["text"]
            field.help_text = question["help"]
            field.question = question
            self.fields[name] = field

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                field.question["kind"] == "multiple"
                and value
                and UNKNOWN in value
                and len(value) > 1
            ):
                self.add_error(name, _("Cochez des réponses ou « Je ne sais pas », pas les deux."))
        return cleaned

    def answers(self) -> dict:
        """question id (str) -> {"choices": [...], "unknown": bool}; unanswered ones left out."""
        result = {}
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            values = value if isinstance(value, list) else [value]
            key = str(field.question["id"])
            if UNKNOWN in values:
                result[key] = {"choices": [], "unknown": True}
            else:
                result[key] = {"choices": [int(v) for v in values], "unknown": False}
        return result

    def questions(self):
        """(bound field, question) pairs for the template."""
        return [(self[name], field.question) for name, field in self.fields.items()]


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Pour quelle association ?"),
        empty_label=_("Sans association pour l'instant (le résultat ne sera pas gardé)"),
    )

    def __init__(self, *args, organisations, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if only is not None:
            self.fields["organisation"].initial = only.pk


class AttachForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=_("Association"), empty_label=None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Nous y envoyons le lien pour reprendre ; nous ne la gardons pas."),
    )


class FollowUpForm(forms.Form):
    measure = forms.SlugField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=FollowUp.Status.choices, label=_("Où en êtes-vous ?"))


class ShareForm(forms.Form):
    email = forms.EmailField(label=_("Adresse de l'expert ou du membre de l'équipe"))
    consent = forms.BooleanField(
        label=_(
            "Au nom de l'association, j'accepte que cette personne voie ce résultat "
            "(scores, réponses, recommandations) jusqu'à ce que je retire ce partage."
        )
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None or not may_receive_share(user):
            raise forms.ValidationError(
                _("Aucun expert de l'accompagnement ni membre de l'équipe n'a cette adresse.")
            )
        self.recipient = user
        return email
