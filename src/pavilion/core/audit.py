"""The one way services write to the audit trail."""

from django.db import models

from pavilion.core.models import AuditEntry


def record(*, actor, action: str, obj: models.Model | None = None, organisation=None, **data):
    """Append an audit entry for ``action`` on ``obj`` by ``actor``.

    Side effects: one AuditEntry row. Call it inside the service's transaction.
    """
    entry_ = entry(actor=actor, action=action, obj=obj, organisation=organisation, **data)
    entry_.save()
    return entry_


def entry(*, actor, action: str, obj: models.Model | None = None, organisation=None, **data):
    """An unsaved audit entry, for services that write many records in bulk
    (a large import): they ``AuditEntry.objects.bulk_create`` them."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry(
        actor=actor,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data={k: _jsonable(v) for k, v in data.items()},
    )


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
