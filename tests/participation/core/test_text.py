"""Names and titles cannot be spoofed (participation.core.text): the cleaning rules as
properties, and the forms' refusal of a value made of invisible characters only, in
Arabic and French."""
import unicodedata

import pytest
from django import forms
from django.utils import translation
from hypothesis import given

from participation.core.text import (
    BIDI_CONTROLS,
    BIDI_MARKS,
    INVISIBLE_MESSAGE,
    ZERO_WIDTH,
    CleanTextFormMixin,
    clean_line,
    clean_long_text,
    has_visible_text,
)
from tests.support.hostile import hostile_text

INVISIBLE = set(ZERO_WIDTH + BIDI_MARKS + BIDI_CONTROLS)
ENGLISH_MESSAGE = "This field contains only invisible characters. Type it with visible letters or digits."
#: letters that display as nothing, a tag character, a soft hyphen
BLANKS = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800", "\U000e0041", "\u00ad"]


@given(hostile_text)
def test_a_clean_line_has_nothing_invisible_no_control_and_single_spaces(value):
    line = clean_line(value)
    assert not INVISIBLE & set(line)
    assert not any(unicodedata.category(c) in ("Cc", "Cf") and c not in "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd" for c in line)
    assert line == " ".join(line.split())
    assert unicodedata.is_normalized("NFC", line)
    assert clean_line(line) == line


@given(hostile_text)
def test_a_clean_long_text_keeps_its_lines_but_no_override_nor_nul(value):
    text = clean_long_text(value)
    assert not set(BIDI_CONTROLS) & set(text)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text)
    assert "\r" not in text and unicodedata.is_normalized("NFC", text)
    assert clean_long_text(text) == text


@pytest.mark.parametrize(("typed", "stored"), [
    ("  سعاد   العلوي ", "سعاد العلوي"),
    ("سعاد\u200b العلوي", "سعاد العلوي"),
    ("\u202eسعاد العلوي\u202c", "سعاد العلوي"),
    ("\u2067Amina\u2069 \u200fEl Idrissi", "Amina El Idrissi"),
    ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
    ("Aïn\tZitoune\n", "Aïn Zitoune"),
    ("Rene\u0301", "René"),  # NFC: one way to write é
    ("a\x00b", "ab"),
    ("\u0600١٢٣", "\u0600١٢٣"),  # the Arabic number sign displays: kept
])
def test_clean_line_examples(typed, stored):
    assert clean_line(typed) == stored


def test_a_long_text_keeps_paragraphs_joiners_and_marks_but_not_overrides():
    typed = "سطر أول\r\nLigne 2 \u200fمع علامة\n👨\u200d👩\u200d👧\u202e\x00"
    assert clean_long_text(typed) == "سطر أول\nLigne 2 \u200fمع علامة\n👨\u200d👩\u200d👧"


@pytest.mark.parametrize("value", ["\u200b", "\u200f\u200e", "\u3164", "\u2800 \u2800", "\U000e0041", "\u202e\u202c"])
def test_invisible_only_is_not_visible_text(value):
    assert not has_visible_text(clean_line(value))


class NameForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(max_length=20)
    nickname = forms.CharField(required=False, max_length=20)
    message = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("field", ["name", "nickname", "message"])
def test_a_value_of_invisible_characters_only_is_refused_with_a_clear_message(language, field):
    data = {"name": "سعاد", field: "\u200b\u200f\u202e\u3164\u2066"}
    with translation.override(language):
        form = NameForm(data)
        assert not form.is_valid()
        assert form.errors[field] == [str(INVISIBLE_MESSAGE)]
        assert str(INVISIBLE_MESSAGE) != ENGLISH_MESSAGE  # in the visitor's language


def test_the_form_checks_the_length_of_what_it_stores():
    form = NameForm({"name": "سعاد" + "\u200b" * 40})  # 44 characters typed, 4 kept
    assert form.is_valid() and form.cleaned_data["name"] == "سعاد"


def test_fields_added_after_the_form_was_built_are_cleaned_too():
    form = NameForm({"name": "x", "later": "a\u202eb"})
    form.fields["later"] = forms.CharField()
    assert form.is_valid() and form.cleaned_data["later"] == "ab"


def test_email_addresses_are_left_to_their_own_validation():
    form = NameForm({"name": "x", "email": "a\u200b@example.ma"})
    assert not form.is_valid() and "email" in form.errors


def test_the_honeypot_sees_what_a_robot_typed(db):
    from participation.core.antiabuse import GuardedFormMixin

    class Guarded(CleanTextFormMixin, GuardedFormMixin, forms.Form):
        name = forms.CharField()

    form = Guarded({"name": "x", "website": "\u200b", "captcha_0": "k", "captcha_1": "PASSED"})
    assert not form.is_valid() and "website" in form.errors


@pytest.mark.parametrize("filler", BLANKS)
def test_blank_looking_letters_do_not_make_a_name(filler):
    form = NameForm({"name": filler * 3})
    assert not form.is_valid()
