"""The form a member of an association fills to propose a story."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from assonum.core.validators import NAME_VALIDATORS
from assonum.territory.forms import CommuneField

from .models import StoryKind, StoryTheme

INTERVIEW_PAIRS = 3

CONSENT_TEXT = _(
    "J'accepte que ce témoignage soit publié sur AssoNum après relecture, sous le nom de mon "
    "association, et je confirme que mon association est d'accord."
)


def _norm(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a tool name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


class ProposeStoryForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"), max_length=200, validators=NAME_VALIDATORS,
        help_text=_("Par exemple : « Notre assemblée générale à distance avec des outils "
                    "libres »."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Au nom de quelle association ?"), queryset=None, empty_label=None,
    )
    kind = forms.ChoiceField(
        label=_("Vous racontez…"), choices=StoryKind.choices, initial=StoryKind.TESTIMONIAL,
        widget=forms.RadioSelect,
    )
    commune = CommuneField(
        label=_("Commune"), required=False,
        help_text=_("Où cela se passe. Laissez vide pour la commune du siège de l'association. "
                    "Exemple : « Vierzon (18) »."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), queryset=StoryTheme.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tools = forms.CharField(
        label=_("Outils utilisés"), required=False, max_length=500,
        help_text=_("Les noms des outils de la boîte à outils, séparés par des virgules. "
                    "Exemple : « Framadate, Nextcloud »."),
    )
    summary = forms.CharField(
        label=_("En une phrase"), required=False, max_length=300,
        help_text=_("Facultatif. Sinon, le début de votre texte sera utilisé."),
    )
    text = forms.CharField(
        label=_("Votre témoignage"), widget=forms.Textarea(attrs={"rows": 12}), max_length=20000,
        help_text=_("Ce que vous vouliez faire, ce que vous avez fait, ce que cela a changé. "
                    "Laissez une ligne vide entre deux paragraphes."),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Cochez cette case pour que nous puissions publier votre "
                                      "témoignage.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        for n in range(1, INTERVIEW_PAIRS + 1):
            self.fields[f"question_{n}"] = forms.CharField(
                label=_("Question %(n)s") % {"n": n}, required=False, max_length=500,
            )
            self.fields[f"answer_{n}"] = forms.CharField(
                label=_("Réponse %(n)s") % {"n": n}, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def interview_fields(self):
        """[(question bound field, answer bound field), ...] for the template."""
        return [(self[f"question_{n}"], self[f"answer_{n}"]) for n in range(1, INTERVIEW_PAIRS + 1)]

    def main_fields(self):
        return [self[name] for name in ("title", "organisation")]

    def clean_tools(self):
        from assonum.toolbox.models import ToolPage

        names = [n.strip() for n in self.cleaned_data.get("tools", "").split(",") if n.strip()]
        if not names:
            return []
        titles = ToolPage.objects.live().values_list("pk", "title")
        known = {_norm(title): pk for pk, title in titles}
        unknown = [name for name in names if _norm(name) not in known]
        if unknown:
            raise forms.ValidationError(
                _("Ces outils ne sont pas dans la boîte à outils : %(names)s. Vérifiez leur "
                  "orthographe, ou retirez-les de ce champ et citez-les dans votre texte."),
                params={"names": ", ".join(unknown)},
            )
        return list(ToolPage.objects.filter(pk__in={known[_norm(n)] for n in names}))

    def clean(self):
        cleaned = super().clean()
        for n in range(1, INTERVIEW_PAIRS + 1):
            question = cleaned.get(f"question_{n}", "").strip()
            answer = cleaned.get(f"answer_{n}", "").strip()
            if question and not answer:
                self.add_error(f"answer_{n}", _("Écrivez la réponse à cette question, ou "
                                                "effacez la question."))
            if answer and not question:
                self.add_error(f"question_{n}", _("Écrivez la question de cette réponse."))
        return cleaned

    def interview(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data.get(f"question_{n}", ""), self.cleaned_data.get(f"answer_{n}", ""))
            for n in range(1, INTERVIEW_PAIRS + 1)
        ]
