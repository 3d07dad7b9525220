"""The systemd units of deploy/ run commands that exist: a misspelt one fails at night,
unseen."""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

UNITS = sorted((Path(__file__).parents[2] / "deploy" / "systemd").glob("*.service"))
MANAGE = re.compile(r"^ExecStart=.*\bmanage\.py (.+)$", re.MULTILINE)


def manage_commands() -> list:
    return [
        pytest.param(shlex.split(line), id=f"{unit.name}: {line}")
        for unit in UNITS
        for line in MANAGE.findall(unit.read_text())
    ]


def test_the_units_run_management_commands():
    assert len(manage_commands()) >= 6


@pytest.mark.parametrize("words", manage_commands())
def test_each_command_of_a_unit_exists_and_takes_its_options(words):
    name, *arguments = words
    commands = get_commands()
    assert name in commands
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    parser.parse_args(arguments)  # exits (fails the test) on an unknown option


DEPLOY = Path(__file__).parents[2] / "deploy"


def unit_settings(name: str) -> dict[str, list[str]]:
    """A unit file's `Key=value` lines, each key with all its values."""
    found = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        key, equals, value = line.partition("=")
        if equals and not line.startswith("#"):
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def example_environment() -> dict[str, str]:
    lines = (DEPLOY / "environment.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_app_server_may_write_the_folders_the_portal_writes():
    """ProtectSystem=strict makes everything else read-only: a folder missing here is a 500."""
    environment = example_environment()
    writable = " ".join(unit_settings("azemmour.service")["ReadWritePaths"]).split()

    assert unit_settings("azemmour.service")["ProtectSystem"] == ["strict"]
    assert environment["MEDIA_ROOT"] in writable
    assert environment["IMPORTS_DIR"] in writable


def test_restarting_the_app_server_leaves_the_socket_file_in_place():
    """A service's RuntimeDirectory is deleted whenever the service stops, a restart included:
    the socket file inside would go with it, and nginx would find nothing to connect to."""
    (socket,) = unit_settings("azemmour.socket")["ListenStream"]
    folder = Path(socket).parent

    runtime = " ".join(unit_settings("azemmour.service").get("RuntimeDirectory", [])).split()

    assert str(folder) not in {f"/run/{name}" for name in runtime}


def test_the_backup_writes_nothing_other_accounts_may_read():
    assert unit_settings("azemmour-backup.service")["UMask"] == ["0077"]
