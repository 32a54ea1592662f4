from django.db import models
from django.utils.translation import pgettext_lazy


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "draft")
    PUBLISHED = "published", pgettext_lazy("status", "published")
    # Kept instead of deleted: off the public pages, still in the admin and its history.
    ARCHIVED = "archived", pgettext_lazy("status", "archived")
