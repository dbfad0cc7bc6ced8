"""Pages reflow at 320 CSS pixels (WCAG 1.4.10): nothing makes the page scroll sideways; a wide
table scrolls inside its own focusable container instead. After a search, the focus is on the
results. Walked in Debian's headless Chromium on the demo council, as a social worker and a manager."""

import datetime as dt

import pytest
from django.core.management import call_command

from jigsaw.access.models import User

AS_OF = dt.date(2026, 11, 20)
WIDTH = 320


@pytest.fixture
def demo_council(transactional_db):
    call_command("seed_demo", "--children", "40", "--seed", "3", "--as-of", AS_OF.isoformat())


def main_pages() -> list[str]:
    from jigsaw.care.models import PeriodOfCare
    from jigsaw.protection.models import ProtectionPlan

    on_plan = ProtectionPlan.objects.filter(ended_on__isnull=True).first().person_id
    in_care = PeriodOfCare.objects.filter(ended_on__isnull=True).first().person_id
    return [
        "/",
        "/people/?name=Smith",
        f"/people/{on_plan}/",
        f"/people/{in_care}/",
        f"/protection/children/{on_plan}/",
        f"/children-in-care/people/{in_care}/",
        f"/timescales/people/{on_plan}/",
        f"/chronology/{on_plan}/",
        "/front-door/",
        "/protection/",
        "/children-in-care/",
        "/missing/",
        "/exploitation/",
        "/family-group-conferences/",
        "/meetings/",
        "/notifications/",
        "/no-such-page/",
    ]


def test_main_pages_reflow_at_320_css_pixels(demo_council, page, live_server, as_user):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    wide = []
    for username in ("social_worker", "team_manager"):
        as_user(page, User.objects.get(username=username))
        for path in main_pages():
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                culprit = page.evaluate(
                    """() => [...document.querySelectorAll('main *, header *')]
                        .filter(e => !e.closest('.app-table-wrapper'))
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')"""
                )
                wide.append(f"{username} {path}: {width}px wide ({culprit})")
    assert not wide, "Pages that scroll sideways at 320 CSS pixels:\n" + "\n".join(wide)


def test_a_wide_table_scrolls_in_its_own_container_that_a_keyboard_can_reach(demo_council, page, live_server, as_user):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    as_user(page, User.objects.get(username="team_manager"))
    scrolling = []
    for path in ("/exploitation/", "/protection/", "/children-in-care/", "/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        scrolling += page.evaluate(
            """() => [...document.querySelectorAll('.app-table-wrapper')]
                .filter(w => w.scrollWidth > w.clientWidth)
                .map(w => [w.getAttribute('tabindex'), w.getAttribute('role'), w.getAttribute('aria-label')])"""
        )
    assert scrolling, "at 320px no table on these pages is wider than the screen: nothing was checked"
    for tabindex, role, label in scrolling:
        assert (tabindex, role) == ("0", "region") and label


def test_after_a_search_the_focus_is_on_the_results(demo_council, page, live_server, as_user, axe):
    as_user(page, User.objects.get(username="social_worker"))
    page.goto(live_server.url + "/")
    axe(page)  # the header's search and sign out
    page.get_by_label("Look up a person").fill("Smith")
    page.get_by_role("search").get_by_role("button", name="Look up").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "results"
    axe(page)
    # A child's page opens with the case summary, which passes axe too.
    for path in main_pages()[2:4]:
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", name="Case summary").count() == 1
        axe(page)
    page.goto(live_server.url + "/no-such-page/")
    assert page.get_by_role("heading", name="Page not found").count() == 1
    axe(page)
