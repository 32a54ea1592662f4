# Modules, not their classes: an AppConfig class imported here would count as one of this app's.
from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """What every app of the registry uses and none owns; it imports none of them."""

    name = "common"
    verbose_name = _("Common")
    # Counts the database keeps on every write (common.totals): rows of the large tables.
    summary_tables = ["common.row_counts.TABLE_ROWS"]

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from django.db.models.signals import post_migrate, pre_migrate

        from .admin_language import remember_on_login
        from .privacy import check_admins_keep_private_fields

        checks.register(check_admins_keep_private_fields, checks.Tags.admin)
        user_logged_in.connect(remember_on_login, dispatch_uid="common.remember_admin_language")
        # After the last app's migrations (and after a flush): every watched table exists by then.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="common.after_migrate")
        pre_migrate.connect(before_migrate, sender=self, dispatch_uid="common.before_migrate")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site whose autocomplete fields label their results (common.autocomplete)."""

    default_site = "common.autocomplete.RegistryAdminSite"
    # Named in INSTALLED_APPS by its path; "common" there means CommonConfig.
    default = False


class LoginAttemptsConfig(axes_apps.AppConfig):
    """django-axes, named in the admin's language: it names itself "Axes", a label no catalogue translates."""

    verbose_name = _("Login attempts")
    default = False


def before_migrate(sender, using, plan=None, **kwargs):
    from django.db import connections

    from . import summaries, text_index, totals

    if plan:
        # Our triggers name tables and columns a migration may rebuild, rename or remove: SQLite
        # refuses to rename a rebuilt table into place while another table's trigger names it. They
        # are all made again after the migrations, and what they keep is counted afresh.
        text_index.drop(using)
        totals.drop_triggers(using)
        summaries.drop_triggers(connections[using])


def after_migrate(sender, using, plan=None, **kwargs):
    from . import summaries, text_index, totals

    summaries.install_triggers(using)
    totals.install_triggers(using)
    changed = plan is None or bool(plan)
    if changed:
        # A migration ran (or the tables were flushed): its data steps wrote without the triggers,
        # so every total is counted afresh and nothing remembered before it is used again.
        totals.rebuild(using)
        summaries.retire_everything(using)
    text_index.install(using, rebuild=changed)
