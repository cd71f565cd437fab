"""Django's own messages that its Vietnamese catalog lacks.

Listing a message here puts it in our locale/vi catalog (makemessages finds it), and our catalog is
consulted before Django's.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

DJANGO_MESSAGES = [
    # django.contrib.auth.password_validation.MinimumLengthValidator: Django 5.2 changed this msgid.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    # django-filter's OrderingFilter ships no Vietnamese: "Name (descending)" on the lists' sort menus.
    gettext_lazy("%s (descending)"),
]
