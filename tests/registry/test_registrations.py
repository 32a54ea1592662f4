"""Verified registration: verifications and their private evidence, revocation, sanctions, the
artisans' list filter and export, and what the public page says of it."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import roles
from common.i18n import format_date
from registry.models import Artisan, RegistrationStatus, Verification, private_storage, valid_until
from registry.registrations import record_verification, reinstate, revoke
from tests.admin_helpers import form_data, url
from tests.factories import ArtisanFactory, CraftCategoryFactory, SanctionFactory, VerificationFactory

pytestmark = pytest.mark.django_db

NOTE = "Visited the workshop on Saadi street"
REASON = "Sold pieces made by another workshop"
EVIDENCE = b"%PDF-1.4 the office's visit report"


def today() -> datetime.date:
    return timezone.localdate()


def days(number: int) -> datetime.date:
    return today() + datetime.timedelta(days=number)


def logged_in(django_user_model, role: str, username: str) -> Client:
    user = django_user_model.objects.create_user(username, password="not-used", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(django_user_model):
    return logged_in(django_user_model, roles.EDITOR, "editor")


@pytest.fixture
def viewer(django_user_model):
    return logged_in(django_user_model, roles.VIEWER, "viewer")


def evidence_file(name: str = "visit-report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EVIDENCE, content_type="application/pdf")


@pytest.fixture
def verified(editor):
    """An artisan verified ten days ago, with a note and evidence, and a sanction."""
    artisan = ArtisanFactory(name_latin="Maryam Karimi")
    verification = record_verification(
        artisan=artisan,
        method=Verification.Method.WORKSHOP_VISIT,
        verified_on=days(-10),
        by=editor.user,
        note=NOTE,
        evidence=evidence_file(),
    )
    SanctionFactory(artisan=artisan, reason=REASON)
    return verification


def evidence_url(verification: Verification) -> str:
    return reverse("admin:registry_verification_evidence", args=[verification.pk])


# Recording


def test_verification_sets_the_registration_valid_for_the_period(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    artisan = ArtisanFactory()

    verification = record_verification(
        artisan=artisan, method=Verification.Method.SAMPLE_PIECES, verified_on=datetime.date(2025, 3, 1), by=clerk
    )

    artisan.refresh_from_db()
    assert (artisan.registration_status, artisan.registration_valid_until) == (
        RegistrationStatus.VERIFIED,
        datetime.date(2027, 2, 28),
    )
    assert (verification.valid_until, verification.verified_by) == (datetime.date(2027, 2, 28), clerk)
    latest = artisan.history.latest()
    assert (latest.history_change_reason, latest.history_user, latest.registration_status) == (
        "Registration verified",
        clerk,
        RegistrationStatus.VERIFIED,
    )
    assert verification.history.get().history_user == clerk


def test_renewal_extends_the_validity_and_an_older_verification_never_shortens_it(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    artisan = ArtisanFactory()
    visit = Verification.Method.WORKSHOP_VISIT
    record_verification(artisan=artisan, method=visit, verified_on=datetime.date(2024, 5, 1), by=clerk)

    record_verification(artisan=artisan, method=visit, verified_on=datetime.date(2025, 6, 1), by=clerk)
    renewed = artisan.registration_valid_until
    record_verification(artisan=artisan, method=visit, verified_on=datetime.date(2024, 1, 1), by=clerk)

    assert renewed == valid_until(datetime.date(2025, 6, 1)) == datetime.date(2027, 5, 31)
    artisan.refresh_from_db()
    assert artisan.registration_valid_until == renewed
    assert [row.history_change_reason for row in artisan.history.all()] == [
        "Registration renewed",
        "Registration renewed",
        "Registration verified",
        None,
    ]
    assert artisan.verifications.count() == 3


def test_revoke_needs_a_reason_and_reinstate_restores_the_verification(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    artisan = ArtisanFactory()
    record_verification(artisan=artisan, method=Verification.Method.OTHER, verified_on=days(-1), by=clerk)

    with pytest.raises(ValidationError):
        revoke(artisan=artisan, reason="  ", by=clerk)
    revoke(artisan=artisan, reason=REASON, by=clerk)
    revoked = Artisan.objects.get(pk=artisan.pk)
    reinstate(artisan=artisan, by=clerk)

    assert (revoked.registration_status, revoked.registration_revoked_reason) == (RegistrationStatus.REVOKED, REASON)
    assert revoked.registration_state_on(today()) == RegistrationStatus.REVOKED
    artisan.refresh_from_db()
    assert (artisan.registration_status, artisan.registration_revoked_reason) == (RegistrationStatus.VERIFIED, "")
    assert [row.history_change_reason for row in artisan.history.all()[:3]] == [
        "Registration reinstated",
        "Registration revoked",
        "Registration verified",
    ]


# The verification's admin and its evidence


def test_editor_records_a_verification_with_evidence_in_the_admin(editor):
    artisan = ArtisanFactory()
    add_page = editor.get(url("registry_verification", "add") + f"?artisan={artisan.pk}")

    response = editor.post(
        url("registry_verification", "add"),
        {
            "artisan": artisan.pk,
            "method": Verification.Method.WORKSHOP_VISIT,
            "verified_on": days(-3).isoformat(),
            "note": NOTE,
            "evidence": evidence_file(),
        },
    )

    assert add_page.context["adminform"].form.initial["artisan"] == str(artisan.pk)
    assert response.status_code == 302
    verification = Verification.objects.get()
    assert (verification.verified_by, verification.valid_until, verification.note) == (
        editor.user,
        valid_until(days(-3)),
        NOTE,
    )
    artisan.refresh_from_db()
    assert (artisan.registration_status, artisan.registration_valid_until) == (
        RegistrationStatus.VERIFIED,
        valid_until(days(-3)),
    )
    assert artisan.history.latest().history_user == editor.user
    stored = Path(private_storage.path(verification.evidence.name))
    assert stored.read_bytes() == EVIDENCE
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_a_verification_cannot_be_dated_after_today(editor):
    artisan = ArtisanFactory()

    response = editor.post(
        url("registry_verification", "add"),
        {"artisan": artisan.pk, "method": Verification.Method.OTHER, "verified_on": days(1).isoformat()},
    )

    assert response.context["adminform"].form.errors == {
        "verified_on": ["A verification cannot be dated after today."]
    }
    assert not Verification.objects.exists()


def test_evidence_is_served_to_the_editor_as_a_download(editor, verified):
    response = editor.get(evidence_url(verified))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE
    assert response["Content-Disposition"] == 'attachment; filename="visit-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_refused_to_the_viewer_and_to_strangers(viewer, client, verified):
    assert viewer.get(evidence_url(verified)).status_code == 403
    assert client.get(evidence_url(verified)).status_code == 302  # to the admin's login


def test_evidence_of_no_verification_or_no_file_is_not_found(editor):
    without_file = VerificationFactory()

    assert editor.get(reverse("admin:registry_verification_evidence", args=[9999])).status_code == 404
    assert editor.get(evidence_url(without_file)).status_code == 404


def test_no_public_or_media_address_reaches_the_evidence(editor, client, verified):
    name = verified.evidence.name

    change_page = editor.get(url("registry_verification", "change", verified.pk)).content.decode()

    assert f'<a href="{evidence_url(verified)}">visit-report.pdf</a>' in change_page
    assert "/media/" not in change_page
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    assert client.get(f"/{name}").status_code == 404
    with pytest.raises(ValueError, match="no address"):
        verified.evidence.url  # noqa: B018 - the property is the test


# What the viewer does not see


def test_viewer_sees_no_evidence_note_or_reason_on_any_page(viewer, editor, verified):
    artisan = verified.artisan
    sanction = artisan.sanctions.get()
    page = editor.get(url("registry_verification", "change", verified.pk))
    editor.post(url("registry_verification", "change", verified.pk), form_data(page) | {"note": f"{NOTE}, again"})
    page = editor.get(url("registry_sanction", "change", sanction.pk))
    editor.post(url("registry_sanction", "change", sanction.pk), form_data(page) | {"reason": f"{REASON}, twice"})
    revoke(artisan=artisan, reason="Forged endorsement", by=editor.user)
    pages = [
        url("registry_verification", "change", verified.pk),
        url("registry_verification", "history", verified.pk),
        url("registry_verification", "changelist"),
        url("registry_sanction", "change", sanction.pk),
        url("registry_sanction", "history", sanction.pk),
        url("registry_sanction", "changelist"),
        url("registry_artisan", "change", artisan.pk),
        url("registry_artisan", "history", artisan.pk),
        reverse("admin:registry_verification_simple_history", args=[verified.pk, verified.history.earliest().pk]),
        reverse("admin:registry_sanction_simple_history", args=[sanction.pk, sanction.history.earliest().pk]),
    ]
    secrets = [NOTE, REASON, "Forged endorsement", "visit-report", "/evidence/"]

    seen_by_viewer = {page: viewer.get(page) for page in pages}
    seen_by_editor = {page: editor.get(page).content.decode() for page in pages}

    assert {page: response.status_code for page, response in seen_by_viewer.items()} == dict.fromkeys(pages, 200)
    leaks = {page: [s for s in secrets if s in response.content.decode()] for page, response in seen_by_viewer.items()}
    assert leaks == {page: [] for page in pages}
    assert NOTE in seen_by_editor[url("registry_verification", "history", verified.pk)]
    assert REASON in seen_by_editor[url("registry_sanction", "history", sanction.pk)]
    assert "Forged endorsement" in seen_by_editor[url("registry_artisan", "change", artisan.pk)]


def test_viewer_cannot_search_or_filter_on_notes_or_reasons(viewer, editor, verified):
    verifications = url("registry_verification", "changelist")
    sanctions = url("registry_sanction", "changelist")

    assert editor.get(verifications, {"q": "Saadi"}).context["cl"].result_count == 1
    assert viewer.get(verifications, {"q": "Saadi"}).context["cl"].result_count == 0
    assert editor.get(sanctions, {"q": "another workshop"}).context["cl"].result_count == 1
    assert viewer.get(sanctions, {"q": "another workshop"}).context["cl"].result_count == 0
    assert viewer.get(verifications, {"note__contains": "Saadi"}).status_code == 400
    assert viewer.get(sanctions, {"reason__startswith": "Sold"}).status_code == 400
    assert viewer.get(url("registry_artisan", "changelist"), {"sanctions__reason__contains": "S"}).status_code == 400


def test_viewer_may_not_add_verifications_or_sanctions(viewer, verified):
    assert viewer.get(url("registry_verification", "add")).status_code == 403
    assert viewer.get(url("registry_sanction", "add")).status_code == 403
    artisan_page = viewer.get(url("registry_artisan", "change", verified.artisan.pk)).content.decode()
    assert "Record a verification" not in artisan_page


# The artisan's change page


def test_artisan_page_lists_verifications_read_only_with_a_link_to_record_one(editor, verified):
    artisan = verified.artisan

    response = editor.get(url("registry_artisan", "change", artisan.pk))

    formsets = {formset.opts.model.__name__: formset for formset in response.context["inline_admin_formsets"]}
    assert len(formsets["Verification"].formset.forms) == 1
    assert formsets["Verification"].has_change_permission is False
    assert len(formsets["Sanction"].formset.forms) == 1
    content = response.content.decode()
    add_url = f"{url('registry_verification', 'add')}?artisan={artisan.pk}"
    assert f'<a class="addlink" href="{add_url}">Record a verification</a>' in content
    assert f"valid until {format_date(valid_until(days(-10)))}" in content


def test_sanction_added_on_the_artisan_page_records_who_added_it(editor):
    artisan = ArtisanFactory()
    page = editor.get(url("registry_artisan", "change", artisan.pk))
    data = form_data(page) | {
        "sanctions-TOTAL_FORMS": "1",
        "sanctions-0-starts_on": days(0).isoformat(),
        "sanctions-0-until": days(90).isoformat(),
        "sanctions-0-reason": REASON,
    }

    response = editor.post(url("registry_artisan", "change", artisan.pk), data)

    assert response.status_code == 302
    sanction = artisan.sanctions.get()
    assert (sanction.created_by, sanction.reason, sanction.until) == (editor.user, REASON, days(90))
    assert sanction.history.get().history_user == editor.user


def change_registration(client, artisan: Artisan, **changes):
    page = client.get(url("registry_artisan", "change", artisan.pk))
    return client.post(url("registry_artisan", "change", artisan.pk), form_data(page) | changes)


def test_artisan_form_refuses_verified_by_hand(editor):
    artisan = ArtisanFactory()

    response = change_registration(editor, artisan, registration_status=RegistrationStatus.VERIFIED)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["registration_status"] == [
        'A registration is verified by recording a verification, with its date and method: use "Record a '
        "verification\" under the artisan's verifications."
    ]
    artisan.refresh_from_db()
    assert artisan.registration_status == RegistrationStatus.PENDING


def test_artisan_form_revokes_only_with_a_reason(editor, verified):
    artisan = verified.artisan

    refused = change_registration(editor, artisan, registration_status=RegistrationStatus.REVOKED)
    revoked = change_registration(
        editor, artisan, registration_status=RegistrationStatus.REVOKED, registration_revoked_reason=REASON
    )

    assert refused.context["adminform"].form.errors == {
        "registration_revoked_reason": ["Say why the registration is revoked."]
    }
    assert revoked.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.registration_status, artisan.registration_revoked_reason) == (RegistrationStatus.REVOKED, REASON)
    latest = artisan.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Registration revoked", editor.user)


def test_artisan_form_sets_a_registration_back_to_pending_and_keeps_other_edits(editor, verified):
    artisan = verified.artisan

    response = change_registration(
        editor, artisan, registration_status=RegistrationStatus.PENDING, workshop_name="Karimi Kilims"
    )

    assert response.status_code == 302
    artisan.refresh_from_db()
    assert (artisan.registration_status, artisan.workshop_name) == (RegistrationStatus.PENDING, "Karimi Kilims")
    assert artisan.history.latest().history_change_reason == "Registration set back to pending"


def test_artisan_form_opened_before_a_verification_is_refused_as_out_of_date(editor):
    artisan = ArtisanFactory()
    page = editor.get(url("registry_artisan", "change", artisan.pk))
    record_verification(artisan=artisan, method=Verification.Method.OTHER, verified_on=days(0), by=editor.user)

    response = editor.post(url("registry_artisan", "change", artisan.pk), form_data(page) | {"workshop_name": "X"})

    assert response.status_code == 200
    assert "was changed by someone else" in response.content.decode()
    artisan.refresh_from_db()
    assert artisan.registration_status == RegistrationStatus.VERIFIED


def test_a_new_artisans_form_has_no_registration_to_set(editor):
    response = editor.get(url("registry_artisan", "add"))

    assert "registration_status" not in response.context["adminform"].form.fields


# The artisans' list: filter, column, export


@pytest.fixture
def registrations():
    """One artisan in each state, today."""

    def artisan(name, status, until=None, reason=""):
        return ArtisanFactory(
            name_latin=name,
            registration_status=status,
            registration_valid_until=until,
            registration_revoked_reason=reason,
        )

    return {
        "pending": artisan("Pending Pari", RegistrationStatus.PENDING),
        "valid": artisan("Valid Vahid", RegistrationStatus.VERIFIED, days(61)),
        "expiring": artisan("Expiring Elham", RegistrationStatus.VERIFIED, days(60)),
        "last-day": artisan("Last-day Leila", RegistrationStatus.VERIFIED, days(0)),
        "expired": artisan("Expired Ehsan", RegistrationStatus.VERIFIED, days(-1)),
        "revoked": artisan("Revoked Reza", RegistrationStatus.REVOKED, days(300), REASON),
    }


def listed(client, **params) -> list[str]:
    response = client.get(url("registry_artisan", "changelist"), params)
    return sorted(artisan.name_latin for artisan in response.context["cl"].result_list)


def test_registration_filter_offers_five_choices(editor, registrations):
    response = editor.get(url("registry_artisan", "changelist"))

    specs = response.context["cl"].filter_specs
    registration = next(spec for spec in specs if getattr(spec, "parameter_name", "") == "registration")
    assert [str(title) for _value, title in registration.lookup_choices] == [
        "pending verification",
        "valid",
        "expiring in the next 60 days",
        "expired",
        "revoked",
    ]


def test_registration_filter_selects_by_todays_state(viewer, registrations):
    assert listed(viewer, registration="pending") == ["Pending Pari"]
    assert listed(viewer, registration="valid") == ["Expiring Elham", "Last-day Leila", "Valid Vahid"]
    assert listed(viewer, registration="expiring") == ["Expiring Elham", "Last-day Leila"]
    assert listed(viewer, registration="expired") == ["Expired Ehsan"]
    assert listed(viewer, registration="revoked") == ["Revoked Reza"]


def test_artisan_list_shows_each_registration_and_its_date(viewer, registrations):
    content = viewer.get(url("registry_artisan", "changelist")).content.decode()

    assert f'<td class="field-registration">valid until {format_date(days(61))}</td>' in content
    assert f'<td class="field-registration">expired after {format_date(days(-1))}</td>' in content
    assert '<td class="field-registration">pending verification</td>' in content
    assert '<td class="field-registration">revoked</td>' in content


def test_artisan_list_links_to_its_export_with_its_filters(viewer, registrations):
    content = viewer.get(url("registry_artisan", "changelist"), {"registration": "expiring"}).content.decode()

    assert f'<a href="{reverse("admin:registry_artisan_export_csv")}?registration=expiring">' in content
    assert f'<a href="{reverse("admin:registry_artisan_export_xlsx")}?registration=expiring">' in content


def test_export_of_the_expiring_filter_holds_exactly_those_artisans(editor, registrations):
    expiring = registrations["expiring"]
    expiring.phone = "0841 555 0142"
    expiring.save()
    expiring.crafts.add(CraftCategoryFactory(name_en="Kilim"))
    last_day = registrations["last-day"]

    response = editor.get(reverse("admin:registry_artisan_export_csv"), {"registration": "expiring", "p": "3"})

    assert response["Content-Disposition"] == f'attachment; filename="artisans-expiring-{today().isoformat()}.csv"'
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines() == [
        "\ufeffregistry number,name,name in Latin script,home place,crafts,status,consent to publish,registration,"
        "registration valid until,sample data,phone,email,national ID number",
        f"{expiring.registry_number},{expiring.name},Expiring Elham,{expiring.home_place.name_en},Kilim,published,"
        f"yes,valid,{days(60).isoformat()},no,0841 555 0142,,",
        f"{last_day.registry_number},{last_day.name},Last-day Leila,{last_day.home_place.name_en},,published,"
        f"yes,valid,{days(0).isoformat()},no,,,",
    ]


def test_viewer_exports_the_filtered_list_without_contact_data(viewer, registrations):
    response = viewer.get(reverse("admin:registry_artisan_export_csv"), {"registration": "expired"})

    header, *rows = b"".join(response.streaming_content).decode().removeprefix("\ufeff").splitlines()
    assert header.endswith("registration,registration valid until,sample data")
    assert [row.split(",")[2] for row in rows] == ["Expired Ehsan"]
    assert rows[0].split(",")[7:9] == ["expired", days(-1).isoformat()]


def test_export_as_xlsx_of_the_filtered_list(editor, registrations):
    response = editor.get(reverse("admin:registry_artisan_export_xlsx"), {"registration": "revoked"})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="artisans-revoked-{today().isoformat()}.xlsx"'


def test_export_needs_the_right_to_view_artisans(client, registrations):
    assert client.get(reverse("admin:registry_artisan_export_csv")).status_code == 302  # to the login


# The public page


def public_page(client, artisan: Artisan, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    response = client.get(f"{prefix}{artisan.get_absolute_url()}")
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_shows_a_valid_registration_and_nothing_else_of_it(client, verified):
    artisan = verified.artisan
    until = valid_until(days(-10))

    english = public_page(client, artisan)
    persian = public_page(client, artisan, "fa")

    assert f'<dd class="registration">valid until {format_date(until, language="en")}</dd>' in english
    assert format_date(until, language="fa") in persian
    assert re.search("[۰-۹]{4}", format_date(until, language="fa"))  # Solar Hijri, in Persian digits
    for page in (english, persian):
        leaks = [
            text for text in (NOTE, REASON, "visit-report", "/evidence/", "workshop visit", "editor") if text in page
        ]
        assert leaks == []


@pytest.mark.parametrize(
    ("status", "until"),
    [
        (RegistrationStatus.PENDING, None),
        (RegistrationStatus.VERIFIED, -1),
        (RegistrationStatus.REVOKED, 300),
    ],
)
def test_public_page_says_nothing_of_a_registration_not_valid_today(client, status, until):
    artisan = ArtisanFactory(
        registration_status=status,
        registration_valid_until=days(until) if until is not None else None,
        registration_revoked_reason=REASON if status == RegistrationStatus.REVOKED else "",
    )
    SanctionFactory(artisan=artisan, reason=REASON)

    page = public_page(client, artisan)

    assert 'class="registration"' not in page
    assert "valid until" not in page
    assert REASON not in page
