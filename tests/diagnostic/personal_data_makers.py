"""The diagnostic's links to a person, for tests/core/test_personal_data_coverage.py.

Each maker creates a row pointing at the person and returns it with a text that the
diagnostic's part of the personal-data export must contain.
"""

from django.utils import timezone

from assonum.diagnostic import services
from assonum.diagnostic.models import Diagnostic, FollowUp, Share
from tests.diagnostic import factories as f


def _diagnostic(name, **extra):
    f.questionnaire()
    return Diagnostic.objects.create(version=services.current_version(),
                                     organisation=f.association(name=name), **extra)


def _started(user):
    return _diagnostic("Comité des fêtes de Lury-sur-Arnon", started_by=user), "Lury-sur-Arnon"


def _follow_up(user):
    diagnostic = _diagnostic("Amicale laïque de Mehun-sur-Yèvre")
    row = FollowUp.objects.create(diagnostic=diagnostic, measure_slug="sauvegarder-les-fichiers",
                                  status=FollowUp.Status.DOING, updated_by=user)
    return row, "sauvegarder-les-fichiers"


def _published(user):
    f.questionnaire()  # the draft questionnaire, and its version 1
    version = services.publish_version(by=user, note="Question sur la cybersécurité reformulée")
    return version, "Question sur la cybersécurité reformulée"


def _share(name, **extra):
    extra.setdefault("recipient", f.expert())
    return Share.objects.create(diagnostic=_diagnostic(name), consent_text="L'association accepte.",
                                **extra)


MAKERS = {
    ("diagnostic.Diagnostic", "started_by"): _started,
    ("diagnostic.FollowUp", "updated_by"): _follow_up,
    ("diagnostic.QuestionnaireVersion", "published_by"): _published,
    ("diagnostic.Share", "granted_by"): lambda u: (
        _share("Théâtre de Graçay", granted_by=u), "Théâtre de Graçay"),
    ("diagnostic.Share", "recipient"): lambda u: (
        _share("Ludothèque de Vatan", recipient=u), "Ludothèque de Vatan"),
    ("diagnostic.Share", "revoked_by"): lambda u: (
        _share("Chorale de Reuilly", revoked_by=u, revoked_at=timezone.now()),
        "Chorale de Reuilly"),
}
