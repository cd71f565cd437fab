"""Every user-facing string is extracted into locale/vi and translated."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="needs gettext (msgfmt, xgettext): apt-get install gettext",
)


def statistics(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_every_message_in_the_catalogue_is_translated():
    stats = statistics(ROOT / PO)
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings again from a copy of the sources: nothing new may appear, nothing may go stale."""
    copy = tmp_path / "src"
    skip = shutil.ignore_patterns(".*", "media", "staticfiles", "static", "*.sqlite3", "__pycache__", "*.mo", "bench")
    shutil.copytree(ROOT, copy, ignore=skip)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location"],
        cwd=copy,
        env={**os.environ, "DEBUG": "true"},
        check=True,
        capture_output=True,
    )
    stats = statistics(copy / PO)
    assert "untranslated" not in stats and "fuzzy" not in stats, f"run `make messages` and translate: {stats}"
    assert "#~" not in (copy / PO).read_text(), "locale/vi has stale entries: run `make messages`"
