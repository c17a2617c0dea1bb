"""Stored XSS: markup planted in every user-editable text field of the demo
never comes out unescaped, on any page or SVG (floor plan, charts) a role reaches."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client

from pavilion.accounts.models import User
from pavilion.demo.loader import load_demo
from tests.test_crawl import crawl

# Closes an attribute (" or '), opens a tag with an event handler.
PAYLOAD = "'\"><i onclick=x>"
# What a page would hold if a value broke out: the tag itself, or (with <
# escaped but not ") the attribute closed before the escaped tag.
BROKEN_OUT = ("<i onclick=x>", '"&gt;&lt;i onclick', "'&gt;&lt;i onclick")
# Codes and identifiers: the forms refuse markup in them, so the database never holds it.
NOT_TEXT = (
    "slug",
    "code",
    "nonce",
    "key",
    "hash",
    "password",
    "username",
    "currency",
    "token",
    "time_zone",
    "language",
    "upload",
    "digest",
    "country",
)


def _text_fields(model):
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
            and field.editable
            and not field.choices
            and not field.unique
            and (field.max_length or 1000) >= len(PAYLOAD) + 4  # booth numbers: 20
            and not any(word in field.name for word in NOT_TEXT)
        ):
            yield field.name


def plant():
    planted = 0
    for model in apps.get_models():
        if not model.__module__.startswith("pavilion."):
            continue
        names = list(_text_fields(model))
        if names:
            # The row's id keeps values apart where they must be unique together.
            value = Concat(Value(PAYLOAD), Cast("pk", models.CharField()))
            planted += model.objects.update(**dict.fromkeys(names, value))
    return planted


@pytest.mark.parametrize("username", ["operator", "buyer", "exhibitor"])
def test_planted_markup_never_comes_out_unescaped(db, username):
    load_demo()
    assert plant() > 100
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen = []

    def check(url, response):
        kind = response.get("Content-Type", "")
        if not any(t in kind for t in ("html", "svg", "xml")):
            return  # CSV, XLSX and JSON hold the text as typed: data, not markup
        content = response.content.decode(errors="replace")
        for pattern in BROKEN_OUT:
            if pattern in content:
                seen.append((url, content[max(0, content.index(pattern) - 80) :][:160]))

    statuses = crawl(client, limit=150, on_response=check)
    assert len(statuses) > 15
    if username == "operator":  # the floor plan's SVG and the report's charts were read
        assert any("/floor-plan/" in url for url in statuses)
        assert any(url.endswith("/report/") for url in statuses)
    assert seen == [], "\n".join(f"{url}: {text}" for url, text in seen)
