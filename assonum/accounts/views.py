from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import DeleteAccountForm
from .sections import dashboard_sections


@never_cache
@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"sections": dashboard_sections(request)})


@never_cache
@login_required
def personal_data(request):
    return render(request, "accounts/personal_data.html")


@never_cache
@login_required
def download_personal_data(request):
    payload = services.export_personal_data_json(user=request.user)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"assonum-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    blockers = services.deletion_blockers(user=request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Votre compte et vos données personnelles sont supprimés."))
        return redirect("/")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete_account.html",
                  {"form": form, "blockers": blockers}, status=status)
