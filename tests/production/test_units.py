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
