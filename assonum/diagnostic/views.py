from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assonum.core.workflow import InvalidTransition

from . import chart, perms, recommendations, services
from .forms import AttachForm, EmailLinkForm, FollowUpForm, ShareForm, StartForm, ThemeForm
from .models import Diagnostic, FollowUp, Share
from .snapshot import theme_at


def _remember(request, diagnostic):
    owned = list(request.session.get(perms.SESSION_KEY) or [])
    if diagnostic.pk not in owned:
        owned.append(diagnostic.pk)
        request.session[perms.SESSION_KEY] = owned[-20:]


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _diagnostic(pk):
    return get_object_or_404(
        Diagnostic.objects.select_related("version", "organisation__seat_commune"), pk=pk
    )


def index(request):
    queryset = perms.attachable_organisations(request.user)
    organisations = list(queryset)
    only = organisations[0] if len(organisations) == 1 else None
    form = StartForm(organisations=queryset, only=only)
    version = services.current_version()
    return render(
        request,
        "diagnostic/index.html",
        {
            "form": form,
            "version": version,
            "organisations": organisations,
            "theme_count": version.theme_count if version else 0,
            "question_count": version.question_count if version else 0,
        },
    )


@require_POST
def start(request):
    organisations = list(perms.attachable_organisations(request.user))
    form = StartForm(request.POST, organisations=perms.attachable_organisations(request.user))
    if not form.is_valid():
        return render(
            request,
            "diagnostic/index.html",
            {"form": form, "version": services.current_version(), "organisations": organisations},
            status=400,
        )
    try:
        diagnostic = services.start(organisation=form.cleaned_data["organisation"], by=request.user)
    except services.DiagnosticError as error:
        messages.error(request, str(error))
        return redirect("diagnostic:index")
    _remember(request, diagnostic)
    return redirect("diagnostic:theme", diagnostic.pk, 1)


def theme(request, pk, number):
    diagnostic = _diagnostic(pk)
    if diagnostic.is_completed and perms.may_view_result(request, diagnostic):
        return redirect("diagnostic:result", diagnostic.pk)
    if not perms.may_take(request, diagnostic):
        return _refuse(request)
    snapshot = diagnostic.version.snapshot
    current = theme_at(snapshot, number)
    if current is None:
        raise Http404
    total = len(snapshot["themes"])
    if request.method == "POST":
        form = ThemeForm(request.POST, theme=current)
        if form.is_valid():
            services.save_page(diagnostic=diagnostic, number=number, answers=form.answers())
            action = request.POST.get("action", "next")
            if action == "previous" and number > 1:
                return redirect("diagnostic:theme", diagnostic.pk, number - 1)
            if action.startswith("goto-") and action[5:].isdigit():
                target = int(action[5:])
                if theme_at(snapshot, target):
                    return redirect("diagnostic:theme", diagnostic.pk, target)
            if action == "later":
                messages.success(
                    request,
                    _("Vos réponses sont enregistrées. Vous pourrez reprendre où vous en étiez."),
                )
                return redirect("diagnostic:later", diagnostic.pk)
            if action == "finish" or (action == "next" and number == total):
                try:
                    services.complete(diagnostic=diagnostic, by=request.user)
                except InvalidTransition as error:
                    messages.error(request, str(error))
                return redirect("diagnostic:result", diagnostic.pk)
            return redirect("diagnostic:theme", diagnostic.pk, min(number + 1, total))
    else:
        form = ThemeForm(theme=current, answers=diagnostic.answers)
    answered = set(diagnostic.answers or {})
    pages = [
        {
            "number": i,
            "label": t["label"],
            "current": i == number,
            "done": any(str(q["id"]) in answered for q in t["questions"]),
        }
        for i, t in enumerate(snapshot["themes"], start=1)
    ]
    return render(
        request,
        "diagnostic/theme.html",
        {
            "diagnostic": diagnostic,
            "theme": current,
            "form": form,
            "number": number,
            "total": total,
            "pages": pages,
            "is_last": number == total,
        },
    )


def later(request, pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_take(request, diagnostic):
        return _refuse(request)
    form = EmailLinkForm(
        request.POST or None,
        initial={"email": request.user.email if request.user.is_authenticated else ""},
    )
    if request.method == "POST" and form.is_valid():
        services.send_resume_link(diagnostic=diagnostic, email=form.cleaned_data["email"])
        messages.success(
            request,
            _("Le lien pour reprendre est envoyé à %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("diagnostic:later", diagnostic.pk)
    return render(request, "diagnostic/later.html", {"diagnostic": diagnostic, "form": form})


def resume(request, token):
    diagnostic = get_object_or_404(Diagnostic, token=token)
    if not perms.may_follow_link(request, diagnostic):
        return _refuse(request)
    if not diagnostic.organisation_id:
        _remember(request, diagnostic)
    return redirect(diagnostic.get_absolute_url())


@login_required
def attach(request, pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_attach(request, diagnostic):
        raise PermissionDenied
    organisations = perms.attachable_organisations(request.user)
    form = AttachForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach(
                diagnostic=diagnostic,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
            )
        except services.DiagnosticError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Le diagnostic est enregistré pour %(name)s.")
                % {"name": diagnostic.organisation.name},
            )
            return redirect(diagnostic.get_absolute_url())
    return render(
        request,
        "diagnostic/attach.html",
        {"diagnostic": diagnostic, "form": form, "has_organisations": organisations.exists()},
    )


def _result_context(request, diagnostic, shares):
    theme_results = list(diagnostic.theme_results.all())
    previous = None
    previous_scores = {}
    if diagnostic.organisation_id:
        previous = (
            Diagnostic.objects.completed()
            .filter(
                organisation_id=diagnostic.organisation_id, completed_at__lt=diagnostic.completed_at
            )
            .order_by("-completed_at", "-pk")
            .prefetch_related("theme_results")
            .first()
        )
        if previous is not None:
            previous_scores = {t.theme_slug: t.score for t in previous.theme_results.all()}
    rows = [
        {
            "label": t.theme_label,
            "score": t.score,
            "slug": t.theme_slug,
            "previous": previous_scores.get(t.theme_slug),
            "level": t.level,
            "unknown": t.unknown,
            "unanswered": t.unanswered,
        }
        for t in theme_results
    ]
    for row in rows:
        if row["score"] is not None and row["previous"] is not None:
            row["change"] = row["score"] - row["previous"]
    summary = services.summary_of(diagnostic, theme_results)
    summary["organisation_id"] = diagnostic.organisation_id
    summary["commune_code"] = (
        diagnostic.organisation.seat_commune_id if diagnostic.organisation_id else None
    )
    follow_ups = list(diagnostic.follow_ups.all())
    strong = sorted(
        (r for r in rows if r["score"] is not None and r["score"] >= 75), key=lambda r: -r["score"]
    )
    weak = sorted(
        (r for r in rows if r["score"] is not None and r["score"] < 50), key=lambda r: r["score"]
    )
    may_manage = perms.may_manage(request, diagnostic)
    return {
        "diagnostic": diagnostic,
        "rows": rows,
        "chart": chart.bars(rows),
        "previous": previous,
        "strengths": strong,
        "weaknesses": weak,
        "recommendations": recommendations.build(
            request=request,
            diagnostic=diagnostic,
            theme_results=theme_results,
            follow_ups=follow_ups,
            summary=summary,
        ),
        "may_manage": may_manage,
        "may_attach": perms.may_attach(request, diagnostic),
        "shares": [s for s in shares if s.revoked_at is None] if may_manage else [],
        "share_form": ShareForm() if may_manage else None,
        "status_choices": FollowUp.Status.choices,
    }


def result(request, pk):
    diagnostic = get_object_or_404(
        Diagnostic.objects.select_related("version", "organisation__seat_commune").prefetch_related(
            Prefetch("shares", queryset=Share.objects.active().select_related("recipient"))
        ),
        pk=pk,
    )
    shares = list(diagnostic.shares.all())
    if not perms.may_view_result(request, diagnostic, shares):
        return _refuse(request)
    response = render(
        request, "diagnostic/result.html", _result_context(request, diagnostic, shares)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def answers(request, pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_view_result(request, diagnostic):
        return _refuse(request)
    stored = diagnostic.answers or {}
    themes = []
    for theme in diagnostic.version.snapshot["themes"]:
        questions = []
        for question in theme["questions"]:
            answer = stored.get(str(question["id"])) or {}
            chosen = set(answer.get("choices") or [])
            questions.append(
                {
                    "text": question["text"],
                    "unknown": answer.get("unknown", False),
                    "chosen": [c["label"] for c in question["choices"] if c["id"] in chosen],
                }
            )
        themes.append({"label": theme["label"], "questions": questions})
    return render(request, "diagnostic/answers.html", {"diagnostic": diagnostic, "themes": themes})


@require_POST
def follow_up(request, pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_manage(request, diagnostic) or not diagnostic.is_completed:
        return _refuse(request)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.set_follow_up(
                diagnostic=diagnostic,
                measure_slug=form.cleaned_data["measure"],
                status=form.cleaned_data["status"],
                by=request.user,
            )
        except (services.DiagnosticError, InvalidTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Suivi enregistré."))
    else:
        messages.error(request, _("Choisissez où vous en êtes dans la liste."))
    return redirect(reverse("diagnostic:result", args=[diagnostic.pk]) + "#priorites")


@require_POST
def share(request, pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_manage(request, diagnostic) or not diagnostic.is_completed:
        return _refuse(request)
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            services.share(diagnostic=diagnostic, recipient=form.recipient, by=request.user)
        except services.DiagnosticError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("Le résultat est partagé avec %(email)s.") % {"email": form.recipient.email},
            )
            return redirect(reverse("diagnostic:result", args=[diagnostic.pk]) + "#partage")
    return render(
        request, "diagnostic/share.html", {"diagnostic": diagnostic, "form": form}, status=400
    )


@require_POST
def revoke(request, pk, share_pk):
    diagnostic = _diagnostic(pk)
    if not perms.may_manage(request, diagnostic):
        return _refuse(request)
    share_obj = get_object_or_404(Share, pk=share_pk, diagnostic=diagnostic)
    try:
        services.revoke_share(share=share_obj, by=request.user)
    except services.DiagnosticError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le partage est retiré."))
    return redirect(reverse("diagnostic:result", args=[diagnostic.pk]) + "#partage")
