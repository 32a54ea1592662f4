"""Counts by year read in the page's calendar: Solar Hijri years on Persian pages, as ?year= there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ExhibitionFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participations():
    # 1403 ends on 20 March 2025 (a leap year: 30 Esfand), 1404 begins on 21 March 2025.
    last_of_1403 = ExhibitionFactory(start_date=datetime.date(2025, 3, 20), end_date=None)
    first_of_1404 = ExhibitionFactory(start_date=datetime.date(2025, 3, 21), end_date=None)
    ParticipationFactory(exhibition=last_of_1403)
    ParticipationFactory.create_batch(2, exhibition=first_of_1404)


def years_of_report(client, language: str) -> list[tuple]:
    with translation.override(language):
        response = client.get(reverse("exhibitions:participation-list"))
    return [(row["year"], row["count"]) for row in response.context["by_year"]]


def test_the_report_counts_solar_hijri_years_on_persian_pages(client, participations):
    assert years_of_report(client, "fa") == [(1403, 1), (1404, 2)]
    assert years_of_report(client, "en") == [(2025, 3)]


def test_the_overview_counts_solar_hijri_years_on_persian_pages(client, participations):
    with translation.override("fa"):
        persian = client.get(reverse("exhibitions:home")).context["per_year"]
    english = client.get(reverse("exhibitions:home")).context["per_year"]

    assert (persian, english) == ([(1403, 1), (1404, 2)], [(2025, 3)])


def test_a_solar_hijri_year_of_the_report_is_the_year_its_filter_finds(client, participations):
    with translation.override("fa"):
        response = client.get(reverse("exhibitions:participation-list"), {"year": "1404"})

    assert response.context["page_obj"].paginator.count == 2
