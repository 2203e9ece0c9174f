"""A small generated population with known duplicates, for the model's tests (no database needed)."""

import random

GIVEN = [
    ("Fatima", "فاطمة", "F"),
    ("Khadija", "خديجة", "F"),
    ("Aicha", "عائشة", "F"),
    ("Zineb", "زينب", "F"),
    ("Amina", "آمنة", "F"),
    ("Salma", "سلمى", "F"),
    ("Nadia", "نادية", "F"),
    ("Mohamed", "محمد", "M"),
    ("Youssef", "يوسف", "M"),
    ("Hassan", "حسن", "M"),
    ("Rachid", "رشيد", "M"),
    ("Karim", "كريم", "M"),
    ("Omar", "عمر", "M"),
    ("Said", "سعيد", "M"),
    ("Abdelkader", "عبد القادر", "M"),
    ("Driss", "إدريس", "M"),
]
FAMILY = [
    ("Bennani", "بناني"),
    ("El Idrissi", "الإدريسي"),
    ("Alaoui", "العلوي"),
    ("Tazi", "التازي"),
    ("Berrada", "برادة"),
    ("Chraibi", "الشرايبي"),
    ("Fassi", "الفاسي"),
    ("Amrani", "العمراني"),
    ("Benjelloun", "بنجلون"),
    ("Ouazzani", "الوزاني"),
    ("Lahlou", "لحلو"),
    ("Naciri", "الناصري"),
    ("Sqalli", "السقلي"),
    ("Kettani", "الكتاني"),
]
COMMUNES = ["Rabat", "Salé", "Fès", "Meknès", "Tanger", "Oujda", "Agadir", "Marrakech"]
VARIANTS = {"Mohamed": "Mohammed", "Youssef": "Youcef", "Fatima": "Fatma", "Aicha": "Aïcha", "Zineb": "Zaynab"}


def person(rng: random.Random, number: int) -> dict[str, str]:
    given, given_ar, sex = rng.choice(GIVEN)
    family, family_ar = rng.choice(FAMILY)
    return {
        "record_id": f"p{number:05d}",
        "given_name_latin": given,
        "family_name_latin": family,
        "given_name_arabic": given_ar,
        "family_name_arabic": family_ar,
        "sex": sex,
        "birth_date": f"{rng.randint(1950, 2015)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "birth_date_approx": "",
        "cnie": f"{rng.choice('ABCDJK')}{rng.randint(100000, 999999)}",
        "phone": f"06{rng.randint(10000000, 99999999)}",
        "commune": rng.choice(COMMUNES),
    }


def duplicate(rng: random.Random, original: dict[str, str], record_id: str) -> dict[str, str]:
    """Another centre's record of the same person: one script only, a spelling variant, details missing."""
    copy = dict(original, record_id=record_id)
    kind = rng.randrange(6)
    if kind == 0:  # registered in Arabic only
        copy["given_name_latin"] = copy["family_name_latin"] = ""
    elif kind == 1:  # Latin only, a spelling variant, no CNIE
        copy["given_name_arabic"] = copy["family_name_arabic"] = ""
        copy["given_name_latin"] = VARIANTS.get(copy["given_name_latin"], copy["given_name_latin"]).upper()
        copy["cnie"] = ""
    elif kind == 2:  # only the year of birth known, no phone
        copy["birth_date"] = copy["birth_date"][:4]
        copy["birth_date_approx"] = "year"
        copy["phone"] = ""
    elif kind == 4:  # moved and changed phone; a typo in the family name
        copy["commune"] = rng.choice(COMMUNES)
        copy["phone"] = f"07{rng.randint(10000000, 99999999)}"
        name = copy["family_name_latin"]
        if len(name) > 2:
            position = rng.randrange(1, len(name))
            copy["family_name_latin"] = name[:position] + name[position + 1 :]
    elif kind == 5:  # a wrong birth date typed, sex left empty
        copy["birth_date"] = f"{rng.randint(1950, 2015)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        copy["sex"] = ""
    else:  # day and month swapped
        year, month, day = copy["birth_date"].split("-")
        if int(day) <= 12:
            copy["birth_date"] = f"{year}-{day}-{month}"
    return copy


def population(size: int, duplicates: int, seed: int = 7) -> tuple[list[dict[str, str]], set[tuple[str, str]]]:
    """`size` distinct persons and `duplicates` extra records of some of them; the true pairs, ids sorted."""
    rng = random.Random(seed)
    records = [person(rng, number) for number in range(size)]
    truth: set[tuple[str, str]] = set()
    for number, original in enumerate(rng.sample(records, duplicates)):
        copy = duplicate(rng, original, f"d{number:05d}")
        records.append(copy)
        left, right = sorted((original["record_id"], copy["record_id"]))
        truth.add((left, right))
    return records, truth
