"""Helpers of the charter tests."""
import re

from participation.charter.models import Adhesion


def path_of(page, route="") -> str:
    return page.get_url_parts()[2] + route


def html(response) -> str:
    return response.content.decode()


def confirm_path(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/\S*/confirm/[\w-]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def reload(adhesion) -> Adhesion:
    return Adhesion.objects.get(pk=adhesion.pk)
