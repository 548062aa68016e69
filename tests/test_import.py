"""Issue 5: bulk CSV import/export, on PostgreSQL, MariaDB and SQLite."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from .conftest import make_database, raw_connection, refused_before_the_database, run_cli
from .test_webrtc import SEED_AOR, SEED_ENDPOINT, counts, row


def imp(db, path, *args, **kw):
    return run_cli("--database-url", db.url, "import", str(path), *args, **kw)


def write(tmp_path, text, name="users.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


GOOD = "id,password\nwebrtc_client,correct-horse-battery-9\nalice,alice-password-123\n"


def test_import_writes_exactly_what_webrtc_add_writes(db, tmp_path):
    res = imp(db, write(tmp_path, GOOD))
    assert res.exit_code == 0, res
    assert "inserted 2, updated 0, unchanged 0" in res.stderr
    assert row(db, "ps_endpoints", "webrtc_client") == SEED_ENDPOINT
    assert row(db, "ps_aors", "webrtc_client") == SEED_AOR
    assert row(db, "ps_auths", "webrtc_client") == {
        "id": "webrtc_client", "username": "webrtc_client", "auth_type": "md5", "realm": "asterisk",
        "md5_cred": md5("webrtc_client:asterisk:correct-horse-battery-9")}


def test_format_options_bom_semicolon_tab_crlf_and_columns(db, tmp_path):
    text = ("\ufeffid;password;context;codecs;max_contacts;callerid;endpoint.direct_media;aor.qualify_frequency;realm\r\n"
            "100;pw-100-abcdefgh;internal;opus;2;Alice <100>;no;30;pbx.example\r\n")
    assert imp(db, write(tmp_path, text)).exit_code == 0
    ep = row(db, "ps_endpoints", "100")
    assert (ep["context"], ep["allow"], ep["callerid"], ep["direct_media"]) == ("internal", "opus", "Alice <100>", "no")
    assert row(db, "ps_aors", "100")["max_contacts"] == 2 and row(db, "ps_aors", "100")["qualify_frequency"] == 30
    assert row(db, "ps_auths", "100")["md5_cred"] == md5("100:pbx.example:pw-100-abcdefgh")
    tab = write(tmp_path, "id\tpassword\n200\tpw-200-abcdefgh\n", "tab.csv")
    assert imp(db, tab, "--credential", "digest").exit_code == 0
    assert row(db, "ps_auths", "200")["password_digest"].startswith("MD5:" + md5("200:asterisk:pw-200-abcdefgh"))


@refused_before_the_database("text, message", [
    ("password\nx-password-12345\n", "the id column is required"),
    # A good row first: it must not be written either.
    ("id,password\ngood1,good-password-123\n,pw-abcdefghijk\n", "users.csv:3: id: empty"),
    ("id,password\na,pw-abcdefghijk\nb,pw-abcdefghijk\na,pw-abcdefghijk\n", "users.csv:4: id: 'a' repeats line 2"),
    ("id,password,endpoint.dtls_setup\na,pw-abcdefghijk,sideways\n", "users.csv:2: endpoint.dtls_setup: 'sideways' is not one of"),
    ("id,password,context\na,pw-abcdefghijk," + "c" * 41 + "\n", "users.csv:2: context: '" + "c" * 41 + "' is longer than 40"),
    ("id,password,max_contacts\na,pw-abcdefghijk,lots\n", "users.csv:2: max_contacts: 'lots' is not a whole number"),
    ("id,password,colour\na,pw-abcdefghijk,red\n", "users.csv:1: header: unknown column 'colour'"),
    ("id,password,codecs\na,pw-abcdefghijk,opus;mp3\n", "codecs"),
    ("id,password,codecs\na,pw-abcdefghijk,\"opus,mp3\"\n", "users.csv:2: codecs: 'mp3' is not a codec Asterisk knows"),
    ("", "empty file"),
    ("id,password\n", "no data rows"),
    ("id,password\ngood1,good-password-123\na,pw-abcdefghijk,extra\n", "users.csv:3: has 3 fields, the header has 2"),
    ("id,password\na\n", "users.csv:2: has 1 fields, the header has 2"),
    ("id,password\na,\n", "users.csv:2: password: missing"),
    ("id,password,auth.md5_cred\na,pw-abcdefghijk,x\n", "header: auth.md5_cred is derived"),
])
def test_bad_input_names_the_line_and_writes_nothing(db, tmp_path, text, message):
    res = imp(db, write(tmp_path, text))
    assert res.exit_code == 1, res
    assert message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert counts(db) == (0, 0, 0)


def test_wrong_encoding(db, tmp_path):
    p = write(tmp_path, "id,password\ngood,good-password-123\nj\xe9r\xf4me,pw-abcdefghijk\n", encoding="latin-1")
    res = imp(db, p)
    assert res.exit_code == 1 and "users.csv:3: not valid UTF-8" in res.stderr
    assert counts(db) == (0, 0, 0)


def test_every_bad_line_is_listed_up_to_100(db, tmp_path):
    lines = ["id,password"] + [f"u{i},short" for i in range(150)]
    res = imp(db, write(tmp_path, "\n".join(lines) + "\n"))
    assert res.exit_code == 1
    assert res.stderr.count("password: shorter than 12") == 100
    assert "and 50 more problems" in res.stderr and "150 problem(s); nothing was written" in res.stderr


def test_insert_mode_lists_existing_ids(db, tmp_path):
    assert imp(db, write(tmp_path, GOOD)).exit_code == 0
    before = row(db, "ps_auths", "alice")
    again = write(tmp_path, "id,password\nnew1,new-password-123\nalice,other-password-1\n", "again.csv")
    res = imp(db, again)
    assert res.exit_code == 1 and "again.csv:3: id: 'alice' already exists" in res.stderr
    assert counts(db) == (2, 2, 2) and row(db, "ps_auths", "alice") == before


def test_upsert_is_idempotent_and_updates_only_changes(db, tmp_path):
    p = write(tmp_path, GOOD)
    assert imp(db, p, "--mode", "upsert").exit_code == 0
    res = imp(db, p, "--mode", "upsert")
    assert "inserted 0, updated 0, unchanged 2" in res.stderr, res
    changed = write(tmp_path, "id,password,context\nwebrtc_client,correct-horse-battery-9,internal\n"
                              "alice,alice-password-123,default\nbob,bob-password-12345,default\n", "c.csv")
    res = run_cli("--database-url", db.url, "--json", "import", str(changed), "--mode", "upsert")
    doc = json.loads(res.stdout)
    assert (doc["inserted"], doc["updated"], doc["unchanged"]) == (1, 1, 1), doc
    assert row(db, "ps_endpoints", "webrtc_client")["context"] == "internal" and counts(db) == (3, 3, 3)
    dry = json.loads(run_cli("--database-url", db.url, "--json", "import", "--mode", "upsert", "--dry-run",
                             str(write(tmp_path, "id,password,context\nalice,alice-password-123,x\n", "d.csv"))).stdout)
    assert dry["updated"] == 1 and row(db, "ps_endpoints", "alice")["context"] == "default"


def test_passwords_out_generates_and_is_private(db, tmp_path):
    out = tmp_path / "pw.csv"
    res = imp(db, write(tmp_path, "id\nx1\nx2\n"), "--passwords-out", str(out))
    assert res.exit_code == 0, res
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    pairs = dict(line.split(",") for line in out.read_text().splitlines())
    assert set(pairs) == {"x1", "x2"} and all(len(p) >= 24 for p in pairs.values())
    assert row(db, "ps_auths", "x1")["md5_cred"] == md5(f"x1:asterisk:{pairs['x1']}")
    # On failure the passwords file is removed: those passwords were never stored.
    bad_out = tmp_path / "pw2.csv"
    assert imp(db, write(tmp_path, "id\ny1\ny 2\n", "b.csv"), "--passwords-out", str(bad_out)).exit_code == 1
    assert not bad_out.exists()


#: Each database exports once and imports once (every exporter and every importer, not every pair of them).
EXPORT_IMPORT = [("sqlite", "postgresql"), ("postgresql", "mysql"), ("mysql", "sqlite")]


@pytest.mark.parametrize("source, target", EXPORT_IMPORT)
def test_export_then_import_into_empty_database_gives_identical_rows(source, target, tmp_path, _templates):
    (tmp_path / "source").mkdir()
    (tmp_path / "target").mkdir()
    for db in _templates.copy(source, tmp_path / "source"):
        for empty_db in make_database(target, tmp_path / "target"):
            _export_then_import(db, empty_db, tmp_path)


def _export_then_import(db, empty_db, tmp_path) -> None:
    assert imp(db, write(tmp_path, "id,password,context,callerid,endpoint.direct_media\n"
                                   "a1,pw-a1-abcdefghij,internal,A <1>,no\na2,pw-a2-abcdefghij,,,\n")).exit_code == 0
    assert run_cli("--database-url", db.url, "webrtc", "add", "d1", "--credential", "digest", "--password-stdin",
                   input="pw-d1-abcdefghij").exit_code == 0
    assert run_cli("--database-url", db.url, "webrtc", "add", "p1", "--credential", "plaintext", "--password-stdin",
                   input="pw-p1-abcdefghij").exit_code == 0
    out = tmp_path / "export.csv"
    res = run_cli("--database-url", db.url, "export", str(out), "--include-secrets")
    assert res.exit_code == 0 and "Warning" in res.stderr
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    run_cli("--database-url", empty_db.url, "db", "upgrade", check=True)
    res = run_cli("--database-url", empty_db.url, "import", str(out))
    assert res.exit_code == 0, res
    for table in ("ps_endpoints", "ps_aors", "ps_auths"):
        for cid in ("a1", "a2", "d1", "p1"):
            assert row(empty_db, table, cid) == row(db, table, cid), (table, cid)
    plain = run_cli("--database-url", db.url, "export", "-").stdout
    assert "md5_cred" not in plain.splitlines()[0] and "pw-p1" not in plain


def test_two_overlapping_upserts_at_once(db, tmp_path):
    a = write(tmp_path, "id,password\n" + "".join(f"u{i},pw-{i}-abcdefghij\n" for i in range(0, 600)), "a.csv")
    b = write(tmp_path, "id,password\n" + "".join(f"u{i},pw-{i}-abcdefghij\n" for i in range(300, 900)), "b.csv")
    cmd = [sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "import", "--mode", "upsert"]
    procs = [subprocess.Popen([*cmd, str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in (a, b)]
    outs = [p.communicate() for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0 or (p.returncode == 1 and err.startswith("Error: ") and "Traceback" not in err), err
    assert any(p.returncode == 0 for p in procs)
    n = db.count("ps_endpoints")
    assert n in (600, 900) and counts(db) == (n, n, n)
    assert db.execute("SELECT COUNT(DISTINCT id) FROM ps_endpoints")[0][0] == n


def test_killed_import_leaves_nothing(db, tmp_path):
    big = write(tmp_path, "id,password\n" + "".join(f"k{i},pw-{i}-abcdefghij\n" for i in range(300000)), "big.csv")
    proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "import", str(big), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "import finished before it could be killed: make the file bigger"
    time.sleep(0.5)
    assert counts(db) == (0, 0, 0)


def test_killed_postgresql_import_during_copy_leaves_nothing(pg_db, tmp_path):
    # Killed once COPY is under way (not merely during start-up): the transaction dies with the connection.
    run_cli("--database-url", pg_db.url, "db", "upgrade", check=True)
    big = write(tmp_path, "id,password\n" + "".join(f"k{i},pw-{i}-abcdefghij\n" for i in range(300000)), "big.csv")
    watcher = pg_db.connect()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", pg_db.url, "import", str(big),
                                 "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE datname = %s AND query LIKE 'COPY %%'",
                                  (pg_db.parsed.database,)).fetchall():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the import never started COPY"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        watcher.close()
    assert proc.returncode == -signal.SIGKILL, "import finished before it could be killed: make the file bigger"
    time.sleep(0.5)
    assert counts(pg_db) == (0, 0, 0)


def test_rows_get_their_own_settings_cells_whether_they_repeat_or_not(db, tmp_path):
    # Rows with the same cells share one settings object; more distinct sets than are kept must still
    # each reach their own row (every callerid differs, contexts repeat).
    n = 1200
    text = "id,password,context,callerid\n" + "".join(
        f"v{i},pw-{i}-abcdefghij,ctx{i % 3},Caller {i} <{i}>\n" for i in range(n))
    assert imp(db, write(tmp_path, text), "-q").exit_code == 0
    got = db.execute("SELECT id, context, callerid FROM ps_endpoints")
    assert sorted(tuple(r) for r in got) == sorted((f"v{i}", f"ctx{i % 3}", f"Caller {i} <{i}>") for i in range(n))


def test_stdin_and_dry_run(db, tmp_path):
    res = run_cli("--database-url", db.url, "import", "-", "--dry-run", input=GOOD)
    assert res.exit_code == 0 and "would be inserted 2" in res.stderr
    assert counts(db) == (0, 0, 0)
    assert run_cli("--database-url", db.url, "import", "-", "-q", input=GOOD).stderr == ""
    assert counts(db) == (2, 2, 2)


def test_bad_lines_after_chunks_were_loaded_still_write_nothing(db, tmp_path):
    # 25,000 good rows: on PostgreSQL the first chunks are already COPYed when the bad lines come.
    good = "".join(f"c{i},pw-{i}-abcdefghij\n" for i in range(25000))
    p = write(tmp_path, "id,password\n" + good + "bad id,pw-x-abcdefghij\nc5,pw-5-abcdefghij\n", "late.csv")
    res = imp(db, p)
    assert res.exit_code == 1
    assert "late.csv:25002: id: 'bad id' contains ' '" in res.stderr
    assert "late.csv:25003: id: 'c5' repeats line 7" in res.stderr
    assert counts(db) == (0, 0, 0)
    enc = write(tmp_path, b"id,password\n" + good.encode() + b"j\xe9r,pw-abcdefghijk\n", "late-enc.csv")
    res = imp(db, enc, "--mode", "upsert")
    assert res.exit_code == 1 and "late-enc.csv:25002: not valid UTF-8" in res.stderr
    assert counts(db) == (0, 0, 0)


def test_setting_cells_give_each_row_its_own_settings(db, tmp_path):
    # Rows with the same cells share one settings object inside the import; each row must still get its own
    # values: an empty cell takes the option's value, a padded max_contacts is a number.
    text = ("id,password,context,max_contacts,credential\n"
            "s1,pw-s1-abcdefghij,internal, 3 ,\n"
            "s2,pw-s2-abcdefghij,,,digest\n"
            "s3,pw-s3-abcdefghij,internal, 3 ,\n"
            "s4,pw-s4-abcdefghij,sales,,\n")
    res = imp(db, write(tmp_path, text), "--context", "from-option", "--max-contacts", "2")
    assert res.exit_code == 0, res
    contexts = {i: row(db, "ps_endpoints", i)["context"] for i in ("s1", "s2", "s3", "s4")}
    assert contexts == {"s1": "internal", "s2": "from-option", "s3": "internal", "s4": "sales"}
    assert [row(db, "ps_aors", i)["max_contacts"] for i in ("s1", "s2", "s3", "s4")] == [3, 2, 3, 2]
    assert row(db, "ps_auths", "s2")["password_digest"].startswith("MD5:" + md5("s2:asterisk:pw-s2-abcdefghij"))
    assert row(db, "ps_auths", "s3")["md5_cred"] == md5("s3:asterisk:pw-s3-abcdefghij")
    # One settings column: the same, with the cell itself as the key.
    res = imp(db, write(tmp_path, "id,password,context\nt1,pw-t1-abcdefghij,\nt2,pw-t2-abcdefghij,branch-7\n", "one.csv"))
    assert res.exit_code == 0, res
    assert [row(db, "ps_endpoints", i)["context"] for i in ("t1", "t2")] == ["default", "branch-7"]


def test_progress_bar_on_a_terminal_only(db, tmp_path):
    import pty

    big = write(tmp_path, "id,password\n" + "".join(f"t{i},pw-{i}-abcdefghij\n" for i in range(40000)), "tty.csv")
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", db.url, "import", str(big)],
                            stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL,
                            env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(controller)
    text = seen.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "rows/s" in text and "importing" in text
    assert "inserted 40000" in text


def test_api_import_leaves_the_interpreter_switch_interval_alone(pg_db, tmp_path):
    # The PostgreSQL pipeline shortens the GIL switch interval while it loads; a library must give
    # process-wide settings back, after a good import and after a failed one.
    from asterisk_ara.csvio import ImportErrors, import_csv
    from asterisk_ara.dburl import parse

    run_cli("--database-url", pg_db.url, "db", "upgrade", check=True)
    rows = 12_000  # more than a chunk (CHUNK_ROWS): the failed import fails after loading began
    before = sys.getswitchinterval()
    good = write(tmp_path, "id,password\n" + "".join(f"s{i},pw-{i}-abcdefghij\n" for i in range(rows)))
    assert import_csv(parse(pg_db.url), str(good)).inserted == rows
    assert sys.getswitchinterval() == before
    bad = write(tmp_path, "id,password\n" + "".join(f"z{i},pw-{i}-abcdefghij\n" for i in range(rows)) + "bad id,x\n",
                "bad.csv")
    with pytest.raises(ImportErrors):
        import_csv(parse(pg_db.url), str(bad))
    assert sys.getswitchinterval() == before
    assert counts(pg_db) == (rows, rows, rows)

    # Two imports at once in one process: the interval stays short until the last one ends.
    import threading

    files = [write(tmp_path, "id,password\n" + "".join(f"{p}{i},pw-{i}-abcdefghij\n" for i in range(rows)), f"{p}.csv")
             for p in ("t", "u")]
    results: list = []
    threads = [threading.Thread(target=lambda f=f: results.append(import_csv(parse(pg_db.url), str(f)).inserted))
               for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [rows, rows] and sys.getswitchinterval() == before


def test_switch_interval_is_restored_by_the_last_holder():
    from asterisk_ara.csvio.pipeline import SwitchInterval

    before, shared = sys.getswitchinterval(), SwitchInterval()
    shared.take(0.0005)
    shared.take(0.0005)
    shared.give_back()
    assert sys.getswitchinterval() == min(before, 0.0005)
    shared.give_back()
    assert sys.getswitchinterval() == before


def test_postgresql_id_taken_by_another_writer_during_copy_is_reported(pg_db, tmp_path):
    # Another transaction holds an id of the file's last chunk: COPY waits on it; once it commits,
    # the import must fail naming that id and line, and leave only the other writer's row.
    run_cli("--database-url", pg_db.url, "db", "upgrade", check=True)
    name = pg_db.parsed.database
    p = write(tmp_path, "id,password\n" + "".join(f"r{i},pw-{i}-abcdefghij\n" for i in range(30000)), "race.csv")
    other, watcher = pg_db.connect(), pg_db.connect()
    try:
        other.execute("BEGIN")
        other.execute("INSERT INTO ps_endpoints (id) VALUES ('r29999')")
        proc = subprocess.Popen([sys.executable, "-m", "asterisk_ara", "--database-url", pg_db.url, "import", str(p)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not watcher.execute("SELECT 1 FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                                  (name,)).fetchall():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the import never waited on the other writer's row"
            time.sleep(0.05)
        other.execute("COMMIT")
        _, err = proc.communicate(timeout=60)
    finally:
        other.close()
        watcher.close()
    assert proc.returncode == 1, err
    assert "race.csv:30001: id: 'r29999' already exists" in err and "Traceback" not in err
    assert (pg_db.count("ps_aors"), pg_db.count("ps_auths"), pg_db.count("ps_endpoints")) == (0, 0, 1)


def test_ids_past_the_in_memory_limit_still_catch_every_repeat_and_existing_id(db, tmp_path, monkeypatch):
    # Large files keep their ids in a temporary SQLite file; shrink the limits to run that path here.
    from asterisk_ara import csvio
    from asterisk_ara.dburl import parse

    monkeypatch.setattr(csvio.ids.IdIndex, "IN_MEMORY", 30)
    monkeypatch.setattr(csvio.ids.IdIndex, "BATCH", 7)
    monkeypatch.chdir(tmp_path)  # file names in the messages as given: relative
    ids = [f"m{i}" for i in range(100)]
    rows = [(i, "pw-abcdefghij-1") for i in ids]
    rows.insert(60, ("m4", "pw-abcdefghij-1"))   # repeats an id that went to disk (line 6)
    rows.insert(75, ("m70", "pw-abcdefghij-1"))  # repeats an id of the batch still in memory
    rows.append(("m40", "pw-abcdefghij-1"))      # repeats an id of an earlier batch on disk
    dup = write(tmp_path, "id,password\n" + "".join(f"{i},{p}\n" for i, p in rows), "dup.csv")
    with pytest.raises(csvio.ImportErrors) as err:
        csvio.import_csv(parse(db.url), dup.name)
    assert err.value.lines == ["dup.csv:62: id: 'm4' repeats line 6", "dup.csv:77: id: 'm70' repeats line 73",
                               "dup.csv:104: id: 'm40' repeats line 42"]
    assert counts(db) == (0, 0, 0)

    good = write(tmp_path, "id,password\n" + "".join(f"{i},pw-abcdefghij-1\n" for i in ids), "good.csv")
    assert csvio.import_csv(parse(db.url), str(good)).inserted == 100
    again = write(tmp_path, "id,password\n" + "".join(f"n{i},pw-abcdefghij-1\n" for i in range(50))
                  + "m99,pw-abcdefghij-1\nm3,pw-abcdefghij-1\n", "again.csv")
    for stream_over in (50_000, 10):  # query the file's ids, or read the table's ids
        monkeypatch.setattr(csvio.ids, "STREAM_TABLE_OVER", stream_over)
        with pytest.raises(csvio.ImportErrors) as err:
            csvio.import_csv(parse(db.url), again.name)
        assert [line.split(" (")[0] for line in err.value.lines] == [
            "again.csv:52: id: 'm99' already exists", "again.csv:53: id: 'm3' already exists"]
        assert counts(db) == (100, 100, 100)
    upserted = csvio.import_csv(parse(db.url), str(again), mode="upsert")
    assert (upserted.inserted, upserted.unchanged) == (50, 2) and counts(db) == (150, 150, 150)


# The id index spills to a temporary SQLite file, which words the limit as "disk I/O error" (or "database or disk
# is full" when the disk is); the row spool (SQLite upsert, dry runs, lent connections) is a plain temporary file.
INDEX_FULL = ("(disk I/O error)", "(database or disk is full)")


@pytest.mark.parametrize("dialect, mode, reasons", [("postgresql", "insert", INDEX_FULL), ("sqlite", "insert", INDEX_FULL),
                                                    ("sqlite", "upsert", ("(File too large)",))])
def test_no_room_for_temporary_files_is_one_line_and_writes_nothing(dialect, mode, reasons, tmp_path):
    # A 256 KiB file size limit stands in for a full $TMPDIR. The limits of the id index are shrunk so
    # that it spills to its file before the first chunk is loaded.
    import resource

    from .conftest import make_database

    for db in make_database(dialect, tmp_path):
        run_cli("--database-url", db.url, "db", "upgrade", check=True)
        big = write(tmp_path, "id,password\n" + "".join(f"f{i},pw-{i}-abcdefghij\n" for i in range(60000)), "big.csv")
        code = ("import sys; from asterisk_ara import csvio; from asterisk_ara.cli import main; "
                "csvio.ids.IdIndex.IN_MEMORY = csvio.ids.IdIndex.BATCH = 1000; csvio.ids.IdIndex.CACHE_KIB = 64; "
                "sys.argv[0] = 'asterisk-ara'; main()")

        def limit_files():
            resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 18, 1 << 18))

        proc = subprocess.run([sys.executable, "-c", code, "--database-url", db.url, "import", str(big), "--mode", mode],
                              capture_output=True, text=True, preexec_fn=limit_files)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith("Error: import stopped, nothing was written: no room for temporary files in ")
        assert "TMPDIR" in proc.stderr and "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
        assert any(r in proc.stderr for r in reasons), proc.stderr
        assert counts(db) == (0, 0, 0)


def test_upsert_without_a_password_keeps_the_stored_credential(db, tmp_path):
    assert imp(db, write(tmp_path, GOOD)).exit_code == 0
    assert run_cli("--database-url", db.url, "webrtc", "add", "carol", "--credential", "digest", "--username",
                   "carol_u", "--password-stdin", input="pw-carol-abcdefghij").exit_code == 0
    ids = ("webrtc_client", "alice", "carol")
    auths = {i: row(db, "ps_auths", i) for i in ids}

    # An export without secrets, imported back: nothing to do.
    out = tmp_path / "plain.csv"
    assert run_cli("--database-url", db.url, "export", str(out)).exit_code == 0
    res = imp(db, out, "--mode", "upsert")
    assert res.exit_code == 0 and "inserted 0, updated 0, unchanged 3" in res.stderr, res.stderr

    # Moving clients to another context needs no passwords, and keeps every credential.
    res = imp(db, write(tmp_path, "id,context\nalice,internal\ncarol,internal\n", "ctx.csv"), "--mode", "upsert")
    assert res.exit_code == 0 and "inserted 0, updated 2, unchanged 0" in res.stderr, res.stderr
    assert {i: row(db, "ps_auths", i) for i in ids} == auths
    assert row(db, "ps_endpoints", "carol")["context"] == "internal"

    # A new client still needs a password, or --passwords-out; then only the new one gets one.
    new = write(tmp_path, "id,context\nalice,sales\ndave,sales\n", "new.csv")
    res = imp(db, new, "--mode", "upsert")
    assert res.exit_code == 1 and "new.csv:3: password: missing for a new client" in res.stderr
    assert row(db, "ps_endpoints", "alice")["context"] == "internal" and counts(db) == (3, 3, 3)
    pw = tmp_path / "pw.csv"
    assert imp(db, new, "--mode", "upsert", "--passwords-out", str(pw)).exit_code == 0
    assert [line.split(",")[0] for line in pw.read_text().splitlines()] == ["dave"]
    assert row(db, "ps_auths", "alice") == auths["alice"] and counts(db) == (4, 4, 4)

    # What the stored hash covers cannot change without the password.
    res = imp(db, write(tmp_path, "id,username,realm,credential\nalice,al,,\ncarol,,other,\n"
                                  "webrtc_client,,,digest\n", "bad.csv"), "--mode", "upsert")
    assert res.exit_code == 1
    assert "bad.csv:2: username: 'al' differs from the stored 'alice'" in res.stderr
    assert "bad.csv:3: realm: 'other' differs from the stored 'asterisk'" in res.stderr
    assert "bad.csv:4: credential: 'digest' differs from the stored 'md5'" in res.stderr
    assert {i: row(db, "ps_auths", i) for i in ids} == auths


def test_upsert_without_passwords_in_bulk(db, tmp_path):
    # More rows than one look-up batch, and on PostgreSQL while the writer thread is loading.
    n = 2500
    assert imp(db, write(tmp_path, "id,password\n" + "".join(f"b{i},pw-{i}-abcdefghij\n" for i in range(n)))).exit_code == 0
    before = db.execute("SELECT * FROM ps_auths ORDER BY id")
    res = imp(db, write(tmp_path, "id,context\n" + "".join(f"b{i},bulk\n" for i in range(n)), "ctx.csv"),
              "--mode", "upsert")
    assert res.exit_code == 0 and f"inserted 0, updated {n}, unchanged 0" in res.stderr, res.stderr
    assert db.execute("SELECT * FROM ps_auths ORDER BY id") == before
    assert db.execute("SELECT COUNT(*) FROM ps_endpoints WHERE context = 'bulk'")[0][0] == n


@pytest.fixture
def mysql_at_head(mysql_db):
    run_cli("--database-url", mysql_db.url, "db", "upgrade", check=True)
    return mysql_db


def _tricky_csv(tmp_path):
    src = tmp_path / "tricky.csv"
    src.write_text('id,password,callerid,context\n'
                   't1,first-user-passphrase,"Anna \\ Back <100>",ctx\n'
                   't2,second-user-passphrase,"Ben ""B"" <101>",\n'
                   't3,third-user-passphrase,,ctx\n')
    return src


def test_bulk_paths_write_what_the_batched_path_writes(db, tmp_path):
    """Each database's bulk path (PostgreSQL COPY and merge, MariaDB LOAD DATA and staging merge, SQLite JSON
    inserts) against the batched statements the import uses on a connection the caller lends it: the same
    rows and the same counts, through quotes, backslashes, NULLs, numbers and text beyond ASCII."""
    from asterisk_ara import connect

    src = tmp_path / "tricky.csv"
    src.write_text('id,password,callerid,context,endpoint.rtp_timeout\n'
                   't1,first-user-passphrase,"Anna \\ Back <100>",ctx,30\n'
                   't2,second-user-passphrase,"Ben ""B"" <101>",,\n'
                   't3,third-user-passphrase,,ctx,\n'
                   't5,fifth-user-passphrase,"Zoë 😀 \'x\' [1] {a} <105>",ctx,7\n', encoding="utf-8")
    # Against those rows: a case-only change of context is a change; a callerid appears, one goes; 'T3' is
    # the stored 't3' on MariaDB (ids match there without regard to case), a new client elsewhere; t4 is
    # new; t1 and t5 are unchanged.
    upsert = tmp_path / "upsert.csv"
    upsert.write_text('id,password,callerid,context,endpoint.rtp_timeout\n'
                      't1,first-user-passphrase,"Anna \\ Back <100>",ctx,30\n'
                      't2,second-user-passphrase,,Default,\n'
                      'T3,third-user-passphrase,Cy <103>,ctx,\n'
                      't4,fourth-user-passphrase,,,\n'
                      't5,fifth-user-passphrase,"Zoë 😀 \'x\' [1] {a} <105>",ctx,7\n', encoding="utf-8")
    tables = ("ps_endpoints", "ps_aors", "ps_auths")
    expected = (1, 2, 2) if db.dialect == "mysql" else (2, 1, 2)

    def contents():
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY id") for t in tables}

    if db.dialect == "sqlite":  # else the import falls back to the batched path and this compares it with itself
        from asterisk_ara.csvio.load_sqlite import sqlite_loads_json
        from asterisk_ara.dbapi import open_database

        with open_database(db.parsed) as probe:
            assert sqlite_loads_json(probe), "this SQLite has no JSON: the JSON insert path goes untested"
    loaded = run_cli("--database-url", db.url, "import", str(src))
    assert loaded.exit_code == 0, loaded
    via_bulk = contents()
    assert row(db, "ps_endpoints", "t1")["callerid"] == "Anna \\ Back <100>"
    assert row(db, "ps_endpoints", "t2")["callerid"] == 'Ben "B" <101>'
    assert row(db, "ps_endpoints", "t5")["callerid"] == "Zoë 😀 'x' [1] {a} <105>"
    assert "callerid" not in row(db, "ps_endpoints", "t3")  # NULL
    assert db.execute("SELECT rtp_timeout FROM ps_endpoints WHERE id = 't1'")[0][0] == 30
    merged = run_cli("--database-url", db.url, "--json", "import", "--mode", "upsert", str(upsert))
    assert merged.exit_code == 0, merged
    doc = json.loads(merged.stdout)
    assert (doc["inserted"], doc["updated"], doc["unchanged"]) == expected
    via_merge = contents()
    assert row(db, "ps_endpoints", "t2")["context"] == "Default"
    if db.dialect == "mysql":
        assert list(db.execute("SELECT id FROM ps_endpoints WHERE id = 'T3'")) == [("t3",)]
    for table in tables:
        db.execute(f"DELETE FROM {table}")

    lent = raw_connection(db)
    try:
        with connect(lent) as ara:
            ara.import_csv(str(src))
            lent.commit()
            assert contents() == via_bulk
            report = ara.import_csv(str(upsert), mode="upsert")
            lent.commit()
    finally:
        lent.close()
    assert (report.inserted, report.updated, report.unchanged) == expected
    assert contents() == via_merge


def test_the_word_null_and_backslashes_stay_text(db, tmp_path):
    # MariaDB's LOAD DATA reads an unquoted NULL as NULL, and a backslash as an escape unless told otherwise
    # (the import wrote callerid NULL as NULL there until this test).
    # Two files: MariaDB gets a chunk with the word NULL in another form than one without it.
    words = write(tmp_path, "id,password,callerid,context\nn1,first-user-passphrase,NULL,null\n", "null.csv")
    assert imp(db, words).exit_code == 0
    slashes = write(tmp_path, "id,password,callerid,context\nn2,second-user-passphrase,,a\\N\n"
                              "n3,third-user-passphrase,x\\,\\\\y\n", "slashes.csv")
    assert imp(db, slashes).exit_code == 0
    assert (row(db, "ps_endpoints", "n1")["callerid"], row(db, "ps_endpoints", "n1")["context"]) == ("NULL", "null")
    assert "callerid" not in row(db, "ps_endpoints", "n2") and row(db, "ps_endpoints", "n2")["context"] == "a\\N"
    assert row(db, "ps_endpoints", "n3")["callerid"] == "x\\" and row(db, "ps_endpoints", "n3")["context"] == "\\\\y"


def test_mariadb_chunk_with_the_word_null_is_quoted():
    from asterisk_ara.csvio.load_mariadb import load_data_text

    assert load_data_text('a,"x,y",b\\c\n') == 'a,"x,y",b\\c\n'  # no NULL word: as it is
    assert load_data_text('a,Null,\nb,"q""",x\\nulls\n') == '"a","Null",""\n"b","q""","x\\nulls"\n'


def test_mariadb_upsert_without_the_temporary_tables_privilege(mysql_at_head, tmp_path):
    # A least-privilege account: it may read and write the tables, not create temporary ones, so the
    # upsert cannot stage; it falls back to batched statements and gives the same result.
    import uuid

    from .conftest import _mysql_admin

    p = mysql_at_head.parsed
    user = f"ara_{uuid.uuid4().hex[:8]}"
    admin = _mysql_admin(p)
    admin.cursor().execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw-limited-account'")
    try:
        admin.cursor().execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON `{p.database}`.* TO '{user}'@'%'")
        limited = f"mysql://{user}:pw-limited-account@{p.host}:{p.port}/{p.database}"
        assert imp(mysql_at_head, write(tmp_path, GOOD)).exit_code == 0
        changed = write(tmp_path, "id,password,context\nalice,alice-password-123,internal\n"
                                  "carol,carol-password-123,default\n", "c.csv")
        res = run_cli("--database-url", limited, "--json", "import", "--mode", "upsert", str(changed))
        assert res.exit_code == 0, res
        doc = json.loads(res.stdout)
        assert (doc["inserted"], doc["updated"], doc["unchanged"]) == (1, 1, 0), doc
        assert row(mysql_at_head, "ps_endpoints", "alice")["context"] == "internal" and counts(mysql_at_head) == (3, 3, 3)
    finally:
        admin.cursor().execute(f"DROP USER '{user}'@'%'")
        admin.close()


def test_mariadb_id_taken_by_another_writer_during_load_data_writes_nothing(mysql_at_head, tmp_path, monkeypatch):
    """LOAD DATA LOCAL skips duplicate keys instead of failing: the row count must catch another writer."""
    from asterisk_ara import csvio
    from asterisk_ara.csvio.load_mariadb import LoadDataPipeline
    from asterisk_ara.dburl import parse

    src = _tricky_csv(tmp_path)
    real = LoadDataPipeline.load_chunk

    def another_writer_first(self, chunk, rows):
        # A second, real connection takes one of the file's ids while the import is under way.
        import pymysql

        other = pymysql.connect(host=mysql_at_head.parsed.host, port=mysql_at_head.parsed.port, user="root",
                                database=mysql_at_head.parsed.database, autocommit=True)
        other.cursor().execute("INSERT INTO ps_aors (id, max_contacts) VALUES ('t2', 1)")
        other.close()
        real(self, chunk, rows)

    monkeypatch.setattr(LoadDataPipeline, "load_chunk", another_writer_first)
    with pytest.raises(csvio.ImportErrors) as failure:
        csvio.import_csv(parse(mysql_at_head.url), str(src))
    assert "tricky.csv:3: id: 't2' already exists" in str(failure.value)
    assert counts(mysql_at_head) == (0, 1, 0)  # only the other writer's row


def test_every_problem_of_every_row_and_existing_ids_in_one_report(db, tmp_path):
    """Issue 30: three bad rows (two problems in one) and an id the database holds: five lines, one per problem,
    each naming FILE:LINE, in one run; nothing written; under --json the same lines as a list."""
    assert run_cli("--database-url", db.url, "webrtc", "add", "taken", "--password-stdin", input="correct-horse-battery",
                   ).exit_code == 0
    path = write(tmp_path, "id,password,codecs\n"
                 "ok0,correct-horse-battery,opus\n"
                 "taken,correct-horse-battery,opus\n"
                 "bad id,short,opus\n"                      # two problems: the password and the id
                 "ok1,correct-horse-battery,opus\n"
                 "nocodec,correct-horse-battery,\"opus,,ulaw\"\n"
                 "extra,correct-horse-battery,opus,,\n"     # a field too many
                 "ok2,correct-horse-battery,opus\n")
    res = imp(db, path)
    assert res.exit_code == 1, res
    lines = res.stderr.removeprefix("Error: ").splitlines()
    assert lines == [
        f"{path}:3: id: 'taken' already exists (use --mode upsert to update existing clients)",
        f"{path}:4: password: shorter than 12 characters (use a generated one, or --allow-weak-password)",
        f"{path}:4: id: 'bad id' contains ' ': spaces are not allowed in SIP user names",
        f"{path}:6: codecs: 'opus,,ulaw' is not a comma-separated list of codecs",
        f"{path}:7: has 5 fields, the header has 3",
        "5 problem(s); nothing was written"], res.stderr
    assert counts(db) == (1, 1, 1)
    doc = json.loads(run_cli("--database-url", db.url, "import", str(path), "--json").stdout)
    assert doc["exit_code"] == 1 and doc["problems"] == lines[:-1]
