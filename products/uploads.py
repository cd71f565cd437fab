"""Checks on uploaded files: the content decides the type, not the name; the size limit is a setting."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple
    label: str


PDF = Kind("application/pdf", (".pdf",), "PDF")
JPEG = Kind("image/jpeg", (".jpg", ".jpeg"), "JPEG")
PNG = Kind("image/png", (".png",), "PNG")
WEBP = Kind("image/webp", (".webp",), "WebP")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "DOCX")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), "XLSX")
DOCUMENT_KINDS = (PDF, JPEG, PNG, WEBP, DOCX, XLSX)
ACCEPT_ATTRIBUTE = ",".join(ext for kind in DOCUMENT_KINDS for ext in kind.extensions)
ALLOWED_LABEL = "PDF, JPEG, PNG, WebP, DOCX, XLSX"


def _office_kind(upload):
    """DOCX and XLSX are zip files holding a known part."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _image_is_whole(upload):
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)


def detect_kind(upload):
    """The Kind the file's bytes are, among the allowed ones, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime == "application/pdf" and head.startswith(b"%PDF-"):
        return PDF
    for image in (JPEG, PNG, WEBP):
        if mime == image.content_type:
            return image if _image_is_whole(upload) else None
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def max_upload_bytes(limit_mb=None):
    return (limit_mb or settings.UPLOAD_MAX_MB) * 1024 * 1024


def validate_upload(upload, kinds=DOCUMENT_KINDS, limit_mb=None):
    """Return the Kind of an acceptable upload, or raise a ValidationError the user can act on."""
    limit = max_upload_bytes(limit_mb)
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_big",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = detect_kind(upload)
    allowed = ", ".join(k.label for k in kinds)
    if kind is None or kind not in kinds:
        raise ValidationError(
            _("This file's content is not one of the accepted types (%(allowed)s), whatever its name says."),
            code="bad_content",
            params={"allowed": allowed},
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in kind.extensions:
        raise ValidationError(
            _("The file is named %(name)s but its content is %(kind)s. Rename it or choose the right file."),
            code="name_mismatch",
            params={"name": PurePath(upload.name or "").name, "kind": kind.label},
        )
    return kind


def validate_uploads(uploads, kinds=DOCUMENT_KINDS, limit_mb=None):
    """Check several files at once; one ValidationError naming each refused file and why."""
    errors = []
    for upload in uploads:
        try:
            validate_upload(upload, kinds, limit_mb)
        except ValidationError as error:
            errors += [f"{upload.name}: {message}" for message in error.messages]
    if errors:
        raise ValidationError(errors)
