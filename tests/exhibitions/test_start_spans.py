"""The start spans the report's totals are kept per (exhibitions.totals): every day of a span lies in
one year of either calendar, and the database computes the span the way Python does."""

import datetime

import pytest
from django.db import connection

from common.calendars import year_bounds
from exhibitions.models import UNDATED
from exhibitions.querysets import year_of
from exhibitions.totals import span, span_of


def days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def test_every_day_of_a_span_is_in_the_spans_year_of_both_calendars():
    for day in days(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)):
        start = span(day)
        assert start <= day
        assert year_of(start, solar_hijri=False) == day.year
        assert year_of(start, solar_hijri=True) == year_of(day, solar_hijri=True), day


@pytest.mark.parametrize("year", [1300, 1379, 1403, 1404, 1500])
def test_a_solar_hijri_year_is_a_run_of_whole_spans(year):
    first, last = year_bounds(year)
    before, after = first - datetime.timedelta(days=1), last + datetime.timedelta(days=1)
    # The spans of its first and last days start within it, those of the days around it do not.
    assert first <= span(first)
    assert span(last) <= last
    assert not first <= span(before) <= last
    assert not first <= span(after) <= last


DAYS = [
    datetime.date(2025, 1, 31),
    datetime.date(2025, 3, 1),
    datetime.date(2025, 3, 19),
    datetime.date(2025, 3, 20),
    datetime.date(2025, 3, 21),
    datetime.date(2025, 3, 22),
    datetime.date(2025, 3, 23),
    datetime.date(2025, 3, 31),
    datetime.date(2024, 12, 31),
    datetime.date(1968, 3, 21),
]


@pytest.mark.django_db
@pytest.mark.parametrize("day", [*DAYS, None])
def test_the_database_computes_the_span_python_does(day):
    # A date column on PostgreSQL; ISO text on SQLite, as Django stores dates there.
    given = "%s::date" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {span_of(connection.vendor, 'day')} FROM (SELECT {given} AS day) AS given", [day])
        (computed,) = cursor.fetchone()
    if isinstance(computed, str):
        computed = datetime.date.fromisoformat(computed)
    assert computed == span(day)
    assert span(None) == UNDATED
