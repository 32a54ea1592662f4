"""Helpers for the admin tests: admin URLs, inline management forms, change-form data and full rows."""

from django import forms as django_forms
from django.urls import reverse

from exhibitions.models import Exhibition, ExhibitionOfficial, ExhibitionOrganiser, Outcome, Participation
from tests.factories import (
    CraftCategoryFactory,
    ExhibitionFactory,
    ExhibitionSeriesFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
)


def url(model: str, view: str, *args) -> str:
    """The admin URL of `view` for `model`, given as "app_label_model_name"."""
    return reverse(f"admin:{model}_{view}", args=args)


def inline_management_data(response, **total_forms: int) -> dict[str, str]:
    """The management forms of an add page's inlines; `total_forms` gives the rows posted per prefix."""
    data = {}
    for inline_admin_formset in response.context.get("inline_admin_formsets", []):
        prefix = inline_admin_formset.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total_forms.get(prefix, 0)),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def form_data(response) -> dict:
    """What a browser would send back from a change form left as it is: every field, inline rows included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline_admin_formset in response.context.get("inline_admin_formsets", []):
        formset = inline_admin_formset.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if isinstance(field, django_forms.FileField) or value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
            if field.show_hidden_initial:  # a field with a callable default, such as today's date
                data[form.add_initial_prefix(name)] = data[form.add_prefix(name)]
    return data


def full_participation(**kwargs) -> Participation:
    """A participation with every field its inline row and list row show filled in."""
    participation = ParticipationFactory(**kwargs)
    participation.crafts_shown.add(CraftCategoryFactory())
    participation.sources.add(SourceFactory(publisher=OrganisationFactory()))
    return participation


def full_exhibition(**kwargs) -> Exhibition:
    """An exhibition with every field its list row and inlines show filled in."""
    exhibition = ExhibitionFactory(series=ExhibitionSeriesFactory(), **kwargs)
    source = SourceFactory(publisher=OrganisationFactory())
    exhibition.sources.add(source)
    ExhibitionOrganiser.objects.create(exhibition=exhibition, organisation=OrganisationFactory(), source=source)
    ExhibitionOfficial.objects.create(
        exhibition=exhibition, person=PersonFactory(), title_en="Director", organisation=OrganisationFactory()
    )
    Outcome.objects.create(exhibition=exhibition, kind=Outcome.Kind.TALKS, description_en="Talks", source=source)
    return exhibition
