"""Settings a module owns: app config (instance/config.py), else LMS_<NAME> in the environment,
else the module's default. Each module keeps its knobs in its own DEFAULTS, so they are set
under the same name in instance/config.py or as LMS_<NAME>, and read through `read_setting`."""

import os

from flask import current_app

# Knobs several modules read.
SHARED_DEFAULTS = {
    # The address people reach Thaksa at: links in e-mail, and the certificates' issuer.
    "BASE_URL": "http://127.0.0.1:5000",
}


def _parse(text: str, default):
    if isinstance(default, bool):
        return text.strip().lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(text)
    if isinstance(default, tuple):
        return tuple(int(part) for part in text.split(",") if part.strip())
    return text


def read_setting(defaults: dict, name: str):
    """The value of one of `defaults`: app config, else LMS_<NAME>, else the default."""
    default = defaults[name]
    if name in current_app.config:
        return current_app.config[name]
    raw = os.environ.get(f"LMS_{name}")
    if raw:
        return _parse(raw, default)
    return default
