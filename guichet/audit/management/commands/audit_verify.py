"""`manage.py audit_verify`: walks the audit log's hash chain; exits non-zero at the first broken entry."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.audit.verify import audit_chain_check


class Command(BaseCommand):
    help = "Checks that no audit entry was altered, removed or slipped in (exit code 1 if one was)."

    def handle(self, *args, **options):
        report = audit_chain_check()
        if report.first_break is not None:
            raise CommandError(report.first_break.message)
        # The head, to keep elsewhere: a log cut short at its end can only be seen against an earlier head.
        self.stdout.write(
            _("Audit log intact: %(count)s entries; last position %(seq)s, hash %(hash)s.")
            % {"count": report.count, "seq": report.head_seq, "hash": report.head_hash}
        )
