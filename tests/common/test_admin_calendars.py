"""The admin's date drill-down and date filters in Solar Hijri years and months on Persian pages."""

import datetime
import re

import jdatetime
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.calendars import month_bounds, year_bounds
from tests.admin_helpers import url
from tests.factories import ExhibitionFactory, SourceFactory

pytestmark = pytest.mark.django_db

EXHIBITIONS = url("exhibitions_exhibition", "changelist")
SOURCES = url("registry_source", "changelist")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def persian(settings):
    settings.ADMIN_LANGUAGE = "fa"


@pytest.fixture
def shows():
    """Esfand 1403, Farvardin 1404 and Mehr 1404: the first two in March 2025, all three in 2025."""
    days = {
        "Last day of 1403": datetime.date(2025, 3, 20),
        "Nowruz 1404": datetime.date(2025, 3, 21),
        "Kut, Mehr 1404": datetime.date(2025, 10, 10),
    }
    for title, day in days.items():
        ExhibitionFactory(title_en=title, start_date=day, end_date=None)


def drill_down(response) -> list[tuple[str, str]]:
    """The hierarchy's links, (address, text), the way back marked ‹; the chosen day is text without an address."""
    nav = response.content.decode().partition('<nav class="toplinks">')[2].partition("</nav>")[0]
    return [
        (link, text.replace("&lsaquo;", "‹")) for link, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)
    ]


def listed(response) -> list[str]:
    return sorted(exhibition.title_en for exhibition in response.context["cl"].result_list)


def test_persian_changelist_offers_solar_hijri_years(admin_client, persian, shows):
    response = admin_client.get(EXHIBITIONS)

    assert drill_down(response) == [("?start_date__year=1403", "۱۴۰۳"), ("?start_date__year=1404", "۱۴۰۴")]


def test_persian_changelist_year_offers_its_solar_hijri_months(admin_client, persian, shows):
    response = admin_client.get(EXHIBITIONS, {"start_date__year": "1404"})

    assert listed(response) == ["Kut, Mehr 1404", "Nowruz 1404"]
    assert drill_down(response) == [
        ("?", "‹ همهٔ تاریخ‌ها"),
        ("?start_date__month=1&amp;start_date__year=1404", "فروردین ۱۴۰۴"),
        ("?start_date__month=7&amp;start_date__year=1404", "مهر ۱۴۰۴"),
    ]


def test_persian_changelist_month_offers_its_days(admin_client, persian, shows):
    response = admin_client.get(EXHIBITIONS, {"start_date__year": "1404", "start_date__month": "7"})

    assert listed(response) == ["Kut, Mehr 1404"]
    assert drill_down(response) == [
        ("?start_date__year=1404", "‹ ۱۴۰۴"),
        ("?start_date__day=18&amp;start_date__month=7&amp;start_date__year=1404", "۱۸ مهر"),
    ]


def test_persian_changelist_day_lists_that_days_rows(admin_client, persian, shows):
    response = admin_client.get(
        EXHIBITIONS, {"start_date__year": "1404", "start_date__month": "1", "start_date__day": "1"}
    )

    assert listed(response) == ["Nowruz 1404"]
    assert drill_down(response) == [("?start_date__month=1&amp;start_date__year=1404", "‹ فروردین ۱۴۰۴")]
    nav = response.content.decode().partition('<nav class="toplinks">')[2].partition("</nav>")[0]
    assert re.sub(r"<a [^>]*>[^<]*</a>", "", nav).split() == ["۱", "فروردین"]


def test_persian_changelist_opens_on_the_only_month_there_is(admin_client, persian):
    ExhibitionFactory(start_date=datetime.date(2025, 10, 10), end_date=None)
    ExhibitionFactory(start_date=datetime.date(2025, 10, 20), end_date=None)

    response = admin_client.get(EXHIBITIONS)

    assert [text for _link, text in drill_down(response)] == ["‹ ۱۴۰۴", "۱۸ مهر", "۲۸ مهر"]


def test_english_changelist_keeps_gregorian_years_and_months(admin_client, shows):
    top = admin_client.get(EXHIBITIONS)
    year = admin_client.get(EXHIBITIONS, {"start_date__year": "2025"})

    assert drill_down(top)[1:] == [
        ("?start_date__month=3&amp;start_date__year=2025", "March 2025"),
        ("?start_date__month=10&amp;start_date__year=2025", "October 2025"),
    ]
    assert listed(year) == ["Kut, Mehr 1404", "Last day of 1403", "Nowruz 1404"]


def test_a_solar_hijri_year_in_the_address_means_the_same_rows_in_english(admin_client, shows):
    response = admin_client.get(EXHIBITIONS, {"start_date__year": "1404"})

    assert listed(response) == ["Kut, Mehr 1404", "Nowruz 1404"]
    assert [text for _link, text in drill_down(response)][1:] == ["Farvardin 1404", "Mehr 1404"]


def test_a_gregorian_year_in_the_address_keeps_gregorian_months_in_persian(admin_client, persian, shows):
    response = admin_client.get(EXHIBITIONS, {"start_date__year": "2025", "start_date__month": "3"})

    assert listed(response) == ["Last day of 1403", "Nowruz 1404"]


@pytest.mark.parametrize(
    "query",
    [
        {"start_date__year": "1404", "start_date__month": "13"},
        {"start_date__year": "1404", "start_date__month": "abc"},
        {"start_date__year": "1404", "start_date__month": "12", "start_date__day": "30"},  # 1404 is not leap
        {"start_date__year": "1404", "start_date__month": "7", "start_date__day": "32"},
        {"start_date__year": "1404'"},
        {"start_date__year": "abc"},
        {"start_date__year": "99999"},
        {"start_date__year": "9" * 5_000},
    ],
)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_impossible_drill_down_is_refused_as_django_refuses_one(admin_user, settings, shows, query, language):
    settings.ADMIN_LANGUAGE = language
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    response = client.get(EXHIBITIONS, query)

    assert response.status_code == 302
    assert response["Location"] == f"{EXHIBITIONS}?e=1"


@pytest.mark.parametrize("cached", [False, True])
def test_the_solar_hijri_drill_down_costs_no_more_queries_than_djangos(admin_client, settings, shows, cached):
    # Without a cache the Solar Hijri years are read as Django reads its years (and the data
    # version with them); with one they are remembered until the exhibitions change.
    if cached:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    counts = {}
    for language in ("en", "fa"):
        settings.ADMIN_LANGUAGE = language
        admin_client.get(EXHIBITIONS)
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(EXHIBITIONS)
        counts[language] = len(captured)

    if cached:
        assert counts["fa"] < counts["en"]  # Django reads its years on every view
    else:
        # The months and March's days in place of Django's years, and the data version read before
        # and after them.
        assert counts["fa"] == counts["en"] + 2


def this_solar_hijri_month_and_year() -> tuple[str, tuple, str, tuple]:
    today = jdatetime.date.fromgregorian(date=timezone.localdate(), locale="fa_IR")
    month = f"{today.strftime('%B')} {today.year}".translate(PERSIAN_DIGITS)
    return (
        month,
        month_bounds(today.year, today.month),
        str(today.year).translate(PERSIAN_DIGITS),
        year_bounds(today.year),
    )


def filter_link(first: datetime.date, last: datetime.date) -> str:
    following = last + datetime.timedelta(days=1)
    return f"?published_on__gte={first.isoformat()}&amp;published_on__lt={following.isoformat()}"


def test_persian_source_date_filter_offers_this_solar_hijri_month_and_year(admin_client, persian):
    month, month_days, year, year_days = this_solar_hijri_month_and_year()
    SourceFactory(title="In this Solar Hijri month", published_on=month_days[0])
    SourceFactory(title="The day before it", published_on=month_days[0] - datetime.timedelta(days=1))

    page = admin_client.get(SOURCES).content.decode()
    chosen = admin_client.get(
        SOURCES, {"published_on__gte": month_days[0], "published_on__lt": month_days[1] + datetime.timedelta(days=1)}
    )

    assert f'<a href="{filter_link(*month_days)}">این ماه ({month})</a>' in page
    assert f'<a href="{filter_link(*year_days)}">امسال ({year})</a>' in page
    assert [source.title for source in chosen.context["cl"].result_list] == ["In this Solar Hijri month"]


def test_english_source_date_filter_keeps_gregorian_months(admin_client):
    today = timezone.localdate()
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)

    page = admin_client.get(SOURCES).content.decode()

    assert f'<a href="?published_on__gte={first}&amp;published_on__lt={following}">This month</a>' in page


def test_persian_source_changelist_drills_down_by_solar_hijri_year(admin_client, persian):
    SourceFactory(title="Mehr 1404", published_on=datetime.date(2025, 10, 11))
    SourceFactory(title="Esfand 1403", published_on=datetime.date(2025, 3, 1))

    response = admin_client.get(SOURCES, {"published_on__year": "1404"})

    assert [source.title for source in response.context["cl"].result_list] == ["Mehr 1404"]
    assert "مهر ۱۴۰۴" in [text for _link, text in drill_down(response)]
