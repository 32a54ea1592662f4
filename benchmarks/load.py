"""Locust load test: visitors browsing, visitors downloading CSV, staff saving admin change forms.

Run it through benchmarks/load_test.py, which prepares the database (a staff superuser, the URLs
to visit), starts gunicorn and reads the results back; it passes what it prepared in the JSON file
named by LOAD_PARAMS. By hand, against a server already running on 127.0.0.1:

    LOAD_PARAMS=params.json .venv/bin/locust -f benchmarks/load.py --headless -u 16 -r 16 -t 60s \\
        --host http://127.0.0.1:8000 --csv /tmp/load

Of 16 users, 3 download CSV and one (``--staff``) is a member of staff who opens a change form and
saves it every 2 s (``--save-every``); the others browse. Visitors and downloaders wait 0.25 to
1 s between requests, like impatient people.
"""

import itertools
import json
import os
import random
import re
import urllib.parse
from html.parser import HTMLParser

from locust import HttpUser, between, constant_pacing, task

with open(os.environ["LOAD_PARAMS"], encoding="utf-8") as handle:
    PARAMS = json.load(handle)

EDITS = itertools.count(1)
STAFF_SEATS = itertools.count()
MARKER = re.compile(r"\s*\[load test \d+\]$")


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit for the form with the given id."""

    SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in self.SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": []}

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea["text"])
            # Browsers drop the newline that Django writes right after <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.fields.append((self.textarea["name"], text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    return parser.fields


def replace(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    if not any(key == name for key, _value in fields):
        raise ValueError(f"the form has no field {name!r}")
    return [(key, value if key == name else old) for key, old in fields]


def form_errors(html: str) -> str:
    found = re.findall(r'class="(?:errornote|errorlist[^"]*)"[^>]*>(.*?)</(?:p|ul)>', html, re.S)
    text = " | ".join(re.sub(r"<[^>]+>", " ", item) for item in found)
    return re.sub(r"\s+", " ", text).strip()[:300] or "no error message found"


class RegistryUser(HttpUser):
    abstract = True
    wait_time = between(0.25, 1.0)

    def get(self, path: str, name: str, **kwargs):
        with self.client.get(path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} for {path}")
            return response


class Visitor(RegistryUser):
    """Browses the public pages."""

    weight = 1

    @task(3)
    def home(self):
        self.get("/", "page /")

    @task(6)
    def artisans(self):
        self.get(
            "/artisans/?" + urllib.parse.urlencode(random.choice(PARAMS["artisan_filters"])),
            "page /artisans/ ?filters",
        )

    @task(6)
    def artisan(self):
        self.get(f"/artisans/{random.choice(PARAMS['artisan_slugs'])}/", "page /artisans/<slug>/")

    @task(3)
    def exhibitions(self):
        self.get("/exhibitions/", "page /exhibitions/")

    @task(4)
    def exhibition(self):
        self.get(f"/exhibitions/{random.choice(PARAMS['exhibition_slugs'])}/", "page /exhibitions/<slug>/")

    @task(3)
    def participations(self):
        self.get(f"/participations/?year={random.choice(PARAMS['years'])}", "page /participations/?year")

    @task(2)
    def crafts(self):
        self.get("/crafts/", "page /crafts/")


class Downloader(RegistryUser):
    """Downloads CSV exports, reading every byte."""

    fixed_count = 3

    @task
    def participations_csv(self):
        response = self.get(f"/participations/?format=csv&year={PARAMS['csv_year']}", "csv /participations/?year")
        if response.ok and not response.content.startswith(b"\xef\xbb\xbf"):
            response.failure("the participation CSV does not start with a byte-order mark")

    @task
    def exhibition_csv(self):
        self.get(
            f"/exhibitions/{random.choice(PARAMS['csv_exhibition_slugs'])}/?format=csv", "csv /exhibitions/<slug>/"
        )


class Staff(RegistryUser):
    """Logs in to the admin and saves artisans and participations through their change forms, one
    save every ``save_every`` seconds each (the form's request and the save included)."""

    fixed_count = PARAMS.get("staff", 1)
    wait_time = constant_pacing(PARAMS.get("save_every", 2.0))

    def on_start(self):
        # Each member of staff edits records of their own. Two editing the same record is tested
        # elsewhere (tests/*/test_edit_conflicts.py): the second is told, which here would count
        # as a failed request.
        seat = next(STAFF_SEATS) % self.fixed_count
        self.artisan_ids = PARAMS["admin_artisan_ids"][seat :: self.fixed_count]
        self.participation_ids = PARAMS["admin_participation_ids"][seat :: self.fixed_count]
        response = self.get("/admin/login/?next=/admin/", "admin login form")
        self.insecure_cookies()
        fields = form_fields(response.text, "login-form")
        fields = replace(fields, "username", PARAMS["username"])
        fields = replace(fields, "password", PARAMS["password"])
        with self.client.post(
            "/admin/login/?next=/admin/", data=fields, name="admin login", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302 or "/login/" in answer.headers.get("Location", ""):
                answer.failure(f"login failed: HTTP {answer.status_code}, {form_errors(answer.text)}")
        self.insecure_cookies()

    def insecure_cookies(self):
        # Production settings mark the session and CSRF cookies Secure; here TLS would be ended by
        # the proxy, so the client, talking plain HTTP on loopback, is told to send them anyway.
        for cookie in self.client.cookies:
            cookie.secure = False

    def save(self, path: str, form_id: str, label: str, edit) -> None:
        with self.client.get(path, name=f"admin {label} form", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200 or f'id="{form_id}"' not in response.text:
                location = response.headers.get("Location", "")
                response.failure(f"no change form at {path}: HTTP {response.status_code} {location}".strip())
                return
        self.insecure_cookies()
        fields = edit(form_fields(response.text, form_id))
        fields.append(("_save", "Save"))
        with self.client.post(
            path, data=fields, name=f"admin {label} save", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302 or "/login/" in answer.headers.get("Location", ""):
                answer.failure(f"save of {path} refused: HTTP {answer.status_code}, {form_errors(answer.text)}")
        # The save's answer may set the session cookie again (the message it leaves): Secure too.
        self.insecure_cookies()

    @task
    def save_artisan(self):
        def edit(fields):
            old = next(value for key, value in fields if key == "biography_en")
            return replace(fields, "biography_en", f"{MARKER.sub('', old)} [load test {next(EDITS)}]".lstrip())

        pk = random.choice(self.artisan_ids)
        self.save(f"/admin/registry/artisan/{pk}/change/", "artisan_form", "artisan", edit)

    @task
    def save_participation(self):
        def edit(fields):
            return replace(fields, "stand", f"LT-{next(EDITS)}")

        pk = random.choice(self.participation_ids)
        self.save(f"/admin/exhibitions/participation/{pk}/change/", "participation_form", "participation", edit)
