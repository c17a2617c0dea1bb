"""The shared step of record edits: profiles (companies, buyers and investors), fund records."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from pavilion.core.bounds import out_of_range_errors


def save_fields(record: models.Model, data: dict, *, allowed, extra_errors=None):
    """Set the allowed fields of ``data`` on ``record``, validate, save.

    Raises one ValidationError naming every field the caller may not change,
    every invalid value and the caller's own ``extra_errors`` together, and
    saves nothing then.
    """
    _refuse_others(data, allowed)
    extra_errors = {**out_of_range_errors(data), **(extra_errors or {})}
    # full_clean() lets None through for a blank=True text column (None counts
    # as empty): refuse it here, or the save fails on the column's NOT NULL.
    nulls = {
        name: [record._meta.get_field(name).error_messages["null"]]
        for name, value in data.items()
        if value is None and not record._meta.get_field(name).null
    }
    if nulls:
        raise ValidationError({**nulls, **(extra_errors or {})})
    for name, value in data.items():
        setattr(record, name, value)
    try:
        record.full_clean()
    except ValidationError as exc:
        raise ValidationError({**exc.message_dict, **(extra_errors or {})}) from exc
    if extra_errors:
        raise ValidationError(extra_errors)
    record.save()
    return record


def apply_profile(instance: models.Model, data: dict, *, allowed) -> tuple[models.Model, list]:
    """Lock the record, set the allowed fields of ``data`` (sectors as slugs), validate, save.

    Returns the saved record and the names of the fields given. Raises
    ValidationError naming any field the caller may not change, any invalid
    value or any unknown sector; call it inside the service's transaction so
    nothing is saved half-way.
    """
    _refuse_others(data, allowed)
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    fields = dict(data)
    sectors = fields.pop("sectors", None)
    save_fields(instance, fields, allowed=allowed)
    if sectors is not None:
        # The sector model as the record's field names it: core imports no domain app.
        sector_model = type(instance)._meta.get_field("sectors").related_model
        found = list(sector_model.objects.filter(slug__in=sectors))
        unknown = set(sectors) - {s.slug for s in found}
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector: %s") % ", ".join(sorted(unknown))})
        instance.sectors.set(found)
    return instance, sorted(data)


def _refuse_others(data: dict, allowed):
    refused = set(data) - set(allowed)
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})
