"""The stored forms of a digest credential in ps_auths: ``md5_cred`` and ``password_digest``.

``validation`` checks the columns with these rules (every door: option, ``--set``, CSV cell, API) and
``credentials`` makes and reads the values; both import this module, and neither needs the other for it.
"""
from __future__ import annotations

from .errors import ValidationError

_HEX = frozenset("0123456789abcdef")
#: The algorithms of a password_digest and the length of each hash in hex digits.
DIGEST_ALGORITHMS = {"MD5": 32, "SHA-256": 64, "SHA-512-256": 64}


def check_md5_cred(value: str, field: str = "md5_cred") -> str:
    value = value.lower()
    if len(value) != 32 or not set(value) <= _HEX:
        raise ValidationError(f"{field}: not 32 hexadecimal digits")
    return value


def check_password_digest(value: str, field: str = "password_digest") -> str:
    """``MD5:<32 hex>,SHA-256:<64 hex>`` (each algorithm at most once, in any order)."""
    seen = set()
    for part in value.split(","):
        algorithm, _, digest = part.partition(":")
        size = DIGEST_ALGORITHMS.get(algorithm)
        if size is None or algorithm in seen or len(digest) != size or not set(digest.lower()) <= _HEX:
            raise ValidationError(f"{field}: not ALGORITHM:HEX[,ALGORITHM:HEX] with "
                                  + ", ".join(f"{a} ({n} hex digits)" for a, n in DIGEST_ALGORITHMS.items())
                                  + ", each at most once")
        seen.add(algorithm)
    return value
