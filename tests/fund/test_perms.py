"""Every private page and the private documents, against every kind of visitor."""

import pytest
from django.test import Client

from assonum.core.private_files import private_file_url
from assonum.fund import services
from tests.conftest import login_with_mfa

from .conftest import granted


@pytest.fixture
def files(world):
    """A granted application of the Foyer in an individual support of the first expert, with a
    reviewer without conflict, a reviewer with a conflict and one not assigned."""
    application = granted(world)
    ok = services.assign_reviewer(application=application, reviewer=world.reviewers[0],
                                  by=world.staff)
    services.declare_conflict(review=ok, conflict=False)
    conflicted = services.assign_reviewer(application=application, reviewer=world.reviewers[1],
                                          by=world.staff)
    services.declare_conflict(review=conflicted, conflict=True)
    support = services.create_support(call=world.call, kind="individual", title="Suivi",
                                      experts=[world.experts[0].expert],
                                      applications=[application], by=world.staff)
    document = application.documents.get()
    return application, support, document


def visitor(user=None, *, mfa=False):
    client = Client()
    if user is not None:
        if mfa:
            login_with_mfa(client, user)
        else:
            client.force_login(user)
    return client


def test_private_pages_against_every_visitor(world, files):
    application, support, document = files
    pk = application.pk
    urls = {
        "detail": f"/fonds/dossiers/{pk}/", "edit": f"/fonds/dossiers/{pk}/modifier/",
        "document": private_file_url(document, "piece"),
        "support": f"/fonds/accompagnements/{support.pk}/",
        "reports": "/fonds/rapports/", "xlsx": "/fonds/rapports/export.xlsx",
    }
    ok, no = 200, 404
    expected = {
        # who: detail, document, support, reports
        "member": (world.member, False, ok, ok, ok, no),
        "other association": (world.other_admin, False, no, no, no, no),
        "reviewer": (world.reviewers[0], False, ok, ok, no, no),
        "reviewer with a conflict": (world.reviewers[1], False, no, no, no, no),
        "reviewer not assigned": (world.reviewers[2], False, no, no, no, no),
        "assigned expert": (world.experts[0].user, False, ok, no, ok, no),
        "expert not assigned": (world.experts[1].user, False, no, no, no, no),
        "staff without the second factor": (world.staff, False, no, no, no, no),
        "staff": (world.staff, True, ok, ok, ok, ok),
    }
    for who, (user, mfa, detail, doc, sup, rep) in expected.items():
        client = visitor(user, mfa=mfa)
        got = (client.get(urls["detail"]).status_code, client.get(urls["document"]).status_code,
               client.get(urls["support"]).status_code, client.get(urls["reports"]).status_code)
        assert got == (detail, doc, sup, rep), who
        assert client.get(urls["xlsx"]).status_code == rep, who
    anonymous = visitor()
    for name in ("detail", "support", "reports", "xlsx", "edit"):
        response = anonymous.get(urls[name])
        assert response.status_code == 302 and "/compte/login/" in response["Location"], name
    assert anonymous.get(urls["document"]).status_code == 404


def test_the_document_url_is_not_public_and_the_file_is_outside_the_media(world, files, settings):
    _application, _support, document = files
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    response = visitor(world.member).get(private_file_url(document, "piece"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_actions_and_private_notes_are_for_staff_only(world, files):
    application, _support, _document = files
    services.post_message(application=application, by=world.staff, from_staff=True,
                          body="Note interne : RAS", private=True)
    for user in (world.admin, world.reviewers[0], world.experts[0].user):
        client = visitor(user)
        assert "Note interne : RAS" not in client.get(f"/fonds/dossiers/{application.pk}/")\
            .content.decode()
        response = client.post(f"/fonds/dossiers/{application.pk}/instruction/",
                               {"action": "stage_payment", "amount": "10",
                                "due_on": "2026-05-01", "payee": "association"})
        assert response.status_code == 404
    assert application.payments.count() == 0
    page = visitor(world.staff, mfa=True).get(f"/fonds/dossiers/{application.pk}/")
    assert "Note interne : RAS" in page.content.decode()


def test_an_unassigned_expert_cannot_log_sessions_nor_see_the_queue(world, files):
    _application, support, _document = files
    client = visitor(world.experts[1].user)
    response = client.post(f"/fonds/accompagnements/{support.pk}/", {
        "step": "session", "starts_at": "03/03/2026 14:00", "duration_minutes": "60",
        "content": "x"})
    assert response.status_code == 404 and support.sessions.count() == 0
    assert client.get("/fonds/comite/").status_code == 404
    assert visitor(world.reviewers[1]).get(f"/fonds/dossiers/{_application.pk}/evaluation/")\
        .content.decode().count("ne pouvez ni voir ni noter") == 1


def test_a_bad_upload_is_refused_with_a_french_message(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assonum.fund.models import Document

    application = services.start_application(call=world.call, organisation=world.foyer,
                                              by=world.member)
    client = visitor(world.member)
    fake = SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/fonds/dossiers/{application.pk}/pieces/",
                           {"label": "Budget prévisionnel", "file": fake}, follow=True)
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not Document.objects.exists()
    other = visitor(world.other_admin)
    assert other.post(f"/fonds/dossiers/{application.pk}/pieces/",
                      {"label": "x"}).status_code == 404


def test_the_queue_and_the_grants_list_take_a_fixed_number_of_queries(
        world, django_assert_max_num_queries):
    from tests.diagnostic import factories as diag

    from .conftest import ready_application

    staff = visitor(world.staff, mfa=True)

    def add_files(n):
        for _ in range(n):
            organisation = diag.association(world.communes["36093"], member=world.admin,
                                            role="admin")
            world.foyer = organisation
            application = ready_application(world)
            services.submit(application=application, by=world.admin)
            review = services.assign_reviewer(application=application,
                                              reviewer=world.reviewers[0], by=world.staff)
            services.declare_conflict(review=review, conflict=False)
    add_files(2)
    with django_assert_max_num_queries(20) as few:
        assert staff.get("/fonds/comite/").status_code == 200
    add_files(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get("/fonds/comite/").content.decode()
    assert page.count("FAN-") == 6


def test_staff_manage_calls_and_experts_in_the_back_office(world):
    staff = visitor(world.staff, mfa=True)
    for url in ("/admin/fund_calls/", "/admin/fund_experts/", "/admin/fund_criteria/"):
        assert staff.get(url).status_code == 200, url
    assert visitor(world.admin).get("/admin/fund_calls/").status_code == 302


def test_staff_gather_accepted_associations_in_a_cohort(world):
    from assonum.fund.models import Application
    from assonum.organisations.models import Membership

    first = granted(world)
    world.foyer = world.other
    Membership.objects.create(user=world.admin, organisation=world.other, role="admin")
    second = granted(world)
    payload = {"title": "Cohorte outils libres", "expert": world.experts[1].expert.pk,
               "applications": [first.pk, second.pk]}
    assert visitor(world.admin).post("/fonds/accompagnements/", payload).status_code == 404
    response = visitor(world.staff, mfa=True).post("/fonds/accompagnements/", payload)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Application.Status.IN_SUPPORT and first.support.kind == "collective"
    assert set(first.support.applications.all()) == {first, second}
    expert_client = visitor(world.experts[1].user)
    assert expert_client.get(response["Location"]).status_code == 200
    assert visitor(world.experts[0].user).get(response["Location"]).status_code == 404
