"""Issue 11: property tests for the doors where data enters (Hypothesis).

For any generated input, either the rows read back (with plain SQL) equal what was meant, or a
one-line AraError and nothing was written. URLs: whatever the secret, no message shows it.
"""
from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from asterisk_ara import dburl
from asterisk_ara.errors import AraError, ValidationError
from asterisk_ara.validation import convert

from .test_webrtc import counts, row

PW = "correct-horse-battery"
_ids = itertools.count()
DB_SETTINGS = settings(max_examples=25, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

#: Text as users paste it: any character, control characters and odd Unicode included.
any_text = st.text(max_size=40)


def stored_text(value):
    """What a realtime column holding ``value`` means (Asterisk decodes ^3B and ^5E)."""
    return value.replace("^3B", ";").replace("^5E", "^") if isinstance(value, str) else value


def one_line(exc: BaseException) -> None:
    assert isinstance(exc, AraError) and "\n" not in str(exc) and str(exc)


@given(secret=st.text(min_size=1, max_size=30).map(lambda s: "Zq9" + s), where=st.sampled_from(
    ["userinfo", "query", "schemeless", "both", "raw"]))
def test_no_url_form_shows_its_password(secret, where):
    quoted = quote(secret, safe="")
    url = {
        "userinfo": f"postgresql://u:{quoted}@127.0.0.1:5432/db",
        "query": f"mysql://u@127.0.0.1/db?sslmode=require&password={quoted}",
        "schemeless": f"u:{quoted}@127.0.0.1/db",
        "both": f"postgresql://u:{quoted}@h/db?password={quoted}",
        "raw": f"postgresql://u:{secret}@h/db",  # not even percent-encoded
    }[where]
    for text in (dburl.mask_url(url),):
        assert secret not in text and quoted not in text
    try:
        masked = dburl.parse(url).masked()
    except AraError as exc:
        one_line(exc) if "\n" not in secret else None
        assert secret not in str(exc) and quoted not in str(exc)
    else:
        assert secret not in masked and quoted not in masked


@given(value=any_text, column=st.sampled_from([("ps_endpoints", "callerid"), ("ps_endpoints", "context"),
                                               ("ps_endpoints", "mailboxes"), ("ps_auths", "realm")]))
def test_convert_keeps_the_meaning_or_refuses_in_one_line(value, column):
    try:
        out = convert(*column, value, "field")
    except ValidationError as exc:
        one_line(exc)
        return
    assert (out is None and value == "") or stored_text(out) == value


@DB_SETTINGS
@given(context=any_text, callerid=any_text, max_contacts=st.one_of(st.integers(-3, 2**32).map(str), any_text),
       set_column=st.sampled_from(["endpoint.mailboxes", "endpoint.from_user", "aor.qualify_timeout"]),
       set_value=any_text)
def test_build_rows_through_options_and_set(db, context, callerid, max_contacts, set_column, set_value):
    from asterisk_ara.provisioning import WebrtcSettings, add_webrtc_client

    client_id = f"p{next(_ids)}"
    before = counts(db)
    try:
        opts = WebrtcSettings(context=context, callerid=callerid or None, max_contacts=max_contacts)
        opts.add_assignments([f"{set_column}={set_value}"])
        add_webrtc_client(dburl.parse(db.url), client_id, PW, opts)
    except AraError as exc:
        one_line(exc)
        assert counts(db) == before and row(db, "ps_endpoints", client_id) is None
        return
    endpoint, aor = row(db, "ps_endpoints", client_id), row(db, "ps_aors", client_id)
    assert stored_text(endpoint["context"]) == context
    assert stored_text(endpoint.get("callerid")) == (callerid or None)
    assert aor["max_contacts"] == int(max_contacts.strip()) >= 1
    obj, column = set_column.split(".")
    stored = (endpoint if obj == "endpoint" else aor).get(column)
    if set_value == "":
        assert stored is None
    elif column == "qualify_timeout":
        assert float(stored) == pytest.approx(float(set_value.strip()))
    else:
        assert stored_text(stored) == set_value


@DB_SETTINGS
@given(cells=st.lists(st.tuples(any_text, any_text), min_size=1, max_size=4))
def test_csv_cells(db, tmp_path_factory, cells):
    import csv
    import io

    from asterisk_ara.csvio import import_csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "password", "context", "endpoint.callerid"])
    ids = []
    for context, callerid in cells:
        ids.append(f"c{next(_ids)}")
        writer.writerow([ids[-1], PW, context, callerid])
    assume("\r" not in buffer.getvalue())  # a bare CR ends a CSV record: another test's subject
    path = tmp_path_factory.mktemp("csv") / "users.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = counts(db)
    try:
        import_csv(dburl.parse(db.url), str(path))
    except AraError as exc:
        lines = str(exc).splitlines()
        assert lines[-1].endswith("nothing was written")
        assert all(line.startswith(f"{path}:") for line in lines[:-1] if not line.startswith("..."))
        assert counts(db) == before
        return
    for client_id, (context, callerid) in zip(ids, cells):
        endpoint = row(db, "ps_endpoints", client_id)
        assert stored_text(endpoint["context"]) == (context or "default")
        assert stored_text(endpoint.get("callerid")) == (callerid or None)
