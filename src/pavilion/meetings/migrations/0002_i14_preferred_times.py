import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("meetings", "0001_initial"),
        ("partners", "0001_initial"),
        ("shows", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PreferredTime",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("start", models.DateTimeField(verbose_name="from")),
                ("end", models.DateTimeField(verbose_name="until")),
                ("company", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="companies.company")),
                ("edition", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="shows.edition", verbose_name="edition")),
                ("partner", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partners.partner")),
            ],
            options={"verbose_name": "preferred time", "verbose_name_plural": "preferred times"},
        ),
        migrations.AddConstraint(
            model_name="preferredtime",
            constraint=models.CheckConstraint(
                condition=models.Q(("company__isnull", False)) ^ models.Q(("partner__isnull", False)),
                name="preferred_time_of_one_party",
            ),
        ),
    ]
