"""The media files' part of a backup: an archive of DJANGO_MEDIA_ROOT, its unpacking, and file checksums."""

import contextlib
import hashlib
import shutil
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

MEDIA_ARCHIVE = "media.tar.gz"


def archive_media(media_root: Path, target: Path, *, skip: Path) -> dict:
    """Archive the files under `media_root`, but not those of `skip` (the backup itself) or of a restore."""
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                relative = path.relative_to(media_root)
                if (
                    path.is_symlink()
                    or not path.is_file()
                    or path.is_relative_to(skip)
                    or relative.parts[0].startswith(".restore-")
                ):
                    continue
                with contextlib.suppress(FileNotFoundError):  # deleted while the archive was written
                    archive.add(path, arcname=relative.as_posix(), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def unpack_media(archive_path: Path, target: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the directory and devices.
            archive.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"The media archive {archive_path} cannot be unpacked: {error}") from error


def replace_contents(directory: Path, source: Path) -> None:
    """Make `directory` hold what `source` holds, keeping `source` (which lives inside it) to the end."""
    for path in directory.iterdir():
        if path == source:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    for path in source.iterdir():
        path.rename(directory / path.name)


def file_summary(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
