"""Read an Asterisk configuration file (pjsip.conf) the way Asterisk's config parser does.

What is understood, as in Asterisk's main/config.c:

* ``[name]`` sections; ``[name](!)`` templates; ``[name](base1,base2)`` copies the options of
  sections defined *above* (templates or not) before the section's own; ``[name](+)`` adds to
  the section of that name defined above.
* ``key = value`` and ``key => value``; ``key += more`` appends to the last value of that key;
  the same key may repeat (each occurrence is kept, in order).
* ``;`` starts a comment, ``\\;`` is a literal ``;``, ``;-- ... --;`` is a block comment.
* ``#include FILE`` and ``#tryinclude FILE`` (quotes or ``<>`` optional, wildcards allowed).
  A relative FILE is resolved against the directory of the top file, which stands for
  Asterisk's configuration directory: that is where Asterisk resolves it from, whichever file
  holds the ``#include``. A missing ``#include`` is fatal, as in Asterisk; ``#tryinclude`` is not.
  An included file continues the section that was open at the ``#include``.

Every value remembers the FILE:LINE it was written on, for error messages.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ValidationError


@dataclass(frozen=True)
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    where: Location
    #: The section it was copied from by inheritance (None: written in the section itself).
    inherited_from: str | None = None


@dataclass
class Section:
    name: str
    where: Location
    template: bool = False
    bases: tuple[str, ...] = ()
    settings: list[Setting] = field(default_factory=list)

    def values(self, key: str) -> list[Setting]:
        return [s for s in self.settings if s.key == key]


class ConfigSyntaxError(ValidationError):
    """The file cannot be read as Asterisk would (Asterisk itself would refuse to load it)."""

    def __init__(self, where: Location | str, message: str, section: str | None = None):
        prefix = f"[{section}] " if section else ""
        super().__init__(f"{where}: {prefix}{message}")


def _strip_comments(text: str, depth: int) -> tuple[str, int]:
    """One line without its comments; ``depth`` is the ``;-- --;`` nesting carried between lines."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        semi = text.find(";", i)
        if semi < 0:
            if not depth:
                out.append(text[i:])
            break
        if depth:
            if text.startswith(";--", semi) and not text.startswith(";---", semi):
                depth += 1
                i = semi + 3
            elif semi >= 2 and text[semi - 2:semi] == "--" and semi - 2 >= i:
                depth -= 1
                i = semi + 1
            else:
                i = semi + 1
            continue
        if semi > 0 and text[semi - 1] == "\\":
            out.append(text[i:semi - 1] + ";")  # an escaped ';' is a literal one
            i = semi + 1
        elif text.startswith(";--", semi) and not text.startswith(";---", semi):
            out.append(text[i:semi])
            depth = 1
            i = semi + 3
        else:
            out.append(text[i:semi])
            break
    return "".join(out), depth


class _Reader:
    def __init__(self, top: Path):
        self.config_dir = top.parent
        self.sections: list[Section] = []
        self.first: dict[str, Section] = {}  # lower-cased name -> the first section of that name
        self.stack: list[Path] = []
        #: Sections whose bases were not above them: (section, base, where), checked at the end.
        self.unresolved: list[tuple[Section, str, Location]] = []

    def find(self, name: str) -> Section | None:
        """The first section of that name, as Asterisk's category lookup (case-insensitive) finds it."""
        return self.first.get(name.lower())

    def resolve(self, name: str) -> list[Path]:
        path = Path(name) if os.path.isabs(name) else self.config_dir / name
        if glob.has_magic(str(path)):
            return [Path(p) for p in sorted(glob.glob(str(path)))]
        return [path] if path.exists() else []

    def read_file(self, path: Path, shown: str, current: Section | None) -> None:
        resolved = path.resolve()
        if resolved in self.stack:
            chain = " -> ".join(p.name for p in [*self.stack, resolved][self.stack.index(resolved):])
            raise ConfigSyntaxError(shown, f"#include cycle: {chain}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ConfigSyntaxError(shown, f"cannot read: {exc.strerror}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise ConfigSyntaxError(f"{shown}:{line}", "not valid UTF-8; save the file as UTF-8") from None
        self.stack.append(resolved)
        depth = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            where = Location(shown, number)
            line, depth = _strip_comments(raw, depth)
            line = line.strip()
            if not line:
                continue
            if line.startswith("["):
                current = self.section(line, where)
            elif line.startswith("#"):
                self.directive(line, where, current)
            else:
                self.assignment(line, where, current)
        self.stack.pop()

    def section(self, line: str, where: Location) -> Section:
        close = line.find("]")
        if close < 0:
            raise ConfigSyntaxError(where, f"{line!r}: a section header needs a closing ']'")
        name = line[1:close].strip()
        if not name:
            raise ConfigSyntaxError(where, "empty section name")
        rest = line[close + 1:].strip()
        flags: list[str] = []
        if rest:
            if not (rest.startswith("(") and rest.endswith(")")):
                raise ConfigSyntaxError(where, f"{rest!r} after the section name; expected (!), (+) or (TEMPLATE,...)",
                                        name)
            flags = [f.strip() for f in rest[1:-1].split(",") if f.strip()]
        if "+" in flags:
            existing = self.find(name)
            if existing is None:
                raise ConfigSyntaxError(where, "(+) adds to a section defined above, but there is none", name)
            return existing
        section = Section(name, where, template="!" in flags, bases=tuple(f for f in flags if f != "!"))
        for base_name in section.bases:
            base = self.find(base_name)
            if base is None:
                self.unresolved.append((section, base_name, where))
                continue
            section.settings.extend(
                Setting(s.key, s.value, s.where, s.inherited_from or base.name) for s in base.settings)
        self.sections.append(section)
        self.first.setdefault(name.lower(), section)
        return section

    def directive(self, line: str, where: Location, current: Section | None) -> None:
        word, *rest = line[1:].split(None, 1) or [""]
        word = word.lower()
        argument = rest[0].strip().strip('"').strip("<>").strip() if rest else ""
        if word not in ("include", "tryinclude"):
            what = "#exec is not supported (its output cannot be checked)" if word == "exec" else \
                f"unknown directive #{word}"
            raise ConfigSyntaxError(where, what)
        if not argument:
            raise ConfigSyntaxError(where, f"#{word} names no file")
        paths = self.resolve(argument)
        if not paths:
            if word == "tryinclude":
                return
            raise ConfigSyntaxError(where, f"#include {argument}: no such file in {self.config_dir} "
                                    "(Asterisk refuses the whole configuration)")
        for path in paths:
            self.read_file(path, _shown(path, self.config_dir), current)

    def assignment(self, line: str, where: Location, current: Section | None) -> None:
        equals = line.find("=")
        if equals < 0:
            raise ConfigSyntaxError(where, f"{line!r} is not OPTION=VALUE", current.name if current else None)
        if current is None:
            raise ConfigSyntaxError(where, f"{line!r} comes before any [section]")
        key, value = line[:equals], line[equals + 1:]
        append = key.endswith("+")
        if append:
            key = key[:-1]
        if value.startswith(">"):
            value = value[1:]
        key, appended = key.strip(), value.rstrip()
        value = appended.lstrip()
        if not key:
            raise ConfigSyntaxError(where, f"{line!r} has no option name", current.name)
        if append:
            # Asterisk appends the text as written after "+=", leading blanks included.
            for i in range(len(current.settings) - 1, -1, -1):
                previous = current.settings[i]
                if previous.key == key:
                    current.settings[i] = Setting(key, previous.value + appended, where)
                    return
        current.settings.append(Setting(key, value, where))

    def check_bases(self) -> None:
        for section, base_name, where in self.unresolved:
            later = next((s for s in self.sections if s.name.lower() == base_name.lower()), None)
            if later is None:
                raise ConfigSyntaxError(where, f"unknown template {base_name!r} (no section of that name)",
                                        section.name)
            chain = _cycle(self.sections, section, base_name)
            if chain:
                raise ConfigSyntaxError(where, f"template cycle: {' -> '.join(chain)}", section.name)
            raise ConfigSyntaxError(where, f"template {base_name!r} is defined below, at {later.where}; "
                                    "Asterisk only inherits from sections above", section.name)


def _cycle(sections: list[Section], start: Section, base_name: str) -> list[str] | None:
    """The chain start -> base -> ... -> start, when following the bases leads back to ``start``."""
    by_name: dict[str, list[Section]] = {}
    for s in sections:
        by_name.setdefault(s.name.lower(), []).append(s)
    seen: set[str] = set()
    path = [start.name]

    def walk(name: str) -> bool:
        path.append(name)
        if name.lower() == start.name.lower():
            return True
        if name.lower() not in seen:
            seen.add(name.lower())
            for s in by_name.get(name.lower(), []):
                if any(walk(b) for b in s.bases):
                    return True
        path.pop()
        return False

    return path if walk(base_name) else None


def _shown(path: Path, config_dir: Path) -> str:
    """A file name as errors show it: relative to the top file's directory when inside it."""
    try:
        return str(config_dir / path.relative_to(config_dir))
    except ValueError:
        return str(path)


def read_config(path: str | Path) -> list[Section]:
    """Every section of the file and its includes, in file order, inheritance applied."""
    top = Path(path)
    if not top.is_file():
        raise ValidationError(f"{top}: no such file")
    reader = _Reader(top)
    reader.read_file(top, str(top), None)
    reader.check_bases()
    return reader.sections
