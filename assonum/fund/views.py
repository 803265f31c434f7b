"""Thin views of the support fund: perms.py decides, services.py writes."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assonum.core.french import of_name
from assonum.core.private_files import private_file_url
from assonum.core.workflow import InvalidTransition, history
from assonum.organisations import perms as org_perms

from . import forms, perms, reports, scoring, services
from .models import Application, AuditEvent, Call, Expert, Message, Payment, Review, Support

S = Application.Status


def _application_or_404(user, pk):
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation__seat_commune__department",
                                           "support"), pk=pk)
    if not perms.may_view_application(user, application):
        raise Http404
    return application


def index(request):
    today = timezone.localdate()
    calls = list(Call.objects.open_on(today))
    past = list(Call.objects.filter(closes_on__lt=today)[:5])
    return render(request, "fund/index.html", {"calls": calls, "past": past})


def call_detail(request, slug):
    call = get_object_or_404(Call.objects.prefetch_related("criteria"), slug=slug)
    organisations = []
    if request.user.is_authenticated:
        organisations = list(org_perms.organisations_of(request.user, kinds=["association"]))
    return render(request, "fund/call.html", {"call": call, "organisations": organisations,
                                              "is_open": call.is_open()})


@login_required
@require_POST
def apply(request, slug):
    call = get_object_or_404(Call, slug=slug)
    organisation = org_perms.organisations_of(request.user, kinds=["association"]).filter(
        pk=request.POST.get("organisation")).first()
    if organisation is None or not perms.may_apply_for(request.user, organisation):
        raise Http404
    if not call.is_open():
        messages.error(request, _("Cet appel n'est pas ouvert."))
        return redirect(call)
    existing = call.applications.filter(organisation=organisation).exclude(
        status__in=[S.REFUSED, S.ABANDONED]).first()
    if existing:
        return redirect("fund:edit", existing.pk)
    application = services.start_application(call=call, organisation=organisation,
                                              by=request.user)
    messages.success(request, _("Brouillon créé, pré-rempli avec votre dernier diagnostic."))
    return redirect("fund:edit", application.pk)


@login_required
def application_edit(request, pk):
    application = _application_or_404(request.user, pk)
    if not perms.may_edit_application(request.user, application):
        return redirect(application)
    call = application.call
    form = forms.ApplicationForm(request.POST or None, instance=application, call=call)
    document_form = forms.DocumentForm(call=call)
    problems = []
    if request.method == "POST" and form.is_valid():
        services.save_application(application=application, by=request.user,
                                  data=form.cleaned_data)
        if "submit" in request.POST:
            if not perms.may_submit(request.user, application):
                messages.error(request, _("Seul un administrateur de l'association peut déposer "
                                          "le dossier. Le brouillon est enregistré."))
                return redirect("fund:edit", application.pk)
            try:
                services.submit(application=application, by=request.user)
            except services.FundError as error:
                problems = [error.message, *error.reasons]
            except InvalidTransition as error:
                problems = [error.message]
            else:
                messages.success(request, _("Dossier déposé. Vous serez prévenu par e-mail."))
                return redirect(application)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("fund:edit", application.pk)
    documents = [(d, private_file_url(d, "piece")) for d in application.documents.all()]
    return render(request, "fund/application_form.html", {
        "application": application, "form": form, "document_form": document_form,
        "documents": documents, "problems": problems,
        "may_submit": perms.may_submit(request.user, application)})


@login_required
@require_POST
def add_document(request, pk):
    application = _application_or_404(request.user, pk)
    if not perms.may_edit_application(request.user, application):
        raise Http404
    form = forms.DocumentForm(request.POST, request.FILES, call=application.call)
    if form.is_valid():
        try:
            services.add_document(application=application, label=form.cleaned_data["label"],
                                  upload=form.cleaned_data["file"], by=request.user)
        except services.FundError as error:
            messages.error(request, error.message)
        except Exception as error:  # a ValidationError from the content check
            if not hasattr(error, "messages"):
                raise
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pièce ajoutée."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("fund:edit", application.pk)


def _thread(user, application):
    thread = application.messages.select_related("author")
    if not perms.may_read_private_notes(user):
        thread = thread.filter(private=False)
    return list(thread)


@login_required
def application_detail(request, pk):
    application = _application_or_404(request.user, pk)
    user = request.user
    services.audit(application, user, AuditEvent.Action.OPENED)
    staff = perms.may_manage(user)
    context = {
        "application": application, "staff": staff,
        "is_member": perms.is_member(user, application),
        "thread": _thread(user, application) if perms.may_write_message(user, application)
        else [],
        "may_write": perms.may_write_message(user, application),
        "may_edit": perms.may_edit_application(user, application),
        "history": history(application).select_related("by"),
        "message_form": forms.MessageForm(),
        "progress": progress_rows(application),
        "payments": list(application.payments.all()),
        "may_satisfy": perms.may_give_satisfaction(user, application),
        "satisfaction_form": forms.SatisfactionForm(),
    }
    if perms.may_read_document(user, application.documents.model(application=application)):
        context["documents"] = [(d, private_file_url(d, "piece"))
                                for d in application.documents.all()]
    if staff:
        reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores"))
        criteria = list(application.call.criteria.all())
        for review in reviews:
            review.score = scoring.review_score(review, criteria)
        context.update({
            "reviews": reviews, "score": scoring.file_score(application, criteria),
            "decision_form": forms.DecisionForm(), "complement_form": forms.ComplementForm(),
            "payment_form": forms.PaymentForm(), "reviewer_form": forms.ReviewerForm(),
            "audit": list(application.audit_events.select_related("user")[:30]),
            "experts": list(Expert.objects.filter(approved=True).select_related("place")[:50])
            if application.status in (S.ACCEPTED, S.ACCEPTED_CONDITIONS) else [],
        })
    return render(request, "fund/application.html", context)


def progress_rows(application):
    """The diagnostic themes at the start and at the end, side by side."""
    start, end = application.start_summary, application.end_summary
    if not start:
        return []
    ends = {t["slug"]: t["score"] for t in (end or {}).get("themes", [])}
    rows = []
    for theme in start["themes"]:
        after = ends.get(theme["slug"])
        delta = after - theme["score"] if after is not None and theme["score"] is not None \
            else None
        rows.append({"label": theme["label"], "before": theme["score"], "after": after,
                     "delta": delta})
    return rows


@login_required
@require_POST
def post_message(request, pk):
    application = _application_or_404(request.user, pk)
    if not perms.may_write_message(request.user, application):
        raise Http404
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        staff = perms.may_manage(request.user)
        services.post_message(application=application, by=request.user, from_staff=staff,
                              body=form.cleaned_data["body"],
                              private=staff and form.cleaned_data["private"])
        messages.success(request, _("Message envoyé."))
    else:
        messages.error(request, _("Le message est vide."))
    return redirect(application)


@login_required
@require_POST
def satisfaction(request, pk):
    application = _application_or_404(request.user, pk)
    if not perms.may_give_satisfaction(request.user, application):
        raise Http404
    form = forms.SatisfactionForm(request.POST)
    if form.is_valid():
        services.give_satisfaction(application=application, by=request.user,
                                   score=form.cleaned_data["score"],
                                   comment=form.cleaned_data["comment"])
        messages.success(request, _("Merci pour votre avis."))
    else:
        messages.error(request, _("Choisissez une note de 1 à 5."))
    return redirect(application)


@login_required
@require_POST
def staff_action(request, pk):
    """Staff moves: open the review, ask a complement, decide, assign, stage or mark payments."""
    application = _application_or_404(request.user, pk)
    if not perms.may_manage(request.user):
        raise Http404
    action, by = request.POST.get("action"), request.user
    try:
        if action == "open_review":
            services.open_review(application=application, by=by)
        elif action == "complement":
            form = forms.ComplementForm(request.POST)
            services.ask_complement(application=application, by=by,
                                    message=form.data.get("message", ""))
        elif action == "decide":
            form = forms.DecisionForm(request.POST)
            if not form.is_valid():
                raise services.FundError(_("La décision n'est pas enregistrée :"),
                                         [e for errs in form.errors.values() for e in errs])
            services.decide(application=application, by=by, **form.cleaned_data)
        elif action == "assign":
            form = forms.ReviewerForm(request.POST)
            reviewer = get_user_model().objects.filter(
                email__iexact=form.data.get("email", "").strip(),
                groups__name=perms.COMMITTEE_GROUP).first()
            if reviewer is None:
                raise services.FundError(_("Aucun membre du « Comité du fonds » avec cette "
                                           "adresse."))
            services.assign_reviewer(application=application, reviewer=reviewer, by=by)
        elif action == "stage_payment":
            form = forms.PaymentForm(request.POST)
            if not form.is_valid():
                raise services.FundError(_("Versement non enregistré :"),
                                         [e for errs in form.errors.values() for e in errs])
            expert = application.support.experts.first() if application.support_id else None
            services.stage_payment(application=application, by=by, expert=expert,
                                   **form.cleaned_data)
        elif action == "start_support":
            expert = get_object_or_404(Expert, pk=request.POST.get("expert"), approved=True)
            services.create_support(
                call=application.call, kind="individual", experts=[expert],
                applications=[application], by=by,
                title=_("Accompagnement %s") % of_name(application.organisation.name))
        elif action == "mark_paid":
            payment = get_object_or_404(Payment, pk=request.POST.get("payment"),
                                        application=application)
            services.mark_paid(payment=payment, by=by, paid_on=timezone.localdate())
        else:
            raise Http404
    except (services.FundError, InvalidTransition) as error:
        reasons = getattr(error, "reasons", [])
        messages.error(request, " ".join([error.message, *reasons]))
    else:
        messages.success(request, _("C'est enregistré."))
    return redirect(application)


@login_required
def review(request, pk):
    """A reviewer's page: declare conflicts first, then score against the grid."""
    application = get_object_or_404(Application.objects.select_related("call", "organisation"),
                                     pk=pk)
    review = perms.review_of(request.user, application)
    if review is None:
        raise Http404
    if review.conflict is None or request.POST.get("step") == "conflict":
        form = forms.ConflictForm(request.POST if request.POST.get("step") == "conflict" else None)
        if request.method == "POST" and form.is_valid() and perms.may_declare_conflict(
                request.user, application):
            services.declare_conflict(review=review, conflict=form.cleaned_data["conflict"],
                                      note=form.cleaned_data["note"])
            return redirect("fund:review", application.pk)
        return render(request, "fund/review_conflict.html", {
            "application": application, "form": form})
    if review.conflict:
        return render(request, "fund/review_conflict.html", {
            "application": application, "conflict": True})
    criteria = list(application.call.criteria.all())
    marks = {s.criterion_id: s.value for s in review.scores.all()}
    form = forms.ScoreForm(request.POST or None, criteria=criteria, initial_marks=marks,
                           initial={"comment": review.comment})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(review=review, marks=form.marks(),
                                 comment=form.cleaned_data["comment"], by=request.user)
        except services.FundError as exc:
            error = exc.message
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("fund:queue")
    services.audit(application, request.user, AuditEvent.Action.OPENED, _("relecture"))
    return render(request, "fund/review.html", {
        "application": application, "form": form, "error": error,
        "may_score": perms.may_score(request.user, application),
        "documents": [(d, private_file_url(d, "piece")) for d in application.documents.all()]})


@login_required
def queue(request):
    """Staff: every file in review, best score first. A reviewer: the files assigned to them."""
    user = request.user
    if not perms.may_see_queue(user):
        raise Http404
    queryset = Application.objects.select_related(
        "call", "organisation__seat_commune").prefetch_related(
        Prefetch("reviews", queryset=Review.objects.prefetch_related("scores")),
        "call__criteria")
    if perms.may_manage(user):
        queryset = queryset.filter(status__in=[S.SUBMITTED, S.IN_REVIEW, S.COMPLEMENT])
        applications = list(queryset)
        grants = scoring.granted_before(applications)
        rows = []
        for application in applications:
            repeat = any(org == application.organisation_id and pk != application.pk
                         for org, pk in grants)
            rows.append((application, scoring.file_score(
                application, list(application.call.criteria.all()), repeat=repeat)))
        rows.sort(key=lambda r: (r[1]["total"] is None, -(r[1]["total"] or 0)))
        return render(request, "fund/queue.html", {"rows": rows, "staff": True})
    reviews = list(Review.objects.filter(reviewer=user).select_related(
        "application__call", "application__organisation").order_by("-assigned_at"))
    return render(request, "fund/queue.html", {"reviews": reviews, "staff": False})


@login_required
def supports(request):
    user = request.user
    experts = list(perms.experts_of(user))
    queryset = Support.objects.select_related("call").prefetch_related("experts__place")
    if not perms.may_manage(user):
        if not experts:
            raise Http404
        queryset = queryset.filter(experts__in=experts).distinct()
    context = {"supports": list(queryset[:100])}
    if perms.may_manage(user):
        waiting = list(Application.objects.filter(
            status__in=[S.ACCEPTED, S.ACCEPTED_CONDITIONS], support__isnull=True)
            .select_related("organisation", "call")[:50])
        if request.method == "POST":
            chosen = [a for a in waiting if str(a.pk) in request.POST.getlist("applications")]
            expert = Expert.objects.filter(approved=True, pk=request.POST.get("expert")).first()
            try:
                if not chosen or len({a.call_id for a in chosen}) != 1:
                    raise services.FundError(_("Choisissez des associations d'un même appel."))
                support = services.create_support(
                    call=chosen[0].call, kind="collective", applications=chosen, by=user,
                    experts=[expert] if expert else [],
                    title=request.POST.get("title", "").strip()[:200] or _("Cohorte"))
            except (services.FundError, InvalidTransition) as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Cohorte créée."))
                return redirect(support)
        context.update({"waiting": waiting, "experts": list(
            Expert.objects.filter(approved=True).select_related("place")[:50])})
    elif request.method == "POST":
        raise Http404
    return render(request, "fund/supports.html", context)


@login_required
def support_detail(request, pk):
    support = get_object_or_404(Support.objects.select_related("call"), pk=pk)
    if not perms.may_view_support(request.user, support):
        raise Http404
    applications = list(support.applications.select_related("organisation"))
    may_log = perms.may_log_session(request.user, support)
    session_form = forms.SessionForm(applications=applications)
    report_form = forms.ReportForm()
    if request.method == "POST" and may_log:
        if request.POST.get("step") == "report":
            report_form = forms.ReportForm(request.POST)
            if report_form.is_valid():
                try:
                    services.close_support(support=support, by=request.user,
                                           report=report_form.cleaned_data["report"])
                except (services.FundError, InvalidTransition) as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Accompagnement clos."))
                return redirect(support)
        else:
            session_form = forms.SessionForm(request.POST, applications=applications)
            if session_form.is_valid():
                data = session_form.cleaned_data
                services.log_session(support=support, by=request.user,
                                     starts_at=data["starts_at"],
                                     duration_minutes=data["duration_minutes"],
                                     content=data["content"], present=data["present"])
                messages.success(request, _("Séance enregistrée."))
                return redirect(support)
    elif request.method == "POST":
        raise Http404
    sessions = list(support.sessions.prefetch_related("attendances__application__organisation"))
    return render(request, "fund/support.html", {
        "support": support, "applications": applications, "sessions": sessions,
        "may_log": may_log, "session_form": session_form, "report_form": report_form,
        "hours": round(sum(s.duration_minutes for s in sessions) / 60, 1)})


def grants(request):
    rows = list(Application.objects.granted().select_related(
        "call", "organisation__seat_commune").order_by("-decided_at")[:200])
    return render(request, "fund/grants.html", {"rows": rows})


def subventions_csv(request):
    from .opendata import scdl_csv

    response = HttpResponse(scdl_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="subventions.csv"'
    return response


@login_required
def report(request):
    if not perms.may_see_reports(request.user):
        raise Http404
    return render(request, "fund/reports.html", {"tables": reports.tables(),
                                                 "progress": reports.average_progress()})


@login_required
def report_xlsx(request):
    if not perms.may_see_reports(request.user):
        raise Http404
    response = HttpResponse(reports.xlsx(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = 'attachment; filename="fonds-rapports.xlsx"'
    return response


__all__ = ["Message"]
