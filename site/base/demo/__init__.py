"""The demo communes loaded by `manage.py load_demo` (content in fixtures/demo/).

- loader.py  loads every fixtures/demo/*.json, one transaction per commune;
- pages.py   the Arabic page tree and its translations;
- refs.py    how the JSON names pages, images, documents and relative dates;
- media.py   logo, pictures and PDFs drawn with Pillow at load time;
- sites.py   locales, Sites (and the removal of Wagtail's welcome page), settings;
- staff.py   groups, their permissions and the demo accounts.
"""
