"""The lists behind a rate: every adoption claim, the gaps, and the outdated (stale) adoptions.

>>> from mapper.kg import open_kg
>>> kg = open_kg(":memory:")
>>> any(a.adopting == "GB/T 24001-2016" for a in list_adoptions(kg))
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from mapper.rates import _query, load_query
from mapper.rules import CountingRules
from mapper.store import Store


def _s(value: object) -> str:
    return str(value) if value is not None else ""


def _local(value: object) -> str:
    return str(value).rsplit("/", 1)[-1] if value is not None else ""


@dataclass
class AdoptionRow:
    adopting: str
    adopting_status: str
    adopting_title_zh: str
    adopting_title_en: str
    adopted: str
    adopted_status: str
    adopted_title_en: str
    degree: str  # IDT/MOD/NEQ/EQV or "" when not established
    stated_as: str
    method: str
    confidence: str
    sources: list[str]
    graph: str
    notes: str

    def to_json(self) -> dict:
        return asdict(self)


def list_adoptions(store: Store) -> list[AdoptionRow]:
    rows = store.query(load_query("adoptions.rq"))
    out = [
        AdoptionRow(
            adopting=_s(r["nid"]), adopting_status=_local(r["nst"]), adopting_title_zh=_s(r["ntitle_zh"]),
            adopting_title_en=_s(r["ntitle_en"]), adopted=_s(r["iid"]), adopted_status=_local(r["ist"]),
            adopted_title_en=_s(r["ititle_en"]), degree=_local(r["deg"]), stated_as=_s(r["stated"]),
            method=_local(r["method"]), confidence=_s(r["conf"]),
            sources=sorted(_s(r["sources"]).split()), graph=_local(r["graph"]), notes=_s(r["notes"]),
        )
        for r in rows
    ]
    return sorted(out, key=lambda a: (a.adopting, a.adopted, a.graph))


@dataclass
class StaleRow:
    national: str
    national_title_zh: str
    adopted: str
    adopted_status: str
    degree: str
    current: str  # the in-force edition that replaced it ("" when unknown)
    years_behind: int | None

    def to_json(self) -> dict:
        return asdict(self)


def find_stale(store: Store) -> list[StaleRow]:
    rows = store.query(load_query("stale.rq"))
    out: dict[tuple[str, str], StaleRow] = {}
    for r in rows:
        iyear = int(r["iyear"]) if r["iyear"] is not None else None
        cyear = int(r["curyear"]) if r["curyear"] is not None else None
        row = StaleRow(
            national=_s(r["nid"]), national_title_zh=_s(r["ntitle_zh"]), adopted=_s(r["iid"]),
            adopted_status=_local(r["ist"]), degree=_local(r["deg"]), current=_s(r["curid"]),
            years_behind=(cyear - iyear) if iyear and cyear else None,
        )
        key = (row.national, row.adopted)
        # keep the newest current edition when a chain has several
        if key not in out or (row.years_behind or 0) > (out[key].years_behind or 0):
            out[key] = row
    return sorted(out.values(), key=lambda s: (s.national, s.adopted))


@dataclass
class GapRow:
    standard: str
    title_en: str
    issued: str
    committee: str
    strongest: str  # none / NEQ / EQV / unknown — why it is not counted
    older_editions_adopted: list[str]
    older_adopters: list[str]
    pending: list[str]  # national adoptions not yet in force (forthcoming, plans, drafts)

    @property
    def kind(self) -> str:
        return "revision needed" if self.older_editions_adopted else "never adopted"

    def to_json(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind
        return data


def find_gaps(store: Store, rules: CountingRules | None = None) -> list[GapRow]:
    from mapper.rates import RANK_NAMES

    rules = rules or CountingRules()
    rows = _query(store, "gaps.rq", rules)
    out = [
        GapRow(
            standard=_s(r["id"]), title_en=_s(r["title"]), issued=_s(r["issued"]), committee=_s(r["committee"]),
            strongest=RANK_NAMES[int(r["best"]) if r["best"] is not None else None],
            older_editions_adopted=sorted(_s(r["older"]).split("|")) if r["older"] else [],
            older_adopters=sorted(_s(r["older_adopters"]).split("|")) if r["older_adopters"] else [],
            pending=sorted(_s(r["pending"]).split("|")) if r["pending"] else [],
        )
        for r in rows
    ]
    return sorted(out, key=lambda g: g.standard)

