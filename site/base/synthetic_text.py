"""Synthetic Arabic text for many pages (`manage.py create_articles`, the search benchmark).

Sentences are drawn from a word list with a Zipf-like frequency spread, as in real text: a few
words (في، من، الجماعة …) are in nearly every page, most in some, and place names (douars,
generated from syllables) in a few dozen each; one page in seven has a French sentence, as
bilingual notices do. Deterministic for a given seed, so a benchmark can regenerate the texts
it searches for. Pure Python, no Django import.
"""
from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = _words("""
في من على إلى أن عن مع هذا هذه التي الذي كما بعد قبل خلال حول بين وقد تم لدى عبر ضمن كل أجل
""")

# Commune life, most frequent first (roughly): nouns, adjectives, verbs.
CONTENT_WORDS = _words("""
الجماعة المجلس المواطنين الساكنة المشروع الرئيس الأشغال الطريق الماء الصالح للشرب الدورة برنامج التنمية
الميزانية الإقليم المصالح الخدمات الجمعيات الشراكة الاتفاقية المصادقة جدول الأعمال العادية الاستثنائية
الطرق الكهرباء الإنارة العمومية التطهير السائل النفايات النظافة البيئة المدرسة المدارس التعليم الصحة
المستوصف المستشفى الشباب الرياضة الملعب الثقافة دار المكتبة السوق الأسبوعي الفلاحة الفلاحين المياه
السقي الأمطار الجفاف الاعتمادات الصفقة الصفقات طلب العروض المجتمع المدني الاستثمار المقاولات التشغيل
الحالة المدنية عقد الازدياد شهادة السكنى رخصة البناء السكن التعمير تصميم التهيئة الوثائق الموظفين العمال
العمالة الولاية الجهة الدوار الدواوير القرية الحي الأحياء الساحة الحديقة المساحات الخضراء التشجير النقل
المدرسي الحافلة سيارة الإسعاف الوقاية الفيضانات الثلوج البرد القافلة الطبية الحملة التلقيح الأطفال النساء
المرأة ذوي الاحتياجات الخاصة المسنين الأسر الفقر الدعم المساعدة الإعانات الضرائب الرسوم الجبايات المداخيل
المصاريف الحساب الإداري التدقيق الشفافية الحق الحصول المعلومات العرائض الملتمسات المشاركة التشاور الاجتماع
اللقاء الندوة المهرجان الموسم الاحتفال عيد العرش الذكرى الافتتاح التدشين الزيارة العامل الباشا القائد الشيخ
المقدم الأمن الدرك السلامة المسلك فك العزلة التبليط الأرصفة الصرف الصحي محطة المعالجة الربط الشبكة
الكهربة القروية الطاقة الشمسية الألواح البئر الخزان السد الوادي الغابة الجبل السهل الواحة النخيل الزيتون
الأركان التعاونية التعاونيات الصناعة التقليدية الحرفيين السياحة المآثر القصبة المسجد المقبرة الملحقة
المقاطعة البلدية الترابية المنتخبين المستشارين الأغلبية المعارضة اللجنة اللجان المالية المرافق التصويت
القرار المقرر المحضر الإعلان البلاغ الموقع الإلكترونية الرقمنة الشباك الاستقبال المواعيد يوم الأسبوع الشهر
السنة المقبلة الماضية الجديد الجديدة الكبرى الأولى الثانية الوطنية المحلية الإقليمية الجهوية الاجتماعية
الاقتصادية الثقافية الرياضية البيئية الصحية التربوية الحضرية أعلن أعلنت نظمت عقدت صادق صادقت أطلقت
انطلقت تواصل استفاد استفادت شارك شاركت دعا دعت أشرف قررت تمت يتم سيتم تنظم تعلن تدعو تخبر ترأس
مستشفى إدارة أقصى مبنى مقهى ملتقى منتدى مرعى
""")

FRENCH_WORDS = _words("""
commune conseil communal session ordinaire extraordinaire budget projet travaux route eau potable électricité
éclairage public assainissement déchets école santé jeunesse sport culture marché hebdomadaire agriculture
association partenariat développement investissement état civil certificat résidence permis construire
urbanisme plan aménagement citoyens réunion avis appel offres convention programme action transport scolaire
ambulance protection civile inondations caravane médicale vaccination enfants femmes aide taxes recettes
dépenses transparence information pétition participation concertation festival moussem inauguration visite
gouverneur caïd sécurité piste désenclavement réseau électrification rurale énergie solaire puits réservoir
barrage forêt oasis palmiers olivier argan coopérative artisanat tourisme patrimoine kasbah mosquée annexe
""")

_NAME_STARTS = _words("تا تي إي أ آيت بو إز أو أغ إم تاز إغ")
_NAME_ENDS = _words("""
غزوت زنيت فراوت ملال سكورت ركي دارت نزار مزين غرم نسا لالن كادير ساون وريغ منت دلت فرخ زمور زيلال مكون
غبالو رزازات نغير دغوس رحال مليل كرامت لماس نكور ودرن سافن مشان تلات مغران زكيت زاضن فنوت مارس تركت
""")

FIRST_NAMES = _words("""
محمد أحمد إبراهيم يوسف هشام الحسن الحسين عمر علي مصطفى سعيد رشيد إدريس خالد عزيز فاطمة خديجة عائشة زينب
مريم نعيمة سعاد لطيفة حفيظة إيمان
""")

PLACES = sorted({start + end for start in _NAME_STARTS for end in _NAME_ENDS})

_PREFIXED = [
    variant
    for word in CONTENT_WORDS if word.startswith("ال")
    for variant in ("و" + word, "ب" + word, "لل" + word[2:])
]

#: every word, most frequent first (function words, content words, their prefixed forms)
VOCABULARY = list(dict.fromkeys(FUNCTION_WORDS + CONTENT_WORDS + _PREFIXED))


def _cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1)))


_VOCABULARY_WEIGHTS = _cumulative(len(VOCABULARY), 1.05)
_FRENCH_WEIGHTS = _cumulative(len(FRENCH_WORDS), 0.8)
_CONTENT = VOCABULARY[len(FUNCTION_WORDS):]
_CONTENT_WEIGHTS = _cumulative(len(_CONTENT), 1.0)


@dataclass
class Text:
    title: str
    intro: str
    paragraphs: list[str] = field(default_factory=list)
    date: datetime.date = datetime.date(2026, 1, 1)

    @property
    def words(self) -> list[str]:
        return " ".join([self.title, self.intro, *self.paragraphs]).replace(".", " ").replace("،", " ").split()


def sentence(rng: random.Random, low: int = 6, high: int = 16) -> str:
    words = rng.choices(VOCABULARY, cum_weights=_VOCABULARY_WEIGHTS, k=rng.randint(low, high))
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words) + 1), "دوار " + rng.choice(PLACES))
    return " ".join(words) + "."


def title(rng: random.Random) -> str:
    words = rng.choices(_CONTENT, cum_weights=_CONTENT_WEIGHTS, k=rng.randint(3, 8))
    return " ".join(dict.fromkeys(words))


def person(rng: random.Random) -> str:
    """A name and a family name (a nisba of a place: التافراوتي), each family in a few dozen pages."""
    return f"{rng.choice(FIRST_NAMES)} {family_name(rng.choice(PLACES))}"


def family_name(place: str) -> str:
    return "ال" + place.removeprefix("آيت").removeprefix("أ").removeprefix("إ") + "ي"


def french_sentence(rng: random.Random) -> str:
    words = rng.choices(FRENCH_WORDS, cum_weights=_FRENCH_WEIGHTS, k=rng.randint(6, 14))
    return " ".join(words).capitalize() + "."


def texts(count: int, seed: int = 0):
    """`count` texts (title, intro, paragraphs, date), the same for the same seed."""
    rng = random.Random(seed)
    for _ in range(count):
        heading = title(rng)
        intro = f"{sentence(rng, 10, 20)} دوار {rng.choice(PLACES)}، {person(rng)}."
        paragraphs = [
            " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(2, 5))
        ]
        if rng.random() < 1 / 7:
            paragraphs.append(" ".join(french_sentence(rng) for _ in range(rng.randint(1, 3))))
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(4000))
        yield Text(title=heading, intro=intro, paragraphs=paragraphs, date=date)
