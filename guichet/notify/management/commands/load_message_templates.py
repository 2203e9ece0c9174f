"""Add the shipped message texts that are missing; texts the administrators edited are left alone."""

from django.core.management.base import BaseCommand

from guichet.notify.services import message_templates_load


class Command(BaseCommand):
    help = "Create the default message templates that do not exist yet (never overwrites an edited one)."

    def handle(self, *args, verbosity: int, **options):
        created = message_templates_load()
        if verbosity:
            self.stdout.write(f"{created} template(s) created")
