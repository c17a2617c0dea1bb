"""Parsing one spreadsheet cell at a time, collecting problems per column.

A :class:`RowReader` wraps one row's values; each getter returns the parsed
value or records a (column, message) problem, so one pass reports every bad
cell of the row, not just the first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext as _

from pavilion.core.transfer import RowProblems


class RowReader:
    def __init__(self, values: dict[str, str]):
        self.values = values
        self.problems: list[tuple[str, str]] = []

    def problem(self, column: str, message: str):
        self.problems.append((column, message))

    def has(self, column: str) -> bool:
        return column in self.values

    def text(self, column: str, *, required=False, max_length=None) -> str:
        value = self.values.get(column, "").strip()
        if required and not value:
            self.problem(column, _("is required"))
        if max_length and len(value) > max_length:
            self.problem(column, _("is longer than %(n)s characters") % {"n": max_length})
        return value

    def email(self, column: str, *, max_length=254) -> str:
        return self._validated(column, EmailValidator(), max_length)

    def url(self, column: str, *, max_length=200) -> str:
        # The model's own validator, checked here so a bad address is reported
        # together with the row's other bad cells, under its column's name.
        return self._validated(column, URLValidator(), max_length)

    def _validated(self, column, validator, max_length) -> str:
        value = self.text(column, max_length=max_length)
        if value:
            try:
                validator(value)
            except ValidationError as exc:
                for message in exc.messages:
                    self.problem(column, f"{value}: {message}")
        return value

    def choice(self, column: str, choices, *, default=None, required=False) -> str | None:
        """Accept the code or the English/Korean label of a choice, in any case."""
        value = self.values.get(column, "").strip()
        if not value:
            if required:
                self.problem(column, _("is required"))
            return default
        lookup = _choice_lookup(choices)
        if value.lower() in lookup:
            return lookup[value.lower()]
        self.problem(
            column,
            _("%(value)s is not one of: %(choices)s")
            % {"value": value, "choices": ", ".join(str(c) for c, _label in choices)},
        )
        return default

    def integer(self, column: str, *, minimum=None, maximum=None) -> int | None:
        value = self.values.get(column, "").strip().replace(",", "")
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.problem(column, _("%(value)s is not a whole number") % {"value": value})
            return None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            self.problem(column, _("%(value)s is out of range") % {"value": value})
            return None
        return number

    def raise_if_problems(self):
        if self.problems:
            raise RowProblems(self.problems)


_CHOICE_LOOKUPS: dict[tuple, dict[str, str]] = {}


def _choice_lookup(choices) -> dict[str, str]:
    """Code, English and Korean label (lower case) → code; once per process and
    choice list, not once per cell (a large file has tens of thousands)."""
    # The codes name the choice list (lazy labels compare by identity).
    key = tuple(code for code, _label in choices)
    lookup = _CHOICE_LOOKUPS.get(key)
    if lookup is None:
        # Labels in English and Korean whatever the page's language, so one
        # file imports the same for every operator.
        lookup = {}
        for language in ("ko", "en"):
            with translation.override(language):
                lookup.update({str(label).lower(): code for code, label in choices})
        lookup.update({str(code).lower(): code for code, _label in choices})
        _CHOICE_LOOKUPS[key] = lookup
    return lookup


def sectors_from(reader: RowReader, column: str, sector_lookup: dict[str, object]) -> list:
    """Sectors as a ';'-separated list of codes or names (English or Korean)."""
    raw = reader.values.get(column, "")
    found, unknown = [], []
    for part in (p.strip() for p in raw.replace(",", ";").split(";")):
        if not part:
            continue
        sector = sector_lookup.get(part.lower())
        if sector is None:
            unknown.append(part)
        elif sector not in found:
            found.append(sector)
    if unknown:
        reader.problem(column, _("unknown sector: %(names)s") % {"names": ", ".join(unknown)})
    return found
