"""A private CA and the server/client certificates Asterisk's TLS (https, wss) needs, right for browsers.

``ast_tls_cert`` makes X.509 v1 certificates without subjectAltName, with a fixed serial
and (in old releases) 1024-bit keys: browsers refuse them for wss. Here: X.509 v3, SAN
for every name and address, serverAuth, random serials, 397-day leaves, RSA >= 2048 or P-256.
Same file names as ast_tls_cert: ca.key, ca.crt, asterisk.key, asterisk.crt, asterisk.pem.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .errors import UsageError, ValidationError
from .files import FileSet, refuse_existing
from .validation import shown

KEY_TYPES = ("rsa2048", "rsa3072", "rsa4096", "ec-p256")
DEFAULT_KEY_TYPE = "rsa2048"
LEAF_DAYS = 397          # the longest leaf lifetime browsers accept
CA_DAYS = 3650
SERVER = "asterisk"
PRIVATE = 0o600
PUBLIC = 0o644


#: Where the files are looked for when no directory is given: ``tls init``'s default, then quickstart's (OUT/keys).
DEFAULT_DIRS = (Path("keys"), Path("asterisk") / "keys")


def find_directory(given: Path | None) -> Path:
    """``given``, or the first of DEFAULT_DIRS that holds a CA (else the first: its absence is then reported)."""
    if given is not None:
        return Path(given)
    return next((d for d in DEFAULT_DIRS if (d / "ca.crt").exists()), DEFAULT_DIRS[0])


def _check_key_type(key_type: str) -> None:
    if key_type not in KEY_TYPES:
        raise ValidationError(f"key-type: {key_type!r} is not one of {', '.join(KEY_TYPES)} (nothing smaller than RSA 2048)")


def _new_key(key_type: str):
    _check_key_type(key_type)
    if key_type == "ec-p256":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=int(key_type[3:]))


def _key_bytes(key, passphrase: bytes | None = None) -> bytes:
    enc = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def _cert_bytes(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


#: X.509's upper bound for a commonName or organizationName (RFC 5280, ub-common-name).
NAME_MAX = 64


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def _subject(host: str, org: str) -> x509.Name:
    # Browsers match the SAN only; a name too long for a CN is left out of the subject, not cut short.
    if len(host) <= NAME_MAX:
        return _name(host, org)
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def check_org(org: str) -> str:
    if not org or len(org) > NAME_MAX or any(not c.isprintable() for c in org):
        raise ValidationError(f"org: {shown(org)} must be 1 to {NAME_MAX} printable characters")
    return org


_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def check_host_name(value: str, field: str = "host", wildcard: bool = False) -> str:
    """An IP literal, or a DNS name (IDNA converted to ASCII) that fits RFC 1123; its form for a SAN."""
    if not isinstance(value, str) or not value:
        raise ValidationError(f"{field}: empty")
    try:
        return str(ipaddress.ip_address(value.strip("[]") if value.startswith("[") and value.endswith("]") else value))
    except ValueError:
        pass
    if any(not c.isprintable() or c.isspace() for c in value):
        raise ValidationError(f"{field}: {shown(value)} contains a space or control character")
    name = value[:-1] if value.endswith(".") else value
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValidationError(f"{field}: {shown(value)} is not a valid internationalised name ({exc})") from None
    labels = name.split(".")
    if wildcard and labels[0] == "*" and len(labels) > 2:
        labels = labels[1:]
    if len(name) > 253:
        raise ValidationError(f"{field}: {shown(value)} is longer than 253 characters")
    if all(label.isdigit() for label in labels):
        raise ValidationError(f"{field}: {shown(value)} is not a valid IP address")
    for label in labels:
        if not _LABEL.fullmatch(label):
            why = "longer than 63 characters" if len(label) > 63 else \
                "empty" if not label else "not letters, digits and inner hyphens"
            raise ValidationError(f"{field}: {shown(value)}: label {shown(label)} is {why} (RFC 1123)")
    return name.lower()


def _san(host: str | None, ips: list[str], dns: list[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for kind, values in (("host", [host] if host is not None else []), ("ip", ips), ("dns", dns)):
        for value in values:
            if kind == "ip":
                try:
                    entry: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(value))
                except ValueError:
                    raise ValidationError(f"ip: {shown(value)} is not an IP address") from None
            else:
                name = check_host_name(value, kind, wildcard=kind == "dns")
                try:
                    entry = x509.IPAddress(ipaddress.ip_address(name))
                except ValueError:
                    entry = x509.DNSName(name)
            if entry not in names:
                names.append(entry)
    return names


def _leaf(subject: x509.Name, key, ca_cert: x509.Certificate, ca_key, days: int, san: list | None,
          usage: x509.ObjectIdentifier) -> x509.Certificate:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    rsa_key = isinstance(key, rsa.RSAPrivateKey)
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_encipherment=rsa_key, content_commitment=False,
                                     data_encipherment=False, key_agreement=not rsa_key, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


@dataclass
class TlsFiles:
    directory: Path
    written: list[Path] = field(default_factory=list)
    added: list[str] = field(default_factory=list)   # names renew() added to the server certificate

    @property
    def ca_crt(self) -> Path:
        return self.directory / "ca.crt"

    @property
    def server_crt(self) -> Path:
        return self.directory / f"{SERVER}.crt"

    @property
    def server_key(self) -> Path:
        return self.directory / f"{SERVER}.key"


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    refuse_existing(paths, force)


def _check_days(days: int, limit: int = LEAF_DAYS) -> None:
    if not 1 <= days <= limit:
        raise ValidationError(f"days: {days} is outside 1..{limit} (browsers refuse longer-lived server certificates)")


def init(directory: Path, host: str, ips: list[str] = (), dns: list[str] = (), org: str = "Asterisk",
         days: int = LEAF_DAYS, key_type: str = DEFAULT_KEY_TYPE, ca_passphrase: bytes | None = None,
         force: bool = False) -> TlsFiles:
    """A new CA and a server certificate for ``host`` (plus ``ips``/``dns``) in ``directory``."""
    # Everything is checked before the first file is written.
    _check_days(days)
    _check_key_type(key_type)
    check_org(org)
    san = _san(host, list(ips), list(dns))
    host = check_host_name(host)
    files = TlsFiles(Path(directory).resolve())
    names = ["ca.key", "ca.crt", f"{SERVER}.key", f"{SERVER}.crt", f"{SERVER}.pem"]
    _refuse_overwrite([files.directory / n for n in names], force)
    ca_key = _new_key("ec-p256" if key_type == "ec-p256" else "rsa4096")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    ca_cn = f"{org} Asterisk CA"
    ca_subject = _name(ca_cn if len(ca_cn) <= NAME_MAX else "Asterisk CA", org)
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_subject).issuer_name(ca_subject).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, key_encipherment=False, content_commitment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    with FileSet(force) as out:
        out.add(files.directory / "ca.key", _key_bytes(ca_key, ca_passphrase), PRIVATE)
        out.add(files.ca_crt, _cert_bytes(ca_cert), PUBLIC)
        _issue_server(out, files, host, san, org, days, key_type, ca_cert, ca_key)
        files.written += out.commit()
    return files


def _issue_server(out: FileSet, files: TlsFiles, host: str, san: list, org: str, days: int, key_type: str,
                  ca_cert, ca_key) -> None:
    key = _new_key(key_type)
    cert = _leaf(_subject(host, org), key, ca_cert, ca_key, days, san, ExtendedKeyUsageOID.SERVER_AUTH)
    key_pem, cert_pem = _key_bytes(key), _cert_bytes(cert)
    out.add(files.server_key, key_pem, PRIVATE)
    out.add(files.server_crt, cert_pem, PUBLIC)
    out.add(files.directory / f"{SERVER}.pem", key_pem + cert_pem, PRIVATE)


def _load_ca(directory: Path, ca_passphrase: bytes | None):
    try:
        ca_cert = x509.load_pem_x509_certificate((directory / "ca.crt").read_bytes())
        ca_key = serialization.load_pem_private_key((directory / "ca.key").read_bytes(), ca_passphrase)
    except FileNotFoundError as exc:
        raise UsageError(f"{exc.filename} not found: run `asterisk-ara tls init` first") from None
    except (TypeError, ValueError) as exc:
        raise UsageError(f"cannot load {directory / 'ca.key'}: {exc} (wrong or missing --ca-passphrase-file?)") from None
    return ca_cert, ca_key


def _names(san: list[x509.GeneralName]) -> list[str]:
    return [str(n.value) for n in san]


def server_names(directory: Path) -> list[str]:
    """The names and addresses the server certificate in ``directory`` serves (its subjectAltName)."""
    cert = _load_server(TlsFiles(Path(directory).resolve()))
    try:
        return _names(list(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value))
    except x509.ExtensionNotFound:
        return []


def covers(directory: Path, host: str) -> bool:
    """Whether the server certificate in ``directory`` serves ``host`` (a name or an address)."""
    return _host_matches(_load_server(TlsFiles(Path(directory).resolve())), check_host_name(host))


def _load_server(files: TlsFiles) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(files.server_crt.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{files.server_crt} not found: run `asterisk-ara tls init` first") from None
    except ValueError as exc:
        raise UsageError(f"cannot read {files.server_crt}: {exc}") from None


def renew(directory: Path, days: int = LEAF_DAYS, ca_passphrase: bytes | None = None, host: str | None = None,
          ips: list[str] = (), dns: list[str] = ()) -> TlsFiles:
    """A new server key and certificate signed by the existing CA, for the names of the old one plus ``host``,
    ``ips`` and ``dns`` (``TlsFiles.added`` says which are new). ca.key and ca.crt are not touched: phones that
    trust the CA trust the new certificate, so adding a name never means trusting a new CA."""
    _check_days(days)
    files = TlsFiles(Path(directory).resolve())
    more = _san(host, list(ips), list(dns))
    ca_cert, ca_key = _load_ca(files.directory, ca_passphrase)
    old = _load_server(files)
    cns = old.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    orgs = old.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    try:
        san = list(old.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound:
        san = []  # ast_tls_cert makes X.509 v1 certificates: the CN is the only name
    dns_names = [n.value for n in san if isinstance(n, x509.DNSName)]
    first = str(cns[0].value) if cns else (dns_names[0] if dns_names else "")
    if not san and first:
        san = _san(first, [], [])
    files.added = _names([n for n in more if n not in san])
    san += [n for n in more if n not in san]
    if not san:
        raise UsageError(f"{files.server_crt} names no host (no CN, no subjectAltName): give --host, or use "
                         "`asterisk-ara tls init`")
    subject_host = first or str(san[0].value)
    key_type = "ec-p256" if isinstance(old.public_key(), ec.EllipticCurvePublicKey) else f"rsa{old.public_key().key_size}"
    if key_type not in KEY_TYPES:
        key_type = DEFAULT_KEY_TYPE  # e.g. ast_tls_cert's old 1024-bit keys: never renewed at that size
    with FileSet(force=True) as out:
        _issue_server(out, files, subject_host, san, orgs[0].value if orgs else "Asterisk", days, key_type, ca_cert,
                      ca_key)
        files.written += out.commit()
    return files


def client(directory: Path, name: str, days: int = LEAF_DAYS, ca_passphrase: bytes | None = None,
           force: bool = False) -> TlsFiles:
    """A client certificate (clientAuth) NAME.key/.crt/.pem signed by the CA."""
    if not name or any(c in name for c in "/\\ ") or name.startswith(".") or len(name) > NAME_MAX \
            or any(not c.isprintable() for c in name):
        raise ValidationError(f"name: {shown(name)} must be a plain file name of at most {NAME_MAX} printable characters")
    _check_days(days)
    files = TlsFiles(Path(directory).resolve())
    paths = [files.directory / f"{name}.{ext}" for ext in ("key", "crt", "pem")]
    _refuse_overwrite(paths, force)
    ca_cert, ca_key = _load_ca(files.directory, ca_passphrase)
    org = ca_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    key = _new_key(DEFAULT_KEY_TYPE)
    cert = _leaf(_name(name, org[0].value if org else "Asterisk"), key, ca_cert, ca_key, days, None,
                 ExtendedKeyUsageOID.CLIENT_AUTH)
    with FileSet(force) as out:
        out.add(paths[0], _key_bytes(key), PRIVATE)
        out.add(paths[1], _cert_bytes(cert), PUBLIC)
        out.add(paths[2], _key_bytes(key) + _cert_bytes(cert), PRIVATE)
        files.written += out.commit()
    return files


@dataclass
class Finding:
    ok: bool
    message: str


def _host_matches(cert: x509.Certificate, host: str) -> bool:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    try:
        return ipaddress.ip_address(host) in san.get_values_for_type(x509.IPAddress)
    except ValueError:
        pass
    host = host.lower().rstrip(".")
    for pattern in san.get_values_for_type(x509.DNSName):
        pattern = pattern.lower().rstrip(".")
        if pattern == host:
            return True
        if pattern.startswith("*.") and host.count(".") >= 2 and host.split(".", 1)[1] == pattern[2:]:
            return True
    return False


def _key_strength(public_key) -> tuple[bool, str]:
    if isinstance(public_key, rsa.RSAPublicKey):
        return public_key.key_size >= 2048, f"RSA {public_key.key_size} bits"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return public_key.curve.key_size >= 256, f"EC {public_key.curve.name}"
    return False, type(public_key).__name__


def check(directory: Path, host: str | None = None, warn_days: int = 30) -> list[Finding]:
    """Every problem (and what is fine) with the CA and server certificate in ``directory``."""
    d = Path(directory).resolve()
    out: list[Finding] = []
    try:
        ca = x509.load_pem_x509_certificate((d / "ca.crt").read_bytes())
        cert = x509.load_pem_x509_certificate((d / f"{SERVER}.crt").read_bytes())
        key = serialization.load_pem_private_key((d / f"{SERVER}.key").read_bytes(), None)
    except FileNotFoundError as exc:
        return [Finding(False, f"{exc.filename}: missing; make the files with `asterisk-ara tls init --host HOST "
                               f"--dir {d}`, or give --dir where they are")]
    except (TypeError, ValueError) as exc:
        return [Finding(False, f"cannot read the certificates or key in {d}: {exc}")]
    try:
        cert.verify_directly_issued_by(ca)
        out.append(Finding(True, f"{SERVER}.crt is signed by ca.crt"))
    except Exception as exc:  # InvalidSignature, ValueError, TypeError: all mean "not our CA"
        out.append(Finding(False, f"{SERVER}.crt is not signed by ca.crt ({type(exc).__name__})"))
    try:
        bc = ca.extensions.get_extension_for_class(x509.BasicConstraints).value
        out.append(Finding(bc.ca, "ca.crt is a CA certificate" if bc.ca else "ca.crt has CA:FALSE"))
    except x509.ExtensionNotFound:
        out.append(Finding(False, "ca.crt has no basicConstraints (X.509 v1?): browsers will not trust it"))
    if cert.version != x509.Version.v3:
        out.append(Finding(False, f"{SERVER}.crt is X.509 {cert.version.name}, not v3"))
    if host is not None:
        ok = _host_matches(cert, host)
        out.append(Finding(ok, f"subjectAltName {'covers' if ok else 'does not cover'} {host}"))
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        ok = ExtendedKeyUsageOID.SERVER_AUTH in eku
    except x509.ExtensionNotFound:
        ok = False
    out.append(Finding(ok, "extendedKeyUsage serverAuth" + ("" if ok else " missing")))
    same = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == \
        cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    out.append(Finding(same, f"{SERVER}.key {'matches' if same else 'does not match'} {SERVER}.crt"))
    strong, what = _key_strength(cert.public_key())
    out.append(Finding(strong, f"server key {what}" + ("" if strong else ": too weak (RSA >= 2048 or EC >= P-256)")))
    now = dt.datetime.now(dt.timezone.utc)
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    days_left = (end - now).days
    if now < start:
        out.append(Finding(False, f"{SERVER}.crt is not valid before {start:%Y-%m-%d %H:%M} UTC"))
    elif now > end:
        out.append(Finding(False, f"{SERVER}.crt expired on {end:%Y-%m-%d}"))
    else:
        out.append(Finding(days_left >= warn_days, f"{SERVER}.crt valid until {end:%Y-%m-%d} ({days_left} days left)"
                           + ("" if days_left >= warn_days else ": renew with `asterisk-ara tls renew`")))
    lifetime = (end - start).days
    if lifetime > 398:
        out.append(Finding(False, f"{SERVER}.crt lives {lifetime} days; browsers accept at most 398"))
    for name in ("ca.key", f"{SERVER}.key", f"{SERVER}.pem"):
        path = d / name
        if path.exists():
            mode = stat.S_IMODE(os.stat(path).st_mode)
            ok = mode & 0o077 == 0
            out.append(Finding(ok, f"{name} mode {mode:04o}" + ("" if ok else ": readable by others, chmod 600 it")))
    return out
