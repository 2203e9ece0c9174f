"""Batch runs of the matching model: asking for one (the steward's button, the nightly command) and listing them.

One run at a time: a run waiting or running refuses another, since both would rewrite the same candidate pairs.
A run left waiting or running for longer than ABANDONED_AFTER (its worker was stopped) no longer blocks: it is
marked failed when the next one is asked for.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.matching.models import MatchModel
from guichet.matching.services import model_current

from . import tasks
from .batch import STAGES
from .models import MatchRun

DEFAULT_THRESHOLD = 0.5  # the steward decides; the queue shows the most probable first and filters by band
ABANDONED_AFTER = datetime.timedelta(hours=12)
RUNS_PER_PAGE = 20
ACTIVE = (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING)


def _model(version: int | None) -> MatchModel:
    if version is None:
        model = model_current()
        if model is None:
            raise ValidationError(_("No matching model is trained yet: run manage.py match_train first."))
        return model
    model = MatchModel.objects.filter(version=version).first()
    if model is None:
        raise ValidationError(_("There is no matching model version %(version)d.") % {"version": version})
    return model


def run_in_progress() -> MatchRun | None:
    """The run waiting for the worker or running, unless it was abandoned."""
    since = timezone.now() - ABANDONED_AFTER
    return MatchRun.objects.filter(status__in=ACTIVE, requested_at__gte=since).order_by("-requested_at").first()


@transaction.atomic
def match_run_create(
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model_version: int | None = None,
    requested_by: User | None = None,
    ip_address: str | None = None,
) -> MatchRun:
    """A queued run with the model in use (or the version given), refused while another is waiting or running
    or when no model is trained. Audited; requested_by None is the scheduled command."""
    if not 0 <= threshold <= 1:
        raise ValidationError(_("The threshold is a probability, between 0 and 1."))
    model = _model(model_version)
    now = timezone.now()
    MatchRun.objects.filter(status__in=ACTIVE, requested_at__lt=now - ABANDONED_AFTER).update(
        status=MatchRun.Status.FAILED,
        finished_at=now,
        error=_("Abandoned: the worker stopped before the run finished."),
    )
    busy = MatchRun.objects.select_for_update().filter(status__in=ACTIVE).first()
    if busy is not None:
        raise ValidationError(
            _("Run #%(run)d is already waiting or running: wait for it to finish.") % {"run": busy.pk}, code="busy"
        )
    run = MatchRun.objects.create(
        threshold=threshold, model_version=model.version, requested_by=requested_by, requested_at=now
    )
    audit_record(
        actor=requested_by,
        action=AuditEntry.Action.CREATE,
        obj=run,
        changes={"threshold": [None, threshold], "model_version": [None, model.version]},
        ip_address=ip_address,
    )
    return run


@transaction.atomic
def match_run_request(*, actor: User, threshold: float = DEFAULT_THRESHOLD, ip_address: str | None = None) -> MatchRun:
    """A steward's run, queued for the worker, which starts it once this transaction commits."""
    if not roles.can_merge_persons(actor):
        raise NotAllowed
    run = match_run_create(threshold=threshold, requested_by=actor, ip_address=ip_address)
    transaction.on_commit(lambda: tasks.match_run.enqueue(run.pk), robust=True)
    return run


@dataclass(frozen=True)
class RunRow:
    run: MatchRun
    stage: str
    active: bool


def run_page(*, page_number: int | str = 1) -> Page:
    """The runs, newest first, a page at a time, each with its stage in words and whether it is still going."""
    runs = MatchRun.objects.select_related("requested_by")
    page = Paginator(runs, RUNS_PER_PAGE).get_page(page_number)
    rows = [
        RunRow(run=run, stage=str(STAGES.get(run.stage, run.stage)), active=run.status in ACTIVE)
        for run in page.object_list
    ]
    return Page(rows, page.number, page.paginator)
