"""Demo accounts: one staff member who can log in to the back office (idempotent)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

STAFF_EMAIL = "equipe@assonum.localhost"
STAFF_PASSWORD = "demo-assonum-2026"


def load(stdout=None) -> list[str]:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"first_name": "Camille", "last_name": "Équipe", "is_staff": True,
                  "is_superuser": True},
    )
    if created:
        user.set_password(STAFF_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
    )
    return [f"Équipe (back office /admin/) : {STAFF_EMAIL} / {STAFF_PASSWORD}"]
