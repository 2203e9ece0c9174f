"""Demo reference data of the network: the service catalogue, the kinds of centres and the public holidays.

Plain data read by demo.seed_network. The texts are the ones the administration and the programmes use;
the eligibility thresholds are those of the programmes (9.3264 is the RSU threshold of direct social support).
"""

import datetime

RSU_THRESHOLD = 9.3264

# Documents, reused across services: (French, Arabic, English).
CNIE = (
    "Copie de la carte nationale d'identité électronique (CNIE)",
    "نسخة من البطاقة الوطنية للتعريف الإلكترونية",
    "Copy of the national electronic identity card (CNIE)",
)
GUARDIAN_CNIE = (
    "Copie de la CNIE du parent ou du tuteur légal",
    "نسخة من البطاقة الوطنية للتعريف الإلكترونية للأب أو الأم أو الولي القانوني",
    "Copy of the CNIE of the parent or legal guardian",
)
MEDICAL_CERTIFICATE = (
    "Certificat médical attestant la situation de handicap",
    "شهادة طبية تثبت وضعية الإعاقة",
    "Medical certificate attesting the disability",
)
PHOTOS = ("Deux photos d'identité récentes", "صورتان شمسيتان حديثتان", "Two recent passport photos")
BIRTH_CERTIFICATE = ("Extrait d'acte de naissance", "نسخة موجزة من عقد الازدياد", "Birth certificate (extract)")
SCHOOL_CERTIFICATE = ("Certificat de scolarité", "شهادة مدرسية", "School certificate")
RSU_CERTIFICATE = (
    "Attestation d'inscription au Registre social unifié (RSU)",
    "شهادة التسجيل في السجل الاجتماعي الموحد",
    "Certificate of registration in the unified social register (RSU)",
)
RESIDENCE = ("Certificat de résidence", "شهادة السكنى", "Certificate of residence")
DISABILITY_CARD = (
    "Copie de la carte de personne en situation de handicap",
    "نسخة من بطاقة الشخص في وضعية إعاقة",
    "Copy of the disability card",
)
PRESCRIPTION = (
    "Prescription médicale de l'aide technique",
    "وصفة طبية للمساعدة التقنية",
    "Medical prescription for the technical aid",
)
AUDIOGRAM = (
    "Audiogramme récent (moins de six mois)",
    "تخطيط سمعي حديث (أقل من ستة أشهر)",
    "Recent audiogram (under six months)",
)
MEDICAL_REPORTS = ("Comptes rendus médicaux", "التقارير الطبية", "Medical reports")
PROJECT_OUTLINE = ("Fiche de présentation du projet", "بطاقة تقديم المشروع", "Outline of the project")
DIPLOMA = (
    "Dernier diplôme ou certificat de scolarité",
    "آخر شهادة دراسية أو شهادة مدرسية",
    "Last diploma or school certificate",
)


def _docs(*rows) -> list[dict]:
    """Documents as the catalogue stores them; a row ending with False is optional."""
    documents = []
    for row in rows:
        names, required = (row[0], row[1]) if isinstance(row[0], tuple) else (row, True)
        documents.append({"name_fr": names[0], "name_ar": names[1], "name_en": names[2], "required": required})
    return documents


def _all(*conditions) -> dict:
    return {"combine": "all", "conditions": list(conditions)}


DISABLED = {"field": "disability", "op": "eq", "value": True}
WOMAN = {"field": "sex", "op": "eq", "value": "F"}
POOR = {"field": "rsu_score", "op": "lte", "value": RSU_THRESHOLD}


def _age(op: str, years: int) -> dict:
    return {"field": "age", "op": op, "value": years}


SERVICES = [
    {
        "code": "disability-card",
        "category": "disability",
        "name_fr": "Carte de personne en situation de handicap",
        "name_ar": "بطاقة الشخص في وضعية إعاقة",
        "name_en": "Disability card",
        "description_fr": "Carte qui atteste la situation de handicap et ouvre l'accès aux droits et avantages "
        "prévus par la loi-cadre 97-13 : transport, santé, éducation, emploi.",
        "description_ar": "بطاقة تثبت وضعية الإعاقة وتخول الاستفادة من الحقوق والامتيازات المنصوص عليها في القانون "
        "الإطار 97.13: النقل والصحة والتعليم والشغل.",
        "description_en": "A card that attests the disability and opens the rights and benefits of framework law "
        "97-13: transport, health, education, employment.",
        "centre_kinds": ["disability", "social_protection"],
        "due_working_days": 30,
        "channel_window": True,
        "channel_online": True,
        "eligibility_rule": _all(DISABLED),
        "documents": _docs(CNIE, MEDICAL_CERTIFICATE, PHOTOS, (RSU_CERTIFICATE, False)),
    },
    {
        "code": "technical-aid-wheelchair",
        "category": "disability",
        "name_fr": "Aide technique : fauteuil roulant",
        "name_ar": "مساعدة تقنية: كرسي متحرك",
        "name_en": "Technical aid: wheelchair",
        "description_fr": "Attribution d'un fauteuil roulant, manuel ou électrique, adapté à la personne, sur "
        "prescription médicale.",
        "description_ar": "منح كرسي متحرك، يدوي أو كهربائي، ملائم لحالة الشخص، بناء على وصفة طبية.",
        "description_en": "A manual or powered wheelchair fitted to the person, on medical prescription.",
        "centre_kinds": ["disability"],
        "due_working_days": 20,
        "channel_window": True,
        "channel_online": False,
        "eligibility_rule": _all(DISABLED),
        "documents": _docs(CNIE, PRESCRIPTION, MEDICAL_CERTIFICATE, (DISABILITY_CARD, False), RSU_CERTIFICATE),
    },
    {
        "code": "technical-aid-hearing",
        "category": "disability",
        "name_fr": "Aide technique : appareil auditif",
        "name_ar": "مساعدة تقنية: جهاز سمعي",
        "name_en": "Technical aid: hearing aid",
        "description_fr": "Attribution et réglage d'un appareil auditif pour une personne malentendante, sur "
        "prescription d'un médecin ORL.",
        "description_ar": "منح جهاز سمعي وضبطه لفائدة شخص ضعيف السمع، بناء على وصفة طبيب مختص في أمراض الأنف "
        "والأذن والحنجرة.",
        "description_en": "A hearing aid, supplied and fitted for a hard-of-hearing person, on prescription of an "
        "ear, nose and throat doctor.",
        "centre_kinds": ["disability"],
        "due_working_days": 20,
        "channel_window": True,
        "channel_online": False,
        "eligibility_rule": _all(DISABLED),
        "documents": _docs(CNIE, PRESCRIPTION, AUDIOGRAM, (DISABILITY_CARD, False), RSU_CERTIFICATE),
    },
    {
        "code": "specialised-care",
        "category": "health",
        "name_fr": "Prise en charge spécialisée",
        "name_ar": "التكفل المتخصص",
        "name_en": "Specialised care",
        "description_fr": "Séances de rééducation fonctionnelle, d'orthophonie, de psychomotricité et "
        "d'accompagnement psychologique dans un centre ou une association partenaire.",
        "description_ar": "حصص الترويض الطبي وتقويم النطق والحركية النفسية والمواكبة النفسية داخل مركز أو جمعية شريكة.",
        "description_en": "Physiotherapy, speech therapy, psychomotor therapy and psychological support sessions "
        "at a centre or a partner association.",
        "centre_kinds": ["disability", "association"],
        "due_working_days": 15,
        "channel_window": True,
        "channel_online": False,
        "eligibility_rule": _all(DISABLED),
        "documents": _docs(CNIE, MEDICAL_CERTIFICATE, (MEDICAL_REPORTS, False)),
    },
    {
        "code": "income-generating-support",
        "category": "economic",
        "name_fr": "Appui aux activités génératrices de revenus",
        "name_ar": "دعم الأنشطة المدرة للدخل",
        "name_en": "Support for income-generating activities",
        "description_fr": "Accompagnement d'une femme porteuse de projet dans un incubateur : formation à la "
        "gestion, aide au démarrage et équipement de l'activité.",
        "description_ar": "مواكبة امرأة حاملة لمشروع داخل حاضنة: تكوين في التدبير ودعم انطلاق النشاط وتجهيزه.",
        "description_en": "Support for a woman with a project at an incubator: management training, help to start "
        "and equipment for the activity.",
        "centre_kinds": ["incubator"],
        "due_working_days": 30,
        "channel_window": True,
        "channel_online": True,
        "eligibility_rule": _all(WOMAN, _age("gte", 18), POOR),
        "documents": _docs(CNIE, RSU_CERTIFICATE, PROJECT_OUTLINE, (PHOTOS, False)),
    },
    {
        "code": "vocational-training",
        "category": "training",
        "name_fr": "Formation professionnelle",
        "name_ar": "التكوين المهني",
        "name_en": "Vocational training",
        "description_fr": "Formation qualifiante en présentiel ou à distance (couture, cuisine, agriculture, "
        "numérique…), avec une attestation à la fin du parcours.",
        "description_ar": "تكوين تأهيلي حضوري أو عن بعد (الخياطة، الطبخ، الفلاحة، الرقميات…) مع شهادة في نهاية المسار.",
        "description_en": "Qualifying training, in person or at a distance (sewing, cooking, farming, digital "
        "skills…), with a certificate at the end.",
        "centre_kinds": ["training", "incubator"],
        "due_working_days": 20,
        "channel_window": True,
        "channel_online": True,
        "eligibility_rule": _all(_age("gte", 16), _age("lte", 45)),
        "documents": _docs(CNIE, (DIPLOMA, False), (PHOTOS, False)),
    },
    {
        "code": "schooling-support",
        "category": "education",
        "name_fr": "Appui à la scolarisation des enfants en situation de handicap",
        "name_ar": "دعم تمدرس الأطفال في وضعية إعاقة",
        "name_en": "Schooling support for children with disabilities",
        "description_fr": "Prise en charge des frais de scolarisation et d'accompagnement d'un enfant en situation "
        "de handicap par une association partenaire, pour l'année scolaire.",
        "description_ar": "التكفل بمصاريف تمدرس ومواكبة طفل في وضعية إعاقة من طرف جمعية شريكة خلال الموسم الدراسي.",
        "description_en": "Schooling and support costs of a child with a disability, taken in charge by a partner "
        "association for the school year.",
        "centre_kinds": ["association", "disability"],
        "due_working_days": 30,
        "channel_window": True,
        "channel_online": False,
        "eligibility_rule": _all(_age("gte", 4), _age("lte", 20), DISABLED),
        "documents": _docs(BIRTH_CERTIFICATE, GUARDIAN_CNIE, MEDICAL_CERTIFICATE, SCHOOL_CERTIFICATE),
    },
    {
        "code": "social-assistance",
        "category": "social_assistance",
        "name_fr": "Aide sociale",
        "name_ar": "المساعدة الاجتماعية",
        "name_en": "Social assistance",
        "description_fr": "Aide ponctuelle, en nature ou en espèces, à une personne ou un ménage en situation de "
        "précarité, après enquête sociale.",
        "description_ar": "مساعدة ظرفية، عينية أو نقدية، لفائدة شخص أو أسرة في وضعية هشاشة، بعد بحث اجتماعي.",
        "description_en": "One-off help, in kind or in cash, for a person or a household in hardship, after a "
        "social inquiry.",
        "centre_kinds": ["social_protection", "other"],
        "due_working_days": 15,
        "channel_window": True,
        "channel_online": False,
        "eligibility_rule": _all(POOR),
        "documents": _docs(CNIE, RSU_CERTIFICATE, RESIDENCE),
    },
]

# Centre kinds: code prefix, French name (then "de <city>"), Arabic name (then "ب<city>").
CENTRE_KINDS = {
    "disability": (
        "CAPH",
        "Centre d'assistance aux personnes en situation de handicap",
        "مركز مساعدة الأشخاص في وضعية إعاقة",
    ),
    "incubator": ("INC", "Incubateur d'autonomisation économique des femmes", "حاضنة التمكين الاقتصادي للنساء"),
    "training": ("FORM", "Centre de formation et de qualification des femmes", "مركز التكوين والتأهيل النسوي"),
    "association": (
        "ASSO",
        "Association pour la scolarisation des enfants en situation de handicap",
        "جمعية تمدرس الأطفال في وضعية إعاقة",
    ),
    "social_protection": ("EPS", "Établissement de protection sociale", "مؤسسة الرعاية الاجتماعية"),
    "other": ("EMF", "Espace multifonctionnel des femmes", "الفضاء متعدد الوظائف للنساء"),
}

# Per region: the province of its capital (every kind of centre) and a second one (disability centre, incubator).
REGION_PROVINCES = {
    "MA-01": ("MA-TNG", "MA-TET"),
    "MA-02": ("MA-OUJ", "MA-NAD"),
    "MA-03": ("MA-FES", "MA-MEK"),
    "MA-04": ("MA-RAB", "MA-KEN"),
    "MA-05": ("MA-BEM", "MA-KHO"),
    "MA-06": ("MA-CAS", "MA-JDI"),
    "MA-07": ("MA-MAR", "MA-SAF"),
    "MA-08": ("MA-ERR", "MA-OUA"),
    "MA-09": ("MA-AGD", "MA-TAR"),
    "MA-10": ("MA-GUE", "MA-TNT"),
    "MA-11": ("MA-LAA", "MA-ESM"),
    "MA-12": ("MA-OUD", "MA-AOU"),
}
# Landline area codes by region, for the centres' phone numbers.
AREA_CODES = {
    "MA-01": "539",
    "MA-02": "536",
    "MA-03": "535",
    "MA-04": "537",
    "MA-05": "523",
    "MA-06": "522",
    "MA-07": "524",
    "MA-08": "535",
    "MA-09": "528",
    "MA-10": "528",
    "MA-11": "528",
    "MA-12": "528",
}
STREETS = ["Avenue Mohammed V", "Avenue Hassan II", "Boulevard Mohammed VI", "Rue Al Massira", "Avenue des FAR"]
# Mobile windows closed after their rounds ended: (province, number).
CLOSED_MOBILE_WINDOWS = {("MA-TNT", 1), ("MA-AOU", 1)}

FIXED_HOLIDAYS = [
    ((1, 1), "Nouvel an", "رأس السنة الميلادية"),
    ((1, 11), "Manifeste de l'indépendance", "ذكرى تقديم وثيقة الاستقلال"),
    ((1, 14), "Nouvel an amazigh (Yennayer)", "رأس السنة الأمازيغية (إيض يناير)"),
    ((5, 1), "Fête du travail", "عيد الشغل"),
    ((7, 30), "Fête du Trône", "عيد العرش"),
    ((8, 14), "Allégeance de Oued Eddahab", "ذكرى استرجاع إقليم وادي الذهب"),
    ((8, 20), "Révolution du Roi et du peuple", "ذكرى ثورة الملك والشعب"),
    ((8, 21), "Fête de la jeunesse", "عيد الشباب"),
    ((11, 6), "Marche verte", "ذكرى المسيرة الخضراء"),
    ((11, 18), "Fête de l'indépendance", "عيد الاستقلال"),
]
# Religious holidays follow the lunar calendar: the dates are announced on the sighting of the moon, so these
# are the expected ones (an administrator corrects them on the holidays page).
_FITR = ("Aïd Al-Fitr", "عيد الفطر")
_ADHA = ("Aïd Al-Adha", "عيد الأضحى")
_HIJRA = ("Nouvel an de l'Hégire (1er Moharram)", "فاتح محرم (رأس السنة الهجرية)")
_MAWLID = ("Aïd Al-Mawlid Annabaoui", "عيد المولد النبوي")
RELIGIOUS_HOLIDAYS = {
    2025: [(_FITR, (3, 31), 2), (_ADHA, (6, 7), 2), (_HIJRA, (6, 27), 1), (_MAWLID, (9, 5), 2)],
    2026: [(_FITR, (3, 20), 2), (_ADHA, (5, 27), 2), (_HIJRA, (6, 16), 1), (_MAWLID, (8, 26), 2)],
    2027: [(_FITR, (3, 10), 2), (_ADHA, (5, 17), 2), (_HIJRA, (6, 6), 1), (_MAWLID, (8, 15), 2)],
}


def holidays() -> list[tuple[datetime.date, str, str]]:
    """(date, French name, Arabic name) for 2025–2027; a day that is two holidays keeps the first."""
    days: dict[datetime.date, tuple[str, str]] = {}
    for year in sorted(RELIGIOUS_HOLIDAYS):
        for (month, day), name_fr, name_ar in FIXED_HOLIDAYS:
            days.setdefault(datetime.date(year, month, day), (name_fr, name_ar))
        for (name_fr, name_ar), (month, day), length in RELIGIOUS_HOLIDAYS[year]:
            first = datetime.date(year, month, day)
            days.setdefault(first, (name_fr, name_ar))
            for extra in range(1, length):
                days.setdefault(
                    first + datetime.timedelta(days=extra), (f"{name_fr} (2e jour)", f"{name_ar} (اليوم الثاني)")
                )
    return [(date, *names) for date, names in sorted(days.items())]
