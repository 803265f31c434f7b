"""Issue 17 §3: the disk full for media uploads. A real 256 KB tmpfs holds the private files.

Filled up, it refuses the next write with ENOSPC: the donor sees a clear French message and the
form as typed, and nothing half-done stays: no offer, no photo row, no file left on the disk —
not even the first photo of two, written before the disk ran out. The same for a fund document.
Mounting needs root, as CI on these machines has: no skip.
"""

from __future__ import annotations

import io
import os
import subprocess
from html import unescape

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from assonum.donations.models import Offer, Photo
from assonum.fund import services as fund_services
from assonum.fund.models import Document
from tests.donations.factories import communes, donor_org, login, member_of
from tests.fund.conftest import pdf, world  # noqa: F401 - the fund's fixture, reused

pytestmark = pytest.mark.django_db

FILLER = "filler.bin"


@pytest.fixture
def full_disk(tmp_path, monkeypatch):
    """A tmpfs of 256 KB with 8 KB left, set as the storage of the private file fields."""
    mount_point = tmp_path / "private"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                   check=True)
    try:
        stat = os.statvfs(mount_point)
        free = stat.f_bavail * stat.f_frsize
        (mount_point / FILLER).write_bytes(b"\0" * (free - 8 * 1024))
        storage = FileSystemStorage(location=str(mount_point))
        for model, field in ((Photo, "image"), (Document, "file")):
            monkeypatch.setattr(model._meta.get_field(field), "storage", storage)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def files_on(mount_point) -> list[str]:
    return sorted(str(path.relative_to(mount_point)) for path in mount_point.rglob("*")
                  if path.is_file())


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_jpeg() -> bytes:
    """A photo that stays well over 8 KB once re-encoded (noise does not compress)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(buffer, format="JPEG",
                                                                        quality=95)
    return buffer.getvalue()


def test_a_full_disk_refuses_the_offer_cleanly(full_disk):
    places = communes()
    assert "36044" in places  # Châteauroux, typed below
    donor = member_of(donor_org(name="Cabinet comptable de La Châtre"))
    client = login(Client(), donor)
    data = {
        "title": "Portables du cabinet", "description": "Trois portables de 2018.",
        "organisation": str(donor.memberships.get().organisation_id), "commune": "Châteauroux",
        "available_from": "2026-12-01", "available_until": "", "handover": "collect",
        "dropoff_point": "", "lots-TOTAL_FORMS": "1", "lots-INITIAL_FORMS": "0",
        "lots-MIN_NUM_FORMS": "1", "lots-MAX_NUM_FORMS": "10", "lots-0-kind": "laptop",
        "lots-0-quantity": "3", "lots-0-year": "2018", "lots-0-condition": "working",
        "lots-0-operating_system": "linux", "lots-0-wiping": "crypto",
        "lots-0-details": "Chargeurs fournis", "envoyer": "1",
        # The first photo fits in what is left, the second does not.
        "photos": [SimpleUploadedFile("petit.png", small_png(), "image/png"),
                   SimpleUploadedFile("grand.jpg", noisy_jpeg(), "image/jpeg")],
    }
    page = client.post("/dons/donner/", data)

    text = unescape(page.content.decode())
    assert page.status_code == 200
    assert "espace de stockage plein" in text and "Rien n'a été enregistré" in text
    assert 'value="Portables du cabinet"' in text  # what was typed is kept
    assert "Chargeurs fournis" in text
    assert not Offer.objects.exists() and not Photo.objects.exists()
    assert files_on(full_disk) == [FILLER]  # the first photo was written, then removed

    # Room again: the same form goes through, photos and all.
    (full_disk / FILLER).unlink()
    data["photos"] = [SimpleUploadedFile("grand.jpg", noisy_jpeg(), "image/jpeg")]
    page = client.post("/dons/donner/", data)
    offer = Offer.objects.get(title="Portables du cabinet")
    assert page.status_code == 302 and offer.photos.count() == 1
    assert len(files_on(full_disk)) == 1


def test_a_full_disk_refuses_a_fund_document_cleanly(world, full_disk):  # noqa: F811
    application = fund_services.start_application(call=world.call, organisation=world.foyer,
                                                  by=world.member)
    big = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n" + os.urandom(64 * 1024) + b"\n%%EOF\n",
                             content_type="application/pdf")
    client = login(Client(), world.member)
    page = client.post(f"/fonds/dossiers/{application.pk}/pieces/",
                       {"label": "Budget prévisionnel", "file": big}, follow=True)
    assert "espace de stockage plein" in unescape(page.content.decode())
    assert not Document.objects.filter(application=application).exists()
    assert files_on(full_disk) == [FILLER]

    with pytest.raises(fund_services.FundError):  # the service says the same to any caller
        fund_services.add_document(application=application, label="Budget", upload=big,
                                   by=world.member)
    fund_services.add_document(application=application, label="Budget", upload=pdf(),
                               by=world.member)  # a small one still fits
    assert Document.objects.filter(application=application).count() == 1
