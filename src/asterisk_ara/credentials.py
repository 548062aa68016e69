"""Passwords and the credential forms res_pjsip accepts.

* ``md5``: auth_type=md5 and md5_cred = MD5("username:realm:password"); every Asterisk 13-23.
* ``digest``: password_digest = "MD5:<hex>,SHA-256:<hex>" of the same string, auth_type NULL
  (digest is the default auth_type from Asterisk 20.12, 21.7 and 22.2 on; older ones ignore
  password_digest and need ``md5``).
* ``plaintext``: auth_type=userpass and the password itself; only on explicit request.
"""
from __future__ import annotations

import hashlib
import secrets
import string

from .credformat import check_md5_cred, check_password_digest
from .errors import ValidationError

CREDENTIAL_MODES = ("md5", "digest", "plaintext")
DEFAULT_CREDENTIAL = "md5"
DEFAULT_REALM = "asterisk"  # Asterisk's default_realm (pjsip.conf [global])
GENERATED_LENGTH = 24
MIN_LENGTH = 12
# Letters and digits only: survives shells, CSV, URLs and SIP client settings screens unchanged.
_ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = GENERATED_LENGTH) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def check_password(password: str, username: str, allow_weak: bool = False) -> None:
    if not password:
        raise ValidationError("password: empty password")
    if allow_weak:
        return
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"password: shorter than {MIN_LENGTH} characters "
                              "(use a generated one, or --allow-weak-password)")
    if password == username:
        raise ValidationError("password: equal to the username (use a generated one, or --allow-weak-password)")


try:
    # CPython's own MD5: on strings this short it takes under half the time of OpenSSL's (hashlib.md5), whose
    # per-call set-up dominates; an import hashes once per row. Same digest; hashlib's where it is left out.
    from _md5 import md5 as _short_md5
except ImportError:  # pragma: no cover - CPython built without its MD5 module
    _short_md5 = hashlib.md5
_HASHES = {"md5": _short_md5, "sha256": hashlib.sha256}


def ha1(username: str, realm: str, password: str, algorithm: str = "md5") -> str:
    return _HASHES[algorithm](f"{username}:{realm}:{password}".encode()).hexdigest()


def credential_columns(mode: str, username: str, password: str, realm: str | None) -> dict[str, str | None]:
    """The ps_auths columns that hold this credential; the other credential columns are set NULL."""
    if mode == "md5":  # the default: one dict, built directly (an import calls this once per row)
        realm = realm or DEFAULT_REALM
        return {"auth_type": "md5", "realm": realm, "password": None, "md5_cred": ha1(username, realm, password),
                "password_digest": None}
    if mode == "digest":
        realm = realm or DEFAULT_REALM
        return {"auth_type": None, "realm": realm, "password": None, "md5_cred": None,
                "password_digest": f"MD5:{ha1(username, realm, password)},"
                                   f"SHA-256:{ha1(username, realm, password, 'sha256')}"}
    if mode == "plaintext":
        from .validation import convert  # the column's own rule: ';' encoded, length after encoding, no controls

        return {"auth_type": "userpass", "realm": realm, "md5_cred": None, "password_digest": None,
                "password": convert("ps_auths", "password", password, "password")}
    raise ValidationError(f"credential: {mode!r} is not one of {', '.join(CREDENTIAL_MODES)}")


def stored_credential_columns(stored: dict[str, str], realm: str | None) -> dict[str, str]:
    """Columns for an already-hashed credential: ``md5_cred`` (32 hex) or ``password_digest``."""
    realm = realm or DEFAULT_REALM
    if stored.get("md5_cred") and stored.get("password_digest"):
        raise ValidationError("md5_cred, password_digest: give only one credential")
    if stored.get("md5_cred"):
        return {"auth_type": "md5", "realm": realm, "md5_cred": check_md5_cred(stored["md5_cred"])}
    return {"realm": realm, "password_digest": check_password_digest(stored["password_digest"])}


def credential_mode(auth_row: dict) -> str | None:
    """Which of our modes an existing ps_auths row uses (None when it holds no credential)."""
    if auth_row.get("md5_cred"):
        return "md5"
    if auth_row.get("password_digest"):
        return "digest"
    if auth_row.get("password"):
        return "plaintext"
    return None


SECRET_COLUMNS = ("password", "md5_cred", "password_digest", "refresh_token", "oauth_secret")


def credential_matches(auth_row: dict, username: str, realm: str, password: str) -> bool | None:
    """Whether the stored credential is what ``password`` gives for ``realm`` (None: no credential stored).

    Lets a diagnosis tell a wrong password from a hash made for another realm, without printing either.
    """
    from .validation import decode_realtime

    mode = credential_mode(auth_row)
    if mode == "plaintext":
        return decode_realtime(auth_row["password"]) == password
    if mode == "md5":
        return auth_row["md5_cred"].lower() == ha1(username, realm, password)
    if mode == "digest":
        parts = dict(p.split(":", 1) for p in auth_row["password_digest"].split(",") if ":" in p)
        want = {"MD5": ha1(username, realm, password), "SHA-256": ha1(username, realm, password, "sha256")}
        return all(parts[a].lower() == want[a] for a in parts if a in want) and any(a in want for a in parts)
    return None
