"""Every email has a text and an inline-styled HTML part; replies reach a person; the links of
`make run` follow its port."""

import os
import subprocess
import sys
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction

from assonum.core.emails import render_email, send_email, text_as_html
from assonum.core.models import SiteIdentity

ROOT = Path(settings.BASE_DIR)
SUBJECT_OR_PARTIAL = ("_subject.txt",)


def email_templates():
    """Every transactional email template of every app: <app>/templates/<app>/email(s)/x.txt."""
    found = []
    for path in sorted(ROOT.glob("assonum/*/templates/*/email*/*.txt")):
        if path.name.endswith(SUBJECT_OR_PARTIAL) or path.name.startswith("_"):
            continue
        if path.parent.parent.name == "newsletter" and path.stem == "issue":
            continue  # the issue is rendered by the newsletter itself (tested there)
        templates_dir = path.parents[2]
        found.append(str(path.relative_to(templates_dir).with_suffix("")))
    return found


# The few templates that need an object to render at all (a default filter on a missing one).
CONTEXTS = {"helprequests/emails/message": {"message": SimpleNamespace(
    author_name="Léa", body="Merci", get_side_display="association")}}


def test_the_list_of_email_templates_is_complete():
    templates = email_templates()
    assert "stories/emails/rejected" in templates
    assert "directory/emails/change_rejected" in templates
    assert len(templates) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("template", email_templates())
def test_each_email_template_gives_a_styled_html_part(template):
    context = CONTEXTS.get(template, {})
    message = render_email(subject="Objet", template=template, context=context)
    assert message["text"].strip()
    html = message["html"]
    assert "<!DOCTYPE html>" in html
    assert '<html lang="fr">' in html and 'style="' in html
    assert "<style" not in html and "<link" not in html  # inline only, nothing to load
    # The text is there, as paragraphs.
    first_words = next(line for line in message["text"].splitlines() if line.strip())[:20]
    assert first_words.strip() in unescape(html)


def test_text_becomes_paragraphs_with_clickable_escaped_links():
    html = text_as_html("Bonjour <Léa>,\n\nVotre fiche :\nhttps://exemple.org/a?b=1&c=2\n\n--\nAssoNum")
    assert "&lt;Léa&gt;" in html
    assert html.count("<p ") == 3 and "--" not in html  # the signature separator is dropped
    assert '<a style="color:' in html and 'href="https://exemple.org/a?b=1&amp;c=2"' in html
    assert "<br>" in html


@pytest.mark.django_db(transaction=True)
def test_a_text_only_email_is_sent_with_both_parts_and_replies_go_to_the_network(smtp_settings):
    identity = SiteIdentity.load()
    identity.email = "contact@reseau.example.org"
    identity.save()
    with transaction.atomic():
        send_email(to=["benevole@exemple.org"], subject="Refus",
                   template="directory/emails/claim_rejected",
                   context={"place": {"nom": "Espace numérique"}, "reason": "Pas de lien",
                            "site_name": "AssoNum"})
    (received,) = smtp_settings.received
    message = received.message
    assert message["Reply-To"] == "contact@reseau.example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL  # the sender stays the platform
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Espace numérique" in text and "Espace numérique" in html
    assert 'style="' in html


def _settings_in_a_subprocess(env):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
            "django.setup(); from django.conf import settings as s; "
            "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.CSRF_TRUSTED_ORIGINS[0])")
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SITE_URL", "PORT", "ASSONUM_TESTING", "CSRF_TRUSTED_ORIGINS"}}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**clean, "DOTENV_FILE": "", "DEBUG": "1", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_site_address_follows_the_port():
    assert _settings_in_a_subprocess({"PORT": "8190"}) == ["http://127.0.0.1:8190"] * 3
    assert _settings_in_a_subprocess({}) == ["http://127.0.0.1:8000"] * 3
    # An address set explicitly wins.
    assert _settings_in_a_subprocess({"PORT": "8190", "SITE_URL": "https://asso.example.org/"}) \
        == ["https://asso.example.org"] * 3


def test_make_run_passes_its_port_to_every_command():
    result = subprocess.run(["make", "-n", "run", "PORT=8190"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    manage = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert manage and all("PORT=8190" in line for line in manage)
    assert "scripts/serve.sh 8190" in result.stdout


def test_serve_script_gives_its_port_to_the_server_worker_and_scheduler(tmp_path):
    """scripts/serve.sh run against a stand-in Python that records what it was given."""
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    log = tmp_path / "calls.log"
    fake = venv / "python"
    # Each stand-in records its call, then waits for the other two (the script stops them all
    # as soon as one ends).
    fake.write_text(f'#!/bin/sh\necho "PORT=$PORT $*" >> {log}\n'
                    f'for i in $(seq 100); do [ "$(wc -l < {log})" -ge 3 ] && exit 0; '
                    'sleep 0.1; done\n')
    fake.chmod(0o755)
    result = subprocess.run(["bash", str(ROOT / "scripts" / "serve.sh"), "8190"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60,
                            env={k: v for k, v in os.environ.items() if k != "PORT"})
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert any("runserver 127.0.0.1:8190" in call for call in calls)
    assert any("db_worker" in call for call in calls)
    assert calls and all(call.startswith("PORT=8190 ") for call in calls), calls
