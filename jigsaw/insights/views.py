"""The figures' screens: the dashboards, the list of children behind each figure, and downloads.

Thin: every number comes from measures.py. A dashboard that does not exist for the user (a
restricted team's, say) answers exactly as one that does not exist at all."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.jinja2 import govuk_date
from jigsaw.people.models import Person

from . import measures, svg
from .cohorts import Period
from .dashboards import Dashboard, Trend, dashboard_get, dashboards_for
from .downloads import table_response
from .forms import PeriodForm
from .measures import Figure, suppressed

PAGE_SIZE = 100
FORMATS = ("csv", "xlsx")


def default_period(today: dt.date, *, over_time: bool = False) -> Period:
    """The collection year so far (from 1 April); for trends, the last twelve months by month."""
    if over_time:
        month = today.month - 11
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return Period(dt.date(year, month, 1), today)
    start_year = today.year if today.month >= 4 else today.year - 1
    return Period(dt.date(start_year, 4, 1), today)


def _iso(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def _period(request: HttpRequest, dashboard: Dashboard) -> tuple[Period, PeriodForm]:
    default = default_period(timezone.localdate(), over_time=bool(dashboard.trends))
    if any(key.startswith("date_") for key in request.GET):
        form = PeriodForm(request.GET)
        if form.is_valid():
            return Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"]), form
        return default, form
    start, end = _iso(request.GET.get("from")), _iso(request.GET.get("to"))
    period = Period(start, end) if start and end and start <= end else default
    return period, PeriodForm(initial={"date_from": period.start, "date_to": period.end})


def period_query(period: Period) -> str:
    return urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})


def period_text(period: Period) -> str:
    return f"{govuk_date(period.start)} to {govuk_date(period.end)}"


def _dashboard_or_404(request: HttpRequest, slug: str) -> Dashboard:
    dashboard = dashboard_get(request.user, slug)
    if dashboard is None:
        raise Http404
    return dashboard


def _audit(request: HttpRequest, kind: str, purpose: str, period: Period, **details: Any) -> None:
    people = details.pop("people", ())
    audit_record(
        actor=request.user,
        kind=kind,
        model=Person,
        purpose=purpose,
        details={"from": period.start.isoformat(), "to": period.end.isoformat(), **details},
        also_about=people,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    boards = dashboards_for(request.user)
    if not boards:
        raise Http404
    return render(
        request,
        "insights/index.html",
        {"page_title": "Figures", "dashboards": boards, "lists": measures.can_list(request.user)},
    )


def _trend_table(trend: Trend, period: Period, user: Any) -> dict[str, Any]:
    series = [(measures.measure_get(k), measures.by_month(measures.measure_get(k), period, user)) for k in trend.keys]
    series = [(m, points) for m, points in series if measures.may_see(user, m)]
    month_periods = measures.months(period)
    labels = [f"{m.start:%b %Y}" for m in month_periods]
    return {
        "trend": trend,
        "months": month_periods,
        "labels": labels,
        "series": series,
        "chart": svg.line_chart(
            f"trend-{trend.slug}",
            trend.title,
            f"{trend.description} {period_text(period)}. The same figures are in the table that follows.",
            labels,
            [(m.title, [n for _p, n in points]) for m, points in series],
        ),
    }


def _section_chart(chart_id: str, title: str, figures: list[Figure], period: Period) -> Any:
    return svg.bar_chart(
        chart_id,
        title,
        f"{title}, {period_text(period)}: "
        + "; ".join(f"{f.measure.title} {f.value}" for f in figures)
        + ". The same figures are in the table beside the chart.",
        [(f.measure.title, f.value) for f in figures],
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    board = _dashboard_or_404(request, slug)
    period, form = _period(request, board)
    user = request.user
    sections = []
    for n, section in enumerate(board.sections):
        figures = measures.figures(section.keys, period, user)
        sections.append(
            {"section": section, "figures": figures, "chart": _section_chart(f"s{n}", section.title, figures, period)}
        )
    trends = [_trend_table(t, period, user) for t in board.trends]
    _audit(request, AuditKind.VIEW, f"Figures: {board.title} dashboard", period, dashboard=slug)
    return render(
        request,
        "insights/dashboard.html",
        {
            "page_title": board.title,
            "board": board,
            "form": form,
            "period": period,
            "period_text": period_text(period),
            "query": period_query(period),
            "sections": sections,
            "trends": trends,
            "population": measures.child_population(),
            "national_source": _national_source(),
            "suppress_below": measures.suppress_below(),
        },
    )


def _national_source() -> str:
    from django.conf import settings

    return getattr(settings, "JIGSAW_NATIONAL_RATES_SOURCE", "")


def _measure_or_404(request: HttpRequest, board: Dashboard, key: str) -> measures.Measure:
    if key not in board.keys:
        raise Http404
    measure = measures.measure_get(key)
    if not measures.may_see(request.user, measure):
        raise Http404
    return measure


@login_required
def measure(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    board = _dashboard_or_404(request, slug)
    m = _measure_or_404(request, board, key)
    period, _form = _period(request, board)
    figure = measures.figure(m, period, request.user)
    query = measures.rows_query(m, period, request.user)
    page = rows = None
    if query is not None:
        # A page at a time from the database: the list of 10,000 children is not read whole.
        page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [measures.to_row(m, v) for v in page.object_list]
        _audit(
            request,
            AuditKind.VIEW,
            f"Figures: the list behind '{m.title}'",
            period,
            measure=key,
            count=page.paginator.count,
            page=page.number,
            people=[r.person_id for r in rows if r.person_id],
        )
    return render(
        request,
        "insights/measure.html",
        {
            "page_title": m.title,
            "board": board,
            "m": m,
            "figure": figure,
            "rows": rows,
            "page": page,
            "period": period,
            "period_text": period_text(period),
            "query": period_query(period),
            "of": measures.measure_get(m.of) if m.of else None,
        },
    )


def _fmt_or_404(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _share(figure: Figure) -> str:
    """A percentage leaves the council only when both its numbers may."""
    if figure.of_value is None:
        return ""
    if isinstance(suppressed(figure.value), str) or isinstance(suppressed(figure.of_value), str):
        return "suppressed"
    return figure.percent


@login_required
def dashboard_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    board = _dashboard_or_404(request, slug)
    fmt = _fmt_or_404(fmt)
    period, _form = _period(request, board)
    header = ["Section", "Figure", "Number", "Of", "Share", "Rate per 10,000", "England rate per 10,000", "From", "To"]
    table: list[list[Any]] = []
    for section in board.sections:
        for f in measures.figures(section.keys, period, request.user):
            of_title = measures.measure_get(f.measure.of).title if f.measure.of else ""
            table.append(
                [
                    section.title,
                    f.measure.title,
                    suppressed(f.value),
                    f"{suppressed(f.of_value)} ({of_title})" if f.of_value is not None else "",
                    _share(f),
                    f.rate if f.rate is not None and not isinstance(suppressed(f.value), str) else "",
                    f.national_rate if f.national_rate is not None else "",
                    period.start,
                    period.end,
                ]
            )
    for trend in board.trends:
        for m in trend.keys:
            measure_ = measures.measure_get(m)
            if not measures.may_see(request.user, measure_):
                continue
            for month, n in measures.by_month(measure_, period, request.user):
                table.append([trend.title, measure_.title, suppressed(n), "", "", "", "", month.start, month.end])
    _audit(request, AuditKind.EXPORT, f"Figures: {board.title} dashboard downloaded ({fmt})", period, dashboard=slug)
    return table_response(fmt, f"{slug}-{period.start}-to-{period.end}", board.title, header, table)


@login_required
def measure_download(request: HttpRequest, slug: str, key: str, fmt: str) -> HttpResponse:
    board = _dashboard_or_404(request, slug)
    m = _measure_or_404(request, board, key)
    fmt = _fmt_or_404(fmt)
    period, _form = _period(request, board)
    rows = measures.rows(m, period, request.user)
    if rows is None:
        raise Http404  # counts only for this role: there is no list to download
    header = ["Council id", "Name", "Date", m.detail_label or "Detail"]
    table = [[r.council_id, r.name, r.date or "", r.detail] for r in rows]
    _audit(
        request,
        AuditKind.EXPORT,
        f"Figures: the list behind '{m.title}' downloaded ({fmt})",
        period,
        measure=key,
        count=len(rows),
        people=[r.person_id for r in rows if r.person_id],
    )
    return table_response(fmt, f"{key}-{period.start}-to-{period.end}", m.title[:31], header, table)


def measure_url(slug: str, key: str, period: Period) -> str:
    return reverse("insights:measure", args=[slug, key]) + "?" + period_query(period)
