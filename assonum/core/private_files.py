"""Private uploads: stored outside the public media, checked by content, served through perms.

A model keeps a private document with :class:`PrivateFileField`::

    document = PrivateFileField(_("pièce"), upload_to="fund/%Y/")

its form checks the upload with :func:`validate_upload` (or the :class:`UploadValidator`
given to the field)::

    validators=[UploadValidator(kinds=DOCUMENT_KINDS, max_bytes=10 * 1024 * 1024)]

and the app declares, in its plug-in (``assonum.core.plugins.PrivateFiles``), which model field
may be downloaded and the perms function that decides::

    private_files=[PrivateFiles(name="piece", model="fund.Document", field="document",
                                may_download="assonum.fund.perms.may_read_document")]

The only URL of the file is then ``private_file_url(obj, "piece")`` →
``/fichiers/<app>/<name>/<pk>/``, answered by :func:`assonum.core.views.private_file` after
asking ``may_download(user, obj)``: 404 for everyone else (not 403, so ids reveal nothing).
The storage is the ``private`` entry of ``settings.STORAGES``: a folder (``PRIVATE_MEDIA_ROOT``)
that the web server never serves, or a private S3-compatible bucket (``PRIVATE_S3_BUCKET``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import secrets

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Content kinds accepted by default, by their real content (not by their name).
DOCUMENT_KINDS = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                  "odt": "application/vnd.oasis.opendocument.text",
                  "ods": "application/vnd.oasis.opendocument.spreadsheet",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
IMAGE_KINDS = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def private_storage():
    return storages["private"]


class PrivateFileField(models.FileField):
    """A FileField on the private storage (kept out of migrations' storage argument)."""

    def __init__(self, *args, **kwargs):
        kwargs["storage"] = private_storage
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        return name, path, args, kwargs


def sniff(upload) -> tuple[str, str] | None:
    """(extension, mime) guessed from the first bytes, or None when unknown."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    extension, mime = kind.extension, kind.mime
    # OpenDocument and OOXML files are zip archives: look at their declared type.
    if mime == "application/zip" or extension in {"zip", "docx", "xlsx", "odt", "ods"}:
        found = _office_kind(upload)
        if found:
            return found
    return extension, mime


def _office_kind(upload) -> tuple[str, str] | None:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = archive.read("mimetype").decode("ascii", "replace").strip()
                for extension, known in DOCUMENT_KINDS.items():
                    if known == mime:
                        return extension, mime
            if "word/document.xml" in names:
                return "docx", DOCUMENT_KINDS["docx"]
            if "xl/workbook.xml" in names:
                return "xlsx", DOCUMENT_KINDS["xlsx"]
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


def validate_upload(upload, *, kinds: dict[str, str] | None = None,
                    max_bytes: int = 10 * 1024 * 1024) -> str:
    """Check an upload by size and by content; return its mime type or raise (French)."""
    kinds = DOCUMENT_KINDS if kinds is None else kinds
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Le fichier est trop lourd (%(size)s Mo) : %(max)s Mo au plus.") % {
                "size": round(size / 1024 / 1024, 1), "max": round(max_bytes / 1024 / 1024, 1)},
            code="too_large")
    if size == 0:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    found = sniff(upload)
    accepted = ", ".join(sorted(k.upper() for k in kinds))
    if found is None or found[1] not in kinds.values():
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Formats acceptés : %(kinds)s.") % {
                "kinds": accepted}, code="bad_type")
    return found[1]


@deconstructible
class UploadValidator:
    """Field validator form of :func:`validate_upload`."""

    def __init__(self, kinds: dict[str, str] | None = None, max_bytes: int = 10 * 1024 * 1024):
        self.kinds = kinds
        self.max_bytes = max_bytes

    def __call__(self, value):
        if value is None:
            return
        if getattr(value, "_committed", False) and not hasattr(value, "content_type"):
            return  # an already stored file, not a new upload
        validate_upload(value, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return (isinstance(other, UploadValidator) and self.kinds == other.kinds
                and self.max_bytes == other.max_bytes)


def strip_image_metadata(upload, *, max_side: int = 2000) -> io.BytesIO:
    """Re-encode an image without its EXIF data (GPS position...), scaled to ``max_side``."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        fmt = "PNG" if image.mode in ("RGBA", "LA", "P") else "JPEG"
        if fmt == "JPEG" and image.mode != "RGB":
            image = image.convert("RGB")
        image.save(out, format=fmt, optimize=True, **({"quality": 85} if fmt == "JPEG" else {}))
    out.seek(0)
    out.name = "image.png" if fmt == "PNG" else "image.jpg"
    return out


def private_file_url(obj, name: str) -> str:
    """The permission-checked download URL of the private file ``name`` declared for ``obj``."""
    return reverse("core:private_file", kwargs={
        "app": obj._meta.app_label, "name": name, "pk": obj.pk})


class StorageFull(Exception):
    """The storage refused a file for lack of space (or quota): nothing of the upload is kept."""

    def __init__(self):
        self.message = _("Le serveur ne peut pas enregistrer votre fichier pour le moment (espace "
                         "de stockage plein). Rien n'a été enregistré : réessayez plus tard, "
                         "l'équipe est prévenue.")
        super().__init__(self.message)


#: The errors that mean "no room left": the disk, the user's quota, a file too big for it.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class UploadBatch:
    """Files saved during one write; :func:`upload_batch` deletes them if the write fails."""

    def __init__(self):
        self.saved: list[tuple[object, str]] = []

    def save(self, field_file, name: str, content) -> None:
        """What ``field_file.save(name, content, save=False)`` does, under a name made unique
        beforehand, so that a write cut short by a full disk leaves no partial file behind (the
        storage does not remove it) and the removal can never hit another upload's file."""
        field, storage = field_file.field, field_file.storage
        stem, dot, ext = os.path.basename(name).rpartition(".")
        unique = f"{stem or ext}_{secrets.token_hex(6)}{dot}{ext if stem else ''}"
        target = field.generate_filename(field_file.instance, unique)
        try:
            stored = storage.save(target, content, max_length=field.max_length)
        except OSError as error:
            self._remove(storage, target)
            if error.errno not in _NO_SPACE:
                raise
            logger.error("upload refused: storage full (%s)", error)
            raise StorageFull from error
        field_file.name = stored
        setattr(field_file.instance, field.attname, stored)
        field_file._committed = True
        self.saved.append((storage, stored))

    @staticmethod
    def _remove(storage, name: str) -> None:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:  # best effort: the write already failed, report that one
            logger.exception("could not delete %s after a failed write", name)

    def discard(self) -> None:
        for storage, name in self.saved:
            self._remove(storage, name)


@contextlib.contextmanager
def upload_batch():
    """All the files of a write, or none: use inside the write's ``transaction.atomic()``::

        with transaction.atomic(), upload_batch() as files:
            photo = Photo(offer=offer)
            files.save(photo.image, upload.name, upload)
            photo.save()

    If anything inside raises (a full disk as :class:`StorageFull`, a database error...), the
    files already written are deleted and the exception propagates, so the transaction rolls
    back: no object without its file, no file without its object.
    """
    batch = UploadBatch()
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise
