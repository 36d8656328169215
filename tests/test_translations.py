"""zh-hans ships complete: every string in templates, Python and widgets has a translation."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ["config", "lms", "cases", "simulations", "locale", "frontend/src"]


def committed_catalogues():
    return sorted(
        po for po in ROOT.rglob("locale/zh_Hans/LC_MESSAGES/*.po")
        if ".venv" not in po.parts and "node_modules" not in po.parts
    )


def test_catalogues_exist():
    names = {str(po.relative_to(ROOT)) for po in committed_catalogues()}
    assert "lms/core/locale/zh_Hans/LC_MESSAGES/django.po" in names
    assert "locale/zh_Hans/LC_MESSAGES/djangojs.po" in names


@pytest.mark.parametrize("po_path", committed_catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path.name}: {fuzzy}"
    # The committed .mo is what Django loads; it must say what the .po says.
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run scripts/compilemessages.py"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, (
                f"{mo_path.name} is stale for {entry.msgid!r}: run scripts/compilemessages.py")


def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path):
    """Extract afresh (as `make messages` does) and compare with what is committed."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed; .ci/run installs it")
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name,
                            ignore=shutil.ignore_patterns("widgets", "__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    for domain, extra in (("django", []), ("djangojs", ["--extension=ts"])):
        result = subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--locale=zh_Hans", "--no-location",
             f"--domain={domain}", *extra],
            cwd=tmp_path, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stderr
    missing = []
    for fresh in tmp_path.rglob("locale/zh_Hans/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(fresh)):
            if entry.obsolete:
                continue
            if not entry.msgstr and not any(entry.msgstr_plural.values()):
                missing.append(f"{fresh.relative_to(tmp_path)}: {entry.msgid!r}")
    assert not missing, "untranslated strings (run `make messages` and translate):\n" + "\n".join(
        missing)
