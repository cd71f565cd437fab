"""Uploads are judged by their bytes: the allowed types pass, anything else is refused whatever its name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from products.demo import demo_pdf
from products.uploads import DOCX, JPEG, PDF, PNG, WEBP, XLSX, validate_upload


def image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, fmt)
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("phieu.pdf", demo_pdf("x"), PDF),
        ("anh.jpg", image("JPEG"), JPEG),
        ("anh.JPEG", image("JPEG"), JPEG),
        ("anh.png", image("PNG"), PNG),
        ("anh.webp", image("WEBP"), WEBP),
        ("bieu-03.docx", docx(), DOCX),
        ("so-lieu.xlsx", xlsx(), XLSX),
    ],
)
def test_allowed_types_pass(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("hoso.pdf", b"MZ\x90\x00" + b"\x00" * 64, "bad_content"),  # a Windows program
        ("hoso.pdf", b"<html><script>alert(1)</script></html>", "bad_content"),
        ("hoso.pdf", plain_zip(), "bad_content"),  # a zip that is no Office file
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bad_content"),  # a broken image
        ("hoso.pdf", docx(), "name_mismatch"),  # a Word file named .pdf
        ("anh.exe", image("PNG"), "name_mismatch"),
        ("trong.pdf", b"", "empty"),
    ],
)
def test_other_content_is_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_the_size_limit_comes_from_settings(settings):
    settings.UPLOAD_MAX_MB = 1
    content = demo_pdf("x") + b"%" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("lon.pdf", content))
    assert error.value.code == "too_big"
    settings.UPLOAD_MAX_MB = 2
    assert validate_upload(SimpleUploadedFile("lon.pdf", content)) == PDF


def test_an_image_bomb_is_refused_not_a_crash():
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("bom.png", buffer.getvalue()))
    assert error.value.code == "bad_content"
