import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt: apt-get install gettext")
def test_every_message_has_a_vietnamese_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalog_is_not_older_than_the_source():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages` (or `manage.py compilemessages`)"
    assert mo.stat().st_mtime >= PO.stat().st_mtime, "locale/vi is newer than its .mo: compile messages"
