"""The proactive-publication register of law 31.13 (art. 10), as the document library holds it.

The access-to-information plugin cannot import the host site's apps: it calls the
callable named by settings.JAMAA_PROACTIVE_PUBLICATION, which is `published` here.
Each category the law requires the commune to publish is mapped to a
DocumentCategory where the library has one; the others have no place in the
library yet and are always listed as missing (count 0), so the gap is visible.
"""
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from library.models import DocumentCategory, DocumentLibraryPage, OfficialDocumentPage

#: (key, label, DocumentCategory value or None) in the order of article 10
ARTICLE_10 = (
    ("budget", _("Budgets and accounts"), DocumentCategory.BUDGET),
    ("decision", _("Council decisions"), DocumentCategory.DECISION),
    ("minutes", _("Minutes of the council's sessions"), DocumentCategory.MINUTES),
    ("programme", _("Programmes, including the commune's action programme (PAC)"), DocumentCategory.ACTION_PROGRAMME),
    ("report", _("Reports and studies"), DocumentCategory.REPORT),
    ("procurement", _("Calls for tenders and their results"), DocumentCategory.PROCUREMENT),
    ("procedures", _("Administrative procedures and the services offered to users"), None),
    ("competitions", _("Recruitment competitions and examinations, and their results"), None),
    ("authorisations", _("Authorisations, licences and concessions granted"), None),
    ("partnerships", _("Partnership and cooperation agreements"), None),
)


def _root(site, language):
    """The site's home page in `language` (the site's own root when it has no such translation)."""
    root = site.root_page
    locale = Locale.objects.filter(language_code=language).first() if language else None
    if locale is not None and root.locale_id != locale.pk:
        root = root.get_translation_or_none(locale) or root
    return root


def published(site, language) -> list[dict]:
    """[{key, label, count, latest, url}] for each category of article 10, in two queries
    (the counts by category, the library page), plus the officer's contact from the
    commune's settings."""
    root = _root(site, language)
    rows = (
        OfficialDocumentPage.objects.live().public().descendant_of(root)
        .order_by().values("category").annotate(count=Count("pk"), latest=Max("date"))
    )
    by_category = {row["category"]: row for row in rows}
    library = DocumentLibraryPage.objects.live().public().descendant_of(root).order_by("path").first()
    library_url = library.get_url(current_site=site) if library is not None else ""
    entries = []
    for key, label, category in ARTICLE_10:
        row = by_category.get(category, {}) if category else {}
        count = row.get("count", 0)
        entries.append({
            "key": key, "label": label, "count": count, "latest": row.get("latest"),
            "url": f"{library_url}?category={category}" if library_url and category and count else "",
        })
    entries.append(_officer(site))
    return entries


def _officer(site) -> dict:
    """The information officer's contact (art. 10 and 12): published when the commune's settings give it."""
    from base.models import CommuneSettings

    settings = CommuneSettings.for_site(site)
    given = bool(settings.information_officer_name and (settings.information_officer_email or settings.information_officer_phone))
    return {"key": "officer", "label": _("Contact of the information officer"), "count": int(given), "latest": None, "url": ""}
