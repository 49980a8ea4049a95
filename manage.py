#!/usr/bin/env python
"""Django entry point. The project lives in site/, which is put on sys.path
(it is not an importable package: the standard library already owns `site`)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(1, str(ROOT))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commune.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
