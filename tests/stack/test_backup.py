"""Backup and restore (deploy/backup.py) on the local stack: a backup of the live database and
media, restored into a fresh database and folder, holds the same content (compared with
dumpdata, and file by file); a damaged backup is refused before anything is restored."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPARED = ["wagtailcore.page", "wagtailimages.image", "wagtaildocs.document", "participation_petitions",
            "participation_suggestions", "participation_information", "participation_charter", "participation_action_plan",
            "participation_meetings", "participation_consultations"]

pytestmark = pytest.mark.stack


def _env(stack, **changes) -> dict:
    values = dict(line.split("=", 1) for line in (stack.dir / "env").read_text().splitlines())
    values.pop("PG_PASSWORD", None)
    return {**os.environ, **stack.env, **values, **changes}


def _backup(stack, *args, **env):
    return subprocess.run([sys.executable, str(ROOT / "deploy" / "backup.py"), *args], env=_env(stack, **env),
                          capture_output=True, text=True, timeout=600)


def _dump(stack, database_url) -> str:
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), "dumpdata", *COMPARED,
                             "--natural-foreign", "--indent", "0"], env=_env(stack, DATABASE_URL=database_url),
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def _createdb(stack, url, name):
    password = dict(line.split("=", 1) for line in (stack.dir / "env").read_text().splitlines())["PG_PASSWORD"]
    subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(url.port), "-U", "jamaa", "-d", "jamaa",
                    "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"],
                   env={**os.environ, "PGPASSWORD": password}, check=True)


def test_a_backup_restores_the_same_content(stack):
    from urllib.parse import urlparse

    original = _env(stack)["DATABASE_URL"]
    url = urlparse(original)
    media = Path(_env(stack)["MEDIA_ROOT"])
    assert _files(media), "the demo should have media files to back up"

    made = _backup(stack, "create", str(stack.dir / "backups"))
    assert made.returncode == 0, made.stderr
    folder = Path(made.stdout.strip().split("backup: ", 1)[1])

    _createdb(stack, url, "jamaa_restored")
    restored_url = original.rsplit("/", 1)[0] + "/jamaa_restored"
    restored_media = stack.dir / "restored-media"
    done = _backup(stack, "restore", str(folder), DATABASE_URL=restored_url, MEDIA_ROOT=str(restored_media))
    assert done.returncode == 0, done.stderr

    assert _dump(stack, restored_url) == _dump(stack, original)
    assert _files(restored_media) == _files(media)


def test_a_damaged_backup_is_refused(stack):
    from urllib.parse import urlparse

    made = _backup(stack, "create", str(stack.dir / "backups-damaged"))
    folder = Path(made.stdout.strip().split("backup: ", 1)[1])
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    original = _env(stack)["DATABASE_URL"]
    _createdb(stack, urlparse(original), "jamaa_damaged")
    refused = _backup(stack, "restore", str(folder), DATABASE_URL=original.rsplit("/", 1)[0] + "/jamaa_damaged",
                      MEDIA_ROOT=str(stack.dir / "damaged-media"))
    assert refused.returncode != 0 and "does not match its manifest" in refused.stderr
    assert not (stack.dir / "damaged-media").exists()
