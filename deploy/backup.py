"""Back up and restore a Jamaa installation: its PostgreSQL database and its media files.

    python3 deploy/backup.py create DIR        # writes DIR/jamaa-<UTC date and time>/
    python3 deploy/backup.py restore BACKUP    # into DATABASE_URL (an empty database) and MEDIA_ROOT

Both read DATABASE_URL and MEDIA_ROOT from the environment, as the services do (on a server:
`set -a; . /etc/jamaa/env; set +a` first). A backup folder holds `database.dump` (pg_dump's
custom format, a consistent snapshot taken in one transaction), `media.tar.gz` and
`manifest.json` (when, what, and each file's SHA-256, checked before a restore).

With MEDIA_S3_BUCKET set, the media files are in that bucket, which this script cannot copy:
the backup then holds the database only, says so, and the bucket's own versioning (and
replication to another site) is the backup of the media files.

Consistency: the database is dumped first, then the media files are archived. A file uploaded
in between is in the archive but in no row (harmless); a file erased in between (personal data)
may be missing from the archive, which is what its erasure asked for. Run it from the daily
timer; keep copies off the server (they hold personal data: encrypt them, limit who reads them).
"""
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlparse


def pg_tool(name: str) -> str:
    """The newest PostgreSQL client tool installed (Debian keeps each version apart)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3].split(".")[0]))
    return str(found[-1]) if found else name


def connection() -> tuple[list[str], dict[str, str]]:
    """libpq options and environment (the password never on a command line) from DATABASE_URL."""
    url = urlparse(os.environ["DATABASE_URL"])
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("backup: DATABASE_URL must be a PostgreSQL database")
    options = ["-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432), "-U", unquote(url.username or ""),
               "-d", unquote(url.path.lstrip("/"))]
    return options, {**os.environ, "PGPASSWORD": unquote(url.password or "")}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create(destination: Path) -> Path:
    bucket = os.environ.get("MEDIA_S3_BUCKET", "")
    media = None if bucket else Path(os.environ["MEDIA_ROOT"])
    folder = destination / f"jamaa-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, mode=0o700)
    options, env = connection()
    subprocess.run([pg_tool("pg_dump"), *options, "--format=custom", "--no-owner", "--no-privileges",
                    "--file", str(folder / "database.dump")], env=env, check=True)
    if media:
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            if media.is_dir():
                archive.add(media, arcname="media")
    else:
        print(f"backup: media files NOT included: they are in the bucket {bucket!r} (MEDIA_S3_BUCKET); "
              "its own versioning and replication are their backup", file=sys.stderr)
    names = ("database.dump", "media.tar.gz") if media else ("database.dump",)
    files = {name: sha256(folder / name) for name in names}
    manifest = {"created": datetime.datetime.now(datetime.UTC).isoformat(), "files": files}
    if bucket:
        manifest["media_bucket"] = bucket
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"backup: {folder}")
    return folder


def restore(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        if sha256(folder / name) != digest:
            sys.exit(f"backup: {name} does not match its manifest: not restoring a damaged backup")
    options, env = connection()
    subprocess.run([pg_tool("pg_restore"), *options, "--no-owner", "--no-privileges", "--exit-on-error",
                    "--single-transaction", str(folder / "database.dump")], env=env, check=True)
    if "media.tar.gz" not in manifest["files"]:
        print(f"restored {folder} into {options[-1]}; its media files are in the bucket "
              f"{manifest.get('media_bucket', '?')!r}, not in this backup")
        return
    media = Path(os.environ["MEDIA_ROOT"])
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz") as archive:
        for member in archive.getmembers():
            if not (member.isfile() or member.isdir()) or not member.name.startswith("media"):
                sys.exit(f"backup: unexpected entry {member.name!r} in media.tar.gz")
            member.name = member.name.removeprefix("media").lstrip("/") or "."
        archive.extractall(media, filter="data")
    print(f"restored {folder} into {options[-1]} and {media}")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("create", "restore"):
        print(__doc__)
        return 2
    if argv[1] == "create":
        create(Path(argv[2]))
    else:
        restore(Path(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
