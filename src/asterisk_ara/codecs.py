"""Which of a client's codecs the running Asterisk can transcode, asked through its own CLI (`asterisk -rx`).

Asterisk knows every codec name, but transcoding needs a translator module: codec_opus, a separate binary
that many builds lack, is the usual gap. Without a translator a codec still passes between two phones that
both speak it (the echo test, browser to browser), but never to a phone or file of another codec.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from .errors import AraError, UsageError

#: The module that translates a codec, where it is not simply codec_<name>.
TRANSLATOR_MODULES = {"g729": "codec_g729a"}


@dataclass
class CodecSupport:
    codec: str
    transcodes: bool          # a translation path from this codec to signed linear exists
    note: str

    def as_dict(self) -> dict:
        return dict(vars(self))


def asterisk_cli(command: str, asterisk: str = "asterisk", config: str | None = None, timeout: float = 15) -> str:
    """The output of ``asterisk [-C config] -rx command`` (needs access to the running Asterisk's control socket)."""
    args = [asterisk] + (["-C", config] if config else []) + ["-rx", command]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise UsageError(f"--asterisk: {asterisk!r} not found; give the path of the asterisk binary") from None
    except subprocess.TimeoutExpired:
        raise AraError(f"asterisk -rx {command!r} did not answer within {timeout:.0f} s") from None
    if done.returncode != 0 or "Unable to connect to remote asterisk" in done.stdout + done.stderr:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise AraError(f"cannot reach the running Asterisk ({detail[0] if detail else 'exit ' + str(done.returncode)}); "
                       "run this on the PBX as a user that may use `asterisk -r` (or give --asterisk-config)")
    return done.stdout


def codec_support(codecs: list[str], cli) -> list[CodecSupport]:
    """``cli(command) -> output``: for each codec, whether Asterisk can transcode it, from its translation paths."""
    result = []
    for codec in codecs:
        if codec == "all":
            continue
        output = cli(f"core show translation paths {codec}")
        paths = re.findall(r"To slin:\d+\s*:\s*(.+?)\s*$", output, re.M)
        if not paths and "Translation paths" not in output:
            result.append(CodecSupport(codec, False, "Asterisk does not know this codec"))
            continue
        transcodes = any(p != "No Translation Path" for p in paths)
        module = TRANSLATOR_MODULES.get(codec, f"codec_{codec}")
        note = ("transcoded by Asterisk" if transcodes else
                f"no translator ({module} not loaded): passes only between phones that both use {codec}")
        result.append(CodecSupport(codec, transcodes, note))
    return result
