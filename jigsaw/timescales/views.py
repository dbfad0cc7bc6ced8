from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import calendar, selectors
from .choices import BankHolidayKind


@require_GET
@login_required
def rules(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    return render(
        request,
        "timescales/rules.html",
        {
            "page_title": "Timescales and bank holidays",
            "rules": selectors.rule_summary_list(),
            "holiday_years": [(year, selectors.holiday_list(year=year)) for year in (this_year, this_year + 1)],
            "removed_kind": BankHolidayKind.REMOVED,
            "day_zero_inclusive": calendar.day_zero_inclusive(),
        },
    )
