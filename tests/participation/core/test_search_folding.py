"""The plugins' pages are indexed folded like the CMS pages (participation.core.search), so the
site search finds a meeting, a consultation, the charter or an action plan whatever Arabic
spelling the visitor types, on the database backends too; and what is indexed is only what
was indexed before (never the meeting's online link)."""
import pytest
from wagtail.models import get_page_models

from participation.charter.models import CharterPage
from participation.consultations.models import ConsultationPage
from participation.core.search import FoldedSearchField, FoldedSearchMixin, FoldedTextField, normalize_arabic, plain_text
from participation.meetings.models import MeetingPage
from tests.participation.action_plan.conftest import make_plan
from tests.participation.charter.conftest import charter_of
from tests.participation.consultations.conftest import make_consultation
from tests.participation.meetings.conftest import index_of, make_meeting

SECRET_LINK = "https://visio.example.ma/salle-privee-7f3a"


def _meeting(site):
    return make_meeting(
        index_of(site),
        title="جَلْسَةُ الإنصات لساكنة أولاد عيسى",
        summary="نقاش حول إنارة الطريق المؤدية إلى المستشفى.",
        agenda="<p>عرض <b>مشروع</b> تهيئة الساقية الحمراء.</p>",
        minutes="<p>اتُّفِقَ على إحداث لجنة للتتبّع.</p>",
        format="hybrid",
        online_link=SECRET_LINK,
    )


def _consultation(site):
    page = make_consultation(site)
    page.title = "تشاورٌ حول تهيئة حديقة الأندلس الكبرى"
    page.summary = "مشروع إعادةُ تأهيل المساحات الخضراء بحيّ الرياض."
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def _charter(site):
    page = charter_of(site)
    page.title = "ميثاقُ المشاركة المواطِنة للجماعة"
    page.intro = "<p>ميثاقٌ يُؤسّس لمشاركة الساكنة في القرار.</p>"
    page.body = [
        {"type": "part", "value": {"kind": "values", "heading": "قيم الشفافية والمساءلة",
                                   "body": "<p>نشر المعلومة في أجل أقصاه أسبوع.</p>", "items": ["الإنصاف"]}},
        {"type": "commitments", "value": {"party": "associations", "heading": "التزامات الجمعيات",
                                          "intro": "", "items": ["المساهمة في تقييم البرامج القرويّة"]}},
    ]
    page.save_revision().publish()
    return CharterPage.objects.get(pk=page.pk)


def _action_plan(site):
    return make_plan(site, title="برنامجُ عمل الجماعة للتنمية", intro="<p>تأهيل المراكز الصحيّة في الدواوير الجبلية.</p>")


BUILDERS = {"meeting": _meeting, "consultation": _consultation, "charter": _charter, "action_plan": _action_plan}


@pytest.fixture
def build(demo, django_capture_on_commit_callbacks):
    """Builds a plugin page of commune A, published and indexed (the index is written after commit)."""

    def build(kind):
        with django_capture_on_commit_callbacks(execute=True):
            return BUILDERS[kind](demo.site_a)

    return build


def _found(client, page, query: str) -> bool:
    response = client.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    return page.pk in [p.pk for p in response.context["search_results"]]


@pytest.mark.parametrize(
    "kind, query",
    [
        ("meeting", "جلسة الإنصات"),  # title as written, without its diacritics
        ("meeting", "جلسه الانصات"),  # ha for ta marbuta, bare alef
        ("meeting", "اولاد عيسي"),  # bare alef, ya for alef maqsura
        ("meeting", "إنارة المستشفى"),  # the summary
        ("meeting", "انارة المستشفي"),
        ("meeting", "الساقيه الحمراء"),  # the agenda (rich text)
        ("meeting", "اتفق لجنه للتتبع"),  # the minutes, their diacritics and shadda dropped
        ("consultation", "حديقة الأندلس"),
        ("consultation", "حديقه الاندلس"),
        ("consultation", "تَشَاوُر حول تهيـــئة"),  # diacritics and tatweel in the query
        ("consultation", "اعاده تاهيل المساحات"),  # its summary, hamza and ta marbuta folded
        ("charter", "ميثاق المشاركه المواطنه"),
        ("charter", "يؤسس لمشاركه الساكنه"),  # the intro
        ("charter", "الشفافيه والمساءله"),  # a part's heading (StreamField)
        ("charter", "آجل اقصاه"),  # a part's rich text, madda and bare alef for the hamza
        ("charter", "البرامج القرويه"),  # a commitment (list item)
        ("action_plan", "برنامج عمل الجماعه"),
        ("action_plan", "المراكز الصحيه"),  # the intro
        ("action_plan", "الدواوير الجبليّة"),
        ("action_plan", "دواوير جبلية"),  # without the article
        ("meeting", "بالمستشفى"),  # with a preposition and the article
    ],
)
def test_every_spelling_variant_finds_the_plugin_page(build, client_a, kind, query):
    page = build(kind)
    assert _found(client_a, page, query), query


def test_plugin_pages_stay_within_their_commune(build, client_b):
    page = build("meeting")
    assert not _found(client_b, page, "جلسة الإنصات")


def test_an_unpublished_plugin_page_is_not_found(build, client_a, django_capture_on_commit_callbacks):
    page = build("action_plan")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not _found(client_a, page, "المراكز الصحيه")


def test_a_plugin_page_is_indexed_folded_and_its_online_link_never(build, client_a):
    """The database backend's entry: the title column and the body hold the folded text, the
    autocomplete (the admin's search, with the query as typed) the title as written; the
    meeting's online link (given only to registered people) is nowhere."""
    from wagtail.search.models import IndexEntry

    page = build("meeting")
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)
    title, body, autocomplete = str(entry.title), str(entry.body), str(entry.autocomplete)  # tsvectors on PostgreSQL
    assert "جلسه" in title and "انصات" in title and "جلسة" not in title and "الإنصات" not in title
    assert "مستشفي" in body and "ساقيه" in body and "لجنه" in body
    assert "المستشفى" not in body and "الساقية" not in body and "المستشفي" not in body
    assert "الإنصات" in autocomplete and "الانصات" not in autocomplete
    for column in (title, body, autocomplete):
        assert "salle" not in column and "7f3a" not in column
    assert not _found(client_a, page, "visio.example.ma")


def test_the_elasticsearch_document_of_a_plugin_page_is_folded(build):
    """Elasticsearch indexes the same folded fields (its analyzer folds too; both agree), the title
    with its boost, and nothing else of the page's text."""
    from search.backends.elasticsearch import ArabicElasticsearchBackend

    page = build("meeting")
    mapping = ArabicElasticsearchBackend({"URLS": ["http://127.0.0.1:9"]}).mapping_class(MeetingPage)
    document = mapping.get_document(page)
    assert document["title"] == "جلسه انصات لساكنه اولاد عيسي"
    assert "_all_text_boost_2_0" in mapping.get_mapping()["properties"]["title"]["copy_to"]
    assert "مستشفي" in document[mapping.get_field_column_name(_field(MeetingPage, "normalised_search_text"))]
    assert "salle-privee" not in str(document)
    assert not [name for name in mapping.get_mapping()["properties"] if name.endswith(("__summary", "__agenda", "__minutes"))]


def _field(model, name):
    return next(f for f in model.get_search_fields() if f.field_name == name)


def _plugin_page_models():
    return [model for model in get_page_models() if model.__module__.startswith("participation.")]


@pytest.mark.parametrize("model", _plugin_page_models(), ids=lambda model: model.__name__)
def test_every_plugin_page_indexes_its_text_folded(model):
    """Each plugin page model has the folding mixin; the only text it indexes is its title, folded
    with the title's boost, and the folded copy of its title, search description and listed fields;
    the title's autocomplete keeps it as written. Elasticsearch can map it (the folded text is named
    after the page model)."""
    from wagtail.search import index

    from search.backends.elasticsearch import ArabicElasticsearchBackend

    assert issubclass(model, FoldedSearchMixin)
    searched = [f for f in model.get_search_fields() if isinstance(f, index.SearchField)]
    title = next(f for f in searched if f.field_name == "title")
    assert type(title) is FoldedSearchField and title.boost == 2
    assert {f.field_name for f in searched} == {"title", "normalised_search_text"}
    assert [type(f) for f in searched if f.field_name == "normalised_search_text"] == [FoldedTextField]
    assert any(type(f) is index.AutocompleteField and f.field_name == "title" for f in model.get_search_fields())
    properties = ArabicElasticsearchBackend({"URLS": ["http://127.0.0.1:9"]}).mapping_class(model).get_mapping()["properties"]
    text_column = f"{model._meta.app_label}_{model.__name__.lower()}__normalised_search_text"
    assert text_column in properties


def test_the_indexed_text_fields_are_the_public_ones_indexed_before():
    """The same source fields as before the folding, and the consultation's public text: no personal
    or private field joined them."""
    texts = {model.__name__: model.search_text_fields for model in _plugin_page_models() if model.search_text_fields}
    assert texts == {
        "MeetingPage": ("summary", "agenda", "minutes"),
        "CharterPage": ("intro", "body"),
        "ActionPlanPage": ("intro",),
        "ConsultationPage": ("summary", "draft", "report_heard", "report_changed"),  # the editors' public text
        # the index pages' introductions, public like their titles
        "ConsultationIndexPage": ("intro",),
        "InformationRequestPage": ("intro",),
        "MeetingIndexPage": ("intro",),
        "PetitionIndexPage": ("intro",),
        "SuggestionBoxPage": ("intro",),
    }


@pytest.mark.parametrize("model", [m for m in _plugin_page_models() if "intro" in m.search_text_fields],
                         ids=lambda model: model.__name__)
def test_a_plugin_page_is_found_by_its_introduction_and_search_description(demo, client_a, model,
                                                                           django_capture_on_commit_callbacks):
    """An index page (petitions, suggestions box, meetings...) is found by the words of its introduction
    and of its search description (Promote tab), whatever their spelling; it was found by its title only."""
    page = model.objects.descendant_of(demo.site_a.root_page).live().first()
    page.intro = "<p>فضاءٌ مخصّص لِلمُبادرات المحلّيّة.</p>"
    page.search_description = "خدمات إلكترونيّة للمرتفقين"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert _found(client_a, page, "المبادرات المحلية")
    assert _found(client_a, page, "مرتفقين الكترونيه")


def test_the_charter_text_is_plain_and_folded_without_its_choices(build):
    """Rich text loses its markup, lists and structs are walked, and a ChoiceBlock's value (an
    identifier such as "associations") is not text a visitor would look for."""
    page = build("charter")
    text = page.normalised_search_text()
    assert text.startswith(normalize_arabic(page.title))
    assert "شفافيه مساءله" in text and "برامج قرويه" in text and "انصاف" in text
    assert "<p>" not in text and "values" not in text and "associations" not in text


def test_plain_text_of_stream_values(db):  # a page's constructor reads its content type
    body = CharterPage(title="x", body=[
        {"type": "part", "value": {"kind": "other", "heading": "عنوان", "body": "<p>نص <i>غني</i></p>", "items": ["بند"]}},
    ]).body
    assert plain_text(body).split() == ["عنوان", "نص", "غني", "بند"]
    assert plain_text(None) == plain_text(3) == plain_text(True) == ""


def test_the_folded_text_follows_the_page_edits(build, django_capture_on_commit_callbacks, client_a):
    """Published again with new minutes, the meeting is found by them."""
    page = build("meeting")
    page.minutes = "<p>تقرَّر بناءُ قنطرة على الوادي.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert _found(client_a, page, "قنطره الوادي")
