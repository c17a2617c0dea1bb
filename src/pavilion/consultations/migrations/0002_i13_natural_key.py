"""One consultation per natural key (edition, company, partner, date and time, kind).

Concurrent imports could write the same consultation twice before the
database knew the key. Existing copies are merged into the oldest record
before the constraint is added: its follow-ups, investments, pitch sessions,
meeting and lead move to it (a meeting or lead it already has wins), and an
amount, contact or notes the oldest lacks are taken from a copy.
"""

from django.db import migrations, models
from django.db.models import Count

KEY = ("edition_id", "company_id", "partner_id", "occurred_at", "kind")


def merge_copies(apps, schema_editor):
    Consultation = apps.get_model("consultations", "Consultation")
    FollowUp = apps.get_model("consultations", "FollowUp")
    Meeting = apps.get_model("meetings", "Meeting")
    Lead = apps.get_model("scanning", "Lead")
    groups = (
        Consultation.objects.values(*KEY).annotate(n=Count("id")).filter(n__gt=1).order_by()
    )
    for group in groups:
        rows = list(
            Consultation.objects.filter(**{k: group[k] for k in KEY}).order_by("created_at", "id")
        )
        keeper, copies = rows[0], rows[1:]
        for copy in copies:
            FollowUp.objects.filter(consultation=copy).update(consultation=keeper)
            keeper.investments.add(*copy.investments.all())
            keeper.pitch_sessions.add(*copy.pitch_sessions.all())
            for model in (Meeting, Lead):
                if not model.objects.filter(consultation=keeper).exists():
                    model.objects.filter(consultation=copy).update(consultation=keeper)
            for name in ("amount", "contact_id", "mou_signed_on", "contract_signed_on"):
                if getattr(keeper, name) is None and getattr(copy, name) is not None:
                    setattr(keeper, name, getattr(copy, name))
            if not keeper.notes and copy.notes:
                keeper.notes = copy.notes
            copy.delete()
        keeper.save()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("funds", "0002_rounds_exits_plan"),
        ("meetings", "0001_initial"),
        ("scanning", "0002_scan_fewer_indexes"),
        ("stage", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(merge_copies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consultation",
            constraint=models.UniqueConstraint(
                fields=("edition", "company", "partner", "occurred_at", "kind"),
                name="consultation_natural_key",
            ),
        ),
    ]
