"""The schedule shipped in deploy/ runs commands that exist, with arguments they accept: the incremental refresh
every few minutes and the full rebuild nightly, by systemd timers or by cron."""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import load_command_class

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def _parser():
    return load_command_class("guichet.insights", "insights_refresh").create_parser("manage.py", "insights_refresh")


def _accepted(arguments: list[str]) -> bool:
    return _parser().parse_args(arguments).full is ("--full" in arguments)


@pytest.mark.parametrize(("unit", "full"), [("guichet-insights-refresh", False), ("guichet-insights-full", True)])
def test_each_systemd_service_runs_the_refresh_command(unit, full):
    service = (DEPLOY / "systemd" / f"{unit}.service").read_text()
    command = shlex.split(re.search(r"^ExecStart=(.+)$", service, re.MULTILINE).group(1))
    assert command[1:3] == ["manage.py", "insights_refresh"]
    assert ("--full" in command) is full
    assert _accepted(command[3:])
    assert "Type=oneshot" in service  # systemd never starts it again while it runs
    assert (DEPLOY / "systemd" / f"{unit}.timer").exists()


def test_the_timers_run_often_and_nightly():
    often = (DEPLOY / "systemd" / "guichet-insights-refresh.timer").read_text()
    nightly = (DEPLOY / "systemd" / "guichet-insights-full.timer").read_text()
    assert "OnUnitInactiveSec=5min" in often
    assert re.search(r"^OnCalendar=\*-\*-\* 02:30:00", nightly, re.MULTILINE)


def test_the_cron_lines_run_the_same_commands_one_at_a_time():
    lines = [
        line
        for line in (DEPLOY / "cron" / "guichet-insights").read_text().splitlines()
        if line and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert [line.split()[:5] for line in lines] == [["*/5", "*", "*", "*", "*"], ["30", "2", "*", "*", "*"]]
    for line, full in zip(lines, (False, True), strict=True):
        assert "flock" in line
        arguments = line.split("insights_refresh", 1)[1].split(">>")[0].split()
        assert ("--full" in arguments) is full
        assert _accepted(arguments)
