"""A name corpus from the cultures of a California district, and a seeded name maker.

Names are produced exactly as a family would write them: diacritics, CJK, Hangul,
Armenian and Arabic script, both apostrophes (' and ’), hyphens, multi-word family
names with lower-case particles, suffixes, preferred names and one-part names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import NamedTuple

ENGLISH = "00"


class Name(NamedTuple):
    """The six stored name parts, in the order of ``people.models.NAME_FIELDS``."""

    given_name: str
    middle_name: str = ""
    family_name: str = ""
    suffix: str = ""
    preferred_given_name: str = ""
    preferred_family_name: str = ""


@dataclass(frozen=True)
class Culture:
    """Given and family names of one naming tradition, and its home language code."""

    key: str
    weight: int
    language: str
    native_share: float  # share of families whose home language is ``language``
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    middle: tuple[str, ...] = ()
    one_part_share: float = 0.0
    nicknames: tuple[str, ...] = ("Alex", "Sam", "Max", "Kiki", "Nico", "Jojo")
    suffixes: bool = False


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


CULTURES: tuple[Culture, ...] = (
    Culture(
        "hispanic",
        30,
        "01",
        0.55,
        _t("María José|Sofía|Ximena|Valentina|Camila|Guadalupe|Itzel|Ana Lucía|Renée|Yesenia"),
        _t("José Luis|Santiago|Mateo|Iñaki|Diego|Juan Pablo|Ángel|Jesús|Óscar|Emiliano"),
        _t(
            "García|Hernández|López|Martínez|Rodríguez|Pérez|Sánchez|Ramírez|Núñez|Muñoz"
            "|de la Cruz|de León|García-López|Hernández Ruiz|del Río|Ortiz-Peña|Ibáñez"
        ),
        _t("Guadalupe|Alejandro|Isabel|Andrés|Concepción"),
        nicknames=_t("Lupe|Memo|Pepe|Chuy|Marisol|Paco"),
        suffixes=True,
    ),
    Culture(
        "anglo",
        18,
        ENGLISH,
        1.0,
        _t("Emma|Olivia|Ava|Charlotte|Harper|Zoë|Mary-Kate|Abigail|Chloé|Madison"),
        _t("Liam|Noah|James|William|Benjamin|Jean-Luc|Elijah|Henry|Jackson|Wyatt"),
        _t(
            "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor"
            "|St. John|Smith-Jones|Thompson|MacDonald|McAllister"
        ),
        _t("Grace|Rose|Lee|Michael|Ann|Marie|James"),
        nicknames=_t("Maddie|Charlie|Will|Ben|Abby|Hank|Liz"),
        suffixes=True,
    ),
    Culture(
        "irish",
        4,
        ENGLISH,
        1.0,
        _t("Siobhán|Aoife|Niamh|Caoimhe|Saoirse|Róisín|Máire"),
        _t("Seán|Pádraig|Oisín|Cian|Eoin|Ciarán|Tadhg"),
        _t(
            "O'Brien|O’Brien|O'Connor|O’Sullivan|O'Neill|O’Donnell|D'Arcy|Ní Bhriain"
            "|Mac Giolla Phádraig|McCarthy|Ó Súilleabháin"
        ),
        nicknames=_t("Shiv|Paddy|Rosie|Kieran"),
        suffixes=True,
    ),
    Culture(
        "vietnamese",
        8,
        "02",
        0.6,
        _t("Linh|Phương|Thảo|Ngọc Anh|Trang|Hương|Mai|Yến"),
        _t("Huy|Minh|Khoa|Đức|Quân|Tuấn|Bảo|Long"),
        _t("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương"),
        _t("Thị|Văn|Ngọc|Minh|Thanh|Hữu"),
        nicknames=_t("Kevin|Vicky|Tony|Bao|Annie|Danny"),
    ),
    Culture(
        "chinese",
        5,
        "07",
        0.5,
        _t("小紅|美玲|静怡|子涵|雨桐|欣怡|Mei|Xiaoling"),
        _t("小龍|伟|浩然|子轩|俊杰|宇航|Wei|Zhiwei"),
        _t("李|王|张|陳|刘|黄|林|吴|Chen|Wong|Zhang|Lee"),
        nicknames=_t("Bruce|Amy|Jason|Vivian|Eric|Grace"),
    ),
    Culture(
        "cantonese",
        2,
        "03",
        0.6,
        _t("Ka-Yan|Wing|嘉欣|詠琪"),
        _t("Chi-Ho|Ka-Ming|家豪|志明"),
        _t("陳|黃|Chan|Leung|Cheung|Ng"),
    ),
    Culture(
        "japanese",
        2,
        "08",
        0.4,
        _t("結衣|さくら|陽菜|Yūko|Haruka|Aiko"),
        _t("陽翔|蓮|大翔|Kōji|Haruto|Ren"),
        _t("佐藤|鈴木|高橋|田中|渡辺|Satō|Itō|Yamamoto|Tanaka"),
    ),
    Culture(
        "korean",
        3,
        "04",
        0.5,
        _t("서연|하은|지우|민서|Ji-woo|Seo-yeon|Min-ji"),
        _t("민준|도윤|서준|시우|Min-jun|Do-yoon|Jae-hyun"),
        _t("김|이|박|최|정|Kim|Park|Choi|Jung"),
        nicknames=_t("Daniel|Grace|Joseph|Esther|Paul"),
    ),
    Culture(
        "armenian",
        3,
        "12",
        0.5,
        _t("Անի|Լիլիթ|Ani|Tatevik|Lilit|Nare|Mariam"),
        _t("Նարեկ|Արամ|Narek|Aram|Gor|Hayk|Tigran"),
        _t("Հակոբյան|Պետրոսյան|Hakobyan|Petrosyan|Sargsyan|Grigoryan|Avetisyan|Ter-Petrosyan"),
    ),
    Culture(
        "arabic",
        3,
        "11",
        0.5,
        _t("فاطمة|ليلى|Layla|Fatima|Noor|Mariam|Yasmin"),
        _t("محمد|عمر|Omar|Yusuf|Ahmad|Khalid|Karim"),
        _t("حداد|الخوري|Haddad|Khoury|al-Sayed|Al-Hassan|Abd al-Rahman|El-Amin"),
    ),
    Culture(
        "filipino",
        4,
        "05",
        0.3,
        _t("Maria Clara|Jasmine|Angelica|Ma. Teresa|Kristine"),
        _t("Jose Rizal|Mark Anthony|John Paul|Emmanuel|Jericho"),
        _t("dela Cruz|Dela Rosa|Santos|Reyes|Bautista|Villanueva|de los Santos|Macapagal"),
        _t("Santos|Reyes|Garcia|Mendoza"),
    ),
    Culture(
        "south-asian",
        3,
        "30",
        0.5,
        _t("Harpreet|Gurpreet|Priya|Ananya|Simran|Navneet"),
        _t("Arjun|Harjit|Rohan|Vikram|Jaskaran|Aarav"),
        _t("Singh|Kaur|Patel|Sharma|Gill|Sandhu|Reddy"),
    ),
    Culture(
        "persian",
        2,
        "23",
        0.5,
        _t("Shirin|Parisa|Yasaman|Nazanin|شیرین"),
        _t("Dariush|Kian|Arash|Kourosh|داریوش"),
        _t("Hosseini|Mohammadi|Rahimi|Tehrani|Karimi|Mir-Ahmadi"),
    ),
    Culture(
        "slavic",
        2,
        "16",
        0.4,
        _t("Анастасия|Ekaterina|Zofia|Małgorzata|Natália|Olena"),
        _t("Дмитрий|Łukasz|Mikhail|Aleksandr|Jiří|Taras"),
        _t("Иванов|Smirnova|Wójcik|Kowalski|Nováková|Shevchenko|Łukaszewicz"),
    ),
    Culture(
        "european",
        2,
        ENGLISH,
        1.0,
        _t("Anneke|Sophie|Chloé|Ingrid|Françoise|Åsa"),
        _t("Pieter|Jürgen|Björn|François|Søren|Joël"),
        _t("van der Berg|van Dijk|de Vries|von Trapp|Müller|Schäfer|Ødegård|Le Blanc|d'Artagnan"),
    ),
    Culture(
        "pacific",
        1,
        ENGLISH,
        1.0,
        _t("Kaʻiulani|Leilani|Mālia|Moana"),
        _t("Keʻalohi|Kainoa|Tāne|Sione"),
        _t("Kealoha|Kahananui|Fonoti|Taufa"),
    ),
    Culture(
        "one-part",
        1,
        "99",
        0.6,
        _t("Wulandari|Thiri|Sutrisno|Madonna|Aung|Ṣadé"),
        _t("Sukarno|Sutrisno|Aung|Tenzin|Suharto|Cher"),
        (),
        one_part_share=1.0,
    ),
)

SUFFIXES = ("Jr.", "II", "III", "IV", "Sr.")
GENDER_DESCRIPTIONS = _t("nonbinary|genderfluid|two-spirit|agender|genderqueer")

# Names every demo district contains, whatever its size: the hard cases, up front.
SHOWCASE: tuple[tuple[Name, str, str], ...] = (
    (Name("Seán", "", "O'Brien"), "M", ENGLISH),
    (Name("Siobhán", "", "O’Brien"), "F", ENGLISH),
    (Name("Seán", "", "O'Brien-Nguyễn"), "M", "02"),
    (Name("Minh", "Thị", "Nguyễn", preferred_given_name="Minnie"), "F", "02"),
    (Name("Đức", "Văn", "Trần"), "M", "02"),
    (Name("Thảo", "", "Đặng"), "F", "02"),
    (Name("小龍", "", "李"), "M", "07"),
    (Name("李小龍"), "M", "03"),
    (Name("Madonna"), "F", ENGLISH),
    (Name("서연", "", "김"), "F", "04"),
    (Name("結衣", "", "佐藤"), "F", "08"),
    (Name("Անի", "", "Հակոբյան"), "F", "12"),
    (Name("Layla", "", "al-Sayed"), "F", "11"),
    (Name("عمر", "", "حداد"), "M", "11"),
    (Name("María José", "Guadalupe", "García-López"), "F", "01"),
    (Name("Juan Pablo", "", "de la Cruz", "Jr."), "M", "01"),
    (Name("Pieter", "", "van der Berg", "III"), "M", ENGLISH),
    (Name("Kaʻiulani", "", "Kealoha"), "X", ENGLISH),
    (Name("Jean-Luc", "", "D'Arcy", preferred_family_name="Darcy"), "M", ENGLISH),
    (Name("Zoë", "", "St. John"), "F", ENGLISH),
)


class NameMaker:
    """Draws names, genders and home languages from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._weights = [c.weight for c in CULTURES]

    def culture(self) -> Culture:
        return self.rng.choices(CULTURES, weights=self._weights)[0]

    def gender(self) -> str:
        roll = self.rng.random()
        return "F" if roll < 0.49 else "M" if roll < 0.98 else "X"

    def gender_description(self, gender: str) -> str:
        share = 0.4 if gender == "X" else 0.003
        return self.rng.choice(GENDER_DESCRIPTIONS) if self.rng.random() < share else ""

    def language(self, culture: Culture) -> str:
        return culture.language if self.rng.random() < culture.native_share else ENGLISH

    def family_name(self, culture: Culture) -> str:
        if not culture.family or self.rng.random() < culture.one_part_share:
            return ""
        return self.rng.choice(culture.family)

    def person(self, culture: Culture, gender: str, family: str | None = None) -> Name:
        """A whole name; ``family`` keeps a household's family name (siblings)."""
        rng = self.rng
        pool = culture.female if gender == "F" else culture.male
        if gender == "X":
            pool = culture.female + culture.male
        given = rng.choice(pool)
        family_name = self.family_name(culture) if family is None else family
        if not family_name:
            return Name(given)
        middle = rng.choice(culture.middle) if culture.middle and rng.random() < 0.5 else ""
        suffix = ""
        if culture.suffixes and gender == "M" and rng.random() < 0.04:
            suffix = rng.choice(SUFFIXES[:4])
        preferred = rng.choice(culture.nicknames) if rng.random() < 0.08 else ""
        preferred_family = ""
        if rng.random() < 0.01:  # goes by a stepparent's name, or both parents' names
            other = rng.choice(culture.family)
            preferred_family = other if rng.random() < 0.5 else f"{family_name}-{other}"
        return Name(given, middle, family_name, suffix, preferred, preferred_family)

    def adult(self, culture: Culture, gender: str, family: str) -> Name:
        """A guardian's name: usually the household's family name, no nickname."""
        name = self.person(culture, gender, family)
        if family and self.rng.random() < 0.2:
            name = name._replace(family_name=self.family_name(culture) or family)
        return name._replace(suffix="", preferred_family_name="")
