"""Issue 14: `conf import` / `conf export` of pjsip.conf, on PostgreSQL, MariaDB and SQLite."""
from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asterisk_ara.pjsipconf.mapping import TYPES, map_sections
from asterisk_ara.pjsipconf.reader import read_config
from asterisk_ara.validation import encode_realtime

from .conftest import DATA, make_database, refused_before_the_database, run_cli
from .test_webrtc import row

PJSIP = DATA / "pjsip"
FILES = [PJSIP / "webrtc.conf", PJSIP / "office" / "pjsip.conf", PJSIP / "trunk.conf", PJSIP / "features.conf"]
TABLES = [spec.table for spec in TYPES.values()]


def conf_import(db, path, *args, **kw):
    return run_cli("--database-url", db.url, "conf", "import", str(path), *args, **kw)


def conf_export(db, *args):
    res = run_cli("--database-url", db.url, "conf", "export", *args)
    assert res.exit_code == 0, res
    return res.stdout


def write(tmp_path, text, name="pjsip.conf"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def snapshot(db):
    """Every row of every table the import writes, NULL columns left out, read with plain SQL."""
    out = {}
    for table in TABLES:
        for (object_id,) in db.execute(f"SELECT id FROM {table}"):
            out[(table, object_id)] = row(db, table, object_id)
    return out


def line_of(path, text):
    """The number of the first line of ``path`` that starts with ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text))


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


# --- the format, as Asterisk reads it (no database needed) -------------------------------------

def test_reader_templates_includes_comments_escapes_and_repeats():
    rows = {(r.type, r.id): r.values for r in map_sections(read_config(PJSIP / "features.conf")).rows}
    multi = rows[("endpoint", "multi")]
    # Two templates in order, then the section's own options; "=>" is "="; (+) adds to the first [multi].
    assert multi["context"] == "multi-context" and multi["language"] == "de" and multi["accountcode"] == "acct-300"
    assert multi["allow"] == "ulaw,alaw"
    # \; is a literal ';', stored ^3B; each set_var is one item, joined with a bare ';'; '^' is ^5E.
    assert multi["callerid"] == "Multi ^3B Semi <300>"
    assert multi["set_var"] == "GREETING=hello^3Bworld;CARET=a^5Eb;LIST=1,2,3"
    assert multi["mailboxes"] == "300@default,301@default"  # += appends to the last value
    assert rows[("aor", "multi")]["contact"] == "sip:multi@192.0.2.1:5060^3Btransport=tcp,sip:multi@192.0.2.2:5060"
    # A block comment hides whole sections; what follows "--;" on its line is read.
    assert ("endpoint", "not-a-section") not in rows and rows[("aor", "after-comment")]["max_contacts"] == 1
    # disallow=all undoes what came before it, as it does in Asterisk.
    assert rows[("endpoint", "resetting")]["allow"] == "opus"
    assert rows[("endpoint", "resetting")]["disallow"] == "all"
    assert rows[("endpoint", "acl-phone")]["permit"] == "192.0.2.0/24,198.51.100.0/24"
    # Booleans are yes/no where the column is an enum of Asterisk's booleans.
    assert rows[("aor", "shouting")]["remove_existing"] == "yes"
    assert rows[("aor", "shouting")]["authenticate_qualify"] == "no"
    assert rows[("asterisk-publication", "pub-state")]["device_state"] == "yes"
    assert rows[("resource_list", "lists")]["list_item"] == "alice,bob,carol"
    assert rows[("outbound-publish", "pub")]["@body"] == "application/pidf+xml"
    # Templates are not objects.
    assert not [k for k in rows if k[1].startswith("base-")]


def test_includes_resolve_against_the_top_files_directory(tmp_path):
    # Asterisk resolves a relative #include against its configuration directory, whichever file holds it.
    write(tmp_path, "[a]\ntype=aor\n#include sub/b.conf\n")
    write(tmp_path, "#include sub/c.conf\n", "sub/b.conf")
    write(tmp_path, "max_contacts=3\n[c]\ntype=aor\n", "sub/c.conf")
    write(tmp_path, "#include c.conf\n", "sub/sub/wrong.conf")
    rows = {r.id: r.values for r in map_sections(read_config(tmp_path / "pjsip.conf")).rows}
    # An included file continues the section open at the #include.
    assert rows == {"a": {"id": "a", "max_contacts": 3}, "c": {"id": "c"}}


def test_include_wildcards_and_tryinclude(tmp_path):
    write(tmp_path, "#include users/*.conf\n#tryinclude nothing-here.conf\n")
    write(tmp_path, "[u2]\ntype=aor\n", "users/2.conf")
    write(tmp_path, "[u1]\ntype=aor\n", "users/1.conf")
    assert [r.id for r in map_sections(read_config(tmp_path / "pjsip.conf")).rows] == ["u1", "u2"]


# --- importing the realistic files ------------------------------------------------------------

def test_webrtc_clients_like_the_tutorial(db):
    res = conf_import(db, PJSIP / "webrtc.conf")
    assert res.exit_code == 0, res
    assert "endpoint: inserted 2, updated 0, unchanged 0" in res.stderr
    assert "transport: inserted 2" in res.stderr
    assert row(db, "ps_endpoints", "webrtc_client") == {
        "id": "webrtc_client", "aors": "webrtc_client", "auth": "webrtc_client", "dtls_auto_generate_cert": "yes",
        "webrtc": "yes", "context": "default", "disallow": "all", "allow": "opus,ulaw"}
    assert row(db, "ps_aors", "webrtc_client") == {"id": "webrtc_client", "max_contacts": 5, "remove_existing": "yes"}
    assert row(db, "ps_auths", "webrtc_client") == {"id": "webrtc_client", "auth_type": "userpass",
                                                    "username": "webrtc_client", "password": "webrtc_client_Secret-1"}
    assert row(db, "ps_endpoints", "alice")["callerid"] == '"Alice" <200>'
    assert row(db, "ps_endpoints", "alice")["allow"] == "opus,ulaw"
    assert row(db, "ps_transports", "transport-wss") == {"id": "transport-wss", "protocol": "wss", "bind": "0.0.0.0"}


def test_office_desk_phones_with_templates_and_includes(db):
    res = conf_import(db, PJSIP / "office" / "pjsip.conf")
    assert res.exit_code == 0, res
    ep = row(db, "ps_endpoints", "103")
    assert ep["context"] == "reception" and ep["named_pickup_group"] == "reception"
    assert ep["allow"] == "g722,ulaw,alaw" and ep["disallow"] == "all" and ep["device_state_busy_at"] == 1
    assert ep["set_var"] == "CHANNEL(language)=en;PAGE_GROUP=lobby^3Bfront"
    assert row(db, "ps_endpoints", "102")["allow"] == "g722,ulaw,alaw,!alaw"
    assert row(db, "ps_aors", "102") == {"id": "102", "max_contacts": 1, "remove_existing": "yes",
                                         "qualify_frequency": 60, "qualify_timeout": 3.0, "mailboxes": "102@office"}
    assert row(db, "ps_globals", "global")["default_realm"] == "office.example.com"
    assert row(db, "ps_systems", "system") == {"id": "system", "timer_t1": 500, "timer_b": 32000}
    assert row(db, "ps_domain_aliases", "office.example.com")["domain"] == "office.example.com"
    assert db.count("ps_endpoints") == 3 and db.count("ps_auths") == 3


def test_trunk_registration_auth_identify_and_transports(db):
    assert conf_import(db, PJSIP / "trunk.conf").exit_code == 0
    assert row(db, "ps_endpoint_id_ips", "provider") == {
        "id": "provider", "endpoint": "provider", "match": "198.51.100.10,198.51.100.0/28,203.0.113.5"}
    reg = row(db, "ps_registrations", "provider")
    assert reg["outbound_auth"] == "provider-auth" and reg["retry_interval"] == 60 and reg["line"] == "yes"
    assert conf_import(db, PJSIP / "webrtc.conf").exit_code == 0
    assert {r[0] for r in db.execute("SELECT protocol FROM ps_transports")} == {"udp", "tcp", "tls", "ws", "wss"}
    assert row(db, "ps_transports", "transport-udp")["local_net"] == "10.0.0.0/8,192.168.0.0/16"


def test_every_format_feature_lands_in_the_database(db):
    assert conf_import(db, PJSIP / "features.conf").exit_code == 0
    assert row(db, "ps_endpoints", "multi")["set_var"] == "GREETING=hello^3Bworld;CARET=a^5Eb;LIST=1,2,3"
    assert row(db, "ps_asterisk_publications", "pub-state")["device_state_filter"] == "^5EPJSIP/"
    assert row(db, "ps_outbound_publishes", "pub")["@body"] == "application/pidf+xml"
    assert row(db, "ps_inbound_publications", "inbound")["event_asterisk-devicestate"] == "pub-state"


# --- bad input: FILE:LINE, and nothing written ------------------------------------------------

GOOD_FIRST = "[good]\ntype=aor\nmax_contacts=1\n\n"


@refused_before_the_database("text, extra, message", [
    ("[x]\ntype=bogus\n", {}, "pjsip.conf:7: [x] type: unknown type 'bogus'"),
    ("[x]\ntype=acl\npermit=10.0.0.0/8\n", {}, "pjsip.conf:7: [x] type: 'acl': ARA has no table"),
    ("[x]\ntype=endpoint\ncontext=a\ncolour=red\n", {}, "pjsip.conf:9: [x] colour: ps_endpoints has no column 'colour'"),
    ("[x]\ntype=endpoint\nalow=ulaw\n", {}, "pjsip.conf:8: [x] alow: ps_endpoints has no column 'alow'; did you mean allow"),
    ("#include users.conf\n", {}, "pjsip.conf:6: #include users.conf: no such file"),
    ("[x](!,y)\ntype=aor\n[y](!,x)\n[z](y)\n", {}, "pjsip.conf:6: [x] template cycle: x -> y -> x"),
    ("[x](!,x)\n", {}, "pjsip.conf:6: [x] template cycle: x -> x"),
    ("[x](nonesuch)\ntype=aor\n", {}, "pjsip.conf:6: [x] unknown template 'nonesuch'"),
    ("[x]\ntype=endpoint\ncontext=" + "c" * 41 + "\n", {}, "pjsip.conf:8: [x] context: '" + "c" * 41
     + "' is longer than 40 characters"),
    ("[x]\ntype=endpoint\ncallerid=" + "\\;" * 14 + "\n", {}, "pjsip.conf:8: [x] callerid: '" + ";" * 14 + "' is longer "
     "than 40 characters once ';' and '^' are encoded as ^3B and ^5E"),
    ("[x]\ntype=identify\nendpoint=x\n" + "".join(f"match=192.0.2.{i}\n" for i in range(10)), {},
     "pjsip.conf:18: [x] match: 10 values joined (99 characters) longer than the column's 80"),
    ("[x]\ntype=aor\n[y]\ntype=aor\n[x]\ntype=aor\n", {}, "pjsip.conf:10: [x] duplicate aor section (first at "),
    ("[x]\ntype=wizard\naccepts_registrations=yes\n", {}, "pjsip.conf:7: [x] type: pjsip_wizard objects are not "
     "imported"),
    ("[x]\ntype=aor\nmax_contacts=lots\n", {}, "pjsip.conf:8: [x] max_contacts: 'lots' is not a whole number"),
    ("[x]\ntype=endpoint\ndtmf_mode=loud\n", {}, "pjsip.conf:8: [x] dtmf_mode: 'loud' is not one of"),
    ("[x]\ntype=endpoint\nallow=ulaw\ndisallow=alaw\n", {}, "pjsip.conf:9: [x] disallow: follows allow="),
    ("max_contacts=1\n", {}, "pjsip.conf:5: 'max_contacts=1' comes before any [section]"),
    ("[x]\ntype=aor\nmax_contacts\n", {}, "pjsip.conf:8: [x] 'max_contacts' is not OPTION=VALUE"),
    ("[x]\ntype=aor\n[x](+)\n[x]\ntype=auth\n#include more.conf\n", {"more.conf": "#include pjsip.conf\n"},
     "#include cycle: pjsip.conf -> more.conf -> pjsip.conf"),
    ("[system]\ntype=system\n[system2]\ntype=system\n", {}, "pjsip.conf:8: [system2] a second system section"),
    ("[a;b]\ntype=aor\n", {}, "pjsip.conf:6: '[a': a section header needs a closing ']'"),
])
def test_bad_input_names_file_and_line_and_writes_nothing(db, tmp_path, text, extra, message):
    # The good section comes first: it must not be written either.
    if text.startswith("max_contacts"):
        path = write(tmp_path, "\n\n\n\n" + text)
    else:
        path = write(tmp_path, ";\n" + GOOD_FIRST + text)
    for name, content in extra.items():
        write(tmp_path, content, name)
    res = conf_import(db, path)
    assert res.exit_code == 1, res
    assert "Traceback" not in res.stderr
    assert message in res.stderr, res.stderr
    assert all(db.count(t) == 0 for t in TABLES)


def test_every_problem_is_listed(db, tmp_path):
    path = write(tmp_path, "[a]\ntype=bogus\n[b]\ntype=aor\ncolour=1\n[c]\ntype=aor\nmax_contacts=x\n")
    res = conf_import(db, path)
    assert res.exit_code == 1
    assert "pjsip.conf:2: [a] type" in res.stderr and "pjsip.conf:5: [b] colour" in res.stderr
    assert "pjsip.conf:8: [c] max_contacts" in res.stderr and "3 problem(s); nothing was written" in res.stderr


def test_an_inherited_problem_names_the_template_line(db, tmp_path):
    path = write(tmp_path, "[t](!)\ntype=endpoint\nshade=blue\n[x](t)\n")
    res = conf_import(db, path)
    assert "pjsip.conf:3: [x] shade: ps_endpoints has no column 'shade' (inherited from [t])" in res.stderr, res


def test_skip_unknown_imports_the_rest_and_lists_what_it_left_out(db, tmp_path):
    path = write(tmp_path, "[a]\ntype=acl\n[b]\ntype=aor\ncolour=1\nmax_contacts=2\n[c]\nmax_contacts=1\n")
    res = conf_import(db, path, "--skip-unknown")
    assert res.exit_code == 0, res
    assert row(db, "ps_aors", "b") == {"id": "b", "max_contacts": 2}
    assert "Note: " in res.stderr and "pjsip.conf:2: [a] type: 'acl'" in res.stderr
    assert "pjsip.conf:5: [b] colour" in res.stderr and "pjsip.conf:7: [c] no type=" in res.stderr


def test_wizard_is_refused_even_with_skip_unknown(db, tmp_path):
    res = conf_import(db, write(tmp_path, "[w]\ntype=wizard\n"), "--skip-unknown")
    assert res.exit_code == 1 and "pjsip_wizard" in res.stderr


# --- modes ------------------------------------------------------------------------------------

def test_insert_refuses_existing_ids_and_upsert_replaces(db, tmp_path):
    assert conf_import(db, PJSIP / "webrtc.conf").exit_code == 0
    before = snapshot(db)
    res = conf_import(db, PJSIP / "webrtc.conf")
    line = line_of(PJSIP / "webrtc.conf", "[webrtc_client]")
    assert res.exit_code == 1, res
    assert f"webrtc.conf:{line}: [webrtc_client] id: 'webrtc_client' already exists in ps_aors" in res.stderr
    assert "8 problem(s); nothing was written" in res.stderr
    assert snapshot(db) == before
    res = conf_import(db, PJSIP / "webrtc.conf", "--mode", "upsert")
    assert res.exit_code == 0 and "endpoint: inserted 0, updated 0, unchanged 2" in res.stderr, res
    changed = write(tmp_path, (PJSIP / "webrtc.conf").read_text().replace("max_contacts=5\nremove_existing=yes\n\n"
                                                                          "[webrtc_client]", "max_contacts=2\n\n"
                                                                          "[webrtc_client]"))
    res = run_cli("--database-url", db.url, "--json", "conf", "import", str(changed), "--mode", "upsert")
    assert res.exit_code == 0, res
    assert json.loads(res.stdout)["counts"]["aor"] == {"inserted": 0, "updated": 1, "unchanged": 1}
    # Replaced: the option the file no longer sets is NULL again, as Asterisk would see the file.
    assert row(db, "ps_aors", "webrtc_client") == {"id": "webrtc_client", "max_contacts": 2}


def test_dry_run_and_only(db):
    res = conf_import(db, PJSIP / "trunk.conf", "--dry-run")
    assert res.exit_code == 0 and "Dry run: transport: would be inserted 3" in res.stderr, res
    assert all(db.count(t) == 0 for t in TABLES)
    res = conf_import(db, PJSIP / "trunk.conf", "--only", "transport,identify")
    assert res.exit_code == 0, res
    assert db.count("ps_transports") == 3 and db.count("ps_endpoint_id_ips") == 1
    assert db.count("ps_endpoints") == 0 and db.count("ps_registrations") == 0
    res = conf_import(db, PJSIP / "trunk.conf", "--only", "endpoint,phone")
    assert res.exit_code == 1 and "--only: phone is not a type" in res.stderr


def test_hash_passwords_for_the_realm_asterisk_challenges_with(db):
    # Without --hash-passwords the passwords go in as they are: said, with the command that hashes them.
    res = conf_import(db, PJSIP / "office" / "pjsip.conf", "--dry-run")
    assert res.exit_code == 0 and "auth password(s) would be stored in plaintext in ps_auths (" in res.stderr
    assert f"asterisk-ara conf import {PJSIP / 'office' / 'pjsip.conf'} --hash-passwords md5" in res.stderr
    res = conf_import(db, PJSIP / "office" / "pjsip.conf", "--hash-passwords", "md5")
    assert res.exit_code == 0, res
    assert "stored in plaintext" not in res.stderr
    # No realm on the auth: the file's [global] default_realm is what Asterisk challenges with.
    assert row(db, "ps_auths", "101") == {"id": "101", "auth_type": "md5", "username": "101",
                                          "realm": "office.example.com",
                                          "md5_cred": md5("101:office.example.com:desk-101-Pass")}
    res = conf_import(db, PJSIP / "trunk.conf", "--hash-passwords", "digest")
    assert res.exit_code == 0, res
    # The trunk's auth answers the provider's challenge (realm unknown): it stays plaintext, with a note.
    assert row(db, "ps_auths", "provider-auth")["password"] == "trunk-Secret-9"
    line = line_of(PJSIP / "trunk.conf", "password=trunk")
    assert f"trunk.conf:{line}: [provider-auth] password: kept in plaintext" in res.stderr
    # ... and the warning names it as stored in plaintext (issue 30), as for a file imported without hashing.
    assert "Warning: 1 auth password(s) stored in plaintext in ps_auths (provider-auth)" in res.stderr
    # A later file without [global]: the default_realm already in the database counts.
    res = conf_import(db, PJSIP / "webrtc.conf", "--hash-passwords", "digest")
    assert res.exit_code == 0, res
    auth = row(db, "ps_auths", "alice")
    assert "password" not in auth and "auth_type" not in auth and auth["realm"] == "office.example.com"
    assert auth["password_digest"] == (f"MD5:{md5('alice:office.example.com:alice-Secret-2222')},SHA-256:"
                                       + hashlib.sha256(b"alice:office.example.com:alice-Secret-2222").hexdigest())


# --- export, and the round trip ---------------------------------------------------------------

def test_round_trip_import_export_import_gives_identical_rows(db, tmp_path):
    for path in FILES:
        assert conf_import(db, path).exit_code == 0, path
    first = snapshot(db)
    exported = conf_export(db, "--include-secrets")
    assert conf_export(db, "--include-secrets") == exported  # deterministic
    (tmp_path / "second").mkdir()
    for second in make_database(db.dialect, tmp_path / "second"):
        run_cli("--database-url", second.url, "db", "upgrade", check=True)
        res = conf_import(second, write(tmp_path, exported, "exported.conf"))
        assert res.exit_code == 0, res
        assert snapshot(second) == first
        assert conf_export(second, "--include-secrets") == exported


def test_export_leaves_secrets_out_unless_asked(db, tmp_path):
    assert conf_import(db, PJSIP / "webrtc.conf").exit_code == 0
    text = conf_export(db)
    assert "Secret-" not in text and "; password: left out (--include-secrets)" in text
    assert "[webrtc_client]\ntype=endpoint\naors=webrtc_client\nauth=webrtc_client\ncontext=default\n" \
           "disallow=all\nallow=opus,ulaw\n" in text
    only = conf_export(db, "--types", "auth", "--ids", "alice", "--include-secrets")
    assert only.count("[") == 1 and "[alice]\ntype=auth\nauth_type=userpass\npassword=alice-Secret-2222\n" in only
    out = tmp_path / "out.conf"
    res = run_cli("--database-url", db.url, "conf", "export", "--include-secrets", "--out", str(out))
    assert res.exit_code == 0 and "Warning" in res.stderr and oct(out.stat().st_mode & 0o777) == "0o600"
    res = run_cli("--database-url", db.url, "conf", "export", "--out", str(out))
    assert res.exit_code == 2 and "exists" in res.stderr and out.read_text().count("Secret-") == 2


def test_export_writes_values_as_the_drivers_hand_them_to_asterisk(db, tmp_path):
    assert conf_import(db, PJSIP / "features.conf").exit_code == 0
    text = conf_export(db, "--ids", "multi")
    assert "callerid=Multi \\; Semi <300>\n" in text
    assert "set_var=GREETING=hello\\;world\nset_var=CARET=a^b\nset_var=LIST=1,2,3\n" in text
    assert "contact=sip:multi@192.0.2.1:5060\\;transport=tcp,sip:multi@192.0.2.2:5060\n" in text


def test_realtime_all_types_maps_every_importable_type_once():
    from .test_tls_conf import read_asterisk_conf

    res = run_cli("--database-url", "postgresql://a@h/pbx", "--json", "conf", "realtime", "--all-types")
    assert res.exit_code == 0, res
    files = json.loads(res.stdout)
    sorcery = read_asterisk_conf(files["sorcery.conf"])
    mapped = {(section, key): value for section, pairs in sorcery.items() for key, value in pairs}
    on_demand = {"endpoint", "auth", "aor"}  # --load on-demand (the default): read by id only
    for object_type, spec in TYPES.items():
        assert mapped[(spec.sorcery_section, object_type)] == f"realtime,{spec.table}" + (
            ",allow_unqualified_fetch=no" if object_type in on_demand else "")
    # Asterisk reads only the first section of a name: one [res_pjsip], holding global and system too.
    assert files["sorcery.conf"].count("[res_pjsip]") == 1
    ext = dict(read_asterisk_conf(files["extconfig.conf"])["settings"])
    ordered = {"ps_endpoints", "ps_aors", "ps_auths", "ps_contacts"}  # read through the ordered views
    assert all(ext[spec.table] == "pgsql,pbx," + ("asterisk_ara_ordered_" if spec.table in ordered else "")
               + spec.table for spec in TYPES.values())
    assert len(read_asterisk_conf(files["extconfig.conf"])["settings"]) == len(ext)


def test_exec_and_bad_encoding_are_refused_with_the_line(tmp_path):
    from asterisk_ara.errors import ValidationError

    write(tmp_path, "[a]\ntype=aor\n#exec /bin/echo\n")
    with pytest.raises(ValidationError, match=r"pjsip.conf:3: #exec is not supported"):
        read_config(tmp_path / "pjsip.conf")
    (tmp_path / "pjsip.conf").write_bytes(b"[a]\ntype=aor\ncontext=caf\xe9\n")
    with pytest.raises(ValidationError, match=r"pjsip.conf:3: not valid UTF-8"):
        read_config(tmp_path / "pjsip.conf")


_TEXT = st.text(alphabet="ab ;^\\,=3BE5-", min_size=1, max_size=30).map(str.strip).filter(
    lambda v: v and not v.endswith("\\"))


@settings(max_examples=300, deadline=None)
@given(callerid=_TEXT.filter(lambda v: len(encode_realtime(v)) <= 40), variables=st.lists(_TEXT.map(lambda v: "V=" + v), min_size=1, max_size=4))
def test_any_value_survives_file_row_file_row(tmp_path_factory, callerid, variables):
    """What the file says reaches the row as the drivers decode it, and the export says it again."""
    from asterisk_ara.pjsipconf.export import _lines
    from asterisk_ara.validation import decode_realtime

    def escape(value):
        return value.replace(";", "\\;")

    def rows_of(text):
        path = tmp_path_factory.mktemp("h") / "pjsip.conf"
        path.write_text(text)
        mapped = map_sections(read_config(path))
        assert not mapped.errors, mapped.errors
        return mapped.rows[0].values

    text = "[e]\ntype=endpoint\ncallerid=" + escape(callerid) + "\n" + "".join(
        f"set_var={escape(v)}\n" for v in variables)
    values = rows_of(text)
    # The driver splits on ';' before decoding: the stored form holds no bare ';'.
    assert ";" not in values["callerid"] and decode_realtime(values["callerid"]) == callerid
    assert [decode_realtime(p) for p in values["set_var"].split(";")] == variables
    exported = "[e]\ntype=endpoint\n" + "\n".join(
        line for column, value in values.items() if column != "id" for line in _lines(column, value)) + "\n"
    assert rows_of(exported) == values
