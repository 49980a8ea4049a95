"""Arabic spelling folding for the search index: one place for the rule, used by every page.

Citizens type the same word many ways: with or without diacritics (harakat), with a
tatweel to stretch it, with any hamza form on the alef, with alef maqsura for a
final ya, with ha for a final ta marbuta, with or without the definite article
(المدرسة, مدرسة, والمدرسة, للمدرسة). We fold each group to one form, in the indexed
text and in the query alike, so every variant meets the same indexed form on every
search backend (the database backend matches words as they are stored).

Here rather than in the site's search app so that the plugins' pages, which never
import the site, index their text folded as the CMS pages do (FoldedSearchMixin).
"""
import inspect
import re
import unicodedata
from collections.abc import Mapping, Sequence

from django.db import models
from django.utils.html import strip_tags
from wagtail.blocks import ChoiceBlock, StreamValue, StructValue
from wagtail.rich_text import RichText
from wagtail.search import index

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and tatweel.
_STRIP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = (
    ("\u0623", "\u0627"),  # أ → ا
    ("\u0625", "\u0627"),  # إ → ا
    ("\u0622", "\u0627"),  # آ → ا
    ("\u0671", "\u0627"),  # ٱ → ا
    ("\u0649", "\u064a"),  # ى → ي
    ("\u0629", "\u0647"),  # ة → ه
)
# The definite article at the start of a word, alone (ال), after و ف ب ك, or as لل (li + al),
# when at least three letters stay: الله, الذي, والي, بالغ keep theirs. A light stemmer's rule;
# a word that merely starts with those letters is cut alike in the text and in the query.
_ARTICLE = re.compile(r"\b(?:[\u0648\u0641\u0628\u0643]?\u0627\u0644|\u0644\u0644)(?=\w{3})")


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants and drop the definite article; other scripts pass through (NFC)."""
    if not text:
        return ""
    text = _STRIP.sub("", unicodedata.normalize("NFC", text))
    # str.replace per letter, not str.translate: ten times faster on Arabic text (every page is
    # folded when indexed, five times over by the database backend's indexer)
    for variant, letter in _FOLD:
        text = text.replace(variant, letter)
    return _ARTICLE.sub("", text)


def plain_text(value) -> str:
    """Text of a field, rich text or StreamField value, without markup.

    Walks stream, struct and list values; documents, images and pages chosen in
    blocks contribute nothing (they are indexed on their own), nor do choices (a
    ChoiceBlock's value is an identifier, e.g. the charter's "commune", not text).
    """
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, StreamValue):
        return " ".join(plain_text(child.value) for child in value if not isinstance(child.block, ChoiceBlock))
    if isinstance(value, StructValue):
        blocks = value.block.child_blocks
        return " ".join(plain_text(v) for name, v in value.items() if not isinstance(blocks.get(name), ChoiceBlock))
    if isinstance(value, Mapping):
        return " ".join(plain_text(v) for v in value.values())
    if isinstance(value, Sequence):
        return " ".join(plain_text(v) for v in value)
    return ""


class FoldedSearchField(index.SearchField):
    """A SearchField whose text is indexed folded (normalize_arabic), like the queries.

    For the title: the database backend keeps the `title` field in a column of its own, ranked
    with the title's weight, and Elasticsearch copies it into its boosted text; as written, a
    title meets only the query spelled the same way, and a page titled مدرسة lost its title
    boost to pages that merely mention مدرسه.
    """

    def get_value(self, obj):
        return normalize_arabic(super().get_value(obj) or "")


class FoldedTextField(index.SearchField):
    """The folded copy of a page's text (FoldedSearchMixin.normalised_search_text).

    Elasticsearch names a field after the model defining it ("base_searchablepage__…") and
    looks for it on that model; the method is defined on FoldedSearchMixin, which is no model.
    So the defining model is the most general model class having the text: the CMS pages'
    SearchablePage, as before the mixin, or the plugin's page model itself.
    """

    def get_definition_model(self, cls):
        return next(base for base in reversed(inspect.getmro(cls))
                    if issubclass(base, models.Model) and hasattr(base, self.field_name))


class FoldedSearchMixin:
    """Mixed into a page model, before Page: its title and text are indexed folded.

    The title is swapped for a FoldedSearchField (get_search_fields). The text lives in
    `normalised_search_text`, the folded plain text of the title, of the search description
    (Promote tab) and of the fields named in `search_text_fields`, indexed once, folded, as a
    FoldedTextField: every page has it without listing it in `search_fields`. Name only
    public fields there: whatever is listed is in the index.
    """

    #: the page's fields whose text is indexed, folded: text, rich text or StreamField
    search_text_fields: tuple[str, ...] = ()

    @classmethod
    def get_search_fields(cls):
        """The search fields, the title's folded (its boost kept), which every backend indexes.

        Replaced here rather than in `search_fields`, which Wagtail's check (wagtailsearch.W001)
        expects to hold Page's own fields. The autocomplete field, which the admin's search uses
        with the query as typed, keeps the title as written."""
        swapped = {"title": FoldedSearchField, "normalised_search_text": FoldedTextField}
        fields = [
            swapped[field.field_name](field.field_name, boost=field.boost, **field.kwargs)
            if type(field) is index.SearchField and field.field_name in swapped else field
            for field in super().get_search_fields()
        ]
        if not any(type(field) is FoldedTextField for field in fields):
            fields.append(FoldedTextField("normalised_search_text"))
        return fields

    def normalised_search_text(self) -> str:
        """The title and search description every page has, then the listed fields' text, folded."""
        parts = [self.title, self.search_description]
        parts += [plain_text(getattr(self, name, "")) for name in self.search_text_fields]
        return normalize_arabic(" ".join(p for p in parts if p))
