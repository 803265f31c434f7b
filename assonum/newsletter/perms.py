"""Who may do what with the newsletter (the only place answering it)."""


def can_send_issue(user, issue) -> bool:
    """Staff who may publish the issue page may test, send and schedule it."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return issue.permissions_for_user(user).can_publish()


