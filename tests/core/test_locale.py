"""The Korean catalogue is complete, compiled, and covers every string in the code."""

import gettext
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

import pavilion

PACKAGE = Path(pavilion.__file__).parent
PO = PACKAGE / "locale" / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def parse_po(text: str) -> list[dict]:
    """A small .po reader: entries with msgid, msgid_plural, msgstr[n], flags."""
    entries, entry, key = [], None, None

    def unquote(s):
        return s[1:-1].encode("raw_unicode_escape").decode("unicode_escape")

    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif m := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$', line):
            name, index, value = m.group(1), m.group(2), unquote(m.group(3))
            if name.startswith("msgstr"):
                key = ("msgstr", int(index or 0))
                entry["msgstr"][key[1]] = value
            else:
                key = (name, None)
                entry[name] = value
        elif line.startswith('"') and key is not None:
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += unquote(line)
            else:
                entry[key[0]] += unquote(line)
    return [e for e in entries if "msgid" in e]


def untranslated(entries) -> list[str]:
    return [
        e["msgid"]
        for e in entries
        if e["msgid"] and (not all(e["msgstr"].values()) or "fuzzy" in e["flags"])
    ]


def test_every_korean_string_is_translated():
    entries = parse_po(PO.read_text(encoding="utf-8"))
    assert len(entries) > 100
    assert untranslated(entries) == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    for entry in parse_po(PO.read_text(encoding="utf-8")):
        if not entry["msgid"] or "msgid_plural" in entry:
            continue
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        assert catalogue.gettext(msgid) == entry["msgstr"][0], entry["msgid"]


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path, settings):
    if shutil.which("xgettext") is None:
        if os.environ.get("PAVILION_REQUIRE_BROWSER") == "1":  # CI has the full toolset
            pytest.fail("gettext is not installed (apt-get install gettext)")
        pytest.skip("gettext is not installed")
    copy = tmp_path / "pavilion"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        call_command(
            "makemessages", locale=["ko"], no_location=True, verbosity=0, ignore_patterns=[]
        )
    finally:
        os.chdir(cwd)
    fresh = parse_po((copy / "locale/ko/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    assert untranslated(fresh) == [], "run `make messages` and translate the new strings"
