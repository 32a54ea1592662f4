"""The files' part of a backup: archives of DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT, their
unpacking, and file checksums.

Either root may lie inside the other: each is archived without the other, and a restore of one
keeps the other as it is.
"""

import contextlib
import hashlib
import shutil
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private.tar.gz"
STAGING_PREFIX = ".restore-"


def archive_files(root: Path, target: Path, *, skip: tuple[Path, ...]) -> dict:
    """Archive the files under `root`, but not those under the paths of `skip` that lie inside it (the backup,
    the other root) nor those of a restore."""
    skip = tuple(path for path in skip if path.is_relative_to(root))
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if (
                    path.is_symlink()
                    or not path.is_file()
                    or any(path.is_relative_to(skipped) for skipped in skip)
                    or relative.parts[0].startswith(STAGING_PREFIX)
                ):
                    continue
                with contextlib.suppress(FileNotFoundError):  # deleted while the archive was written
                    archive.add(path, arcname=relative.as_posix(), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def unpack_files(archive_path: Path, target: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the directory and devices.
            archive.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"The archive {archive_path} cannot be unpacked: {error}") from error


def replace_contents(directory: Path, source: Path, *, keep: tuple[Path, ...] = ()) -> None:
    """Make `directory` hold what `source` holds, keeping `source` (which lives inside it) to the end, and
    leaving the paths of `keep` that lie inside it (the other root, the backup) as they are."""
    keep = (source, *(path for path in keep if path != directory and path.is_relative_to(directory)))
    for kept in keep[1:]:
        # What the archive has there is not this root's to restore: the other root's files stay.
        remove_at(source, kept.relative_to(directory))
    clear(directory, keep)
    move_into(source, directory)


def remove_at(source: Path, relative: Path) -> None:
    path = source
    for part in relative.parts:
        path = path / part
        if path.is_symlink() or path.is_file():
            path.unlink()
            return
        if not path.exists():
            return
    shutil.rmtree(path)


def clear(directory: Path, keep: tuple[Path, ...]) -> None:
    for path in directory.iterdir():
        if path in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            if any(kept.is_relative_to(path) for kept in keep):
                clear(path, keep)
            else:
                shutil.rmtree(path)
        else:
            path.unlink()


def move_into(source: Path, directory: Path) -> None:
    for path in source.iterdir():
        target = directory / path.name
        if target.is_dir() and not target.is_symlink():
            # Only a directory that holds a kept path is left after `clear`: fill it around that path.
            move_into(path, target)
        else:
            path.rename(target)


def file_summary(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
