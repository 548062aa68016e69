"""Issue 30: a command line that fits the hand: --version, --json where users put it (errors too), a closed pipe
ended quietly, whole descriptions in --help, messages that name the user's files and say the fix."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import make_database, run_cli


def test_version():
    from asterisk_ara import __version__

    res = run_cli("--version")
    assert res.exit_code == 0 and res.stdout == f"asterisk-ara {__version__}\n"


def test_json_errors_wherever_json_is_put(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    run_cli("--database-url", url, "db", "upgrade", check=True)
    for args in (["--json", "webrtc", "show", "nobody"], ["webrtc", "show", "nobody", "--json"]):
        res = run_cli("--database-url", url, *args)
        assert res.exit_code == 1 and json.loads(res.stdout) == {"error": "id: no endpoint 'nobody'", "exit_code": 1}
        assert res.stderr == ""
    # A usage error too, with its own status; and --json after the command of a command that had none.
    res = run_cli("--database-url", url, "webrtc", "show", "--json")
    assert res.exit_code == 2 and json.loads(res.stdout) == {"error": "Missing argument 'ID'.", "exit_code": 2}
    run_cli("--database-url", url, "webrtc", "add", "alice", "--password-stdin", input="correct-horse-battery",
            check=True)
    res = run_cli("--database-url", url, "webrtc", "update", "alice", "--context", "desks", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout) == {"id": "alice", "changed": {"ps_endpoints": {"context": "desks"}}}
    # A value that happens to read --json after `--` is a value, not the option.
    res = run_cli("--database-url", url, "webrtc", "show", "--", "--json")
    assert res.exit_code == 1 and res.stderr == "Error: id: no endpoint '--json'\n"


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`export - | head -1`: no message, status 141 (as a shell tool killed by SIGPIPE) or 0."""
    for db in make_database("sqlite", tmp_path):
        run_cli("--database-url", db.url, "db", "upgrade", check=True)
        from asterisk_ara import connect

        with connect(db.url) as ara, ara.transaction():
            for n in range(1000):  # an export of more than a pipe holds (64 KiB), so writes meet the closed end
                ara.add_webrtc_client(f"u{n:04d}", "correct-horse-battery")
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("ASTERISK_ARA")},
               "ASTERISK_ARA_DATABASE_URL": db.url, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        for command in ("asterisk-ara export - | head -1", "asterisk-ara webrtc list | head -1"):
            done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env,
                                  timeout=120)
            # No error, no traceback, no "Exception ignored" (what is said on stderr is the usual count, if any).
            assert done.returncode in (0, 141) and not any(
                word in done.stderr for word in ("Error", "rror:", "Traceback", "Exception", "Broken pipe")), (command, done)
            assert len(done.stdout.splitlines()) == 1


def test_help_gives_whole_descriptions():
    from asterisk_ara.cli.quickstart import quickstart

    res = run_cli("--help")
    assert "..." not in res.stdout.replace("COMMAND [ARGS]...", "")  # no description cut short
    assert " ".join(res.stdout.split()).count(" ".join(quickstart.__doc__.split())) == 1
    res = run_cli("ami", "--help")
    assert "AMI targets" in res.stdout and "node" not in res.stdout.lower()


def test_messages_name_the_users_file_and_the_missing_directory(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    run_cli("--database-url", url, "db", "upgrade", check=True)
    csv = tmp_path / "users.csv"
    csv.write_text("id\nalice\n")
    res = run_cli("--database-url", url, "import", str(csv), "--passwords-out", str(tmp_path / "no" / "such" / "p.csv"))
    assert res.exit_code == 2 and res.stderr == (f"Error: --passwords-out: {tmp_path / 'no' / 'such'} does not exist; "
                                                 f"create it first (mkdir -p {tmp_path / 'no' / 'such'}) or choose "
                                                 "another path\n")
    assert not (tmp_path / "no").exists()
    res = run_cli("--database-url", url, "export", str(tmp_path / "missing" / "out.csv"))
    assert res.exit_code == 2 and "missing does not exist; create it first" in res.stderr
    # A directory that cannot hold a new file: the error names the file asked for, never our staged .tmp beside it.
    res = run_cli("--database-url", url, "import", str(csv), "--passwords-out", "/proc/p.csv")
    assert res.exit_code == 1 and res.stderr.startswith("Error: /proc/p.csv: ") and ".tmp" not in res.stderr


def test_db_check_leaves_the_operators_tables_alone_and_errors_say_the_fix(pg_db):
    run_cli("--database-url", pg_db.url, "db", "upgrade", check=True)
    pg_db.execute("CREATE TABLE acme_accounts (id integer)")
    res = run_cli("--database-url", pg_db.url, "db", "check")
    assert res.exit_code == 1 and res.stdout == ("unexpected table acme_accounts (a table of yours? say so: "
                                                 "asterisk-ara db check --operator-table acme_accounts)\n")
    assert run_cli("--database-url", pg_db.url, "db", "check", "--operator-table", "acme_*").exit_code == 0
    missing = pg_db.url.rsplit("/", 1)[0] + "/ara_test_no_such_database"
    res = run_cli("--database-url", missing, "webrtc", "list")
    assert res.exit_code == 1 and 'database "ara_test_no_such_database" does not exist; create it (as the postgres ' \
        "superuser): createdb -h 127.0.0.1 -U postgres -O postgres ara_test_no_such_database; then: asterisk-ara " \
        f"--database-url {missing} db upgrade" in res.stderr


def test_mariadb_unknown_database_says_the_fix(mysql_db):
    missing = mysql_db.url.rsplit("/", 1)[0] + "/ara_test_no_such_database"
    res = run_cli("--database-url", missing, "db", "upgrade")
    assert res.exit_code == 1 and "Unknown database 'ara_test_no_such_database'\"); create it (as root): mariadb -e " \
        "\"CREATE DATABASE \\`ara_test_no_such_database\\` CHARACTER SET utf8mb4\"; then: asterisk-ara" in res.stderr
