"""Citizens' text as it is stored and shown: one place for the rules.

A name or a title is shown beside other people's (public registers, the staff's
listings, e-mails, PDFs): invisible characters must not change what it appears to
say, nor let two names that look alike be two different strings. Long texts
(a message, reasons, a comment) keep what a writer may need, less what can
disguise them. Every public form applies these rules through CleanTextFormMixin.

What Arabic (and French, and Tifinagh) text needs, and so what is kept:

- Arabic letters join by the script's own shaping: no zero-width joiner (ZWJ,
  U+200D) or non-joiner (ZWNJ, U+200C) is needed to write an Arabic or Amazigh
  name or title. ZWNJ matters in Persian, Kurdish or Urdu words and ZWJ in emoji
  sequences, neither in a name on a commune's form, so one-line fields lose them
  with every other invisible format character (Unicode category Cf: zero-width
  space, word joiner, byte order mark, tags…; the Arabic number and year signs,
  which do display, are kept) and the fillers that display as nothing (U+3164…).
  Long texts keep ZWNJ and ZWJ (a quotation in Persian, an emoji).
- The directional marks LRM, RLM and ALM (U+200E, U+200F, U+061C) are invisible
  and only move neutral characters (digits, punctuation) from one side to the
  other. Our pages show each one-line value in its own direction (dir="auto"), so
  in a name or title the marks add nothing and can only make it look different
  from what it is: removed. Long texts keep them: a paragraph mixing Arabic and
  French may need them.
- Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) display a
  text in another order than the one it is stored in (the "Trojan source" trick:
  an override can make "gpj.exe" read "exe.jpg"). Nobody types them; they are
  removed everywhere, long texts included.
- NUL and the other control characters are removed (a NUL cannot even be stored
  in PostgreSQL); long texts keep their line breaks and tabs.
- Everything is NFC-normalised, so that "é" typed in two ways is one string, and
  one-line fields have their whitespace (any Unicode space, line break or tab)
  collapsed to single spaces.

A value that had characters but has nothing visible left is refused with a clear
message, never silently stored empty.
"""
import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

#: zero-width characters (space, non-joiner, joiner, word joiner, byte order mark)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: invisible marks that only move neutral characters (LRM, RLM, ALM)
BIDI_MARKS = "\u200e\u200f\u061c"
#: embeddings, overrides and isolates, which reorder what is displayed, and the deprecated
#: format controls U+206A–U+206F (symmetric swapping, digit shapes)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" + "".join(map(chr, range(0x206A, 0x2070)))
#: letters that display as nothing (Hangul fillers, the braille blank): the classic "blank name"
FILLERS = "\u115f\u1160\u3164\uffa0\u2800"
#: format characters (Unicode category Cf) that do display: the Arabic number and year signs
VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u0890\u0891\u08e2")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")  # every line break becomes "\n" in a long text

_LONG_REMOVED = str.maketrans(dict.fromkeys(
    BIDI_CONTROLS + "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n\t")
))

INVISIBLE_MESSAGE = _("This field contains only invisible characters. Type it with visible letters or digits.")


def _line_char(char: str) -> str:
    """The character, or "" when it is a control (NUL…) or invisible (zero-width characters,
    bidi marks and controls, tags, fillers). Tabs and line breaks stay: whitespace, collapsed later."""
    category = unicodedata.category(char)
    if (category == "Cc" and not char.isspace()) or (category == "Cf" and char not in VISIBLE_FORMAT) or char in FILLERS:
        return ""
    return char


def clean_line(value: str) -> str:
    """A one-line value (a name, a title, an address) as it is stored: without NUL or
    other control characters, without invisible format characters (zero-width, bidi
    marks, embeddings, overrides and isolates) or blank fillers, NFC, its whitespace
    collapsed to single spaces."""
    if not value:
        return ""
    value = "".join(map(_line_char, str(value)))
    return " ".join(unicodedata.normalize("NFC", value).split())


def clean_long_text(value: str) -> str:
    """A long text (a message, reasons, a comment) as it is stored: one kind of line
    break, without NUL or other control characters (line breaks and tabs are kept) and
    without bidi embeddings, overrides or isolates, NFC, surrounding whitespace stripped."""
    if not value:
        return ""
    value = LINE_BREAKS.sub("\n", str(value)).translate(_LONG_REMOVED)
    return unicodedata.normalize("NFC", value).strip()


def has_visible_text(value: str) -> bool:
    """True when the value holds at least one letter, digit, mark, punctuation or symbol."""
    return any(unicodedata.category(char)[0] in "LNMPS" for char in value if char not in FILLERS)


# --- forms -------------------------------------------------------------------------------------

#: widgets whose values are not free text (an e-mail address, a URL, a number, a hidden token)
_NOT_TEXT = (forms.EmailInput, forms.URLInput, forms.NumberInput, forms.PasswordInput, forms.HiddenInput)


def text_kind(field) -> str | None:
    """"line" for a one-line text field, "long" for a multi-line one, None for anything else."""
    if not isinstance(field, forms.CharField) or isinstance(field, (forms.EmailField, forms.URLField)):
        return None
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return "long"
    if isinstance(widget, forms.TextInput) and not isinstance(widget, _NOT_TEXT):
        return "line"
    return None


def _cleaning(to_python, cleaner):
    def to_clean_python(value):
        value = to_python(value)
        if not value:
            return value
        cleaned = cleaner(value)
        if not cleaned or not has_visible_text(cleaned):
            raise forms.ValidationError(INVISIBLE_MESSAGE, code="invisible")
        return cleaned

    return to_clean_python


def apply_text_cleaning(form) -> None:
    """Make every one-line text field of `form` clean its value with clean_line, and every
    multi-line one with clean_long_text, before the field's own validation (length,
    required…), so that what is checked is what is stored. Guard fields (`form.guard_fields`:
    the honeypot must see exactly what a robot typed) are left alone. Idempotent."""
    guards = set(getattr(form, "guard_fields", ()))
    for name, field in form.fields.items():
        kind = text_kind(field)
        if kind is None or name in guards or getattr(field, "_text_cleaning", False):
            continue
        field.to_python = _cleaning(field.to_python, clean_line if kind == "line" else clean_long_text)
        field._text_cleaning = True


class CleanTextFormMixin:
    """Every public form's text rules (apply_text_cleaning), applied when the form is
    cleaned: fields a form adds in its __init__ (a consultation's questions) are included."""

    def full_clean(self):
        apply_text_cleaning(self)
        super().full_clean()
