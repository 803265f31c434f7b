from allauth.account import forms as _allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer que c'est bien vous."),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."), required=True,
        error_messages={"required": _("Cochez cette case pour confirmer.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."),
                                        code="wrong_password")
        return password


def _plain_labels(form):
    for name in ("email", "login"):
        if name in form.fields:
            form.fields[name].label = _("Adresse e-mail")
            form.fields[name].widget.attrs["autocomplete"] = "email"


class SignupForm(_allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_labels(self)
        self.fields["password1"].help_text = _(
            "Au moins 10 caractères. Évitez les mots de passe courants ; une phrase de "
            "quelques mots est plus facile à retenir.")
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"


class LoginForm(_allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_labels(self)
