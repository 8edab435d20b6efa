"""Every command has help, and every command is documented in the README's command reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from npdw_graph.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


def test_the_core_commands_exist():
    assert {"build", "validate", "stats", "query"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(main.commands[command].help or "") > 20, f"{command} needs a real help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert f"`npdw {command}" in README, f"README's command reference lacks `npdw {command}`"


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "npdw" in result.output
