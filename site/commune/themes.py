"""Theme lookup, kept free of Django imports so settings can use it.

A theme is a folder `themes/<name>/` with `templates/` and `static/`. The chosen
theme is searched first and the `default` theme after it, so a theme only has to
recreate the templates it changes (ARCHITECTURE.md §5).
"""
from pathlib import Path

THEMES_DIR = Path(__file__).resolve().parents[2] / "themes"
DEFAULT_THEME = "default"


def available_themes() -> list[str]:
    return sorted(p.name for p in THEMES_DIR.iterdir() if (p / "templates").is_dir())


def _chain(name: str) -> list[Path]:
    if name not in available_themes():
        raise ValueError(f"Unknown theme {name!r}; available: {', '.join(available_themes())}")
    return [THEMES_DIR / name] if name == DEFAULT_THEME else [THEMES_DIR / name, THEMES_DIR / DEFAULT_THEME]


def template_dirs(name: str) -> list[Path]:
    return [p / "templates" for p in _chain(name)]


def static_dirs(name: str) -> list[Path]:
    return [p / "static" for p in _chain(name) if (p / "static").is_dir()]
