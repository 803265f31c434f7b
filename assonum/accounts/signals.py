from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def count_activation_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app means typing a valid code from it: for this session,
    that proves the second factor (a staff member may go on to the back office)."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk,
                              activated=True)
        # allauth sends this signal on commit, which may come after the response was built.
        request.session.save()
