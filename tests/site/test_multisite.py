"""Two communes on one installation never see each other's content."""
from base.models import CommuneSettings
from news.models import NewsPage
from tests.site.helpers import page_of_type


def test_each_host_serves_its_own_commune(demo, client_a, client_b):
    a = CommuneSettings.for_site(demo.site_a)
    b = CommuneSettings.for_site(demo.site_b)
    assert a.name_ar != b.name_ar
    html_a = client_a.get("/ar/").content.decode()
    html_b = client_b.get("/ar/").content.decode()
    assert a.name_ar in html_a and b.name_ar not in html_a
    assert b.name_ar in html_b and a.name_ar not in html_b


def test_palettes_differ_per_commune(demo, client_a, client_b):
    a = CommuneSettings.for_site(demo.site_a)
    b = CommuneSettings.for_site(demo.site_b)
    assert a.colour_primary != b.colour_primary
    assert a.colour_primary in client_a.get("/ar/").content.decode()
    assert b.colour_primary in client_b.get("/ar/").content.decode()


def test_news_menus_and_home_do_not_leak(demo, client_a, client_b):
    news_a = NewsPage.objects.live().descendant_of(demo.site_a.root_page)
    html_b = client_b.get("/ar/").content.decode()
    for article in news_a:
        assert article.title not in html_b
    menu_a = demo.site_a.root_page.get_children().live().in_menu()
    for item in menu_a:
        if not demo.site_b.root_page.get_children().filter(title=item.title).exists():
            assert f">{item.title}<" not in html_b


def test_a_page_of_one_commune_is_not_served_on_the_other_host(demo, client_b):
    article = page_of_type(demo.site_a, NewsPage)
    path = article.get_url_parts()[2]
    assert client_b.get(path).status_code == 404


def test_sitemaps_list_only_the_communes_own_pages(demo, client_a, client_b):
    body_a = client_a.get("/sitemap.xml").content.decode()
    body_b = client_b.get("/sitemap.xml").content.decode()
    assert "<loc>http://127.0.0.1/ar/" in body_a
    assert "http://localhost/" not in body_a
    assert "http://127.0.0.1/" not in body_b
    assert "/fr/" in body_a  # translations are listed too


def test_robots_txt_points_to_the_hosts_sitemap(client_b):
    body = client_b.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert "Disallow: /admin/" in body
