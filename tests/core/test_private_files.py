"""Private files: checked by content, stored outside the public media, served through perms."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assonum.core.private_files import (
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    UploadValidator,
    private_storage,
    strip_image_metadata,
    validate_upload,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png(with_exif=False) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), "teal")
    if with_exif:
        exif = Image.Exif()
        exif[0x010F] = "Appareil de test"  # Make
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_content_decides_not_the_name():
    assert validate_upload(SimpleUploadedFile("devis.pdf", PDF)) == "application/pdf"
    with pytest.raises(ValidationError, match="Ce type de fichier n'est pas accepté"):
        validate_upload(SimpleUploadedFile("devis.pdf", b"MZ\x90\x00 an executable"))
    with pytest.raises(ValidationError, match="Formats acceptés : JPG, PNG, WEBP"):
        validate_upload(SimpleUploadedFile("photo.png", PDF), kinds=IMAGE_KINDS)
    assert validate_upload(SimpleUploadedFile("x.bin", _png()), kinds=IMAGE_KINDS) == "image/png"


def test_size_is_capped_and_empty_files_refused():
    with pytest.raises(ValidationError, match="trop lourd"):
        validate_upload(SimpleUploadedFile("a.pdf", PDF + b"0" * 2048), max_bytes=1024)
    with pytest.raises(ValidationError, match="vide"):
        validate_upload(SimpleUploadedFile("a.pdf", b""))
    validator = UploadValidator(kinds=DOCUMENT_KINDS, max_bytes=1024)
    with pytest.raises(ValidationError):
        validator(SimpleUploadedFile("a.pdf", PDF + b"0" * 2048))


def test_office_documents_are_recognised_by_their_declared_type(tmp_path):
    import zipfile

    path = tmp_path / "budget.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", DOCUMENT_KINDS["ods"])
        archive.writestr("content.xml", "<x/>")
    upload = SimpleUploadedFile("budget.ods", path.read_bytes())
    assert validate_upload(upload) == DOCUMENT_KINDS["ods"]


def test_exif_is_stripped_from_images():
    cleaned = strip_image_metadata(io.BytesIO(_png(with_exif=True)))
    with Image.open(cleaned) as image:
        assert dict(image.getexif()) == {}


def test_private_storage_is_outside_the_public_media(settings):
    location = str(private_storage().location)
    assert location == str(settings.PRIVATE_MEDIA_ROOT)
    assert not location.startswith(str(settings.MEDIA_ROOT))
    assert not private_storage().base_url.startswith(settings.MEDIA_URL)


@pytest.mark.django_db
def test_download_view_asks_the_declared_perms(client, monkeypatch):
    """A declared private file: 404 for others and for undeclared names, the file for the owner."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from assonum.core import views
    from assonum.core.plugins import Plugin, PrivateFiles
    from assonum.core.private_files import private_file_url
    from tests.accounts.factories import UserFactory

    owner, other = UserFactory(), UserFactory()
    document = Document(title="Statuts")
    document.file.save("statuts.pdf", ContentFile(PDF), save=False)
    document.save()
    declared = Plugin(app="tests.plugin_app", private_files=[PrivateFiles(
        name="statuts", model="wagtaildocs.Document", field="file",
        may_download=lambda user, obj: user == owner)])
    monkeypatch.setattr(views, "plugins", lambda: (declared,))
    url = private_file_url(document, "statuts")
    assert url == f"/fichiers/wagtaildocs/statuts/{document.pk}/"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(f"/fichiers/wagtaildocs/autre/{document.pk}/").status_code == 404
    assert client.get("/fichiers/wagtaildocs/statuts/999999/").status_code == 404
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    document.file.delete(save=False)
