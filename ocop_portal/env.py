"""Strict readers for settings that come from the environment.

django-environ parses the values; these wrappers refuse anything ambiguous
with a message that names the variable, so a typo never silently turns a
production server into a debugging one.
"""

import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}
KNOWN_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


class ConfigurationError(ImproperlyConfigured):
    """A setting read from the environment has a value we refuse."""


env = environ.Env()


def read_bool(name, default):
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}={raw!r} is not a yes/no value. Use one of: {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
    )


def read_int(name, default, minimum=None, maximum=None):
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ConfigurationError(f"{name}={value} must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise ConfigurationError(f"{name}={value} must be at most {maximum}.")
    return value


def read_list(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_database(name, default_url):
    url = env.str(name, default=default_url)
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types
        raise ConfigurationError(f"{name}={url!r} is not a database URL: {exc}") from None
    if config.get("ENGINE") not in KNOWN_ENGINES or not config.get("NAME"):
        raise ConfigurationError(
            f"{name}={url!r} names no supported database. "
            "Use sqlite:///path/to/file.sqlite3 or postgres://user@host:port/name."
        )
    return config


def read_path(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return Path(default)
    if not raw.strip():
        raise ConfigurationError(f"{name}={raw!r} is set but empty: give a folder, or unset it for the default.")
    return Path(raw.strip())


def read_redis_url(name):
    url = env.str(name, default="").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(f"{name}={url!r} is not a Redis URL (redis://host:port/db).")
    return url or None


def read_time_zone(name, default):
    value = env.str(name, default=default).strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"{name}={value!r} is not a known time zone.") from None
    return value


def read_choice(name, default, choices, upper=False):
    value = env.str(name, default=default).strip()
    value = value.upper() if upper else value
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value
