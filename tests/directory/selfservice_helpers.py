"""Users and sign-in helpers for the directory's self-service tests."""

from django.contrib.auth.models import Group

from assonum.accounts.models import User
from assonum.organisations.models import Membership, Organisation
from tests.conftest import login_with_mfa
from tests.directory.factories import ActorFactory


def make_user(email, **kwargs):
    return User.objects.create_user(email=email, password="x", **kwargs)


def make_actor_member(email="membre@acteur.fr", organisation=None, role=Membership.Role.ADMIN):
    user = make_user(email)
    organisation = organisation or ActorFactory()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user, organisation


def make_association_member(email="membre@asso.fr"):
    user = make_user(email)
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.ASSOCIATION, name="Une association", slug="une-association"
    )
    Membership.objects.create(user=user, organisation=organisation)
    return user, organisation


def make_moderator(email="moderation@assonum.fr"):
    user = make_user(email, is_staff=True)
    group, _ = Group.objects.get_or_create(name="Modération")
    user.groups.add(group)
    return user


def login(client, user, *, mfa=False):
    if mfa:
        return login_with_mfa(client, user, totp=False)
    client.force_login(user)
    return client
