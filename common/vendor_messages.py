"""Messages of Django and its third-party apps that show in the registry's admin, but that their
own Persian or Arabic catalogues lack or translate poorly (typos, wrong words, other terms).

Django looks a message up in LOCALE_PATHS (locale/fa, locale/ar) before the apps' catalogues, so
listing a message here, where makemessages finds it, puts it in ours to be translated there.
Nothing reads this list; a message that the app's own catalogue comes to translate well can go.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = [
    # Django's admin and auth (Persian catalogue of Django 5.2).
    _("Breadcrumbs"),
    _("Model name"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
    _("This action will <strong>enable</strong> password-based authentication for this user."),
    _("Conflicting form data submitted. Please try again."),
    _("Password-based authentication was disabled."),
    _("Set password: %s"),
    _("Reset password"),
    _("Set password"),
    _(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still "
        "be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    _("Password-based authentication"),
    _("Enabled"),
    _("Disabled"),
    _("Raw passwords are not stored, so there is no way to see the user’s password."),
    _("Enable password-based authentication for this user by setting a password."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    # Django's admin, translated with typos, colloquially or wrongly (Arabic: "added" for "changed").
    _("Delete selected %(verbose_name_plural)s"),
    _("Successfully deleted %(count)d %(items)s."),
    _("Delete multiple objects"),
    _("Added “%(object)s”."),
    _("Deleted “%(object)s.”"),
    _("The {name} “{obj}” was added successfully."),
    _("The {name} “{obj}” was added successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully. You may edit it again below."),
    _("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    _("The {name} “{obj}” was changed successfully."),
    _("The %(name)s “%(obj)s” was deleted successfully."),
    _("Items must be selected in order to perform actions on them. No items have been changed."),
    _("No action selected."),
    _("Run the selected action"),
    _("Select all objects on this page for an action"),
    _("Change selected %(model)s"),
    _("Add another %(model)s"),
    _("Delete selected %(model)s"),
    _("View selected %(model)s"),
    _("Models in the %(name)s application"),
    _("Toggle sorting"),
    _("Toggle navigation"),
    _("Start typing to filter…"),
    _("Filter navigation items"),
    _("%(full_result_count)s total"),
    _("Recent actions"),
    _("My actions"),
    _("Objects"),
    _(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related '
        "items will be deleted:"
    ),
    _(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected "
        "related objects:"
    ),
    _(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their "
        "related items will be deleted:"
    ),
    _("Deleting the selected %(objects_name)s would require deleting the following protected related objects:"),
    _("No, take me back"),
    _("Log in"),
    # Django's form and model validation, shown on change forms (Persian and Arabic).
    _("Constraint “%(name)s” is violated."),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms."),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms."),
    # django-simple-history: the History pages (no Persian catalogue; the Arabic one is partial).
    _("View history: %s"),
    _("Change history: %s"),
    _('The %(name)s "%(obj)s" was changed successfully.'),
    _("You may edit it again below"),
    _("View %s"),
    _("Revert %s"),
    _("Created"),
    _("Changed"),
    _("Deleted"),
    _("Deleted %(type_name)s"),
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Press the 'Revert' button below to revert to this version of the object."),
    _("Press the 'Change History' button below to edit the history."),
    _("Revert"),
    _("Change History"),
    # django-axes: the login attempts' pages.
    _("Access Attempt"),
    _("Attempt Remaining"),
    _("Expires At"),
    _("Locked Out"),
    _("Not set"),
    _("The time when access attempt expires and is no longer valid."),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("Session key hash (sha256)"),
]
