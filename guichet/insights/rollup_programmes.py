"""The small roll-ups, rebuilt whole at every refresh: windows, referrals, training cohorts, schooling support."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from guichet.associations.models import Association, Decision, SchoolingApplication, SupportedChild, TermReport
from guichet.cases.models import Referral
from guichet.network.models import Window
from guichet.training.models import Enrollment

from .models import ReferralStat, SchoolingStat, TrainingStat, WindowStat

# The terms whose report is due once that date of the school year (starting in September of year Y) has passed.
TERM_ENDS = ((1, (0, 12, 31)), (2, (1, 3, 31)), (3, (1, 6, 30)))


def windows_rebuild() -> None:
    WindowStat.objects.all().delete()
    place = ("region_id", "province_id", "commune_id", "kind")
    rows = [
        WindowStat(open_now=row["n"], **{key: row[key] for key in place})
        for row in Window.objects.filter(status=Window.Status.OPEN).values(*place).annotate(n=Count("pk")).order_by()
    ]
    openings = (
        Window.objects.filter(opened_on__isnull=False)
        .annotate(month=TruncMonth("opened_on"))
        .values(*place, "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows += [WindowStat(month=row["month"], opened=row["n"], **{key: row[key] for key in place}) for row in openings]
    WindowStat.objects.bulk_create(rows)


def referrals_rebuild() -> None:
    ReferralStat.objects.all().delete()
    rows = (
        Referral.objects.annotate(year=ExtractYear("referred_at"))
        .values(
            "year",
            "from_centre__kind",
            "to_centre__kind",
            "from_centre__region_id",
            "from_centre__province_id",
            "from_centre__commune_id",
        )
        .annotate(
            sent=Count("pk"),
            accepted=Count("pk", filter=Q(status=Referral.Status.ACCEPTED)),
            declined=Count("pk", filter=Q(status=Referral.Status.DECLINED)),
        )
        .order_by()
    )
    ReferralStat.objects.bulk_create(
        ReferralStat(
            year=row["year"],
            from_kind=row["from_centre__kind"],
            to_kind=row["to_centre__kind"],
            region_id=row["from_centre__region_id"],
            province_id=row["from_centre__province_id"],
            commune_id=row["from_centre__commune_id"],
            sent=row["sent"],
            accepted=row["accepted"],
            declined=row["declined"],
        )
        for row in rows
    )


def training_rebuild() -> None:
    TrainingStat.objects.all().delete()
    placed = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED, Enrollment.Status.WITHDRAWN)
    rows = (
        Enrollment.objects.values(
            "cohort_id", "cohort__course_id", "cohort__region_id", "cohort__province_id", "cohort__starts_on"
        )
        .annotate(
            enrolled=Count("pk", filter=Q(status__in=placed)),
            active=Count("pk", filter=Q(status=Enrollment.Status.ENROLLED)),
            completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
        )
        .order_by()
    )
    TrainingStat.objects.bulk_create(
        TrainingStat(
            year=row["cohort__starts_on"].year,
            cohort_id=row["cohort_id"],
            course_id=row["cohort__course_id"],
            region_id=row["cohort__region_id"],
            province_id=row["cohort__province_id"],
            enrolled=row["enrolled"],
            active=row["active"],
            completed=row["completed"],
        )
        for row in rows
    )


def _terms_due(school_year: str, today: datetime.date) -> list[int]:
    start = int(school_year[:4])
    return [term for term, (offset, month, day) in TERM_ENDS if datetime.date(start + offset, month, day) < today]


FIGURES = ("applications", "children_supported", "reports_missing")


def schooling_rebuild(today: datetime.date | None = None) -> None:
    """Per province and school year: associations approved now, applications submitted, children supported, and
    the term reports of supported children that are due (the term has ended) but missing."""
    today = today or timezone.localdate()
    SchoolingStat.objects.all().delete()
    cells: dict[tuple[int, int, int], dict[str, int]] = {}

    def cell(year: int, region: int, province: int) -> dict[str, int]:
        return cells.setdefault((year, region, province), dict.fromkeys(FIGURES, 0))

    approved = dict(
        Association.objects.filter(status=Association.Status.APPROVED)
        .values_list("province_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    regions = dict(Association.objects.values_list("province_id", "region_id").distinct().order_by())
    submitted = SchoolingApplication.objects.exclude(status=SchoolingApplication.Status.DRAFT)
    for school_year, region, province, n in (
        submitted.values_list("school_year", "association__region_id", "association__province_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        cell(int(school_year[:4]), region, province)["applications"] += n
    supported = SupportedChild.objects.filter(decision__in=[Decision.APPROVED, Decision.PARTLY])
    place = ("application__school_year", "application__association__region_id", "application__association__province_id")
    for school_year, region, province, n in supported.values_list(*place).annotate(n=Count("pk")).order_by():
        figures = cell(int(school_year[:4]), region, province)
        figures["children_supported"] += n
        figures["reports_missing"] += n * len(_terms_due(school_year, today))
    reports = TermReport.objects.filter(child__in=supported).values_list(*(f"child__{name}" for name in place), "term")
    for school_year, region, province, term, n in reports.annotate(n=Count("pk")).order_by():
        if term in _terms_due(school_year, today):
            cell(int(school_year[:4]), region, province)["reports_missing"] -= n
    for year in {year for year, _region, _province in cells}:
        for province in approved:
            cell(year, regions[province], province)
    SchoolingStat.objects.bulk_create(
        SchoolingStat(
            year=year,
            region_id=region,
            province_id=province,
            associations_approved=approved.get(province, 0),
            **figures,
        )
        for (year, region, province), figures in cells.items()
    )
