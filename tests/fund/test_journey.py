"""The issue's "done means", through the pages: diagnostic → apply → complement → answered →
accepted under conditions → approved expert → 3 sessions → 2 payments staged, 1 paid → final
report and retaken diagnostic → the funders' report and the SCDL export show it."""

import csv
import io

import pytest
from django.test import Client

from assonum.fund.models import Application, AuditEvent
from tests.conftest import login_with_mfa
from tests.diagnostic import factories as diag

from .conftest import pdf

S = Application.Status


def mails_to(smtp, address):
    return [r.message for r in smtp.received if address in r.rcpt_tos]


def _post(client, url, data=None, **extra):
    response = client.post(url, data or {}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.mark.django_db(transaction=True)
def test_the_whole_journey(world, smtp_settings, settings):
    settings.SITE_URL = "https://assonum.example.org"
    diag.completed(world.foyer, rank=0)
    member, admin = Client(), Client()
    member.force_login(world.member)
    admin.force_login(world.admin)
    staff = login_with_mfa(Client(), world.staff)
    call = world.call

    page = member.get(f"/fonds/appels/{call.slug}/").content.decode()
    assert "Foyer rural de Jeu-les-Bois" in page and "Préparer la demande" in page
    response = _post(member, f"/fonds/appels/{call.slug}/candidater/",
                     {"organisation": world.foyer.pk})
    application = Application.objects.get()
    assert response["Location"] == f"/fonds/dossiers/{application.pk}/modifier/"
    form = member.get(response["Location"]).content.decode()
    assert "Progresser en" in form  # the weak themes became goals
    data = {"title": "Outils partagés", "description": "Agenda et documents communs.",
            "goals": application.goals, "support_kind": "individual",
            "amount_requested": "4000", "budget": "Formation : 4 000 €"}
    _post(member, f"/fonds/dossiers/{application.pk}/modifier/", data)
    _post(member, f"/fonds/dossiers/{application.pk}/pieces/",
          {"label": "Budget prévisionnel", "file": pdf()})
    # A member may save but not submit
    _post(member, f"/fonds/dossiers/{application.pk}/modifier/", {**data, "submit": "1"})
    assert Application.objects.get().status == S.DRAFT
    _post(admin, f"/fonds/dossiers/{application.pk}/modifier/", {**data, "submit": "1"})
    assert Application.objects.get().status == S.SUBMITTED

    action = f"/fonds/dossiers/{application.pk}/instruction/"
    _post(staff, action, {"action": "open_review"})
    _post(staff, action, {"action": "complement",
                          "message": "Merci de joindre les derniers comptes approuvés."})
    assert Application.objects.get().status == S.COMPLEMENT
    (mail,) = mails_to(smtp_settings, "presidente@foyer-jeu.fr")
    assert "complément" in mail["Subject"]
    _post(staff, f"/fonds/dossiers/{application.pk}/messages/",
          {"body": "Note : vérifier le budget", "private": "on"})
    page = admin.get(f"/fonds/dossiers/{application.pk}/").content.decode()
    assert "derniers comptes approuvés" in page and "vérifier le budget" not in page
    _post(admin, f"/fonds/dossiers/{application.pk}/messages/", {"body": "Comptes ajoutés."})
    _post(admin, f"/fonds/dossiers/{application.pk}/pieces/",
          {"label": "Autre pièce", "file": pdf("comptes.pdf")})
    _post(admin, f"/fonds/dossiers/{application.pk}/modifier/", {**data, "submit": "1"})
    assert Application.objects.get().status == S.SUBMITTED

    _post(staff, action, {"action": "open_review"})
    _post(staff, action, {"action": "assign", "email": world.reviewers[0].email})
    reviewer = Client()
    reviewer.force_login(world.reviewers[0])
    _post(reviewer, f"/fonds/dossiers/{application.pk}/evaluation/",
          {"step": "conflict", "conflict": "0"})
    criteria = list(call.criteria.all())
    assert "Pertinence (poids 3)" in reviewer.get(
        f"/fonds/dossiers/{application.pk}/evaluation/").content.decode()
    _post(reviewer, f"/fonds/dossiers/{application.pk}/evaluation/",
          {f"c{c.pk}": "3" for c in criteria} | {"comment": "Solide"})
    assert "Note pondérée 75" in staff.get(action.replace("instruction/", "")).content.decode()
    _post(staff, action, {"action": "decide", "outcome": "accepted_conditions", "amount": "3000",
                          "conditions": "Refaire le diagnostic à la fin", "reason": "Pertinent"})
    application.refresh_from_db()
    assert application.status == S.ACCEPTED_CONDITIONS
    decision = mails_to(smtp_settings, "presidente@foyer-jeu.fr")[-1]
    assert "acceptée sous conditions" in decision["Subject"]
    assert "3000" in decision.get_body(preferencelist=("plain",)).get_content()

    expert = world.experts[0]
    _post(staff, action, {"action": "start_support", "expert": expert.expert.pk})
    application.refresh_from_db()
    assert application.status == S.IN_SUPPORT
    expert_client = Client()
    expert_client.force_login(expert.user)
    support_url = f"/fonds/accompagnements/{application.support_id}/"
    for day in (3, 10, 17):
        _post(expert_client, support_url, {
            "step": "session", "starts_at": f"{day:02d}/03/2026 14:00", "duration_minutes": "120",
            "content": f"Séance du {day} mars", "present": [str(application.pk)]})
    assert application.support.sessions.count() == 3
    for due in ("2026-04-01", "2026-06-01"):
        _post(staff, action, {"action": "stage_payment", "amount": "1500", "due_on": due,
                              "payee": "association"})
    first = application.payments.order_by("due_on").first()
    _post(staff, action, {"action": "mark_paid", "payment": first.pk})
    _post(staff, action, {"action": "stage_payment", "amount": "1", "due_on": "2026-07-01",
                          "payee": "association"})
    assert application.payments.count() == 2  # the grant is fully staged
    assert application.payments.filter(paid_on__isnull=False).count() == 1

    diag.completed(world.foyer, rank=-1)
    _post(expert_client, support_url, {"step": "report", "report": "Outils en place."})
    application.refresh_from_db()
    assert application.status == S.DONE
    _post(admin, f"/fonds/dossiers/{application.pk}/satisfaction/", {"score": "5"})
    page = admin.get(f"/fonds/dossiers/{application.pk}/").content.decode()
    assert "Progrès mesurés par le diagnostic" in page and "Au départ" in page

    report = staff.get("/fonds/rapports/").content.decode()
    assert "Indre (36)" in report and "Rural" in report and "<svg" in report
    assert "Progrès moyen du diagnostic" in report
    body = Client().get("/fonds/donnees/subventions.csv").content.decode("utf-8")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["nomBeneficiaire"] == "Foyer rural de Jeu-les-Bois"
    assert row["montant"] == "3000.00" and row["conditionsVersement"] == "échelonné"
    assert row["datesPeriodeVersement"] == "2026-04-01/2026-06-01"
    assert row["rnaBeneficiaire"] == world.foyer.rna and row["idBeneficiaire"] == ""
    assert AuditEvent.objects.filter(application=application, user=world.reviewers[0],
                                     action="opened").exists()
