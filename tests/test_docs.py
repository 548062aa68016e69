"""Issue 25: the documentation site cannot drift from the code.

* every ```sh runnable / ```python runnable block in README.md and docs/ runs (each file's blocks in order, in an
  empty directory): the README's and Getting started's on SQLite (the default a newcomer meets) and PostgreSQL,
  every other page's on PostgreSQL, where production runs (each page once: the suite is CPU-bound);
* the command reference is what scripts/gen_cli_reference.py makes from the typer app today;
* the Python API page names every public name, the database page every table;
* the supported Asterisk releases named in the docs are the ones .ci/run installs and the smoke test runs;
* the README stays one screen that links every page;
* `mkdocs build --strict` passes (no broken link or anchor, no page outside the nav).
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import make_database

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RUNNABLE = re.compile(r"^```(sh|python) runnable\n(.*?)^```\n(?:\s*^```text output\n(.*?)^```)?", re.S | re.M)
#: What a live test checks: ```text output:NAME, named in the test that compares it with what Asterisk did.
LIVE_OUTPUT = re.compile(r"^```text output:([\w-]+)\n(.*?)^```", re.S | re.M)


def runnable_blocks(path: Path) -> list[tuple[str, str]]:
    return [(kind, code) for kind, code, _ in RUNNABLE.findall(path.read_text())]


def shown_output(path: Path, name: str) -> str:
    """The text of the block ```text output:NAME in ``path`` (for the live test that checks it)."""
    found = dict(LIVE_OUTPUT.findall(path.read_text()))
    assert name in found, f"{path.name} has no ```text output:{name} block"
    return found[name]


DOCUMENTS = [p for p in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))] if runnable_blocks(p)]
#: Pages whose blocks also run on the SQLite default: what a newcomer types first.
ON_SQLITE_TOO = {ROOT / "README.md", DOCS / "getting-started" / "index.md"}
RUNS = [(document, dialect) for document in DOCUMENTS
        for dialect in (("sqlite", "postgresql") if document in ON_SQLITE_TOO else ("postgresql",))]


def test_the_guides_have_runnable_blocks():
    have = {str(p.relative_to(ROOT)) for p in DOCUMENTS}
    assert have >= {"README.md", "docs/getting-started/index.md", "docs/getting-started/tutorial.md",
                    "docs/how-to/bulk-csv.md", "docs/how-to/pjsip-conf-import.md", "docs/how-to/calls.md",
                    "docs/how-to/tls.md", "docs/how-to/python-api.md"}
    assert sum(len(runnable_blocks(p)) for p in DOCUMENTS) >= 18
    # A block the tests would not see (a typo in the mark, an indented fence) is not runnable by accident.
    live_tests = "".join(p.read_text() for p in (ROOT / "tests" / "live").glob("test_*.py"))
    for path in [ROOT / "README.md", *DOCS.rglob("*.md")]:
        text = path.read_text()
        for line in text.splitlines():
            if "runnable" in line and line.lstrip().startswith("```"):
                assert re.fullmatch(r"```(sh|python) runnable", line), f"{path.name}: {line!r}"
            if "output" in line and line.lstrip().startswith("```"):
                assert re.fullmatch(r"```text output(:[\w-]+)?", line), f"{path.name}: {line!r}"
        # An output block is checked: after a runnable block (here), or by the live test that names it.
        checked = {text.rfind("```text output\n", 0, m.start(3)) for m in RUNNABLE.finditer(text) if m[3] is not None}
        for m in re.finditer(r"^```text output\n", text, re.M):
            assert m.start() in checked, f"{path.name}: a ```text output block must follow a runnable block"
        for name, _ in LIVE_OUTPUT.findall(text):
            assert f'"{name}"' in live_tests, f"{path.name}: no live test checks ```text output:{name}"


@pytest.fixture(scope="session")
def forked_command(tmp_path_factory):
    """A directory whose ``asterisk-ara`` runs each command in a process forked from one that imported
    asterisk-ara already (tests/forkserver.py): every block's commands are processes of their own, as a user's
    shell runs them, without an interpreter's start-up each."""
    from . import forkserver

    where = tmp_path_factory.mktemp("forkserver")
    server = forkserver.start(where / "socket")
    try:
        yield forkserver.install_client(where / "bin", where / "socket").parent
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize("document, dialect", RUNS,
                         ids=[f"{d.relative_to(ROOT)}-{dialect}" for d, dialect in RUNS])
def test_runnable_blocks_pass(document, dialect, tmp_path, forked_command):
    bindir = Path(sys.executable).parent
    for db in make_database(dialect, tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASTERISK_ARA_DATABASE")}
        env["PATH"] = f"{forked_command}{os.pathsep}{bindir}{os.pathsep}{env['PATH']}"
        if dialect != "sqlite":
            env["ASTERISK_ARA_DATABASE_URL"] = db.url
        work = tmp_path / "work"
        work.mkdir()
        for kind, code, shown in RUNNABLE.findall(document.read_text()):
            cmd = ["bash", "-euo", "pipefail", "-c", code] if kind == "sh" else [sys.executable, "-c", code]
            proc = subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, timeout=300)
            assert proc.returncode == 0, \
                f"{document.relative_to(ROOT)}: block failed on {dialect}:\n{code}\n{proc.stdout}"
            if shown:  # the output the page shows is what the block printed (standard output and error)
                assert proc.stdout == shown, \
                    f"{document.relative_to(ROOT)}: the page shows\n{shown}but the block printed\n{proc.stdout}"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_reference", ROOT / "scripts" / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_reference_is_what_the_app_says():
    gen = _generator()
    assert gen.PAGE.read_text() == gen.render(), "docs/reference/cli.md is out of date: python scripts/gen_cli_reference.py"
    # The check mode CI and developers can run exits 1 on a stale page.
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_reference.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_command_reference_generator_sees_a_change(tmp_path, monkeypatch):
    """A new option shows up in the rendered page (the check is not comparing the page with itself)."""
    import typer

    from asterisk_ara.cli import app

    gen = _generator()
    before = gen.render()
    probe_app = typer.Typer()

    @probe_app.command("ping")
    def ping(loud: bool = typer.Option(False, "--loud", help="Say it <loudly> | twice.")) -> None:
        """Answer pong."""

    app.add_typer(probe_app, name="zz-docs-test", help="A group added by the test.")
    try:
        after = gen.render()
    finally:
        app.registered_groups.pop()
    assert gen.render() == before
    assert "## `asterisk-ara zz-docs-test`" in after and "### `asterisk-ara zz-docs-test ping`" in after
    assert "* `--loud`: Say it &lt;loudly&gt; \\| twice." in after


def test_the_python_api_page_names_every_public_name():
    import asterisk_ara

    page = (DOCS / "reference" / "python-api.md").read_text()
    missing = [name for name in asterisk_ara.__all__ if f"::: asterisk_ara.{name}\n" not in page]
    assert not missing, f"add to docs/reference/python-api.md: {missing}"


def test_the_database_page_lists_every_table():
    from asterisk_ara.models import Base
    from asterisk_ara.schema.migrate import VERSION_TABLE

    page = (DOCS / "reference" / "database.md").read_text()
    tables = set(Base.metadata.tables) | {VERSION_TABLE}
    assert len(tables) == 27
    assert not [t for t in sorted(tables) if f"`{t}`" not in page]


def test_supported_releases_are_what_ci_installs_and_the_smoke_runs():
    from .live.test_asterisk_versions import SUPPORTED

    ci = (ROOT / ".ci" / "run").read_text()
    installed = re.search(r"for version in ([\d. ]+); do\n\s+.*\n\s+bash \.\./shared/asterisk/install\.sh \"\$version\"",
                          ci)
    assert installed and installed[1].split() == sorted(SUPPORTED, key=lambda v: tuple(map(int, v.split("."))))
    named = "20.20.1, 22.10.1 and 23.4.1"
    assert set(named.replace(",", "").replace(" and", "").split()) == set(SUPPORTED)
    for page in (ROOT / "README.md", DOCS / "index.md", DOCS / "development.md"):
        assert named in page.read_text().replace("**", ""), page


def _nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        if isinstance(item, str):
            pages.append(item)
        else:
            for value in item.values():
                pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def test_readme_is_one_screen_and_links_every_page():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 120
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    for link in links:
        assert (ROOT / link).exists(), f"README links to a missing {link}"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    pages = [p for p in _nav_pages(config["nav"]) if not p.endswith("/index.md")]
    assert len(pages) > 20
    assert not [p for p in pages if f"docs/{p}" not in links], "README.md lacks a link to these pages"


def test_mkdocs_build_strict(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # Material's end-of-life banner
    assert done.returncode == 0, done.stderr
    assert not re.search(r"^(WARNING|ERROR)", done.stderr, re.M), done.stderr
    cli = (site / "reference" / "cli" / "index.html").read_text()
    assert "asterisk-ara webrtc add" in cli and "--password-stdin" in cli
    api = (site / "reference" / "python-api" / "index.html").read_text()
    assert "add_webrtc_client" in api and "import_pjsip_conf" in api
    assert "The provisioning operations on one connection" in api  # Ara's docstring, rendered
    tutorial = (site / "getting-started" / "tutorial" / "index.html").read_text()
    assert "Configuring Asterisk for WebRTC Clients" in tutorial
    # A runnable block is shown as an ordinary sh block, highlighted as shell (the hook drops the mark).
    assert '<code>asterisk-ara<span class="w"> </span>tls<span class="w"> </span>init' in tutorial
    assert "runnable" not in tutorial
    assert (site / "images" / "phone-echo-call.png").exists()
