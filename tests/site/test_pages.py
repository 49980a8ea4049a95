"""Every page type renders in Arabic (rtl) and French (ltr), with working
language links, and the error pages speak the visitor's language."""
import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.html import escape
from wagtail.rich_text import RichText

from contact.models import ContactPage
from council.models import CouncilPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage
from library.models import DocumentLibraryPage, OfficialDocumentPage
from news.models import NewsIndexPage, NewsPage
from pages.models import StandardPage
from services.models import ServiceIndexPage, ServicePage
from tests.conftest import HOST_A
from tests.site.helpers import html_attr, page_of_type, translated_pair

PAGE_TYPES = [
    HomePage, StandardPage, NewsIndexPage, NewsPage, EventIndexPage, EventPage, ServiceIndexPage, ServicePage,
    DocumentLibraryPage, OfficialDocumentPage, CouncilPage, ContactPage,
]
FRENCH_PAGE_TYPES = [HomePage, StandardPage, NewsIndexPage, NewsPage, ServiceIndexPage, ServicePage, DocumentLibraryPage, ContactPage]


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_page_type_renders_in_arabic_rtl(demo, client_a, model):
    page = page_of_type(demo.site_a, model)
    assert page is not None, f"the demo has no {model.__name__}"
    response = client_a.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == "ar"
    assert html_attr(html, "html", "dir") == "rtl"
    assert page.title in html


@pytest.mark.parametrize("model", FRENCH_PAGE_TYPES, ids=lambda m: m.__name__)
def test_translated_page_types_render_in_french_ltr(demo, client_a, model):
    page = page_of_type(demo.site_a, model, "fr")
    assert page is not None, f"the demo has no French {model.__name__}"
    response = client_a.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == "fr"
    assert html_attr(html, "html", "dir") == "ltr"


def test_tamazight_home_page(demo, client_a):
    page = page_of_type(demo.site_a, HomePage, "zgh")
    response = client_a.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == "zgh"
    assert html_attr(html, "html", "dir") == "ltr"


def test_language_switcher_stays_on_the_same_page(demo, client_a):
    article, french = translated_pair(demo.site_a, NewsPage)
    html = client_a.get(article.url).content.decode()
    assert f'href="{french.url}"' in html
    assert 'hreflang="fr"' in html
    html_fr = client_a.get(french.url).content.decode()
    assert f'href="{article.url}"' in html_fr


def test_canonical_hreflang_and_opengraph(demo, client_a):
    page, _ = translated_pair(demo.site_a, NewsPage)
    html = client_a.get(page.url).content.decode()
    assert f'<link rel="canonical" href="{page.full_url}"' in html
    assert 'rel="alternate" hreflang="fr"' in html
    assert 'hreflang="x-default"' in html
    assert 'property="og:title"' in html and 'property="og:locale"' in html


def test_home_page_shows_news_events_documents_and_quick_links(demo, client_a):
    home = demo.site_a.root_page.specific
    response = client_a.get(home.url)
    context = response.context
    assert len(context["latest_news"]) > 0
    assert len(context["upcoming_events"]) > 0
    assert len(context["key_documents"]) > 0
    html = response.content.decode()
    for block in list(home.service_links) + list(home.participation_links):
        assert f'href="{block.value["page"].get_url_parts()[2]}"' in html
    for article in context["latest_news"]:
        assert escape(article.title) in html


def test_home_page_shows_the_commune_identity_in_each_language(demo, client_a):
    from base.models import CommuneSettings

    settings = CommuneSettings.for_site(demo.site_a)
    arabic = client_a.get("/ar/").content.decode()
    french = client_a.get("/fr/").content.decode()
    for field in ("name", "tagline", "address", "opening_hours"):
        assert escape(getattr(settings, f"{field}_ar")) in arabic
        assert escape(getattr(settings, f"{field}_fr")) in french
        assert escape(getattr(settings, f"{field}_ar")) not in french


def test_document_library_filters_without_javascript(demo, client_a):
    library = page_of_type(demo.site_a, DocumentLibraryPage)
    documents = OfficialDocumentPage.objects.live().child_of(library)
    one = documents.first()
    response = client_a.get(library.url, {"category": one.category, "year": one.date.year})
    listed = list(response.context["documents"])
    assert one.specific in listed
    assert all(d.category == one.category and d.date.year == one.date.year for d in listed)
    assert len(listed) < documents.count()


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year": "1850"}, {"category": "nope"}, {"page": "9999"}, {"page": "-1"}, {"year": "2024\x00"}],
)
def test_document_library_bad_filters_never_fail(demo, client_a, params):
    library = page_of_type(demo.site_a, DocumentLibraryPage)
    response = client_a.get(library.url, params)
    assert response.status_code == 200
    if "page" not in params:
        assert response.context["filter_form"].errors


def test_news_rss_feed_lists_only_this_communes_articles(demo, client_a):
    index = page_of_type(demo.site_a, NewsIndexPage)
    response = client_a.get(index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    for article in NewsPage.objects.live().child_of(index):
        assert article.title in body
    other = page_of_type(demo.site_b, NewsPage)
    assert other.title not in body


def test_rss_links_point_to_the_commune_that_serves_them(demo, client_a, client_b):
    """Links are absolute on the commune's own host (never the one domain of django.contrib.sites)."""
    import re

    for client, site, host in ((client_a, demo.site_a, "127.0.0.1"), (client_b, demo.site_b, "localhost")):
        index = page_of_type(site, NewsIndexPage)
        body = client.get(index.url + "rss/").content.decode()
        links = re.findall(r"<link>([^<]+)</link>", body) + re.findall(r'atom:link href="([^"]+)"', body)
        assert links and all(link.startswith(f"http://{host}/") for link in links), links


def test_events_index_upcoming_and_past(demo, client_a):
    index = page_of_type(demo.site_a, EventIndexPage)
    upcoming = client_a.get(index.url).context["events"]
    past = client_a.get(index.url, {"past": "1"}).context["events"]
    assert len(upcoming) and len(past)
    assert not {e.pk for e in upcoming} & {e.pk for e in past}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_404_in_the_active_language(demo, client_a, language):
    response = client_a.get(f"/{language}/no-such-page-xyz/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == language
    assert html_attr(html, "html", "dir") == ("rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_500_page_in_the_active_language_without_database(db, language, django_assert_num_queries):
    from base.views import server_error

    request = RequestFactory().get(f"/{language}/")
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == language
    assert html_attr(html, "html", "dir") == ("rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_database_down_gives_a_503_in_the_visitors_language(demo, language, monkeypatch):
    """The real outage is tested on the local stack (PostgreSQL stopped); here the page that says it."""
    from django.db import OperationalError
    from wagtail.models import Site

    def unreachable(request):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(Site, "find_for_request", staticmethod(unreachable))
    response = Client(HTTP_HOST=HOST_A, raise_request_exception=False).post(f"/{language}/suggestions/", {"title": "x"})
    assert response.status_code == 503 and response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert html_attr(html, "html", "lang") == language
    assert "Traceback" not in html and "Connection refused" not in html
    with translation.override(language):
        heading = translation.gettext("The website is briefly unavailable")
    assert heading != "The website is briefly unavailable" and heading in html  # translated, in both languages


def test_standard_page_renders_every_block_of_the_catalogue(demo, client_a, settings):
    """A page holding one block of each kind renders each through its component."""
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.site.fake_embeds"}]
    image = Image.objects.first()
    document = Document.objects.first()
    home = demo.site_a.root_page
    body = [
        ("heading", "عنوان فرعي"),
        ("paragraph", RichText("<p>نص الفقرة</p>")),
        ("image", {"image": image, "alt": "وصف الصورة", "caption": "تعليق الصورة"}),
        ("documents", {"heading": "وثائق", "documents": [document]}),
        ("faq", {"heading": "أسئلة", "items": [{"question": "سؤال أول؟", "answer": RichText("<p>جواب أول</p>")}]}),
        ("call_to_action", {"title": "شارك", "text": "نص", "link_page": home, "link_url": "", "button_label": "زر الدعوة"}),
        ("table", {"caption": "جدول الأرقام", "table": {"data": [["السنة", "العدد"], ["2024", "12"]], "first_row_is_table_header": True, "first_col_is_header": False}}),
        ("embed", {"embed": "https://video.example/watch/1", "title": "شريط الفيديو"}),
    ]
    page = StandardPage(title="صفحة الكتل", slug="blocks-test", body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client_a.get(page.url).content.decode()
    for text in ["عنوان فرعي", "نص الفقرة", 'alt="وصف الصورة"', "تعليق الصورة", escape(document.title), "<details", "سؤال أول؟",
                 "زر الدعوة", "<caption", "جدول الأرقام", "شريط الفيديو", "fake-embed"]:
        assert text in html, text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_403_page_in_the_active_language(demo, language):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = RequestFactory().get(f"/{language}/", HTTP_HOST="127.0.0.1")
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
        expected = escape(translation.gettext("Access refused"))
    html = response.content.decode()
    assert response.status_code == 403 and expected in html
    assert html_attr(html, "html", "lang") == language
