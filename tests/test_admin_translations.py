"""The admin speaks Persian and Arabic on every page: none shows one of the registry's labels in English.

A superuser walks every registered model's list, search, add, change, delete and History pages (an
old version's page too), the app pages, the login and lockout pages, the messages after a save, an
action and a delete, and the export's header. Each page's visible text (and its tooltips, labels
for screen readers and button captions) must contain none of `ENGLISH_LABELS`, which the same walk
in English finds on its pages: a label that loses its translation fails the test.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from simple_history.admin import SimpleHistoryAdmin

from common.models import StaffPreferences
from common.roles import EDITOR
from common.vendor_messages import MESSAGES
from exhibitions.models import (
    Application,
    Call,
    Criterion,
    Invitation,
    Participation,
    ParticipationResult,
    Quota,
    Sale,
    Score,
    Stall,
)
from tests.admin_helpers import form_data, full_exhibition, full_participation
from tests.factories import (
    ArtisanCraftFactory,
    CityFactory,
    ClaimFactory,
    CountryFactory,
    CraftCategoryFactory,
    OrganisationFactory,
    PersonFactory,
    ProvinceFactory,
    SanctionFactory,
    SourceFactory,
    VerificationFactory,
)
from tests.test_translations import catalogue
from tests.test_translations import compiled as compiled  # a fixture: the .mo files are up to date

pytestmark = pytest.mark.django_db

VENDOR_MESSAGES = "common/vendor_messages.py"

LANGUAGES = ("fa", "ar")

# Labels of the registry's (and of the apps it brings into its admin) that its pages show, written as
# in the source; each is also looked for with a capital first letter, as the admin writes field labels.
ENGLISH_LABELS = [
    # Models and apps.
    "Artisans",
    "Exhibitions",
    "Participations",
    "Craft categories",
    "Exhibition series",
    "Registry",
    "Login attempts",
    # Fields, fieldsets, inlines and columns.
    "home place",
    "registry number",
    "name in Latin script",
    "workshop name",
    "consent to publish",
    "sample data",
    "When and where",
    "Private: never published",
    "crafts shown",
    "participants recorded",
    "participants reported",
    "date precision",
    "city or place",
    "host place",
    "edition number",
    "officials and delegation members",
    "Outcomes",
    "crafts practised",
    "primary craft",
    "practising since",
    "part of",
    "borders",
    "publication date",
    "reported by",
    "version of the record",
    "created",
    # Filters, actions and links.
    "agreement of sources",
    "Publish selected",
    "Archive selected",
    "back to draft",
    "Export participants as CSV",
    # The fair: calls, applications, the jury, stalls, guests and sales.
    "Calls for participation",
    "Applications",
    "Ranking and decisions",
    "Announce the results",
    "average score",
    "pieces proposed",
    "blind jury",
    "places per craft",
    "Save and score the next",
    "Application receipt",
    "stalls",
    "editions attended",
    "Verifications",
    "Sanctions",
    "pending verification",
    "orders taken",
    "trade contacts",
    # The roles' screens, the History pages and the login attempts, from Django and its apps.
    "Can add",
    "Can view",
    "history of",
    "Change history",
    "Choose a date from the list below",
    "Revert",
    "Changed by",
    "Change reason",
    "Date/time",
    "Model name",
    "Breadcrumbs",
    "Password-based authentication",
    "Locked Out",
]
_VARIANTS = {variant for label in ENGLISH_LABELS for variant in (label, label[0].upper() + label[1:])}
# Longest first, so that "Registry number" is found as itself rather than as "Registry".
LABEL = re.compile(
    r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(_VARIANTS, key=len, reverse=True))) + r")(?![\w-])"
)
# What a person sees or hears of an element besides its text.
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "label")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attributes = dict(attrs)
        self.texts += [attributes[name] for name in SHOWN_ATTRIBUTES if attributes.get(name)]
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def english_labels(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {match for text in parser.texts for match in LABEL.findall(text)}


@pytest.fixture
def records(admin_user):
    """A row of every model in the admin, named without any of the labels looked for."""
    province = ProvinceFactory(parent=CountryFactory(), name_en="Ilam", name_fa="ایلام", name_ar="إيلام")
    city = CityFactory(parent=province, name_en="Mehran", name_fa="مهران", name_ar="مهران")
    craft = CraftCategoryFactory(name_en="Kilim", name_fa="گلیم", name_ar="كليم", parent=CraftCategoryFactory())
    outlet = OrganisationFactory(name_en="Tehran Times", name_fa="تهران تایمز", place=city)
    ClaimFactory(source=SourceFactory(title="Ilam handicrafts in Kut", publisher=outlet), place=province)
    exhibition = full_exhibition(title_en="Kut fair", title_fa="بازارچه کوت", title_ar="معرض الكوت", place=city)
    artisan = ArtisanCraftFactory(artisan__name="مریم کریمی", artisan__name_latin="Maryam Karimi", craft=craft).artisan
    artisan.home_place = city
    artisan.save()
    participation = full_participation(artisan=artisan, exhibition=exhibition)
    ParticipationResult.objects.create(participation=participation, orders_taken=3, trade_contacts=2)
    Sale.objects.create(participation=participation, currency="IQD", amount=1500000)
    Stall.objects.create(exhibition=exhibition, label="A1", artisan=artisan)
    Invitation.objects.create(exhibition=exhibition, artisan=artisan, editions_attended=1)
    VerificationFactory(artisan=artisan)
    SanctionFactory(artisan=artisan, reason="—")
    call = Call.objects.create(
        exhibition=exhibition, opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2027, 8, 31), places=15
    )
    Quota.objects.create(call=call, craft=craft, places=4)
    criterion = Criterion.objects.create(call=call, name_en="Quality", name_fa="کیفیت", name_ar="الجودة")
    application = Application.objects.create(call=call, artisan=artisan, craft=craft, pieces="—")
    Score.objects.create(application=application, juror=admin_user, criterion=criterion, value=4)
    person = PersonFactory(name_en="Reza Moradi", name_fa="رضا مرادی")
    attempt = {
        "username": "clerk",
        "ip_address": "198.51.100.7",
        "user_agent": "Firefox",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(**attempt, http_accept="*/*", get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**attempt, http_accept="*/*")
    AccessFailureLog.objects.create(**attempt, http_accept="*/*", locked_out=False)
    return {"place": city, "artisan": artisan, "person": person}


def client_in(language: str, user) -> Client:
    """A member of staff's browser, with the admin in ``language`` (their own choice, read at login)."""
    StaffPreferences.objects.update_or_create(user=user, defaults={"admin_language": language})
    client = Client()
    client.force_login(user)
    return client


def admin_pages(user, rf) -> list[str]:
    request = rf.get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{name}_changelist")
        pages += [reverse("admin:app_list", args=[opts.app_label]), changelist, f"{changelist}?q=nothing-matches"]
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        obj = model._default_manager.order_by("pk").first()
        pages += [reverse(f"{name}_{view}", args=[obj.pk]) for view in ("change", "delete", "history")]
        if isinstance(model_admin, SimpleHistoryAdmin):
            version = obj.history.order_by("history_id").first()
            pages.append(reverse(f"{name}_simple_history", args=[obj.pk, version.pk]))
    # The fair's own pages.
    call, application = Call.objects.get(), Application.objects.get()
    exhibition = call.exhibition.pk
    pages += [reverse("admin:exhibitions_call_ranking", args=[call.pk])]
    pages += [reverse(f"admin:exhibitions_application_{view}", args=[application.pk]) for view in ("score", "receipt")]
    pages += [reverse(f"admin:exhibitions_exhibition_{view}", args=[exhibition]) for view in ("stalls", "sales")]
    return list(dict.fromkeys(pages))


def labels_on_pages(client, pages: list[str]) -> dict[str, set[str]]:
    found = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        found[page] = english_labels(response.content.decode())
    return found


def test_the_labels_looked_for_are_on_the_english_admins_pages(admin_user, rf, records):
    found = labels_on_pages(client_in("en", admin_user), admin_pages(admin_user, rf))

    shown = set().union(*found.values())
    assert [label for label in ENGLISH_LABELS if not {label, label[0].upper() + label[1:]} & shown] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_admin_page_shows_a_label_in_english(admin_user, rf, records, language):
    found = labels_on_pages(client_in(language, admin_user), admin_pages(admin_user, rf))

    assert {page: labels for page, labels in found.items() if labels} == {}


@pytest.mark.parametrize(("language", "success"), [("fa", "با موفقیت"), ("ar", "بنجاح")])
def test_messages_after_saving_acting_and_deleting_are_in_the_admins_language(admin_user, records, language, success):
    client = client_in(language, admin_user)
    place = reverse("admin:registry_place_change", args=[records["place"].pk])
    artisans = reverse("admin:registry_artisan_changelist")
    person = reverse("admin:registry_person_delete", args=[records["person"].pk])

    saved = client.post(place, form_data(client.get(place)), follow=True)
    archived = client.post(artisans, {"action": "archive", "_selected_action": [records["artisan"].pk]}, follow=True)
    deleted = client.post(person, {"post": "yes"}, follow=True)

    messages = [str(message) for response in (saved, archived, deleted) for message in response.context["messages"]]
    assert len(messages) == 3
    assert [success in message for message in (messages[0], messages[2])] == [True, True]
    assert [english_labels(message) for message in messages] == [set(), set(), set()]


@pytest.mark.parametrize(("language", "header"), [("fa", "شماره ثبت"), ("ar", "رقم التسجيل")])
def test_the_export_action_writes_its_header_in_the_admins_language(admin_user, records, language, header):
    client = client_in(language, admin_user)

    response = client.post(
        reverse("admin:exhibitions_participation_changelist"),
        {
            "action": "export_participants",
            "_selected_action": list(Participation.objects.values_list("pk", flat=True)),
        },
    )

    first_line = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header in first_line
    assert english_labels(first_line) == set()


@pytest.mark.parametrize(
    ("language", "log_in", "locked_out"), [("fa", "ورود", "بیش از اندازه"), ("ar", "الدخول", "محاولات")]
)
def test_the_login_and_lockout_pages_are_in_the_chosen_language(settings, language, log_in, locked_out):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    login = reverse("admin:login")

    form = client.get(login)
    attempts = [
        client.post(login, {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="198.51.100.7") for _try in range(5)
    ]

    assert log_in in form.content.decode()
    assert english_labels(form.content.decode()) == set()
    assert attempts[-1].status_code == 429
    assert locked_out in attempts[-1].content.decode()
    assert english_labels(attempts[-1].content.decode()) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_borrowed_from_django_and_its_apps_is_in_our_catalogue(compiled, language):
    borrowed = [
        entry for entry in catalogue(language) if any(path == VENDOR_MESSAGES for path, _ in entry.occurrences)
    ]

    with translation.override(language):
        untranslated = [
            entry.msgid
            for entry in borrowed
            if (ngettext(entry.msgid, entry.msgid_plural, 2) if entry.msgid_plural else gettext(entry.msgid))
            in {entry.msgid, entry.msgid_plural}
        ]

    assert len(borrowed) == len(MESSAGES)
    assert untranslated == []


def test_the_roles_are_named_in_the_admins_language(admin_user):
    client = client_in("fa", admin_user)

    content = client.get(reverse("admin:auth_group_changelist")).content.decode()
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    permissions = client.get(reverse("admin:auth_group_change", args=[Group.objects.get(name=EDITOR).pk]))

    assert "ویرایشگر سامانه ثبت" in content
    assert "بازدیدکنندهٔ سامانه ثبت" in content
    assert ">بازدیدکنندهٔ سامانه ثبت</a>" in users  # the filter by role
    assert "ثبت هنرمندان | هنرمند صنایع‌دستی | اجازهٔ افزودن هنرمند صنایع‌دستی" in permissions.content.decode()
    assert "اجازهٔ دیدن اطلاعات تماس محرمانهٔ هنرمندان" in permissions.content.decode()
