"""The signature of a backup: an HMAC-SHA256 of its manifest's exact bytes, with a key kept neither in the
database nor in the backup (DJANGO_BACKUP_KEY, or a key file made on first use).

A plain HMAC from the standard library rather than django.core.signing: the key must not be
SECRET_KEY (which lives with the site and may be rotated), and anyone can check a backup without
the registry: `openssl dgst -sha256 -hmac "$(cat var/backup.key)" manifest.json`.
"""

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ALGORITHM = "hmac-sha256"
# A key one could guess would let whoever holds a backup forge its signature.
KEY_MIN_LENGTH = 32


@dataclass(frozen=True)
class SigningKey:
    secret: bytes = field(repr=False)
    source: str
    created: bool = False

    @property
    def fingerprint(self) -> str:
        """Names the key in messages and in manifest.sig without revealing it."""
        return hashlib.sha256(self.secret).hexdigest()[:12]

    def sign(self, data: bytes) -> str:
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()


def key_file() -> Path:
    path = Path(settings.BACKUP_SIGNING_KEY_FILE).resolve()
    # There it would be archived into every backup (and served, among the media), and replaced by a restore.
    for files, root in [("media files", settings.MEDIA_ROOT), ("private files", settings.PRIVATE_MEDIA_ROOT)]:
        if path.is_relative_to(Path(root).resolve()):
            raise CommandError(
                f"The backup signing key {path} is among the {files} of {root}: "
                "set DJANGO_BACKUP_KEY_FILE to a path outside them."
            )
    return path


def signing_key(*, create: bool = False) -> SigningKey:
    """The key of DJANGO_BACKUP_KEY, or else of the key file, which `create` makes if there is none."""
    if settings.BACKUP_SIGNING_KEY:
        return checked_key(settings.BACKUP_SIGNING_KEY, "DJANGO_BACKUP_KEY")
    path = key_file()
    created = False
    if create and not path.exists():
        created = create_key_file(path)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CommandError(
            f"There is no backup signing key: DJANGO_BACKUP_KEY is not set and there is no key file {path}. "
            "Set DJANGO_BACKUP_KEY to the key the backup was made with, or put its key file at "
            f"{path} (or point DJANGO_BACKUP_KEY_FILE at it). A backup whose key is lost can only be "
            "restored with --unsigned."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"The backup signing key {path} cannot be read: {error}") from error
    return checked_key(text, str(path), created=created)


def checked_key(text: str, source: str, *, created: bool = False) -> SigningKey:
    if len(text) < KEY_MIN_LENGTH:
        raise CommandError(
            f"The backup signing key of {source} is {len(text)} characters long: use at least "
            f"{KEY_MIN_LENGTH} random ones, e.g. from `python3 -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    return SigningKey(text.encode(), source, created=created)


def create_key_file(path: Path) -> bool:
    """Write a new random key to `path`, readable by its owner only; False if another process got there first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        # A link, unlike a rename, never replaces a key that another backup has just made.
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as error:
        raise CommandError(f"The backup signing key {path} cannot be created: {error}") from error
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True


def check_signature(directory: Path, data: bytes) -> None:
    """Refuse a manifest (`data`) that is unsigned, changed since it was signed, or signed with another key."""
    path = directory / SIGNATURE
    if not path.is_file():
        raise CommandError(
            f"The backup is not signed: {directory} has no {SIGNATURE}, so nothing shows that this registry "
            "made it or that it was not changed since. Backups made before they were signed have none; "
            "restore such a backup with --unsigned, and only if you know where it comes from."
        )
    try:
        signature = json.loads(path.read_bytes())
        algorithm, fingerprint, digest = signature["algorithm"], signature["key"], signature["hmac"]
        if not all(isinstance(value, str) for value in (algorithm, fingerprint, digest)):
            raise TypeError("algorithm, key and hmac must be strings")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{path} is damaged: {error!r}.") from error
    if algorithm != ALGORITHM:
        raise CommandError(f"The backup is signed with {algorithm!r}; this registry checks {ALGORITHM} only.")
    key = signing_key()
    if fingerprint != key.fingerprint:
        raise CommandError(
            f"The backup was signed with the key {fingerprint}, but this site's key is {key.fingerprint} "
            f"(from {key.source}): set DJANGO_BACKUP_KEY or DJANGO_BACKUP_KEY_FILE to the key it was made with."
        )
    if not hmac.compare_digest(key.sign(data).encode(), digest.encode()):
        raise CommandError(
            f"The backup was changed after it was made: its {MANIFEST} does not match the signature in {SIGNATURE}."
        )
