"""The Content-Security-Policy forbids inline script, and no template needs it."""

import re
from pathlib import Path

from django.test import Client

import pavilion

TEMPLATES = Path(pavilion.__file__).parent / "templates"
# A script element without src runs inline, except a data block (JSON-LD for search
# engines), which the browser never executes and the policy does not cover.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/ld\+json\")[^>]*>", re.IGNORECASE
)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_pages_send_a_policy_without_inline_script(world):
    client = Client()
    client.force_login(world.operator)
    for url in ("/", f"/editions/{world.edition.slug}/floor-plan/", "/accounts/login/"):
        policy = _policy(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]


def test_no_template_holds_inline_script_or_event_handlers():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        found += [(path.name, m.group(0)) for m in INLINE_SCRIPT.finditer(text)]
        found += [(path.name, m.group(0)) for m in HANDLER.finditer(text)]
    assert len(list(TEMPLATES.rglob("*.html"))) > 20
    assert found == []
