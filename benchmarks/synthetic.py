"""Synthetic national catalogues for load tests: one CSV per country in the tabular layout `stdmap import`
reads (docs/model.md), built around the real ISO and IEC catalogues in ../shared/data.

    python benchmarks/synthetic.py --countries N --out DIR [--rows 45000] [--seed 1] [--shared ../shared/data]

Country k of N, in this order: CN, DE, JP, KR, GB, FR, RU, AU, CA, US. Each file holds `--rows` national
standards (every edition is a row: current, superseded, withdrawn, forthcoming) written the way that
country writes them: GB/T 12345-2019 (sometimes with its dual number GB/T 12345-2019/ISO 12345:2018),
DIN EN ISO 12345:2019-05, JIS X 0123:2019, KS X ISO 12345:2019, BS EN ISO 12345:2019, NF EN ISO …,
NF X 12-345, ГОСТ Р ИСО 12345-2019 (and ГОСТ Р 58904-2020/ISO …, ГОСТ Р 58904-2020 (ISO …) for MOD),
AS/NZS ISO …, CAN/CSA-ISO 12345:19, ANSI/ISO … . China's file has the Chinese headers and status words of
its national platform (标准号, 采用程度, 现行 …); the others have the English headers. `DIR/synthetic.json`
states the model and, per country, the counts the files hold (rows by kind, by degree, by status).

Everything is synthetic except the international side: every adopted standard is a real ISO or IEC
edition (ISO Open Data deliverables, relaton-data-iec), with its real title (the English title of an
adoption follows the international one, GB/T 1.1-2020), ICS codes and committee, and national editions
follow the real supersession of the international ones. Every row's source is an https://example.org/
synthetic/… URL, so nothing here can be mistaken for a fact. Deterministic: the same seed, row count,
country count and input files give byte-identical files.

The model (per country; `PROFILES` below)
-----------------------------------------

* **Coverage**: the share of the international standards (IS) in force that have an in-force national
  adoption of that same edition at IDT or MOD — what `stdmap rate` counts under its default rules. China:
  0.889, the official conversion rate at the end of 2025 (SCIO press conference 2026-02-05, H, in
  ../shared/reference/domain-facts.md §1.2; 82 % in 2023). The official denominator is not published
  (domain-facts §1.1); stdmap's default is every ISO and IEC IS in force (27,272 in ../shared/data), and
  against that denominator 0.889 means some 24,000 GB in force each adopting an IS edition in force —
  with their older editions and the NEQ rows, about 70 % of a 45,000-row catalogue adopts something.
  That share follows from reading the official rate against stdmap's default denominator; domain-facts
  has no figure for the real share of GB standards that adopt one. The other countries'
  coverages are assumptions (no figure is in domain-facts): Europe adopts through EN ISO / EN IEC
  (Vienna and Frankfurt agreements), Korea harmonises widely, the US adopts little.
* **Degrees**: IDT is the majority (in the bundled real GB rows, standards/national/cn-gb.csv, 33 of the
  37 rows with an adopted standard are IDT, 3 MOD, 1 not established); domain-facts gives no shares, so
  the split per profile is an assumption that gives MOD and NEQ more room than that management-system
  sample: China IDT ≈ 0.8 of IDT+MOD adoptions, plus NEQ rows (a correspondence, not an adoption:
  GB/T 1.2-2020 §4.1.1), rows whose degree is not stated (adopted standard given, degree empty), and for
  GB editions issued before 2001 the old lower-case marks idt / eqv / neq (eqv is the legacy EQV;
  domain-facts §2.2). Forms that state their degree follow the rules in domain-facts §2–3: a dual number
  or an embedded ISO/IEC designation is IDT, ГОСТ Р … (ISO …) is MOD, a modified European adoption drops
  "ISO"/"IEC" from the EN designation.
* **Editions**: with probability `history` an adopted work also has one (sometimes two) older national
  editions adopting the older international editions, superseded by the newer one (replaces /
  replaced_by both ways); a few Chinese successors take a new number (GB/T 15481-2000 → GB/T 27025-2008
  is the real pattern). Of the IS in force that a country has not adopted, the share `stale` has a
  national standard in force that still adopts an older edition ("revision needed").
* **Dates**: a national edition is issued `lag` months after the international one (log-normal, σ 0.7;
  China's median 33 months: the GB/ISO pairs of domain-facts §5 with a GB issue date, against the ISO
  publication month in ISO Open Data, lag 13, 24, 27, 33, 34, 37, 70 and 96 months; other countries'
  medians are assumptions, shorter where EN ISO parallel approval publishes within months);
  forms that embed a dated IS designation (KS X ISO, DIN ISO, BS ISO, NF ISO, ANSI/ISO, EN ISO) take its
  year, so they are issued within that year. China's implementation date follows 3–12 months after issue
  (GB/T 24001-2016: 2016-10-13 → 2017-05-01). Statuses are as of 2025-12-31: in force, superseded when the
  successor is in force, withdrawn (with a date), forthcoming (即将实施) when implementation is later.
* **National originals** fill the rest (a share states `none`: adopts nothing), with their own edition
  chains and withdrawals; real ICS codes (ICS.csv), CCS codes for China from the ICS field, committees
  mirroring the international ones (SAC/TC …, DIN NA …, BSI …), plausible Chinese titles for China.

`rows` scales every count of the nominal 45,000-row design in proportion (so a 300-row file keeps the
proportions of a full one); the counts actually written are what synthetic.json states.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import math
import multiprocessing
import os
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mapper import ids

REF_DATE = dt.date(2025, 12, 31)
NOMINAL_ROWS = 45_000
DEFAULT_SHARED = ROOT.parent / "shared" / "data"
SOURCE_BASE = "https://example.org/synthetic/stdmap"
GENERATOR = "benchmarks/synthetic.py/1"

#: canonical column order (docs/model.md) and China's platform headers for them
COLUMNS = ("designation", "title_zh", "title_en", "status", "issued", "effective", "withdrawn", "ics", "ccs",
           "committee", "replaces", "replaced_by", "adopted", "degree", "method", "source", "confidence", "note")
CN_HEADERS = {"designation": "标准号", "title_zh": "中文标准名称", "title_en": "英文标准名称", "status": "标准状态",
              "issued": "发布日期", "effective": "实施日期", "withdrawn": "废止日期", "ics": "国际标准分类号",
              "ccs": "中国标准分类号", "committee": "归口单位", "replaces": "代替标准", "replaced_by": "被代替标准",
              "adopted": "采用国际标准号", "degree": "采用程度", "method": "采用方法", "source": "来源",
              "confidence": "可信度", "note": "备注"}
CN_STATUS = {"current": "现行", "superseded": "被代替", "withdrawn": "废止", "forthcoming": "即将实施"}
CN_DEGREE_WORDS = {"IDT": "等同采用", "MOD": "修改采用", "NEQ": "非等效采用"}
LEGACY_MARKS = {"IDT": "idt", "MOD": "eqv", "NEQ": "neq"}  # GB editions before 2001 (eqv: legacy EQV)
KINDS = ("covered", "history", "stale", "neq", "unknown", "withdrawn_adoption", "forthcoming", "original")


# -- the international catalogue ---------------------------------------------------------------------------------
@dataclass
class Edition:
    """One real ISO or IEC International Standard edition."""

    designation: str  # normalised: "ISO 12345-2:2019"
    work: str  # "ISO 12345-2"
    body: str  # "ISO", "ISO/IEC", "IEC", "CISPR" …
    number: str  # "12345"
    part: str | None  # "2", "2-1"
    year: int
    published: dt.date
    current: bool
    title: str
    ics: tuple[str, ...]
    committee: str
    withdrawn: dt.date | None = None


@dataclass
class Catalogue:
    works: dict[str, list[Edition]]  # work → editions, oldest first
    current: list[Edition]  # editions in force, in a fixed order
    withdrawn_works: list[str]  # works without an edition in force
    ics: list[tuple[str, str]]  # (code, English title) of every ICS group and sub-group


def _month_date(text: str | None, year: int) -> dt.date:
    if text:
        parts = [int(p) for p in str(text)[:10].split("-") if p.isdigit()]
        if len(parts) >= 2 and 1 <= parts[1] <= 12:
            try:
                return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            except ValueError:
                pass
    return dt.date(year, 6, 1)


def _edition(ref: str) -> ids.Designation | None:
    try:
        d = ids.parse(ref)
    except ids.DesignationError:
        return None
    if (d.supplements or d.variant or d.is_draft or d.adopts or d.year is None or d.doc_type != "IS"
            or d.level != "international"):
        return None
    return d


def load_catalogue(shared: Path = DEFAULT_SHARED) -> Catalogue:
    """The ISO and IEC International Standards of ../shared/data, each edition once (the catalogue of its
    leading publisher states it, as stdmap's own readers do), grouped into works."""
    iso_file = shared / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"
    iec_file = shared / "relaton-data-iec" / "iec_catalogue.jsonl"
    ics_file = shared / "iso-open-data" / "ICS.csv"
    missing = [str(p) for p in (iso_file, iec_file, ics_file) if not p.is_file()]
    if missing:
        raise SystemExit(f"shared data not found: {', '.join(missing)}")
    editions: dict[str, Edition] = {}
    with iso_file.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("deliverableType") != "IS" or rec.get("supplementType"):
                continue
            d = _edition(str(rec.get("reference") or ""))
            stage = int(str(rec.get("currentStage") or 0).replace(".", "") or 0)
            if d is None or stage < 6060 or d.body.split("/")[0] != "ISO":
                continue
            title = (rec.get("title") or {}).get("en") or ""
            editions[d.normalized] = Edition(
                d.normalized, d.work, d.body, d.number, d.part, d.year, _month_date(rec.get("publicationDate"), d.year),
                stage < 9599, " ".join(title.split()), tuple(rec.get("icsCode") or ()), rec.get("ownerCommittee") or "")
    with iec_file.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("doctype") != "international-standard":
                continue
            d = _edition(str(rec.get("reference") or ""))
            if d is None or d.body.split("/")[0] == "ISO" or d.normalized in editions:
                continue
            obsolete = rec.get("obsoleted_date")
            editions[d.normalized] = Edition(
                d.normalized, d.work, d.body, d.number, d.part, d.year, _month_date(rec.get("publication_date"), d.year),
                rec.get("status") == "PUBLISHED", " ".join(str(rec.get("title_en") or "").split()),
                tuple(rec.get("ics") or ()), rec.get("committee") or "",
                _month_date(obsolete, d.year) if obsolete and rec.get("status") != "PUBLISHED" else None)
    works: dict[str, list[Edition]] = defaultdict(list)
    for e in editions.values():
        works[e.work].append(e)
    for eds in works.values():
        eds.sort(key=lambda e: (e.year, e.published, e.designation))
    ordered = dict(sorted(works.items()))
    current = [e for eds in ordered.values() for e in eds if e.current]
    withdrawn = [w for w, eds in ordered.items() if not any(e.current for e in eds)]
    ics: list[tuple[str, str]] = []
    with ics_file.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["identifier"].strip()
            if "." in code:
                ics.append((code, " ".join(row["titleEn"].split())))
    return Catalogue(ordered, current, withdrawn, sorted(ics))


# -- profiles ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """One country's catalogue: shares at the nominal 45,000 rows (see the module docstring)."""

    code: str
    name: str
    coverage: float  # IS in force adopted (same edition, IDT/MOD, national standard in force)
    idt: float  # IDT share of IDT+MOD adoptions
    history: float  # an adopted work also has an older national edition (of the older IS edition)
    stale: float  # of the IS in force not adopted: a national standard in force adopts an older edition
    neq: float  # rows, share of all: NEQ correspondence to an IS in force
    unknown: float  # rows: adopted standard given, degree not stated
    withdrawn_adoption: float  # rows: adoption of a withdrawn IS, the national standard withdrawn too
    forthcoming: float  # rows: adoptions issued late in 2025, implemented in 2026
    lag_months: float  # median months from IS publication to national issue
    none_share: float  # originals that state they adopt nothing (degree "none")
    coverage_source: str


PROFILES: tuple[Profile, ...] = (
    Profile("CN", "China", 0.889, 0.80, 0.28, 0.35, 0.045, 0.012, 0.025, 0.004, 33, 0.3,
            "official conversion rate, end of 2025 (domain-facts §1.2, H)"),
    Profile("DE", "Germany", 0.60, 0.90, 0.30, 0.25, 0.020, 0.010, 0.030, 0.003, 10, 0.2, "assumption"),
    Profile("JP", "Japan", 0.35, 0.65, 0.25, 0.25, 0.030, 0.010, 0.020, 0.003, 24, 0.2, "assumption"),
    Profile("KR", "Korea", 0.70, 0.90, 0.25, 0.25, 0.015, 0.010, 0.020, 0.003, 8, 0.2, "assumption"),
    Profile("GB", "United Kingdom", 0.60, 0.92, 0.30, 0.25, 0.015, 0.010, 0.030, 0.003, 8, 0.2, "assumption"),
    Profile("FR", "France", 0.55, 0.90, 0.30, 0.25, 0.020, 0.010, 0.030, 0.003, 10, 0.2, "assumption"),
    Profile("RU", "Russia", 0.30, 0.70, 0.20, 0.30, 0.030, 0.010, 0.020, 0.003, 30, 0.2, "assumption"),
    Profile("AU", "Australia", 0.20, 0.75, 0.20, 0.30, 0.015, 0.010, 0.020, 0.003, 18, 0.2, "assumption"),
    Profile("CA", "Canada", 0.15, 0.75, 0.20, 0.30, 0.015, 0.010, 0.020, 0.003, 18, 0.2, "assumption"),
    Profile("US", "United States", 0.05, 0.60, 0.15, 0.30, 0.010, 0.005, 0.010, 0.002, 24, 0.2, "assumption"),
)


# -- vocabulary for titles and classification -------------------------------------------------------------------
#: ICS field → (Chinese field phrase, subjects, CCS letter)
FIELDS_ZH: dict[str, tuple[str, tuple[str, ...], str]] = {
    "01": ("标准化", ("术语工作", "图形符号", "文献编制", "量和单位", "技术制图"), "A"),
    "03": ("管理", ("质量管理体系", "服务质量", "风险管理", "物流服务", "资产管理", "合格评定"), "A"),
    "07": ("自然科学", ("微生物检验", "纳米材料", "天文测量", "地质勘查"), "A"),
    "11": ("医疗器械", ("医用电气设备", "外科植入物", "牙科材料", "输液器具", "诊断试剂"), "C"),
    "13": ("环境保护", ("温室气体", "水质", "空气质量", "职业健康安全", "消防设施", "土壤质量"), "Z"),
    "17": ("计量", ("长度测量", "温度测量", "声学测量", "光学辐射", "振动与冲击"), "A"),
    "19": ("试验", ("环境试验", "无损检测", "电工电子产品试验"), "K"),
    "21": ("机械", ("紧固件", "滚动轴承", "齿轮", "弹簧", "联轴器"), "J"),
    "23": ("流体系统", ("阀门", "泵", "液压传动", "气动", "管道元件"), "J"),
    "25": ("机械制造", ("机床", "焊接", "工业自动化系统", "切削刀具", "热处理"), "J"),
    "27": ("能源", ("能源管理", "太阳能", "风力发电", "燃气轮机", "核能"), "F"),
    "29": ("电工", ("电线电缆", "电机", "低压开关设备", "绝缘材料", "电力变压器"), "K"),
    "31": ("电子", ("电容器", "半导体器件", "印制电路板", "电子元器件", "光电子器件"), "L"),
    "33": ("通信", ("光纤通信", "电磁兼容", "无线电设备", "音视频设备", "移动通信"), "M"),
    "35": ("信息技术", ("信息安全", "软件工程", "数据管理", "编码字符集", "人工智能", "云计算"), "L"),
    "37": ("成像技术", ("摄影", "光学仪器", "印刷技术", "显微镜"), "N"),
    "39": ("精密机械", ("钟表", "珠宝首饰", "贵金属"), "Y"),
    "43": ("道路车辆", ("汽车制动系统", "电动汽车", "车辆照明", "摩托车", "轮胎"), "T"),
    "45": ("铁路", ("铁道车辆", "轨道", "铁路信号"), "S"),
    "47": ("船舶", ("船用设备", "海洋工程", "游艇"), "U"),
    "49": ("航空航天", ("航空器零部件", "航天材料", "航空紧固件"), "V"),
    "53": ("物料搬运", ("起重机", "输送机", "工业车辆"), "J"),
    "55": ("包装", ("包装容器", "托盘", "包装材料"), "A"),
    "59": ("纺织", ("纺织品", "皮革", "纱线", "纺织机械"), "W"),
    "61": ("服装", ("服装号型", "鞋类"), "Y"),
    "65": ("农业", ("农业机械", "肥料", "农药", "饲料", "林业机械"), "B"),
    "67": ("食品", ("乳制品", "谷物", "茶叶", "食用油", "肉制品", "食品微生物"), "X"),
    "71": ("化工", ("化学试剂", "表面活性剂", "工业气体", "化工产品"), "G"),
    "73": ("矿业", ("煤炭", "矿石", "矿山设备"), "D"),
    "75": ("石油", ("石油产品", "天然气", "润滑剂", "石油钻采设备"), "E"),
    "77": ("冶金", ("钢", "铝及铝合金", "铜及铜合金", "金属材料"), "H"),
    "79": ("木材", ("木材", "人造板"), "B"),
    "81": ("玻璃和陶瓷", ("平板玻璃", "陶瓷", "耐火材料"), "Q"),
    "83": ("橡胶和塑料", ("塑料", "橡胶", "塑料管道", "胶粘剂"), "G"),
    "85": ("造纸", ("纸和纸板", "纸浆"), "Y"),
    "87": ("涂料", ("色漆和清漆", "颜料", "油墨"), "G"),
    "91": ("建筑", ("建筑材料", "门窗", "建筑构件", "水泥", "建筑节能"), "P"),
    "93": ("土木工程", ("道路工程", "桥梁", "隧道", "水利工程"), "P"),
    "95": ("军事工程", ("军用装备",), "A"),
    "97": ("家用设备", ("家用电器", "家具", "玩具", "体育用品", "厨房器具"), "Y"),
}
ASPECTS_ZH = ("通用要求", "试验方法", "术语", "技术条件", "安全要求", "测量方法", "规范", "分类与命名", "性能要求",
              "检验规则", "指南", "评价方法", "设计要求", "标志、包装、运输和贮存", "基本要求", "数据交换格式")
ASPECTS_EN = ("General requirements", "Test methods", "Vocabulary", "Specifications", "Safety requirements",
              "Methods of measurement", "Classification", "Performance requirements", "Guidelines",
              "Evaluation methods", "Design requirements", "Marking, packaging and storage")


# -- helpers ---------------------------------------------------------------------------------------------------
def _add_months(day: dt.date, months: float) -> dt.date:
    return day + dt.timedelta(days=max(0, round(months * 30.44)))


def _lag(rng: random.Random, median: float) -> float:
    """Months from international publication to national issue: log-normal, 1 to 120 months."""
    return min(120.0, max(1.0, rng.lognormvariate(math.log(median), 0.7)))


def _slug(text: str) -> str:
    return quote(text.replace(" ", "_"), safe="-._~:")


@dataclass
class Row:
    """One national edition as one catalogue row."""

    designation: str
    kind: str
    year: int
    issued: dt.date
    effective: dt.date | None = None
    withdrawn: dt.date | None = None
    status: str = "current"
    adopted: Edition | None = None
    degree: str | None = None  # IDT MOD NEQ EQV, "none", or None (not stated)
    degree_text: str = ""
    adopted_text: str = ""
    method: str = ""
    ics: tuple[str, ...] = ()
    ccs: str = ""
    committee: str = ""
    title_en: str = ""
    title_zh: str = ""
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    note: str = ""
    national: str = ""  # the designation without a dual number or bracketed IS (what replaces/replaced_by name)
    subject: int | None = None  # an original's title subject
    source: str = ""


class Allocator:
    """Unused national numbers: chronological (a number band per year, as GB and ГОСТ Р numbers grow over
    time) or drawn at random from a range."""

    def __init__(self, rng: random.Random, lo: int, hi: int, chronological: bool) -> None:
        self.rng, self.lo, self.hi, self.chrono = rng, lo, hi, chronological
        self.taken: set[tuple[str, int]] = set()

    def take(self, year: int, space: str = "") -> int:
        lo, hi = self.lo, self.hi
        for attempt in range(200):
            if self.chrono and attempt < 150:
                frac = min(1.0, max(0.0, (year - 1978) / (2026 - 1978)))
                centre = lo + frac * (hi - lo)
                width = (hi - lo) * (0.03 + attempt * 0.01)
                n = int(self.rng.uniform(max(lo, centre - width), min(hi, centre + width * 0.3)))
            else:
                n = self.rng.randint(lo, hi)
            if (space, n) not in self.taken:
                self.taken.add((space, n))
                return n
        raise RuntimeError(f"no free national number left in {lo}..{hi} ({space})")


# -- national designation forms --------------------------------------------------------------------------------
@dataclass
class Form:
    """A national designation: its text, the national part alone (`base`: without a dual number or the
    IS in brackets), the degree the designation itself states, and whether it embeds a dated IS
    designation (then the national year must be the IS year)."""

    text: str
    states: str | None = None
    year_locked: bool = False
    base: str = ""

    def __post_init__(self) -> None:
        self.base = self.base or self.text


#: ICS field → JIS/KS division letter
DIVISION = {"01": "Z", "03": "Q", "07": "K", "11": "T", "13": "Z", "17": "B", "19": "C", "21": "B", "23": "B",
            "25": "B", "27": "B", "29": "C", "31": "C", "33": "C", "35": "X", "37": "B", "39": "S", "43": "D",
            "45": "E", "47": "F", "49": "W", "53": "B", "55": "Z", "59": "L", "61": "S", "65": "B", "67": "K",
            "71": "K", "73": "M", "75": "K", "77": "G", "79": "A", "81": "R", "83": "K", "85": "P", "87": "K",
            "91": "A", "93": "A", "95": "W", "97": "S"}


def _tail(e: Edition) -> str:
    """'ISO 12345-2:2019' → '12345-2' (number and part, no body, no year)."""
    return e.number + (f"-{e.part}" if e.part else "")


def _field(e: Edition | None, ics: str = "") -> str:
    code = (e.ics[0] if e is not None and e.ics else ics) or "01"
    return code[:2]


def _cyr(body: str) -> str:
    return body.replace("ISO", "ИСО").replace("IEC", "МЭК")


class Country:
    """Designation forms, numbers, committees and dates of one country (one subclass per country).

    `u` is a style draw fixed for a whole national work (so its editions keep one form), `v` one per
    edition (printing choices, such as a dual number)."""

    chrono = False  # numbers grow with the year (GB, ГОСТ Р) or are spread at random
    number_range = (1000, 9999)
    committee_format: Callable[[random.Random], str] = staticmethod(lambda r: f"TC {r.randint(1, 300)}")

    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self.p = profile
        self.rng = rng
        self.alloc = Allocator(rng, *self.number_range, self.chrono)
        self.series: dict[str, int] = {}
        self.parts: dict[str, dict[str, int]] = defaultdict(dict)
        self.committees: dict[str, str] = {}

    def number(self, key: str, year: int, space: str = "") -> int:
        if key not in self.series:
            self.series[key] = self.alloc.take(year, space)
        return self.series[key]

    def part_index(self, key: str, part: str | None) -> int | None:
        """National part numbers run 1, 2, 3 … in the order the parts are first adopted (GB/T 2423.1 …)."""
        if part is None:
            return None
        seen = self.parts[key]
        return seen.setdefault(part, len(seen) + 1)

    def committee_for(self, key: str) -> str:
        if key not in self.committees:
            self.committees[key] = self.committee_format(self.rng)
        return self.committees[key]

    def effective(self, issued: dt.date, mandatory: bool) -> dt.date | None:
        return None  # implementation date not given: in force from the issue date

    # forms
    def adoption_form(self, e: Edition, degree: str | None, issued: dt.date, u: float, v: float, key: str) -> Form:
        return self.plain(e, issued, u, key)

    def plain(self, e: Edition, issued: dt.date, u: float, key: str) -> Form:
        return Form(self.original(key, self.part_index(key, e.part), issued, e.ics[0] if e.ics else "01", u))

    def original(self, key: str, part: int | None, issued: dt.date, ics: str, u: float) -> str:
        raise NotImplementedError


class China(Country):
    chrono = True
    number_range = (1000, 46999)
    committee_format = staticmethod(lambda r: f"SAC/TC {r.randint(1, 580)}")

    def committee_for(self, key: str) -> str:
        if key not in self.committees:  # mirror committees keep the subcommittee (ISO/TC 207/SC 1 → …/SC 1)
            sub = key.split("/SC ", 1)
            tail = f"/SC {sub[1].split('/')[0]}" if len(sub) == 2 and not key.startswith("national") else ""
            self.committees[key] = f"SAC/TC {self.rng.randint(1, 580)}{tail}"
        return self.committees[key]

    def effective(self, issued, mandatory):
        months = 12 if mandatory else self.rng.choice((3, 4, 5, 6, 6, 6, 6, 6, 7, 8, 9, 12))
        return _add_months(issued, months) + dt.timedelta(days=self.rng.randint(0, 20))

    def plain(self, e, issued, u, key):
        mandatory = e.body.startswith("IEC") and _field(e) in ("13", "97") and u < 0.4
        idx = self.part_index(key, e.part)
        return Form(f"{'GB' if mandatory else 'GB/T'} {self.number(key, issued.year)}{'.' + str(idx) if idx else ''}"
                    f"-{issued.year}")

    def adoption_form(self, e, degree, issued, u, v, key):
        base = self.plain(e, issued, u, key).text
        if degree == "IDT" and issued.year >= 2001 and v < 0.35:  # dual numbering (IDT only, since 2001)
            return Form(f"{base}/{e.designation}", "IDT", base=base)
        return Form(base)

    def original(self, key, part, issued, ics, u):
        prefix = "GB" if u < 0.06 else "GB/Z" if u < 0.08 else "GB/T"
        return f"{prefix} {self.number(key, issued.year)}{'.' + str(part) if part else ''}-{issued.year}"


class European(Country):
    """DIN, BSI, AFNOR: identical adoptions through EN ISO / EN IEC (or EN 6xxxx, EN 55xxx for CISPR), some ISO
    ones directly (DIN ISO, BS ISO, NF ISO); a modified adoption drops ISO/IEC from the EN designation."""

    prefix = ""
    direct = 0.25

    def stamp(self, day: dt.date) -> str:
        return f":{day.year}"

    def adoption_form(self, e, degree, issued, u, v, key):
        stamp = self.stamp(issued)
        if degree == "IDT":
            if e.body == "CISPR":
                if e.number.isdigit():
                    return Form(f"{self.prefix} EN {55000 + int(e.number)}{'-' + e.part if e.part else ''}{stamp}",
                                year_locked=True)
            elif e.body.startswith("IEC"):
                mid = "EN IEC" if e.year >= 2017 or u < 0.3 else "EN"
                return Form(f"{self.prefix} {mid} {_tail(e)}{stamp}", year_locked=True)
            elif u < self.direct:
                return Form(f"{self.prefix} {e.work}{stamp}", "IDT", year_locked=True)
            else:
                return Form(f"{self.prefix} EN {e.work}{stamp}", year_locked=True)
        if degree == "MOD" and e.body != "CISPR":
            return Form(f"{self.prefix} EN {_tail(e)}{stamp}")
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        return f"{self.prefix} {self.number(key, issued.year)}{'-' + str(part) if part else ''}{self.stamp(issued)}"


class Germany(European):
    prefix = "DIN"
    number_range = (1000, 77999)
    committee_format = staticmethod(
        lambda r: f"DIN NA {r.randint(1, 180):03d}-{r.randint(0, 9):02d}-{r.randint(1, 99):02d} AA")

    def stamp(self, day):
        return f":{day.year}-{day.month:02d}"


class Britain(European):
    prefix = "BS"
    number_range = (1000, 99999)
    committee_format = staticmethod(
        lambda r: f"BSI {r.choice(('EH', 'QS', 'IST', 'PRI', 'MTE', 'GEL', 'B', 'FW', 'CH', 'TCI'))}/{r.randint(1, 99)}")


class France(European):
    prefix = "NF"
    number_range = (10100, 99999)
    committee_format = staticmethod(lambda r: f"AFNOR {r.choice('ABCEFHMNPSUXZ')}{r.randint(10, 99)}{r.choice('ABCDEFGU')}")

    def original(self, key, part, issued, ics, u):
        letter = "ABCDEFHKLMNPQSTUXZ"[int(u * 18)]
        while True:  # NF X 50-110: class letter, two digits, three digits
            n = self.number(key, issued.year, letter)
            if n % 1000 >= 100:
                break
            del self.series[key]
        return f"NF {letter} {n // 1000:02d}-{n % 1000:03d}{'-' + str(part) if part else ''}:{issued.year}"


class Japan(Country):
    number_range = (1, 9999)
    committee_format = staticmethod(lambda r: f"JISC/TC {r.randint(1, 300)}")

    def adoption_form(self, e, degree, issued, u, v, key):
        if e.body.startswith("IEC") and e.number.isdigit():  # JIS C 60068-2-1: the IEC number kept
            return Form(f"JIS C {_tail(e)}:{issued.year}")
        if e.body == "ISO" and e.ics and e.ics[0][:6] in ("03.100", "03.120", "13.020"):  # JIS Q 9001, JIS Q 14001
            return Form(f"JIS Q {_tail(e)}:{issued.year}")
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        div = DIVISION.get(ics[:2], "Z")
        return f"JIS {div} {self.number(key, issued.year, div):04d}{'-' + str(part) if part else ''}:{issued.year}"


class Korea(Country):
    number_range = (1, 9999)
    committee_format = staticmethod(lambda r: f"KATS/TC {r.randint(1, 250)}")

    def division(self, e: Edition) -> str:
        if e.body.startswith("ISO/IEC"):
            return "X"
        if e.body.startswith(("IEC", "CISPR")):
            return "C"
        return DIVISION.get(_field(e), "A")

    def adoption_form(self, e, degree, issued, u, v, key):
        if degree == "IDT":  # KS X ISO/IEC 27001:2013, KS C IEC 60068-2-1:2008: the IS year
            return Form(f"KS {self.division(e)} {e.work}:{e.year}", "IDT", year_locked=True)
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        div = DIVISION.get(ics[:2], "A")
        return f"KS {div} {self.number(key, issued.year, div):04d}{'-' + str(part) if part else ''}:{issued.year}"


class Russia(Country):
    chrono = True
    number_range = (50001, 99999)
    committee_format = staticmethod(lambda r: f"TK {r.randint(1, 530):03d}")

    def adoption_form(self, e, degree, issued, u, v, key):
        if degree == "IDT" and u < 0.65:  # ГОСТ Р ИСО 12345-2-2019: the IS number, the national year
            return Form(f"ГОСТ Р {_cyr(e.body)} {_tail(e)}-{issued.year}")
        base = self.plain(e, issued, u, key).text
        if degree == "IDT":  # ГОСТ Р 58904-2020/ISO/TR 25901-1:2016
            return Form(f"{base}/{e.designation}", "IDT", base=base)
        if degree == "MOD":  # ГОСТ 35298-2025 (ISO 23767:2021)
            return Form(f"{base} ({e.designation})", "MOD", base=base)
        return Form(base)

    def original(self, key, part, issued, ics, u):
        return f"ГОСТ Р {self.number(key, issued.year)}{'.' + str(part) if part else ''}-{issued.year}"


class Australia(Country):
    number_range = (1000, 59999)
    committee_format = staticmethod(
        lambda r: f"SA {r.choice(('QR', 'EL', 'CE', 'ME', 'IT', 'CH', 'BD', 'HE', 'SF'))}-{r.randint(1, 120):03d}")

    def adoption_form(self, e, degree, issued, u, v, key):
        if degree == "IDT":
            return Form(f"{'AS/NZS' if u < 0.5 else 'AS'} {e.work}:{issued.year}")
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        return f"{'AS/NZS' if u < 0.4 else 'AS'} {self.number(key, issued.year)}{'.' + str(part) if part else ''}:{issued.year}"


class Canada(Country):
    number_range = (10, 99999)
    committee_format = staticmethod(lambda r: f"CSA TC {r.choice('BCSZ')}{r.randint(1, 999)}")

    def adoption_form(self, e, degree, issued, u, v, key):
        yy = f"{issued.year % 100:02d}"
        if degree == "IDT":
            return Form(f"{'CSA ' if e.body == 'ISO/IEC' and u < 0.4 else 'CAN/CSA-'}{e.work}:{yy}")
        if e.body.startswith("IEC") and e.number.isdigit():
            return Form(f"CSA C22.2 NO. {_tail(e)}:{yy}")
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        n = self.number(key, issued.year)
        return f"CSA {'BCSZW'[int(u * 5)]}{n}{'.' + str(part) if part else ''}:{issued.year % 100:02d}"


class UnitedStates(Country):
    number_range = (100, 99999)
    committee_format = staticmethod(
        lambda r: f"ANSI ASC {r.choice(('X9', 'Z1', 'C63', 'N43', 'B11', 'Z136', 'S1', 'S3', 'Z535'))}")
    developers = ("ASME", "UL", "ASHRAE", "NFPA", "ASTM", "IEEE", "AWS", "NEMA")

    def adoption_form(self, e, degree, issued, u, v, key):
        if degree == "IDT":  # ANSI/ISO 9899:1990: the IS designation
            return Form(f"ANSI/{e.work}:{e.year}", "IDT", year_locked=True)
        if e.body.startswith("IEC") and e.number.isdigit():  # UL 60950-1: an IEC standard with US deviations
            return Form(f"ANSI/UL {_tail(e)}-{issued.year}")
        return self.plain(e, issued, u, key)

    def original(self, key, part, issued, ics, u):
        n = self.number(key, issued.year)
        dev = self.developers[int(u * len(self.developers))]
        if dev == "ASME":
            return f"ANSI/ASME B{n % 100}.{n // 100 % 50 + 1}{'.' + str(part) if part else ''}-{issued.year}"
        return f"ANSI/{dev} {n}{'.' + str(part) if part else ''}-{issued.year}"


COUNTRY_CLASSES: dict[str, type[Country]] = {"CN": China, "DE": Germany, "JP": Japan, "KR": Korea, "GB": Britain,
                                             "FR": France, "RU": Russia, "AU": Australia, "CA": Canada,
                                             "US": UnitedStates}


# -- one country's catalogue -----------------------------------------------------------------------------------
def _weighted_sample(rng: random.Random, items: list[Edition], weights: list[float], k: int) -> list[Edition]:
    """k distinct items, each drawn with its weight (Efraimidis–Spirakis keys), in a fixed order."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True)
    return [items[i] for _key, i in keyed[:k]]


class Builder:
    """The rows of one country's catalogue (see the module docstring for the model)."""

    def __init__(self, profile: Profile, catalogue: Catalogue, rows: int, seed: int) -> None:
        self.p = profile
        self.cat = catalogue
        self.target = rows
        self.scale = rows / NOMINAL_ROWS
        self.rng = random.Random(f"{seed}:{profile.code}")
        self.country = COUNTRY_CLASSES[profile.code](profile, random.Random(f"{seed}:{profile.code}:numbers"))
        self.cn = profile.code == "CN"
        self.rows: list[Row] = []
        self.used: set[str] = set()  # normalised national designations
        self.adopted: set[str] = set()  # IS editions this country adopts (one national row each)
        self.counts = {"in_force_is": len(catalogue.current), "covered": 0}
        #: an adoption in force needs its implementation date by REF_DATE too
        self.latest_issue = REF_DATE - dt.timedelta(days=400 if self.cn else 20)

    # -- one row ---------------------------------------------------------------------------------------------
    def _check(self, form: Form, e: Edition, degree: str | None, year: int) -> ids.Designation | None:
        try:
            d = ids.parse(form.text)
        except ids.DesignationError:
            return None
        if d.level != "national" or d.year != year or d.normalized in self.used:
            return None
        implied = {i.ref.base.normalized: i.degree for i in d.adopts}
        if form.states is not None and implied.get(e.designation) != form.states:
            return None
        if e.designation in implied and implied[e.designation] != degree:
            return None
        return d

    def adoption(self, e: Edition, degree: str | None, kind: str, issued: dt.date, u: float, key: str,
                 latest: dt.date) -> Row | None:
        """A national edition adopting `e`, issued on (about) `issued`, or None when no valid designation
        is left for it."""
        legacy = self.cn and issued.year < 2001
        v = self.rng.random()
        form = self.country.adoption_form(e, degree, issued, u, v, key)
        if form.year_locked and issued.year != e.year:
            end = min(dt.date(e.year, 12, 31), latest)
            if end < e.published:
                form = self.country.plain(e, issued, u, key)
            else:
                issued = e.published + dt.timedelta(days=self.rng.randint(0, (end - e.published).days))
                form = self.country.adoption_form(e, degree, issued, u, v, key)
        d = self._check(form, e, degree, e.year if form.year_locked else issued.year)
        if d is None:
            form = self.country.plain(e, issued, u, key + "#plain")
            d = self._check(form, e, degree, issued.year)
            if d is None:
                return None
        self.used.add(d.normalized)
        row = Row(form.text, kind, issued.year, issued, adopted=e, degree=degree, national=form.base)
        mandatory = form.text.startswith("GB ")
        row.effective = self.country.effective(issued, mandatory)
        row.ics = e.ics or (self.rng.choice(self.cat.ics)[0],)
        row.committee = self.country.committee_for(e.committee or f"national {row.ics[0][:6]}")
        row.title_en = e.title
        self._degree_cells(row, e, degree, legacy, form)
        return row

    def _degree_cells(self, row: Row, e: Edition, degree: str | None, legacy: bool, form: Form) -> None:
        row.adopted_text = e.designation
        if degree is None:  # a correspondence whose degree the source does not state
            row.note = "degree of correspondence not stated in the source"
            return
        if not self.cn:
            row.degree_text = degree
            return
        if legacy:  # GB editions before 2001: the old marks (eqv = the legacy EQV)
            row.degree_text = LEGACY_MARKS[degree]
            row.degree = {"idt": "IDT", "eqv": "EQV", "neq": "NEQ"}[row.degree_text]
            return
        r = self.rng.random()
        if form.states and r < 0.5:
            row.adopted_text = ""  # the dual number says it all
        elif not form.states and r < 0.1:
            row.adopted_text = f"{e.designation},{degree}"  # 采用国际标准号 "ISO 14050:2002,IDT"
            return
        row.degree_text = CN_DEGREE_WORDS[degree] if self.rng.random() < 0.25 else degree
        if degree in ("IDT", "MOD") and self.rng.random() < 0.7:
            row.method = "翻译法" if degree == "IDT" else "重新起草法"

    def _issue(self, e: Edition, latest: dt.date, median: float | None = None) -> dt.date | None:
        issued = _add_months(e.published, _lag(self.rng, median or self.p.lag_months))
        if issued > latest:
            if latest < e.published + dt.timedelta(days=15):
                return None
            issued = e.published + dt.timedelta(days=self.rng.randint(15, (latest - e.published).days))
        return issued

    def _link(self, chain: list[Row]) -> None:
        """Supersession both ways; an older edition is superseded once its successor is in force."""
        for old, new in itertools.pairwise(chain):
            new.replaces.append(old.national or old.designation)
            old.replaced_by.append(new.national or new.designation)
            start = new.effective or new.issued
            old.status = "superseded" if start <= REF_DATE else "current"

    def _degree(self) -> str:
        return "IDT" if self.rng.random() < self.p.idt else "MOD"

    # -- kinds of rows -------------------------------------------------------------------------------------------
    def covered(self) -> None:
        """Adoptions in force of the IS editions in force (the numerator of the rate), with older editions."""
        n = round(self.p.coverage * len(self.cat.current) * self.scale)
        eligible = [e for e in self.cat.current if e.published <= self.latest_issue - dt.timedelta(days=30)]
        recent = REF_DATE - dt.timedelta(days=3 * 365)
        weights = [1.0 if e.published <= recent else 0.6 for e in eligible]
        for e in _weighted_sample(self.rng, eligible, weights, n):
            self.adopted.add(e.designation)
            eds = self.cat.works[e.work]
            i = eds.index(e)
            older = []
            if i > 0 and self.rng.random() < self.p.history:
                older.append(eds[i - 1])
                if i > 1 and self.rng.random() < 0.35:
                    older.insert(0, eds[i - 2])
            degree, u = self._degree(), self.rng.random()
            key = f"{e.body} {e.number}"
            issued = self._issue(e, self.latest_issue)
            if issued is None:
                continue
            # a GB in force from before 2001 carries the old marks, and "eqv" (legacy EQV) is not counted as
            # adoption: one that counts is "idt"
            newest = self.adoption(e, "IDT" if self.cn and issued.year < 2001 else degree, "covered", issued, u,
                                   key, self.latest_issue)
            if newest is None:
                continue
            chain = [newest]
            for old in reversed(older):  # newest first, each issued before its successor
                before = chain[0].issued - dt.timedelta(days=200)
                issued = self._issue(old, before)
                if issued is None or issued.year >= chain[0].year or old.designation in self.adopted:
                    break
                okey = key if not (self.cn and self.rng.random() < 0.05) else f"{key}#renumbered{old.year}"
                row = self.adoption(old, degree, "history", issued, u, okey, before)
                if row is None:
                    break
                self.adopted.add(old.designation)
                chain.insert(0, row)
            self._link(chain)
            self.rows.extend(chain)
            self.counts["covered"] += 1

    def stale(self) -> None:
        """IS in force not adopted, whose older edition a national standard in force still adopts."""
        pool = [e for e in self.cat.current if e.designation not in self.adopted]
        self.rng.shuffle(pool)
        n = round(self.p.stale * (1 - self.p.coverage) * len(self.cat.current) * self.scale)
        for e in pool:
            if n <= 0:
                break
            eds = self.cat.works[e.work]
            i = eds.index(e)
            if i == 0 or eds[i - 1].current or eds[i - 1].designation in self.adopted:
                continue
            old = eds[i - 1]
            issued = self._issue(old, self.latest_issue)
            if issued is None:
                continue
            row = self.adoption(old, self._degree(), "stale", issued, self.rng.random(), f"{e.body} {e.number}",
                                self.latest_issue)
            if row is not None:
                self.adopted.add(old.designation)
                self.rows.append(row)
                n -= 1

    def loose(self, kind: str, degree: str | None, share: float) -> None:
        """NEQ correspondences and correspondences without a stated degree, to IS editions in force."""
        free = [e for e in self.cat.current if e.designation not in self.adopted]
        taken = [e for e in self.cat.current if e.designation in self.adopted]
        self.rng.shuffle(free)
        self.rng.shuffle(taken)
        n = round(share * self.target)
        # IS nobody adopts first; then ones another national standard adopts too (one IS, several national
        # standards: a part adopted NEQ beside the IDT adoption of the whole)
        for e in free + taken:
            if n <= 0:
                break
            issued = self._issue(e, self.latest_issue)
            if issued is None:
                continue
            row = self.adoption(e, degree, kind, issued, self.rng.random(), f"{e.body} {e.number}#{kind}",
                                self.latest_issue)
            if row is not None:
                self.adopted.add(e.designation)
                self.rows.append(row)
                n -= 1

    def withdrawn_adoptions(self) -> None:
        """Adoptions of IS that are withdrawn with no successor; the national standard is withdrawn too."""
        works = list(self.cat.withdrawn_works)
        self.rng.shuffle(works)
        n = round(self.p.withdrawn_adoption * self.target)
        for work in works:
            if n <= 0:
                break
            e = self.rng.choice(self.cat.works[work])
            if e.designation in self.adopted or e.published > REF_DATE - dt.timedelta(days=3 * 365):
                continue
            issued = self._issue(e, REF_DATE - dt.timedelta(days=2 * 365))
            if issued is None:
                continue
            degree = self._degree() if self.rng.random() < 0.85 else "NEQ"
            row = self.adoption(e, degree, "withdrawn_adoption", issued, self.rng.random(), f"{e.body} {e.number}",
                                REF_DATE)
            if row is None:
                continue
            start = row.effective or row.issued
            lo = max(start + dt.timedelta(days=365), e.withdrawn or start)
            if lo >= REF_DATE:
                lo = start + dt.timedelta(days=180)
            row.withdrawn = min(REF_DATE, lo + dt.timedelta(days=self.rng.randint(0, 10 * 365)))
            row.status = "withdrawn"
            self.adopted.add(e.designation)
            self.rows.append(row)
            n -= 1

    def forthcoming(self) -> None:
        """Adoptions issued in the last months of 2025 that come into force in 2026 (即将实施)."""
        pool = [e for e in self.cat.current if e.designation not in self.adopted and e.year == REF_DATE.year]
        self.rng.shuffle(pool)
        n = round(self.p.forthcoming * self.target)
        for e in pool:
            if n <= 0:
                break
            issued = REF_DATE - dt.timedelta(days=self.rng.randint(0, 150))
            if issued < e.published:
                continue
            row = self.adoption(e, self._degree(), "forthcoming", issued, self.rng.random(), f"{e.body} {e.number}",
                                REF_DATE)
            if row is None:
                continue
            row.effective = REF_DATE + dt.timedelta(days=self.rng.randint(20, 240))
            row.status = "forthcoming"
            self.adopted.add(e.designation)
            self.rows.append(row)
            n -= 1

    def originals(self) -> None:
        """National standards that adopt nothing, with their own editions, to fill the catalogue."""
        serial = 0
        while len(self.rows) < self.target:
            serial += 1
            code, ics_title = self.rng.choice(self.cat.ics)
            parts = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 4)
            u = self.rng.random()
            subject = self.rng.randrange(1000)
            for part in range(1, parts + 1) if parts > 1 else (None,):
                if len(self.rows) >= self.target:
                    break
                length = 1 if (r := self.rng.random()) < 0.72 else 2 if r < 0.92 else 3
                year = 2025 - int(self.rng.expovariate(1 / 9))
                years = [max(1980, year)]
                for _ in range(length - 1):
                    years.append(years[-1] + self.rng.randint(3, 10))
                years = [y for y in years if y <= 2025][-(self.target - len(self.rows)):]
                chain: list[Row] = []
                for y in years:
                    issued = dt.date(y, self.rng.randint(1, 12), self.rng.randint(1, 28))
                    issued = min(issued, REF_DATE)
                    text = self.country.original(f"orig {serial}", part, issued, code, u)
                    try:
                        norm = ids.parse(text).normalized
                    except ids.DesignationError as exc:  # a generator bug: every form here must parse
                        raise RuntimeError(f"{self.p.code}: generated {text!r}, which does not parse") from exc
                    if norm in self.used:
                        break
                    self.used.add(norm)
                    row = Row(text, "original", y, issued, ics=(code,))
                    row.effective = self.country.effective(issued, text.startswith("GB "))
                    row.committee = self.country.committee_for(f"national {code[:6]}")
                    aspect = (subject + (part or 0)) % len(ASPECTS_EN)
                    row.title_en = (f"{ics_title} — Part {part}: {ASPECTS_EN[aspect]}" if part
                                    else f"{ics_title} — {ASPECTS_EN[aspect]}")
                    row.subject = subject
                    chain.append(row)
                if not chain:
                    continue
                last = chain[-1]
                if (last.effective or last.issued) > REF_DATE:  # issued in 2025, in force in 2026
                    last.status = "forthcoming"
                elif self.rng.random() < 0.08 and last.year < 2022:
                    last.status = "withdrawn"
                    last.withdrawn = min(REF_DATE, last.issued + dt.timedelta(days=self.rng.randint(2, 15) * 365))
                elif last.issued >= REF_DATE - dt.timedelta(days=120) and self.rng.random() < 0.5:
                    last.status = "forthcoming"
                    last.effective = REF_DATE + dt.timedelta(days=self.rng.randint(20, 200))
                if self.rng.random() < self.p.none_share:
                    for row in chain:
                        row.degree, row.degree_text = "none", "none"
                self._link(chain)
                self.rows.extend(chain)

    # -- finishing ------------------------------------------------------------------------------------------
    def titles_and_codes(self) -> None:
        """Chinese titles and CCS codes for China; a source URL for every row."""
        for row in self.rows:
            code = row.ics[0] if row.ics else "01"
            if self.cn:
                phrase, subjects, letter = FIELDS_ZH.get(code[:2], ("综合", ("通用",), "A"))
                seed = row.subject
                if seed is None:
                    seed = sum(map(ord, row.adopted.work)) if row.adopted else 0
                subject = subjects[seed % len(subjects)]
                aspect = ASPECTS_ZH[(seed // 7) % len(ASPECTS_ZH)]
                part = row.adopted.part if row.adopted else None
                part_no = part.split("-")[0] if part and part.split("-")[0].isdigit() else None
                row.title_zh = (f"{phrase} {subject} 第{part_no}部分：{aspect}" if part_no else f"{phrase} {subject} {aspect}")
                digits = "".join(ch for ch in code if ch.isdigit())
                row.ccs = f"{letter}{int(digits[2:5] or 0) % 100:02d}"
            row.source = f"{SOURCE_BASE}/{self.p.code.lower()}/{_slug(row.national or row.designation)}"

    def build(self) -> list[Row]:
        self.covered()
        self.stale()
        self.loose("neq", "NEQ", self.p.neq)
        self.loose("unknown", None, self.p.unknown)
        self.withdrawn_adoptions()
        self.forthcoming()
        if len(self.rows) > self.target:
            raise SystemExit(f"{self.p.code}: the adoptions alone make {len(self.rows)} rows, more than the "
                             f"{self.target} asked for; lower the profile's shares")
        self.originals()
        self.titles_and_codes()
        self.rows.sort(key=lambda r: r.designation)
        return self.rows


# -- writing ---------------------------------------------------------------------------------------------------
def file_name(profile: Profile) -> str:
    return f"synthetic-{profile.code.lower()}.csv"


def _cells(row: Row, cn: bool) -> dict[str, str]:
    def day(d: dt.date | None) -> str:
        return d.isoformat() if d else ""

    return {
        "designation": row.designation, "title_zh": row.title_zh, "title_en": row.title_en,
        "status": CN_STATUS[row.status] if cn else row.status, "issued": day(row.issued),
        "effective": day(row.effective), "withdrawn": day(row.withdrawn), "ics": ";".join(row.ics), "ccs": row.ccs,
        "committee": row.committee, "replaces": "; ".join(row.replaces), "replaced_by": "; ".join(row.replaced_by),
        "adopted": row.adopted_text, "degree": row.degree_text, "method": row.method, "source": row.source,
        "confidence": "M", "note": row.note,
    }


def write_csv(path: Path, rows: list[Row], cn: bool) -> None:
    columns = [c for c in COLUMNS if cn or c not in ("title_zh", "ccs")]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([CN_HEADERS[c] if cn else c for c in columns])
        for row in rows:
            cells = _cells(row, cn)
            w.writerow([cells[c] for c in columns])


def summarise(builder: Builder, rows: list[Row]) -> dict:
    """What the file holds: the counts a reader of the CSV can check."""
    adopting = [r for r in rows if r.adopted is not None]
    degrees = Counter(r.degree or "unknown" for r in adopting)
    n = len(rows)
    return {
        "rows": n,
        "adopting_rows": len(adopting),
        "adopting_share": round(len(adopting) / n, 4) if n else 0.0,
        "by_degree": {k: degrees.get(k, 0) for k in ("IDT", "MOD", "NEQ", "EQV", "unknown")},
        "degree_shares": {k: round(degrees.get(k, 0) / len(adopting), 4) if adopting else 0.0
                          for k in ("IDT", "MOD", "NEQ", "EQV", "unknown")},
        "originals_stating_none": sum(1 for r in rows if r.degree == "none"),
        "by_kind": {k: c for k in KINDS if (c := sum(1 for r in rows if r.kind == k))},
        "by_status": dict(sorted(Counter(r.status for r in rows).items())),
        "dual_numbered": sum(1 for r in rows if r.national and r.national != r.designation),
        "supersession_links": sum(len(r.replaces) for r in rows),
        "in_force_is": builder.counts["in_force_is"],
        "covered_is": builder.counts["covered"],
        "coverage": round(builder.counts["covered"] / builder.counts["in_force_is"], 4),
        # the same against the in-force IS scaled like the rows (equal to `coverage` at the nominal size)
        "coverage_scaled": round(builder.counts["covered"] / (builder.counts["in_force_is"] * builder.scale), 4),
    }


#: the catalogue generate() works from, for _write_country in a forked worker
_CATALOGUE: Catalogue | None = None


def _write_country(job: tuple[Profile, int, int, Path]) -> dict:
    """Build one country's rows, write its CSV and return its entry of synthetic.json."""
    profile, rows, seed, out = job
    assert _CATALOGUE is not None
    builder = Builder(profile, _CATALOGUE, rows, seed)
    built = builder.build()
    path = out / file_name(profile)
    write_csv(path, built, profile.code == "CN")
    entry = {"code": profile.code, "name": profile.name, "file": path.name,
             "profile": {k: v for k, v in profile.__dict__.items() if k not in ("code", "name")}}
    entry.update(summarise(builder, built))
    return entry


def generate(out: Path, countries: int = 1, rows: int = NOMINAL_ROWS, seed: int = 1,
             shared: Path = DEFAULT_SHARED, catalogue: Catalogue | None = None) -> dict:
    """Write one CSV per country (the first `countries` of PROFILES) and synthetic.json into `out`;
    return the model (what synthetic.json holds)."""
    if not 1 <= countries <= len(PROFILES):
        raise SystemExit(f"--countries must be 1 to {len(PROFILES)}")
    if rows < 1:
        raise SystemExit("--rows must be at least 1")
    cat = catalogue or load_catalogue(shared)
    out.mkdir(parents=True, exist_ok=True)
    model: dict = {
        "generator": GENERATOR, "seed": seed, "rows_per_country": rows, "nominal_rows": NOMINAL_ROWS,
        "as_of": REF_DATE.isoformat(), "source_base": SOURCE_BASE,
        "international": {"editions": sum(len(v) for v in cat.works.values()), "works": len(cat.works),
                          "in_force": len(cat.current), "withdrawn_works": len(cat.withdrawn_works)},
        "countries": [],
    }
    jobs = [(profile, rows, seed, out) for profile in PROFILES[:countries]]
    global _CATALOGUE
    _CATALOGUE = cat
    try:
        if len(jobs) > 1 and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            # each country has its own random streams, so the files are the same made side by side; the
            # forked workers share the catalogue read above (10 countries: 45 s one after another)
            with multiprocessing.get_context("fork").Pool(min(len(jobs), os.cpu_count() or 1)) as pool:
                model["countries"] = pool.map(_write_country, jobs, chunksize=1)
        else:
            model["countries"] = [_write_country(job) for job in jobs]
    finally:
        _CATALOGUE = None
    (out / "synthetic.json").write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return model


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--countries", type=int, default=1, help=f"how many countries, 1 to {len(PROFILES)} "
                    f"({', '.join(p.code for p in PROFILES)}; default 1)")
    ap.add_argument("--out", type=Path, required=True, help="folder for the CSV files and synthetic.json")
    ap.add_argument("--rows", type=int, default=NOMINAL_ROWS, help=f"rows per country (default {NOMINAL_ROWS})")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default ../shared/data)")
    args = ap.parse_args(argv)
    model = generate(args.out, args.countries, args.rows, args.seed, args.shared)
    for c in model["countries"]:
        deg = "  ".join(f"{k} {v:.1%}" for k, v in c["degree_shares"].items())
        print(f"{c['file']}: {c['rows']:,} rows, {c['adopting_share']:.1%} adopting ({deg}), "
              f"coverage of the {c['in_force_is']:,} IS in force {c['coverage']:.1%}")
    print(f"model: {args.out / 'synthetic.json'}")


if __name__ == "__main__":
    main()
