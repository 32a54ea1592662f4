"""The checks every admin page gets: its changelist, add and change pages, for every registered model."""

import datetime
from collections.abc import Callable
from typing import NamedTuple

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.db.models import Model
from django.forms import ModelChoiceField
from django.utils import translation

from common import row_counts
from exhibitions.models import Application, Call, Criterion, Exhibition, Invitation, Quota
from tests.admin_helpers import full_exhibition, full_participation, url
from tests.factories import (
    ArtisanCraftFactory,
    ArtisanFactory,
    CityFactory,
    ClaimFactory,
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    OrganisationFactory,
    PersonFactory,
    ProvinceFactory,
    SanctionFactory,
    SourceFactory,
    VerificationFactory,
)
from tests.query_counts import queries

pytestmark = pytest.mark.django_db

OUR_APPS = {"crafts", "registry", "exhibitions"}


class AdminRow(NamedTuple):
    make: Callable[[], Model]  # one row with everything its columns show
    text: str  # what the row shows
    changelist_reads: tuple[str, ...]  # its changelist's queries, besides the login and the page count


# Besides the page count: not where show_full_result_count is off (artisans, participations), too many
# rows to count on every view.
UNFILTERED_COUNT = ("the unfiltered count",)
DATE_HIERARCHY = ("the date hierarchy's first and last dates", "the date hierarchy's dates")

ROWS = {
    "crafts_craftcategory": AdminRow(
        lambda: CraftCategoryFactory(name_en="Kilim", parent=CraftCategoryFactory(name_en="Textiles")),
        "Kilim",
        (*UNFILTERED_COUNT, "rows", "the depths, for the depth filter"),
    ),
    "registry_place": AdminRow(
        lambda: ProvinceFactory(name_en="Ilam", name_fa="ایلام"), "Ilam", (*UNFILTERED_COUNT, "rows")
    ),
    "registry_organisation": AdminRow(
        lambda: OrganisationFactory(
            name_en="Cultural Heritage Office", place=CityFactory(), parent=OrganisationFactory()
        ),
        "Cultural Heritage Office",
        (*UNFILTERED_COUNT, "rows"),
    ),
    "registry_person": AdminRow(
        lambda: PersonFactory(name_en="Reza Moradi"), "Reza Moradi", (*UNFILTERED_COUNT, "rows")
    ),
    "registry_source": AdminRow(
        lambda: SourceFactory(publisher=OrganisationFactory(name_en="INA"), reported_by=OrganisationFactory()),
        "INA",
        (*UNFILTERED_COUNT, "rows", *DATE_HIERARCHY),
    ),
    "registry_claim": AdminRow(
        lambda: ClaimFactory(topic="ilam-iraq-border-length"), "ilam-iraq-border-length", (*UNFILTERED_COUNT, "rows")
    ),
    "registry_artisan": AdminRow(
        lambda: ArtisanCraftFactory(artisan__name="مریم کریمی").artisan, "مریم کریمی", ("rows",)
    ),
    "registry_verification": AdminRow(
        lambda: VerificationFactory(artisan__name="مریم کریمی"), "مریم کریمی", ("rows",)
    ),
    "registry_sanction": AdminRow(lambda: SanctionFactory(artisan__name="مریم کریمی"), "مریم کریمی", ("rows",)),
    "exhibitions_exhibitionseries": AdminRow(
        lambda: ExhibitionSeriesFactory(name_en="Wasit handicrafts exhibition"),
        "Wasit handicrafts exhibition",
        (*UNFILTERED_COUNT, "rows"),
    ),
    "exhibitions_exhibition": AdminRow(
        lambda: full_exhibition(title_en="Ilam crafts in Kut"),
        "Ilam crafts in Kut",
        ("the series, for the series filter", *UNFILTERED_COUNT, "rows", *DATE_HIERARCHY),
    ),
    "exhibitions_participation": AdminRow(
        lambda: full_participation(artisan__name="مریم کریمی"), "مریم کریمی", ("rows",)
    ),
    "exhibitions_call": AdminRow(
        lambda: make_call("Ilam crafts in Kut, 2027"), "Ilam crafts in Kut, 2027", (*UNFILTERED_COUNT, "rows")
    ),
    "exhibitions_application": AdminRow(
        lambda: Application.objects.create(
            call=make_call("Kut 2027"),
            artisan=ArtisanFactory(name="مریم کریمی"),
            craft=CraftCategoryFactory(),
            pieces="Two kilims",
        ),
        "Application ",  # the applicant's name is not in the label: a blind jury reads it
        ("the calls, for the call filter", *UNFILTERED_COUNT, "rows"),
    ),
    "exhibitions_invitation": AdminRow(
        lambda: Invitation.objects.create(exhibition=ExhibitionFactory(), artisan=ArtisanFactory(name="مریم کریمی")),
        "مریم کریمی",
        ("the exhibitions, for the exhibition filter", *UNFILTERED_COUNT, "rows"),
    ),
}


def make_call(title: str) -> Call:
    call = Call.objects.create(
        exhibition=ExhibitionFactory(title_en=title),
        opens_on=datetime.date(2026, 12, 1),
        closes_on=datetime.date(2027, 8, 31),
        places=15,
        rules_en="Five pieces at most.",
    )
    Quota.objects.create(call=call, craft=CraftCategoryFactory(), places=4)
    Criterion.objects.create(call=call, name_en="Quality")
    return call


def test_rows_cover_every_registered_model():
    registered = {
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    }

    assert sorted(ROWS) == sorted(registered)


@pytest.mark.parametrize("model", ROWS)
def test_changelist_shows_the_row(admin_client, model):
    ROWS[model].make()

    response = admin_client.get(url(model, "changelist"))

    assert ROWS[model].text in response.content.decode()


@pytest.mark.parametrize("model", ROWS)
@pytest.mark.parametrize("rows", [1, 10])
def test_changelist_runs_the_same_queries_for_any_number_of_rows(admin_client, django_assert_num_queries, model, rows):
    for _row in range(rows):
        ROWS[model].make()

    # The large tables' rows are counted by the database (common.row_counts): the page count is one
    # read. A count that reads no table a version covers (people, sources) is made afresh, not
    # remembered; the others are remembered.
    counted = model in row_counts.counted_tables()
    watched = model not in {"registry_person", "registry_source"} and not counted
    reads = [*ROWS[model].changelist_reads, *([] if watched else ["the page count"])]
    with django_assert_num_queries(queries(login=True, reads=reads, remembered={"page count": 1} if watched else {})):
        response = admin_client.get(url(model, "changelist"))

    # Once in its column, once in the label of its action checkbox.
    assert response.content.decode().count(ROWS[model].text) == 2 * rows


@pytest.mark.parametrize("model", ROWS)
def test_add_page_renders(admin_client, model):
    response = admin_client.get(url(model, "add"))

    assert response.context["title"] == f"Add {response.context['opts'].verbose_name}"


@pytest.mark.parametrize("model", ROWS)
def test_change_page_renders(admin_client, model):
    obj = ROWS[model].make()

    response = admin_client.get(url(model, "change", obj.pk))

    assert response.context["title"] == f"Change {response.context['opts'].verbose_name}"
    assert ROWS[model].text in response.content.decode()


def test_every_admin_form_picks_related_rows_by_autocomplete(admin_user, rf):
    # A plain <select> lists the whole table: unusable at 100k artisans, and a query per inline row.
    request = rf.get("/admin/")
    request.user = admin_user
    plain_selects = []

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        forms = [model_admin.get_form(request)]
        forms += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form in forms:
            for name, field in form.base_fields.items():
                widget = getattr(field.widget, "widget", field.widget)
                if isinstance(field, ModelChoiceField) and not isinstance(widget, AutocompleteMixin):
                    plain_selects.append(f"{form._meta.model.__name__}.{name}")

    assert plain_selects == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_row_checkbox_is_the_one_django_writes(language):
    exhibition = ExhibitionFactory(title_en='Kut <fair> & "bazaar"')
    model_admin = admin.site._registry[Exhibition]

    with translation.override(language):
        assert model_admin.action_checkbox(exhibition) == admin.ModelAdmin.action_checkbox(model_admin, exhibition)
