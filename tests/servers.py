"""Real servers on loopback for the tests that talk to other systems: a Learning Record
Store (Ralph), an OpenID provider (oidc-provider under Node) and an LDAP directory (slapd).

Each is started by its script in scripts/test-servers/ (which installs what is missing, waits
until the server answers and prints `export NAME='value'` lines) and stopped at the end.
"""

import os
import shlex
import subprocess
from contextlib import contextmanager
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts" / "test-servers"


def _exports(text: str) -> dict[str, str]:
    settings = {}
    for line in text.splitlines():
        if line.startswith("export "):
            name, _equals, value = line.removeprefix("export ").partition("=")
            settings[name] = shlex.split(value)[0] if value else ""
    return settings


@contextmanager
def running_server(name: str, folder: Path, env: dict | None = None):
    """Start scripts/test-servers/<name>.sh in `folder` (with `env` added to its environment:
    the script's options); yield what it exported; stop it."""
    script = SCRIPTS / f"{name}.sh"
    started = subprocess.run(["bash", str(script), "start", str(folder)], stdout=subprocess.PIPE,
                             text=True, timeout=900, check=False, env={**os.environ, **(env or {})})
    if started.returncode != 0:
        raise RuntimeError(f"{script.name} could not start (exit {started.returncode}); see {folder}")
    try:
        yield _exports(started.stdout)
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], timeout=60, check=False)
