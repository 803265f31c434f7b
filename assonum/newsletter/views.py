from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber


# No CSRF token: the footer form is on every page, and a token would set a cookie for every
# anonymous visitor and make pages uncacheable. Nothing to protect here: a forged POST can only
# ask for a confirmation email to an address, which anyone can do with the form itself (double
# opt-in; emails per address are throttled in services.subscribe).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            services.subscribe(
                email=form.cleaned_data["email"],
                topics=form.cleaned_data["topics"],
                departments=form.cleaned_data["departments"],
                source_url=form.cleaned_data["source"],
                wording=form.cleaned_data["wording"],
            )
            # The same answer whatever the address's state: it reveals nothing.
            return redirect("newsletter:thanks")
    else:
        form = SubscribeForm(initial={"source": request.path, "wording": "full"})
    return render(request, "newsletter/subscribe.html", {
        "form": form, "choices": [form["topics"], form["departments"]],
    })


def thanks(request):
    return render(request, "newsletter/thanks.html")


def _link_error(request, message, status=400):
    return render(request, "newsletter/link_error.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, signed):
    """GET shows a button (mail scanners pre-fetch links); only the POST confirms."""
    try:
        subscriber = services.subscriber_from_confirmation(signed)
    except services.LinkExpired:
        return _link_error(request, _(
            "Ce lien de confirmation a expiré : il n'est valable que 7 jours. Inscrivez-vous "
            "à nouveau, nous vous enverrons un nouveau lien."
        ))
    except services.LinkInvalid:
        return _link_error(request, _(
            "Ce lien de confirmation n'est pas valide. Vérifiez qu'il est complet, ou "
            "inscrivez-vous à nouveau."
        ))
    if subscriber.status not in (Subscriber.Status.PENDING, Subscriber.Status.ACTIVE):
        return _link_error(request, _(
            "Cette inscription n'est plus en attente. Inscrivez-vous à nouveau si vous le "
            "souhaitez."
        ))
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
        messages.success(request, _(
            "C'est confirmé : vous recevrez la prochaine lettre. Vous pouvez choisir ici vos "
            "thèmes et vos départements."
        ))
        return redirect("newsletter:preferences", token=subscriber.token)
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = get_object_or_404(
        Subscriber.objects.prefetch_related("topics", "departments"), token=token
    )
    editable = subscriber.status in (Subscriber.Status.ACTIVE, Subscriber.Status.PAUSED)
    if request.method == "POST" and editable:
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.update_preferences(
                subscriber=subscriber,
                topics=form.cleaned_data["topics"],
                departments=form.cleaned_data["departments"],
                paused=form.cleaned_data["paused"],
            )
            messages.success(request, _("Vos choix sont enregistrés."))
            return redirect("newsletter:preferences", token=token)
    else:
        form = PreferencesForm(initial={
            "topics": list(subscriber.topics.all()),
            "departments": list(subscriber.departments.all()),
            "paused": subscriber.status == Subscriber.Status.PAUSED,
        })
    return render(request, "newsletter/preferences.html", {
        "form": form, "subscriber": subscriber, "editable": editable,
        "choices": [form["topics"], form["departments"]],
        "unsubscribe_path": reverse("newsletter:unsubscribe", args=[token]),
    })


@never_cache
@csrf_exempt  # RFC 8058 one-click: mailbox providers POST without any token or cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET only shows a button (link scanners follow GETs); a POST unsubscribes at once."""
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        services.unsubscribe(subscriber, source="one-click" if request.POST.get(
            "List-Unsubscribe") == "One-Click" else "page")
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {
        "subscriber": subscriber,
        "already": subscriber.status == Subscriber.Status.UNSUBSCRIBED,
    })
