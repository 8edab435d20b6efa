"""Every command has help, and every command is documented in the README's command reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from npdw_graph.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = main.list_commands(click.Context(main))  # loads the capability modules' commands too


def test_the_core_commands_exist():
    assert {"build", "validate", "stats", "query"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    cmd = main.get_command(click.Context(main), command)
    assert cmd is not None and len(cmd.help or "") > 20, f"{command} needs a real help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert f"`npdw {command}" in README, f"README's command reference lacks `npdw {command}`"


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "npdw" in result.output


def test_build_imports_only_what_it_needs(tmp_path):
    """`npdw build` does not load the other commands' modules or their libraries (start-up time)."""
    probe = (
        "import sys\n"
        "from npdw_graph.cli import main\n"
        f"main(['build', '-q', '--out', {str(tmp_path / 'dist')!r}], standalone_mode=False)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=300)
    assert run.returncode == 0, run.stderr
    loaded = set(run.stdout.split("\n")[-2].split())
    assert "npdw_graph.build" in loaded and (tmp_path / "dist" / "graph.nt").is_file()
    for module in ("npdw_graph.export", "npdw_graph.cli_export", "npdw_graph.cli_server", "npdw_graph.site", "jinja2", "networkx",
                   "pyshacl", "pyparsing", "SPARQLWrapper"):
        assert module not in loaded, f"npdw build imported {module}"
