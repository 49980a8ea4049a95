"""Small helpers for the site tests."""
from wagtail.models import Locale


def page_of_type(site, model, language="ar"):
    """The first live page of `model` in `site`'s tree for `language`."""
    root = site.root_page
    if language != root.locale.language_code:
        root = root.get_translation(Locale.objects.get(language_code=language))
    return model.objects.live().descendant_of(root, inclusive=True).order_by("path").first()


def html_attr(html: str, tag: str, attr: str) -> str | None:
    import re

    match = re.search(rf"<{tag}\b[^>]*\b{attr}=\"([^\"]*)\"", html)
    return match.group(1) if match else None


def translated_pair(site, model, language="fr"):
    """(Arabic page, its live translation) for the first `model` page that has one."""
    french = page_of_type(site, model, language)
    return french.get_translation(site.root_page.locale), french
