"""``/espace/``: "Mise en relation" (my association's requests; for actors, the open requests of
their area and the ones they took)."""

from . import perms, selectors


def dashboard_section(request):
    user = request.user
    mine = selectors.of_associations(user)
    is_actor = perms.is_actor(user)
    if not mine and not is_actor and not perms.may_ask(user):
        return None
    return {
        "template": "helprequests/includes/dashboard_section.html",
        "order": 45,
        "mine": mine[:5],
        "open": selectors.open_for_actor(user)[:5] if is_actor else [],
        "taken": [r for r in selectors.taken_by_actor(user) if not r.is_finished][:5]
        if is_actor else [],
        "is_actor": is_actor,
    }
