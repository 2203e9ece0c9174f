"""The backup schedule shipped in deploy/ runs the backup command with arguments it accepts, nightly, one at a time,
by a systemd timer (hardened like the other units) or by cron."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

from django.core.management import load_command_class

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
SERVICE = DEPLOY / "systemd" / "guichet-backup.service"
TIMER = DEPLOY / "systemd" / "guichet-backup.timer"


def _writes_to_the_configured_folder(arguments: list[str]) -> bool:
    """The command accepts the arguments (it exits on one it does not know) and writes to GUICHET_BACKUP_DIR."""
    parser = load_command_class("guichet.common", "backup").create_parser("manage.py", "backup")
    return parser.parse_args(arguments).directory is None


def test_the_systemd_service_runs_the_backup_once_at_a_time_hardened():
    service = SERVICE.read_text()
    command = shlex.split(re.search(r"^ExecStart=(.+)$", service, re.MULTILINE).group(1))
    assert command[:3] == ["/srv/guichet/.venv/bin/python", "manage.py", "backup"]
    assert _writes_to_the_configured_folder(command[3:])
    for line in ["Type=oneshot", "User=guichet", "EnvironmentFile=/etc/guichet/guichet.env", "UMask=0077"]:
        assert re.search(rf"^{re.escape(line)}$", service, re.MULTILINE), line
    for line in ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "CapabilityBoundingSet="]:
        assert re.search(rf"^{re.escape(line)}$", service, re.MULTILINE), line


def test_the_timer_runs_it_nightly_and_catches_up_a_missed_night():
    timer = TIMER.read_text()
    assert re.search(r"^OnCalendar=\*-\*-\* 01:30:00", timer, re.MULTILINE)
    assert "Persistent=true" in timer


def test_systemd_finds_nothing_wrong_in_the_units_but_the_absent_install():
    assert shutil.which("systemd-analyze"), "systemd-analyze is part of systemd, on every Debian machine"
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(SERVICE), str(TIMER)], capture_output=True, text=True, timeout=60
    )
    absent = re.compile(r"^guichet-backup\.service: Command /srv/guichet/\.venv/bin/python is not executable")
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if line and not absent.match(line)]
    assert complaints == []


def test_the_cron_line_runs_the_same_command_one_at_a_time_unreadable_to_others():
    lines = [
        line
        for line in (DEPLOY / "cron" / "guichet-backup").read_text().splitlines()
        if line and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert [line.split()[:6] for line in lines] == [["30", "1", "*", "*", "*", "guichet"]]
    (line,) = lines
    assert "flock -n" in line and "umask 077" in line
    assert _writes_to_the_configured_folder(line.split("manage.py backup", 1)[1].split(">>")[0].split())
