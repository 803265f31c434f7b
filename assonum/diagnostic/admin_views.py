"""The back-office page that publishes the draft questionnaire as a new version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import perms, services
from .snapshot import build_snapshot


def publish(request):
    if not perms.may_publish(request):
        raise PermissionDenied
    current = services.current_version()
    draft = build_snapshot()
    changed = current is None or current.snapshot != draft
    if request.method == "POST":
        if not changed:
            messages.error(request, _("Rien n'a changé depuis la dernière version publiée."))
            return redirect("diagnostic_publish")
        try:
            version = services.publish_version(by=request.user, note=request.POST.get("note", ""))
        except services.DiagnosticError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Version %(n)s publiée : les prochains diagnostics "
                    "l'utilisent ; les résultats passés ne changent pas."
                )
                % {"n": version.number},
            )
        return redirect("diagnostic_publish")
    return TemplateResponse(
        request,
        "diagnostic/admin/publish.html",
        {
            "current": current,
            "changed": changed,
            "questions": sum(len(t["questions"]) for t in draft["themes"]),
            "themes": len(draft["themes"]),
        },
    )
