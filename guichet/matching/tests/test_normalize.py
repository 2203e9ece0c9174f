"""Tests of name normalisation and of the cross-script transliteration key."""

import pytest

from guichet.matching.normalize import (
    name_key,
    name_keys,
    name_spellings,
    normalize_arabic,
    normalize_latin,
    normalize_name,
    spelling_neighbours,
)
from guichet.matching.similarity import similarity

# Every member of a group must give the same keys: Latin spelling variants and the Arabic spelling.
SAME_NAME_GROUPS = [
    ["Mohamed", "Mohammed", "Muhammad", "Mhamed", "Mohammad", "MOHAMED", "محمد", "مُحَمَّد", "مـحـمـد"],
    ["Youssef", "Youcef", "Yousef", "Yusuf", "يوسف"],
    ["Fatima", "Fatma", "Fatema", "فاطمة", "فاطمه"],
    ["Idrissi", "Idriss-i", "El Idrissi", "Al-Idrissi", "El-Idrissi", "الإدريسي", "الادريسي", "إدريسي"],
    ["Bennani", "Benani", "بناني"],
    ["Hassan", "Hasan", "حسن"],
    ["Khadija", "Khadidja", "خديجة"],
    ["Aicha", "Aïcha", "Aisha", "عائشة"],
    ["Rachid", "Rashid", "رشيد"],
    ["Karim", "كريم"],
    ["Said", "Saïd", "سعيد"],
    ["Zineb", "Zaynab", "Zainab", "زينب"],
    ["Amina", "آمنة", "امينة"],
    ["Omar", "Oumar", "عمر"],
    ["Abdelkader", "Abdelkadir", "Abd el Kader", "Abd-El-Kader", "Abdel Kader", "عبد القادر", "عبدالقادر"],
    ["Abderrahim", "Abdelrahim", "Abd er-Rahim", "عبد الرحيم", "عبدالرحيم"],
    ["Chaoui", "Shaoui", "الشاوي", "شاوي"],
    ["Chraibi", "Shraibi", "الشرايبي"],
    ["Hajji", "Haji", "حجي"],
    ["Tazi", "El Tazi", "التازي"],
    ["Alaoui", "El Alaoui", "العلوي"],
    ["Yahya", "Yahia", "يحيى"],
    ["Nour", "Noor", "نور"],
    ["Meryem", "Mariam", "Maryam", "مريم"],
    ["Ouafae", "Wafae", "Wafaa", "وفاء"],
    # Beyond the brief: forms the rules were checked on.
    ["Mahmoud", "محمود"],
    ["Ahmed", "Ahmad", "أحمد"],
    ["Hamid", "حميد"],
    ["Fatiha", "فتيحة"],
    ["Abdellah", "Abdallah", "Abdullah", "Abd Allah", "عبد الله", "عبدالله"],
    ["Abdelaziz", "Abd el Aziz", "عبد العزيز"],
    ["Abdeslam", "Abdesslam", "Abdessalam", "عبد السلام"],
    ["Abdelilah", "عبد الإله"],
    ["Er Rachidi", "Rachidi", "الرشيدي"],
    ["Fathi", "فتحي"],
    ["Hayat", "حياة"],
    ["Ayoub", "أيوب"],
    ["Othmane", "عثمان"],
    ["Fquih", "Fakih", "الفقيه"],
    ["Ilyas", "Ilias", "الياس", "إلياس"],
    ["Mustapha", "Moustafa", "مصطفى"],
    ["Ghizlane", "غزلان"],
    ["Soukaina", "Soukaïna", "سكينة"],
    ["Marouane", "Marwan", "مروان"],
]


@pytest.mark.parametrize("group", SAME_NAME_GROUPS, ids=lambda group: group[0])
def test_spellings_of_the_same_name_share_keys(group: list[str]) -> None:
    expected = name_keys(group[0])
    assert expected, group[0]
    for spelling in group[1:]:
        assert name_keys(spelling) == expected, spelling
        assert name_key(spelling) == name_key(group[0]), spelling


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Mohamed El Idrissi", "محمد الإدريسي"),
        ("Fatima Zahra Alaoui", "فاطمة الزهراء العلوي"),
        ("Abd el Kader Ben Ali", "عبد القادر بن علي"),
        ("Youssef Bennani", "يوسف بناني"),
    ],
)
def test_full_names_across_scripts(latin: str, arabic: str) -> None:
    assert name_keys(latin) == name_keys(arabic)


def test_abd_compounds_are_one_key_however_spaced() -> None:
    keys = name_keys("Abdelkader")
    assert len(keys) == 1
    assert name_keys("Abd el Kader") == name_keys("abd-el-kader") == name_keys("عبد القادر") == keys


def test_ben_is_kept_as_part_of_the_family_name() -> None:
    assert name_keys("Ben Ali") == name_keys("بن علي")
    assert len(name_keys("Ben Ali")) == 2
    assert name_keys("Ben Ali") != name_keys("Ali")


def test_mixed_script_name_is_deduplicated_in_order() -> None:
    assert name_keys("Mohamed Idrissi محمد الإدريسي") == name_keys("Mohamed Idrissi")
    assert name_keys("Idrissi Mohamed") == list(reversed(name_keys("Mohamed Idrissi")))
    assert name_keys("Mohamed Mohamed") == name_keys("Mohamed")


@pytest.mark.parametrize(
    "names",
    [
        ["Mohamed", "Ahmed", "Mahmoud", "Hamid"],
        ["محمد", "أحمد", "محمود", "حميد"],
        ["Fatima", "Fatiha"],
        ["فاطمة", "فتيحة"],
        ["Youssef", "Younes"],
        ["Rachid", "Rachida Idrissi"],
        ["Omar", "Amina", "Amal"],
        ["Abdelkader", "Abderrahim", "Abdellah"],
        ["Hassan", "Hossam", "Ihsan"],
    ],
)
def test_different_names_have_different_keys(names: list[str]) -> None:
    keys = [tuple(name_keys(name)) for name in names]
    assert len(set(keys)) == len(names), dict(zip(names, keys, strict=True))


def test_feminine_ending_is_not_in_the_key_but_lowers_similarity() -> None:
    # Decision: Karim and Karima share a key (Arabic كريم/كريمة differ by teh marbuta only, and Latin
    # spellings disagree on final vowels anyway); the search ranks the exact spelling first.
    assert name_keys("Karim") == name_keys("Karima") == name_keys("كريمة")
    assert similarity("Karim", "Karima") < similarity("Karim", "Karim") == 1.0


@pytest.mark.parametrize("word", ["", "   ", "123", "-", "ـ", "٣٤", "'"])
def test_no_letters_no_key(word: str) -> None:
    assert name_key(word) == ""
    assert name_keys(word) == []


def test_keys_are_short_ascii() -> None:
    for group in SAME_NAME_GROUPS:
        for spelling in group:
            for key in name_keys(spelling):
                assert key.isascii() and key.isalpha() and key == key.lower()
                assert 0 < len(key) <= 12


def test_article_only_dropped_before_a_word() -> None:
    assert name_keys("El") == [name_key("el")] != []
    assert name_keys("El Idrissi") == name_keys("Idrissi")
    assert name_keys("ال إدريسي") == name_keys("Idrissi")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أ", "ا"),
        ("إ", "ا"),
        ("آ", "ا"),
        ("ٱ", "ا"),
        ("ة", "ه"),
        ("ى", "ي"),
        ("ؤ", "و"),
        ("ئ", "ي"),
        ("أحمد", "احمد"),
        ("إدريس", "ادريس"),
        ("آمنة", "امنه"),
        ("ٱلله", "الله"),
        ("يحيى", "يحيي"),
        ("مؤمن", "مومن"),
        ("عائشة", "عايشه"),
        ("مُحَمَّد", "محمد"),
        ("مـحـمـد", "محمد"),
        ("عبد  \t الرحمٰن ", "عبد الرحمن"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
    ],
)
def test_normalize_arabic(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected
    assert normalize_arabic(expected) == expected


@pytest.mark.parametrize("mark", [chr(code) for code in range(0x064B, 0x0653)] + ["\u0670", "\u0640"])
def test_normalize_arabic_removes_each_diacritic(mark: str) -> None:
    assert normalize_arabic(f"ب{mark}ت") == "بت"


def test_normalize_arabic_leaves_latin_alone() -> None:
    assert normalize_arabic("Mohamed  محمد") == "Mohamed محمد"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Éléonore", "eleonore"),
        ("Ça", "ca"),
        ("Aïcha", "aicha"),
        ("Saïd", "said"),
        ("Hélène Brûlé", "helene brule"),
        ("Â ê î ô û à è ù ë ü ÿ ñ", "a e i o u a e u e u y n"),
        ("El-Idrissi", "el idrissi"),
        ("Ait-Ba'amrane", "ait ba amrane"),
        ("l’Hôpital", "l hopital"),
        ("  Mohamed   Amine\t", "mohamed amine"),
        ("Œuvre Æ ß Ø", "oeuvre ae ss o"),
        ("e\u0301cole", "ecole"),
        ("Mohamed, (dit) Simo.", "mohamed dit simo"),
    ],
)
def test_normalize_latin(raw: str, expected: str) -> None:
    assert normalize_latin(raw) == expected
    assert normalize_latin(expected) == expected


def test_normalize_name_handles_both_scripts() -> None:
    assert normalize_name("Aïcha عَائِشَة") == "aicha عايشه"


def test_similarity_ranks_close_names() -> None:
    assert similarity("Mohamed Idrissi", "Mohamed Idrissi") == 1.0
    variant = similarity("Mohamed Idrissi", "Mohammed El Idrissi")
    cross_script = similarity("Mohamed Idrissi", "محمد الإدريسي")
    other = similarity("Mohamed Idrissi", "Mahmoud Idrissi")
    unrelated = similarity("Mohamed Idrissi", "Fatima Bennani")
    assert 1.0 > variant > other > unrelated
    assert cross_script > other
    assert cross_script >= 0.9
    assert unrelated < 0.5


def test_similarity_tolerates_swapped_given_and_family_names() -> None:
    assert similarity("Idrissi Mohamed", "Mohamed Idrissi") >= 0.9


def test_similarity_bounds() -> None:
    assert similarity("", "Mohamed") == 0.0
    assert similarity("123", "123") == 0.0
    for left, right in [("Mohamed", "محمد"), ("Karim", "Rachid"), ("A", "Zzzz"), ("Yahya", "يحيى")]:
        assert 0.0 <= similarity(left, right) <= 1.0
        assert similarity(left, right) == similarity(right, left)


# Folded since the search learnt to forgive slips (issue 10): each group must give the same keys.
FOLDED_GROUPS = [
    ["رقية", "رقيه", "Rokaya", "Roqia", "Ruqaya"],  # final heh written for teh marbuta
    ["سمية", "سميه", "Somia", "Samia"],
    ["مروة", "مروه", "Marwa"],  # after waw too
    ["نجاة", "نجاه", "Najat"],  # after alif it is read t
    ["Idrissi", "Elidrissi", "El Idrissi", "Drissi", "الإدريسي"],  # glued article, dropped initial i
    ["Driss", "Idriss", "Idris", "إدريس", "ادريس", "دريس"],
    ["Brahim", "Ibrahim", "إبراهيم", "ابراهيم"],
    ["Smail", "Ismail", "Ismaïl", "إسماعيل"],
    ["Mehdi", "Elmehdi", "El Mehdi", "المهدي"],
    ["Fassi", "Alfassi", "Elfassi", "El Fassi", "الفاسي"],
    ["Saadi", "Essaadi", "Es-Saadi", "السعدي"],
    ["Rachidi", "Errachidi", "Er Rachidi", "الرشيدي"],
    ["Naciri", "Ennaciri", "الناصري"],
    ["Chaoui", "Echchaoui", "الشاوي"],
    ["Yazid", "Elyazid", "اليزيد"],
]


@pytest.mark.parametrize("group", FOLDED_GROUPS, ids=lambda group: group[0])
def test_folded_spellings_share_keys(group: list[str]) -> None:
    expected = name_keys(group[0])
    for spelling in group[1:]:
        assert name_keys(spelling) == expected, spelling


@pytest.mark.parametrize(
    "names",
    [
        ["Fquih", "Fouzia"],  # فقيه keeps its real final h
        ["فقيه", "فقي"],
        ["Elias", "Aissa", "Lias"],  # too short to hold a glued article
        ["Elham", "Ham"],
        ["Alaoui", "Aoui"],  # "al" before a vowel is the name itself
        ["Allouch", "Louch"],
        ["Essa", "Sa"],
        ["Ben Ali", "Ali"],  # Ben is a name part, never an article
        ["Benjelloun", "Jelloun"],
        ["Ahmed", "Hamid"],  # only Darija's elided i is folded, not every initial vowel
        ["Ikram", "Karim"],
        ["Ihsane", "Hassan"],
    ],
)
def test_what_is_not_folded(names: list[str]) -> None:
    keys = [tuple(name_keys(name)) for name in names]
    assert len(set(keys)) == len(names), dict(zip(names, keys, strict=True))


def _meet(left: str, right: str) -> bool:
    return bool(set(spelling_neighbours(left)) & set(spelling_neighbours(right)))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("benjelloun", "benjelloum"),  # wrong
        ("benjelloun", "bejelloun"),  # missing
        ("benjelloun", "benjellound"),  # extra
        ("benjelloun", "bejnelloun"),  # neighbours swapped
        ("bennani", "benani"),
        ("amina", "amine"),
        ("بنجلون", "بنجلوم"),
        ("الادريسي", "الادرسي"),
    ],
)
def test_one_slip_meets(left: str, right: str) -> None:
    assert _meet(left, right) and _meet(right, left)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("benjelloun", "benjellaus"),  # two wrong
        ("benjelloun", "bjelloum"),  # missing and wrong
        ("hamza", "hamid"),
        ("karima", "karim"[:4]),
        ("tazi", "tami"),  # under five letters: no slip allowed
        ("محمد", "محمود"),
        ("omar", "amar"),
    ],
)
def test_two_slips_or_short_names_do_not_meet(left: str, right: str) -> None:
    assert not _meet(left, right)


def test_spellings_pair_each_name_with_its_key() -> None:
    assert name_spellings("Abd el Kader El-Idrissi عبد القادر الإدريسي") == [
        ("abdelkader", name_key("Abdelkader")),
        ("idrissi", name_key("Idrissi")),
        ("عبدالقادر", name_key("Abdelkader")),
        ("الادريسي", name_key("Idrissi")),
    ]
    assert spelling_neighbours("nour") == []
    assert spelling_neighbours("salma") == ["salma", "alma", "slma", "sama", "sala", "salm"]
