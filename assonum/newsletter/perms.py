"""Who may do what with the newsletter (the only place answering it)."""

from assonum.core.perms import user_acts_as_staff


def can_send_issue(user, issue) -> bool:
    """Staff who may publish the issue page may test, send and schedule it."""
    if not user_acts_as_staff(user):
        return False
    return issue.permissions_for_user(user).can_publish()


