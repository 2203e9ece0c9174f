"""Name normalisation and a cross-script (Latin/Arabic) phonetic key used to search persons by name."""

from __future__ import annotations

import unicodedata
from itertools import groupby

# ---------------------------------------------------------------------------------------------------------
# Plain normalisation
#
# Both functions are idempotent and keep the other script untouched, so that a mixed string (a family
# name in Latin letters followed by the Arabic spelling) can go through both, in any order.
# ---------------------------------------------------------------------------------------------------------

# Tashkeel (U+064B-U+0652) and the other combining marks of the Arabic block up to U+065F, the superscript
# (dagger) alef U+0670, the Quranic annotation marks, tatweel (kashida) and the invisible direction and
# joiner marks that copy-pasting from Arabic documents brings along.
_ARABIC_STRIP = frozenset(
    [chr(code) for code in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(code) for code in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
)

_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh, typed by some keyboards
        "ک": "ك",  # Persian keheh
        **{chr(0x0660 + value): str(value) for value in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + value): str(value) for value in range(10)},  # Extended (Persian) digits
    }
)

# Spellings shorter than this are not matched with a one-letter slip (see spelling_neighbours()).
FUZZY_MIN_LETTERS = 5

_LATIN_SPECIAL = str.maketrans({"ø": "o", "œ": "oe", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"})


def is_arabic(char: str) -> bool:
    return (
        "\u0600" <= char <= "\u06ff"
        or "\u0750" <= char <= "\u077f"
        or "\u08a0" <= char <= "\u08ff"
        or "\ufb50" <= char <= "\ufdff"
        or "\ufe70" <= char <= "\ufefe"
    )


def normalize_latin(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, whitespace collapsed; Arabic letters kept."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text or "").lower():
        category = unicodedata.category(char)
        if category[0] in "PSZ" or category == "Cc":
            out.append(" ")  # hyphens, apostrophes, dots, symbols, tabs: word separators
        elif category == "Cf":
            continue  # invisible joiners and direction marks
        elif is_arabic(char):
            out.append(char)
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LATIN_SPECIAL))
    return " ".join("".join(out).split())


def normalize_arabic(text: str) -> str:
    """Arabic diacritics and tatweel removed, alef/hamza/teh marbuta/yeh forms folded, digits to ASCII."""
    text = unicodedata.normalize("NFKC", text or "")  # presentation forms and ligatures to plain letters
    text = "".join(char for char in text if char not in _ARABIC_STRIP)
    return " ".join(text.translate(_ARABIC_FOLD).split())


def normalize_name(text: str) -> str:
    """Both normalisations: what a full name is compared on, whatever its script."""
    return normalize_arabic(normalize_latin(unicodedata.normalize("NFKC", text or "")))


# ---------------------------------------------------------------------------------------------------------
# Transliteration key
#
# The key is a consonant skeleton written with one ASCII symbol per consonant *sound*, shared by both
# scripts, so that "Youssef" and "يوسف" both give "ysf". Why a skeleton: Arabic script does not write short
# vowels, and Latin spellings of Moroccan names disagree mostly on vowels (Mohamed/Muhammad, Zineb/Zaynab,
# Meryem/Maryam) and on doubled letters (Hassan/Hasan, Bennani/Benani). The rules:
#
# 1. Vowels are dropped: Latin a e i o u, medial y and w; Arabic long-vowel letters ا ى و ي (medial), hamza
#    carriers ء أ إ آ ؤ ئ, and ع, which French-based spellings never write (Said/سعيد, Omar/عمر).
#    Teh marbuta ة and a final ه written for it (فاطمه, رقيه, مروه) are dropped too, as Latin spellings end
#    in a vowel; but ة (or ه) after ا is pronounced t (حياة Hayat, نجاة/نجاه Najat), and the final ه of a few
#    names (فقيه Fquih, وجيه Wajih, _ARABIC_REAL_FINAL_H) and of الله (Abdellah) is a real h.
# 2. A word that starts with a vowel keeps one marker "a" (Omar "amr", Ahmed "ahmd" ≠ Hamid "hmd"). A
#    Latin word starting with "ou" + vowel, "w" or "y" + vowel starts with a consonant w or y (Ouafae,
#    Walid, Yahya), exactly like an Arabic word starting with و or ي. The Darija forms that drop an initial
#    i are one key with the full form, the short one (Driss = Idriss = إدريس "drs", Brahim, Smail, Btissam):
#    a list, not a rule, since Ikram ≠ Karim and Ihsane ≠ Hassan.
# 3. One vowel is kept: a long u (Latin "ou"/"oo", Arabic medial و) right before the last consonant is
#    written "u". It is the only thing telling محمود Mahmoud ("mhmud") from محمد Mohamed ("mhmd"), and the
#    last syllable is where Latin and Arabic spellings agree best (Nour/نور, Ayoub/أيوب, Mansour/منصور).
#    Plain Latin "u" is ambiguous (Yusuf has a short one where يوسف has و) and is not a marker.
# 4. Latin digraphs become one symbol: kh→x (خ), gh→g (غ), ch/sh→c (ش), th→t, dh→d, dj→j, ph→f, ck→k;
#    c is s before e/i/y and k elsewhere; q→k, x→ks, v→f, p→b. Arabic letters with the same sound share
#    the symbol: ث ت ط → t, ذ ض د → d, ص س → s, ظ ز → z, ق ك → k, ه ح → h, ڭ گ غ → g, ڤ → f, پ → b.
#    An Arabic t, d, s or k directly followed by h (فتحي Fathi, أدهم Adham, إسحاق Ishaq) is merged the same
#    way, because Latin spellings write that pair as the digraph.
# 5. Repeated symbols collapse to one, which absorbs doubled Latin letters and the lost shadda.
# 6. The Arabic article ال at the start of a word is dropped (الإدريسي = إدريسي), except in the few given
#    names that merely start with those letters when typed without hamza (الياس, الهام). Latin articles are
#    only dropped as separate words ("El Idrissi", "Al-Idrissi"; sun-letter forms "Er Rachidi" when the next
#    word starts with that consonant) and glued when a name of 4 letters or more follows: "el" (Elidrissi,
#    Elmehdi), "al" before a consonant other than l (Alfassi; Alaoui, Alami, Allouch are names), "e" + a
#    doubled sun consonant (Essaadi, Errachidi, Echchaoui). Elias, Elham, Essa stay whole. "Ben" is never cut.
# 7. "Abd" compounds are one key: "abd" + the key of the divine name without its article, whether written
#    glued (Abdelkader, Abderrahim, Abdeslam, عبدالقادر) or apart (Abd el Kader, Abd-Er-Rahim, عبد القادر).
#
# Consequences accepted: feminine endings are not in the key (Karim = Karima = كريمة, Hassan = Hasna), and
# short names collide more (Amina = Imane = Amine "amn"); similarity() ranks those below the exact spelling.
#
# A slip of one letter (Benjelloum for Benjelloun) is not folded into the key: the search compares the
# spellings themselves, through spelling_neighbours(), for words of FUZZY_MIN_LETTERS letters or more.
# ---------------------------------------------------------------------------------------------------------

_VOWEL = "V"  # a dropped vowel
_LONG_U = "U"  # a long u, kept only right before the last consonant

_LATIN_VOWELS = "aeiou"
_LATIN_DIGRAPHS = {
    "kh": "x",
    "gh": "g",
    "ch": "c",
    "sh": "c",
    "th": "t",
    "dh": "d",
    "dj": "j",
    "ph": "f",
    "ck": "k",
}
_LATIN_LETTERS = {
    **{letter: letter for letter in "bdfghjklmnrstz"},
    "p": "b",
    "q": "k",
    "v": "f",
}

# Arabic letters sharing one sound share its symbol.
_ARABIC_SOUNDS = {
    "بپ": "b",
    "تثط": "t",
    "ج": "j",
    "حه": "h",
    "خ": "x",
    "دذض": "d",
    "ر": "r",
    "زظ": "z",
    "سص": "s",
    "شچ": "c",
    "غگڭڨ": "g",
    "فڤ": "f",
    "قكک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_ARABIC_CONSONANTS = {letter: symbol for letters, symbol in _ARABIC_SOUNDS.items() for letter in letters}
_ARABIC_VOWELS = frozenset("اأإآٱٲٳءىع")
_ARABIC_WAW = frozenset("وؤ")
_ARABIC_YEH = frozenset("يیئ")
_ARABIC_LONG_VOWELS = frozenset("اأإآوىيی")
_ARABIC_ARTICLES = ("ال", "ٱل")
# The few names whose final ه is a real h, not a teh marbuta written without its dots (article removed).
_ARABIC_REAL_FINAL_H = frozenset(["فقيه", "نبيه", "وجيه", "نزيه", "شبيه"])
# Darija drops the initial i of a few names: Driss (إدريس Idriss), Brahim (إبراهيم), Smail (إسماعيل),
# Btissam (ابتسام). Both forms are so common that they are one key, the short one.
_ELIDED_INITIAL = {"adrs": "drs", "abrhm": "brhm", "asml": "sml", "abtsm": "btsm"}
_ARABIC_NOT_ARTICLE = frozenset(["الياس", "الهام"])
_H_MERGES = {"t": "t", "d": "d", "s": "c", "k": "x"}

_LATIN_ARTICLES = frozenset(["el", "al", "l"])
# Sun-letter articles: "Er Rachidi", "Es-Saadi", "Ech Chaoui", only before a word starting with that sound.
_SUN_LATIN = ("t", "th", "d", "dh", "r", "z", "s", "sh", "ch", "n")
_ASSIMILATED_ARTICLES = {vowel + sound: sound for vowel in "ae" for sound in _SUN_LATIN}
_ABD_HEADS = frozenset(["abd", "abdel", "abdal", "abdul", "abdoul", "abdil", "عبد"])
_ABD_GLUED_ARTICLES = ("oul", "el", "al", "ul", "il")


def _arabic_symbol(word: str, index: int, first: bool) -> list[str]:
    char = word[index]
    if char in _ARABIC_WAW:
        if first:
            return ["w"] if char == "و" else [_VOWEL]
        return [_LONG_U]
    if char in _ARABIC_YEH:
        return ["y"] if first and char != "ئ" else [_VOWEL]
    if char in _ARABIC_VOWELS:
        return [_VOWEL]
    if char == "ة":
        return ["t"] if index and word[index - 1] in "اأآ" else [_VOWEL]
    if char == "ه" and index == len(word) - 1 and len(word) > 2:
        folded = word.translate(_ARABIC_FOLD)
        if folded != "اله" and not folded.endswith("لله") and folded not in _ARABIC_REAL_FINAL_H:
            # A teh marbuta written without its dots (فاطمه, رقيه, مروه), read as ة is: t after alif (نجاه).
            return ["t"] if word[index - 1] in "اأآ" else [_VOWEL]
    symbol = _ARABIC_CONSONANTS.get(char)
    return [symbol] if symbol else []


def _tokens(word: str) -> list[str]:
    """The word as a list of consonant symbols and vowel markers (_VOWEL, _LONG_U)."""
    tokens: list[str] = []
    index = 0
    while index < len(word):
        char, pair, after = word[index], word[index : index + 2], word[index + 2 : index + 3]
        step = 1
        if is_arabic(char):
            produced = _arabic_symbol(word, index, not tokens)
        elif not ("a" <= char <= "z"):
            produced = []  # digits and anything left over carry no sound
        elif pair in ("ou", "oo"):
            step = 2
            # Ouafae, Oualid: the French spelling of an initial w.
            initial_w = not tokens and pair == "ou" and after and after in "aeio"
            produced = ["w"] if initial_w else [_LONG_U]
        elif char in _LATIN_VOWELS:
            produced = [_VOWEL]
        elif char in "wy":
            follows = word[index + 1 : index + 2]
            produced = [char] if not tokens and (char == "w" or (follows and follows in "aeiou")) else [_VOWEL]
        elif pair in _LATIN_DIGRAPHS:
            step, produced = 2, [_LATIN_DIGRAPHS[pair]]
        elif char == "c":
            produced = ["s"] if pair in ("ce", "ci", "cy") else ["k"]
        elif char == "x":
            produced = ["k", "s"]
        else:
            produced = [_LATIN_LETTERS.get(char, char)]
        for symbol in produced:
            if symbol == "h" and tokens and tokens[-1] in _H_MERGES:
                tokens[-1] = _H_MERGES[tokens[-1]]  # ت+ح / د+ه / س+ح / ك+ه written as one Latin digraph
            else:
                tokens.append(symbol)
        index += step
    return tokens


def _skeleton(tokens: list[str]) -> str:
    markers = (_VOWEL, _LONG_U)
    consonants = [position for position, token in enumerate(tokens) if token not in markers]
    if not consonants:
        return "a" if tokens else ""
    last = consonants[-1]
    out = ["a"] if tokens[0] in markers else []
    for position, token in enumerate(tokens):
        if token not in markers:
            out.append(token)
        elif token == _LONG_U and position == last - 1 and position > 0:
            out.append("u")
    return "".join(symbol for symbol, _ in groupby("".join(out)))


def _strip_arabic_article(word: str) -> str:
    if word.startswith(_ARABIC_ARTICLES) and len(word) >= 4 and word not in _ARABIC_NOT_ARTICLE:
        return word[2:]
    return word


def _abd_rest(word: str) -> str | None:
    """What follows "abd"/"عبد" in a glued compound, article removed; None if the word is no compound."""
    if word.startswith("عبد"):
        rest = word[3:]
        return rest if rest.startswith(_ARABIC_ARTICLES) and len(rest) > 3 else None
    if not word.startswith("abd"):
        return None
    rest = word[3:]
    if not any(char not in _LATIN_VOWELS + "wy" for char in rest):
        return None  # Abdou, Abdi: a name of its own
    for article in _ABD_GLUED_ARTICLES:
        if rest.startswith(article) and len(rest) > len(article):
            return rest[len(article) :]
    for vowel in ("ou", "e", "a", "u", "o", "i"):
        if rest.startswith(vowel) and rest[len(vowel) :].startswith(_SUN_LATIN):
            return rest[len(vowel) :]  # Abderrahim, Abdessamad, Abdennour: the article assimilated
    return rest


def _strip_glued_latin_article(word: str) -> str:
    """The word without a Latin article glued to it (Elidrissi, Elmehdi, Alfassi, Essaadi, Echchaoui).

    Only when what follows is a name of its own (4 letters or more), so that Elias, Elham, Essa or
    Allal stay whole; "al" only before a consonant other than l (Alaoui, Alami, Allouch are names)."""
    if word.startswith("el") and len(word) >= 6:
        return word[2:]
    if word.startswith("al") and len(word) >= 6 and word[2] not in _LATIN_VOWELS + "lwy":
        return word[2:]
    for sound in _SUN_LATIN:
        if word.startswith("e" + sound + sound) and len(word) - 1 - len(sound) >= 4:
            return word[1 + len(sound) :]
    return word


def _word_key(word: str) -> str:
    rest = _abd_rest(word)
    if rest is not None:
        return "".join(symbol for symbol, _ in groupby("abd" + _word_key(rest)))
    if word.isascii():
        word = _strip_glued_latin_article(word)
    key = _skeleton(_tokens(_strip_arabic_article(word)))
    return _ELIDED_INITIAL.get(key, key)


def _words(text: str) -> list[str]:
    words = []
    for raw in normalize_latin(unicodedata.normalize("NFKC", text or "")).split():
        word = "".join(char for char in raw if char not in _ARABIC_STRIP)
        if any(char.isalpha() for char in word):
            words.append(word)
    return words


def _is_article(word: str, following: str) -> bool:
    if word in _LATIN_ARTICLES or word in _ARABIC_ARTICLES:
        return True
    sound = _ASSIMILATED_ARTICLES.get(word)
    return sound is not None and following.startswith(sound)


def name_spellings(text: str) -> list[tuple[str, str]]:
    """Each name of a full name as (spelling, transliteration key), in order, duplicates removed.

    The spelling is the word as compared letter by letter (normalize_name: lower case, no accents,
    Arabic letter forms folded); an "Abd" compound is one spelling ("abdelkader" for "Abd el Kader").
    Standalone articles are dropped when a word follows them ("El Idrissi" = "Idrissi"), a lone vowel after
    a word is a spelling fragment ("Idriss-i") and is dropped. Particles such as "Ben", "Bent", "Ibn",
    "Ould", "Ait" are kept: they belong to family names.
    """
    words = _words(text)
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if following and _is_article(word, following):
            index += 1
            continue
        if index and len(word) == 1 and word in _LATIN_VOWELS:
            index += 1
            continue
        head = word in _ABD_HEADS or (word[:3] == "abd" and word[3:] in _ASSIMILATED_ARTICLES)
        if head and following:
            glued, index = word, index + 1
            while index + 1 < len(words) and _is_article(words[index], words[index + 1]):
                glued += words[index]  # "Abd el Kader" is spelt like "Abdelkader"
                index += 1
            word = glued + words[index]
        key = _word_key(word)
        spelling = normalize_arabic(word)
        if key and (spelling, key) not in found:
            found.append((spelling, key))
        index += 1
    return found


def name_keys(text: str) -> list[str]:
    """Transliteration keys of every word of a full name (any script, mixed allowed), de-duplicated, in order.

    "Abd" compounds give one key whatever their spacing; articles and particles as in name_spellings().
    """
    return list(dict.fromkeys(key for _, key in name_spellings(text)))


def spelling_neighbours(spelling: str) -> list[str]:
    """The spelling and each form of it with one letter removed (symmetric deletion, de-duplicated).

    Two spellings one substitution, insertion, deletion or swap of neighbours apart share one of these
    forms, so that a one-letter slip is found by an equality join on an index, with no scan of the names.
    Spellings shorter than FUZZY_MIN_LETTERS have none: one letter of four (محمد/محمود, Omar/Amar) is
    another name, not a slip.
    """
    if len(spelling) < FUZZY_MIN_LETTERS:
        return []
    forms = [spelling] + [spelling[:index] + spelling[index + 1 :] for index in range(len(spelling))]
    return list(dict.fromkeys(forms))


def name_key(word: str) -> str:
    """Transliteration key of one word: the same for its Latin and Arabic spellings; "" if it has no letters.

    Given several words ("El-Idrissi", "Abd el Kader"), returns the keys of name_keys() joined together.
    """
    return "".join(name_keys(word))
