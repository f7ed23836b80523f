"""The lists behind a rate: every adoption claim, the gaps, and the outdated (stale) adoptions.

Gaps and stale adoptions follow docs/analytics.md: which rows qualify is decided in SPARQL
(queries/gaps.rq, queries/stale.rq, each with its counting rule in a comment); Python only shapes the
rows, counts whole months between dates and sorts.

>>> from mapper.kg import open_kg
>>> kg = open_kg(":memory:")
>>> any(a.adopting == "GB/T 24001-2016" for a in list_adoptions(kg))
True
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from string import Template

from mapper.rates import RANK_NAMES, _date, _literal, items_query, load_query, scope_filter, strip_comments
from mapper.rules import RANK, CountingRules, day_of, months_between
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
    # a pair stated by two sources: in the order of the sources' file names, not of the graph names (hashes
    # of the files' absolute paths, which differ from one checkout to another)
    origin = {_local(i.graph): i.origin.rsplit("/", 1)[-1] for i in store.sources()}
    return sorted(out, key=lambda a: (a.adopting, a.adopted, origin.get(a.graph, ""), a.graph))


GAP_SORTS = ("id", "age", "committee", "ics")


def _list(value: object) -> list[str]:
    return sorted({v for v in str(value).split("|") if v}) if value is not None else []


def _in_force_as_of(var: str, prefix: str, day: _dt.date | str) -> str:
    """queries/gaps_in_force_as_of.rq for the standard `var` on `day` (a date, or a variable such as
    "?asof"); its helper variables start with `prefix`."""
    text = strip_comments(load_query("gaps_in_force_as_of.rq"))
    return Template(text).substitute(v=var, p=prefix, asof=day if isinstance(day, str) else _date(day))


def _in_force(var: str, prefix: str, rules: CountingRules) -> str:
    return _in_force_as_of(var, prefix, rules.as_of) if rules.as_of is not None else f"{var} sm:status smst:current ."


def _start(var: str, prefix: str) -> str:
    return (f"OPTIONAL {{ {var} sm:effective ?{prefix}eff }} OPTIONAL {{ {var} dcterms:issued ?{prefix}iss }} "
            f"OPTIONAL {{ {var} sm:year ?{prefix}yr }}\n    BIND(COALESCE(?{prefix}eff, ?{prefix}iss, "
            f'STRDT(CONCAT(STR(?{prefix}yr), "-12-31"), xsd:date)) AS ?{prefix}start)')


def _items(rules: CountingRules) -> str:
    # as mapper.rates._query: the comment header of the embedded rows is left out
    return strip_comments(items_query(rules))


def _levels(rules: CountingRules) -> str:
    return " ".join(f"smlv:{lv}" for lv in rules.levels)


def _country(rules: CountingRules, org: str) -> str:
    return f"{org} sm:jurisdiction {_literal(rules.country)} ." if rules.country else ""


# -- stale -------------------------------------------------------------------------------------------------
@dataclass
class StaleRow:
    national: str
    national_title_zh: str
    adopted: str
    adopted_status: str  # the adopted edition's recorded status (superseded, withdrawn …; "" when none)
    degree: str  # strongest claimed degree of the pair; "" when not established
    current: str  # the in-force edition reached through replacement links ("" when none)
    current_issued: str | None
    editions_behind: int | None
    months_behind: int | None
    years_behind: int | None  # designation years, current − adopted (kept for the overview report)

    def to_json(self) -> dict:
        return asdict(self)


def stale_query(rules: CountingRules) -> str:
    as_of = rules.as_of is not None
    day = _date(rules.as_of) if as_of else ""
    return Template(load_query("stale.rq")).substitute(
        asof_bind=f"BIND({day} AS ?asof)" if as_of else "",
        levels=_levels(rules),
        country=_country(rules, "?np"),
        national_in_force=_in_force("?n", "n", rules),
        counted=", ".join(map(str, rules.counted_ranks())),
        adopted_out_of_force=(
            f"FILTER(EXISTS {{ ?i sm:withdrawn ?iwd . FILTER(?iwd <= {day}) }} || "
            f"EXISTS {{ ?i dcterms:isReplacedBy ?isucc . ?isucc sm:effective|dcterms:issued ?isd . FILTER(?isd <= {day}) "
            f"FILTER NOT EXISTS {{ ?isucc sm:effective ?iseff . FILTER(?iseff > {day}) }} }})"
            if as_of else
            "?i sm:status ?ist1 . FILTER(?ist1 IN (smst:superseded, smst:withdrawn))"),
        current_in_force=_in_force_as_of("?cur", "c", "?asof") if as_of else "?cur sm:status smst:current .",
        scope=scope_filter(rules, var="?i"),
    )


def find_stale(store: Store, rules: CountingRules | None = None, today: _dt.date | None = None) -> list[StaleRow]:
    """National standards in force that adopt an international edition no longer in force
    (docs/analytics.md). `today` stands in for the as-of date when the rules have none (default: today)."""
    rules = rules or CountingRules()
    until = rules.as_of or today or _dt.date.today()
    out = []
    for r in store.query(stale_query(rules)):
        start = day_of(r["curstart"])
        iyear = int(r["iyear"]) if r["iyear"] is not None else None
        cyear = int(r["curyear"]) if r["curyear"] is not None else None
        has_current = r["curid"] is not None
        rank = int(r["rank"]) if r["rank"] is not None else 0
        out.append(StaleRow(
            national=_s(r["nid"]), national_title_zh=_s(r["ntitle_zh"]), adopted=_s(r["iid"]),
            adopted_status=_local(r["ist"]), degree=RANK_NAMES[rank] if rank else "",
            current=_s(r["curid"]),
            current_issued=str(r["curissued"])[:10] if r["curissued"] is not None else None,
            editions_behind=int(r["steps"]) if has_current and r["steps"] is not None else None,
            months_behind=months_between(start, until) if has_current and start else None,
            years_behind=(cyear - iyear) if has_current and iyear and cyear else None,
        ))
    return sorted(out, key=lambda s: (s.national, s.adopted, s.current))


# -- gaps --------------------------------------------------------------------------------------------------
@dataclass
class GapRow:
    standard: str
    title_en: str
    issued: str
    committee: str  # the owning committee(s) as recorded, "; " between several
    strongest: str  # none / NEQ / EQV / unknown — why it is not counted
    older_editions_adopted: list[str]
    older_adopters: list[str]
    pending: list[str]  # national adoptions not yet in force (forthcoming, plans, drafts)
    ics: list[str] = field(default_factory=list)
    waiting_months: int | None = None
    start: str = ""  # the date waiting_months counts from (not part of the JSON output)

    @property
    def kind(self) -> str:
        return "revision needed" if self.older_editions_adopted else "never adopted"

    def to_json(self) -> dict:
        return {
            "standard": self.standard, "title_en": self.title_en, "issued": self.issued,
            "committee": self.committee, "ics": list(self.ics), "waiting_months": self.waiting_months,
            "strongest": self.strongest, "kind": self.kind,
            "older_editions_adopted": list(self.older_editions_adopted),
            "older_adopters": list(self.older_adopters), "pending": list(self.pending),
        }


def gaps_queries(rules: CountingRules) -> tuple[str, str, str]:
    """The texts of gaps.rq (the gaps), gaps_older.rq and gaps_pending.rq under `rules`."""
    as_of = rules.as_of is not None
    counted_degrees = " ".join(f"smdeg:{d}" for d in sorted(rules.degrees, key=lambda d: -RANK[d]))
    gaps = Template(load_query("gaps.rq")).substitute(
        items=_items(rules), counted=", ".join(map(str, rules.counted_ranks())))
    older = Template(load_query("gaps_older.rq")).substitute(
        counted_degrees=counted_degrees, levels=_levels(rules), older_country=_country(rules, "?onp"),
        older_in_force=_in_force("?on", "o", rules))
    pending = Template(load_query("gaps_pending.rq")).substitute(
        levels=_levels(rules), pending_country=_country(rules, "?pnp"),
        pending_state=(_start("?pn", "p") + f"\n    FILTER(BOUND(?pstart) && ?pstart > {_date(rules.as_of)})" if as_of else
                       "?pn sm:status ?pst . FILTER(?pst IN (smst:forthcoming, smst:underDevelopment))"))
    return gaps, older, pending


def _gap_key(sort: str):
    if sort == "id":
        return lambda g: g.standard
    if sort == "age":  # longest waiting first; unknown start last
        return lambda g: (g.waiting_months is None, -(g.waiting_months or 0), g.standard)
    if sort == "committee":  # none recorded last
        return lambda g: (not g.committee, g.committee, g.standard)
    if sort == "ics":  # by the first ICS code; none recorded last
        return lambda g: (not g.ics, g.ics, g.standard)
    raise ValueError(f"unknown sort {sort!r}; expected one of {', '.join(GAP_SORTS)}")


def find_gaps(store: Store, rules: CountingRules | None = None, *, sort: str = "id",
              today: _dt.date | None = None) -> list[GapRow]:
    """The units of the rate denominator not adopted at a counted degree (docs/analytics.md).
    `today` stands in for the as-of date when the rules have none (default: today)."""
    rules = rules or CountingRules()
    key = _gap_key(sort)
    until = rules.as_of or today or _dt.date.today()
    out = []
    gaps_text, older_text, pending_text = gaps_queries(rules)
    older: dict[str, set[tuple[str, str]]] = {}
    for r in store.query(older_text):
        older.setdefault(str(r["s"]), set()).add((_s(r["olderid"]), _s(r["oldnid"])))
    pending: dict[str, set[str]] = {}
    by = "s" if rules.editions == "current" else "work"
    for r in store.query(pending_text):
        pending.setdefault(str(r[by]), set()).add(_s(r["pendid"]))
    for r in store.query(gaps_text):
        start = day_of(r["start"])
        pairs = older.get(str(r["s"]), set())
        out.append(GapRow(
            standard=_s(r["id"]), title_en=_s(r["title"]),
            issued=str(r["issued"])[:10] if r["issued"] is not None else "",
            committee="; ".join(_list(r["committees"])),
            strongest=RANK_NAMES[int(r["best"]) if r["best"] is not None else None],
            older_editions_adopted=sorted({o for o, _ in pairs}), older_adopters=sorted({n for _, n in pairs}),
            pending=sorted(pending.get(str(r["s"] if by == "s" else r["work"]), set())), ics=_list(r["ics"]),
            waiting_months=months_between(start, until) if start else None,
            start=start.isoformat() if start else "",
        ))
    return sorted(out, key=key)
