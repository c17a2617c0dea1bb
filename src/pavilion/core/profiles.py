"""The shared step of profile edits (companies, buyers and investors)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def apply_profile(instance: models.Model, data: dict, *, allowed) -> tuple[models.Model, list]:
    """Lock the record, set the allowed fields of ``data`` (sectors as slugs), validate, save.

    Returns the saved record and the names of the fields given. Raises
    ValidationError naming any field the caller may not change, any invalid
    value or any unknown sector; call it inside the service's transaction so
    nothing is saved half-way.
    """
    from pavilion.companies.models import Sector

    refused = set(data) - set(allowed)
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    fields = dict(data)
    sectors = fields.pop("sectors", None)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    if sectors is not None:
        found = list(Sector.objects.filter(slug__in=sectors))
        unknown = set(sectors) - {s.slug for s in found}
        if unknown:
            raise ValidationError({"sectors": _("Unknown sector: %s") % ", ".join(sorted(unknown))})
        instance.sectors.set(found)
    return instance, sorted(data)
