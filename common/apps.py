from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """What every app of the registry uses and none owns; it imports none of them."""

    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from django.db.models.signals import post_migrate

        from .admin_language import remember_on_login
        from .privacy import check_admins_keep_private_fields

        checks.register(check_admins_keep_private_fields, checks.Tags.admin)
        user_logged_in.connect(remember_on_login, dispatch_uid="common.remember_admin_language")
        # After the last app's migrations (and after a flush): every watched table exists by then.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="common.after_migrate")


def after_migrate(sender, using, **kwargs):
    from .summaries import install_triggers

    install_triggers(using)
