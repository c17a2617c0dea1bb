"""Let the first operator of an organisation in, without the Django admin.

    pavilion manage invite_operator --organisation dcei --name "Daejeon Center" \\
        --email ops@example.org [--language ko]

Creates the organisation when it does not exist yet (then ``--name`` is
needed), e-mails an operator invitation and prints its link. Every other
person is then invited by the operators from the users page.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pavilion.accounts import services
from pavilion.accounts.models import Organisation


class Command(BaseCommand):
    help = "Invite an organisation's first operator (creating the organisation if needed)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="short name (slug)")
        parser.add_argument("--name", help="the organisation's name, to create it")
        parser.add_argument("--email", required=True)
        parser.add_argument("--language", choices=["ko", "en"], default="ko")
        parser.add_argument("--site-url", help="the site's address for the link")

    def handle(self, *args, **options):
        with transaction.atomic():
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                if not options["name"]:
                    raise CommandError(
                        f"No organisation {options['organisation']!r}; give --name to create it."
                    )
                organisation = Organisation.objects.create(
                    slug=options["organisation"], name=options["name"]
                )
                self.stdout.write(f"Created the organisation {organisation.name}.")
            try:
                _invitation, link = services.invite_first_operator(
                    organisation=organisation,
                    email=options["email"],
                    language=options["language"],
                    base_url=options["site_url"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Invitation e-mailed to {options['email']}; its link (valid 14 days):")
        self.stdout.write(link)
