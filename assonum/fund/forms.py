from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Application, Payment, SupportKind


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["title", "description", "goals", "support_kind", "amount_requested", "budget"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "goals": forms.Textarea(attrs={"rows": 4}),
                   "budget": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = call.support_kinds if call else []
        self.fields["support_kind"].choices = [("", _("— choisir —"))] + [
            c for c in SupportKind.choices if not kinds or c[0] in kinds]


class DocumentForm(forms.Form):
    label = forms.CharField(label=_("Intitulé de la pièce"), max_length=200)
    file = forms.FileField(label=_("Fichier (PDF, image, texte ou tableur, 10 Mo au plus)"))

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        if call and call.required_documents:
            self.fields["label"] = forms.ChoiceField(
                label=_("Pièce"), choices=[(d, d) for d in call.required_documents]
                + [("Autre pièce", _("Autre pièce"))])


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 4}))
    private = forms.BooleanField(label=_("Note interne (invisible pour l'association)"),
                                 required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Décision"), choices=[
        ("accepted", _("Acceptée")), ("accepted_conditions", _("Acceptée sous conditions")),
        ("refused", _("Refusée"))])
    amount = forms.DecimalField(label=_("Montant accordé (€)"), required=False, min_value=1,
                                max_digits=10, decimal_places=2)
    conditions = forms.CharField(label=_("Conditions"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Motif (lu par l'association)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ComplementForm(forms.Form):
    message = forms.CharField(label=_("Ce qu'il faut compléter"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ConflictForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Avez-vous un conflit d'intérêts avec cette association ?"),
        choices=[("0", _("Non, aucun lien")), ("1", _("Oui (je ne verrai pas le dossier)"))],
        coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label=_("Précision (facultative)"), required=False, max_length=500)


class ScoreForm(forms.Form):
    comment = forms.CharField(label=_("Avis"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), initial_marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            descriptors = list(criterion.descriptors) + [""] * 5
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.label} (poids {criterion.weight})", coerce=int,
                choices=[(str(i), f"{i} — {descriptors[i]}" if descriptors[i] else str(i))
                         for i in range(5)], widget=forms.RadioSelect,
                initial=(initial_marks or {}).get(criterion.pk))

    def marks(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date et heure (JJ/MM/AAAA HH:MM)"),
                                    input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M",
                                                   "%Y-%m-%d %H:%M"])
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=15,
                                          max_value=600)
    content = forms.CharField(label=_("Contenu de la séance"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Associations présentes"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(str(a.pk), a.organisation.name) for a in applications])


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Bilan final"), max_length=6000,
                             widget=forms.Textarea(attrs={"rows": 5}))


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Votre satisfaction (1 : pas du tout, 5 : tout à fait)"),
                                   coerce=int, choices=[(str(i), str(i)) for i in range(1, 6)],
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Montant (€)"), min_value=0.01, max_digits=10,
                                decimal_places=2)
    due_on = forms.DateField(label=_("Échéance (JJ/MM/AAAA)"),
                             input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    payee = forms.ChoiceField(label=_("Bénéficiaire"), choices=Payment.Payee.choices)


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Adresse du membre du comité"))
