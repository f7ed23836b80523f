"""Counting rules: every choice behind a rate, as data, printed with every result.

China does not publish the formula of its 国际标准转化率; the only stated example counts, per
international standard, the ISO and IEC standards in force that have a national adoption
(../shared/reference/domain-facts.md §1.1). The defaults follow that reading and GB/T 1.2-2020 §4.1.1
(only IDT and MOD are adoption); each one can be switched, and `describe()` says in words what was
counted. docs/analytics.md gives the exact semantics of each switch and of the as-of date.

>>> CountingRules().describe()[0]
'Denominator: ISO, IEC, ISO/IEC standards (ISO/IEC joint counted once) of type IS, current edition, in force (as recorded), without amendments/corrigenda.'
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from mapper.resources import named_toml

#: publishing bodies of the denominator, told apart by the designation (ISO/IEC = joint documents,
#: including ISO/IEC/IEEE; CISPR is IEC's; IWA is ISO's)
BODIES = ("ISO", "IEC", "ISO/IEC", "ITU")
DOC_TYPES = ("IS", "TS", "TR", "PAS", "IWA", "Guide")
DEGREES = ("IDT", "MOD", "EQV", "NEQ")
LEVELS = ("national", "regional", "industry", "local", "group")
EDITIONS = ("current", "any")
RANK = {"IDT": 4, "MOD": 3, "EQV": 2, "NEQ": 1}


class ScopeError(ValueError):
    """A named scope that does not exist or a scope file that cannot be read."""


@dataclass(frozen=True)
class Scope:
    """A named scope: a standard is in it when it matches any ICS prefix, committee or listed designation.

    Scope files are TOML (`standards/scopes/*.toml`); a file may also hold `[groups.NAME]` tables, each a
    scope of its own (`cfp-pilot-2024/tyres`), and the file's scope is the union of its groups.
    """

    name: str
    title_en: str = ""
    title_zh: str = ""
    ics: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str = ""

    def union(self, other: Scope) -> Scope:
        return replace(
            self,
            ics=tuple(dict.fromkeys(self.ics + other.ics)),
            committees=tuple(dict.fromkeys(self.committees + other.committees)),
            standards=tuple(dict.fromkeys(self.standards + other.standards)),
            sources=tuple(dict.fromkeys(self.sources + other.sources)),
        )


def _scope_from_table(name: str, table: dict, path: Path) -> Scope:
    known = {"title_en", "title_zh", "ics", "committees", "standards", "sources", "note", "groups"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ScopeError(f"{path}: scope {name!r}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}")

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ScopeError(f"{path}: scope {name!r}: {key} must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    return Scope(name, str(table.get("title_en", "")), str(table.get("title_zh", "")), strings("ics"),
                 strings("committees"), strings("standards"), strings("sources"), str(table.get("note", "")))


def scope_dir() -> Path:
    from mapper.resources import resource_dir

    return resource_dir("standards") / "scopes"


def available_scopes() -> list[str]:
    """Names of the shipped scopes and their groups (`file` and `file/group`), sorted."""
    names: list[str] = []
    for path in sorted(scope_dir().glob("*.toml")):
        names.append(path.stem)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        names.extend(f"{path.stem}/{g}" for g in sorted(data.get("groups", {})))
    return names


def load_scope(spec: str) -> Scope:
    """A shipped scope by name (`carbon-footprint-ghg`, `cfp-pilot-2024/tyres`) or a TOML file by path."""
    name, _, group = spec.partition("/") if not spec.endswith(".toml") else (spec, "", "")
    path, data = named_toml(spec if spec.endswith(".toml") else name, scope_dir(), "scope", available_scopes,
                            missing=ScopeError, bad=ScopeError)
    label = path.stem if spec.endswith(".toml") else name
    whole = _scope_from_table(label, data, path)
    groups = data.get("groups", {})
    if not isinstance(groups, dict):
        raise ScopeError(f"{path}: groups must be tables ([groups.NAME])")
    parts = {g: _scope_from_table(f"{label}/{g}", t, path) for g, t in groups.items()}
    if group:
        if group not in parts:
            raise ScopeError(f"{path}: no group {group!r}; groups: {', '.join(sorted(parts))}")
        return replace(parts[group], sources=tuple(dict.fromkeys(parts[group].sources + whole.sources)))
    for part in parts.values():
        whole = whole.union(part)
    return whole


def parse_date(text: str) -> _dt.date:
    """`2025-12-31`, or `2025` (the year's end) or `2025-06` (the month's end)."""
    text = text.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return _dt.date(int(text), 12, 31)
        if len(text) == 7 and text[4] == "-":
            y, m = int(text[:4]), int(text[5:])
            return month_end(y, m)
        return _dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r}; expected YYYY-MM-DD, YYYY-MM or YYYY") from exc


def day_of(value: object) -> _dt.date | None:
    """The date a stored value (an xsd:date or xsd:dateTime term, or its text) names; None when there is none
    or it is not a date."""
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def months_between(a: _dt.date, b: _dt.date) -> int:
    """Whole months from a to b (docs/analytics.md): (b.year − a.year) × 12 + (b.month − a.month)
    − (1 if b.day < a.day else 0) for a ≤ b; for b < a, minus the whole months from b to a.

    >>> months_between(_dt.date(2015, 9, 15), _dt.date(2025, 9, 14))
    119
    >>> months_between(_dt.date(2016, 3, 15), _dt.date(2016, 1, 20))
    -1
    """
    if b < a:
        return -months_between(b, a)
    return (b.year - a.year) * 12 + (b.month - a.month) - (1 if b.day < a.day else 0)


def month_end(year: int, month: int) -> _dt.date:
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1)


@dataclass(frozen=True)
class CountingRules:
    bodies: tuple[str, ...] = ("ISO", "IEC", "ISO/IEC")
    doc_types: tuple[str, ...] = ("IS",)
    degrees: tuple[str, ...] = ("IDT", "MOD")
    levels: tuple[str, ...] = ("national",)
    country: str | None = None
    ics_prefixes: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()  # explicit list of designations (undated = every edition of the work)
    scope: Scope | None = None  # a named scope; united with the three lists above
    editions: str = "current"  # "current": the in-force edition itself must be adopted; "any": any edition of the work
    as_of: _dt.date | None = None  # None: statuses as recorded; a date: as they stood that day, from the dates
    extra_notes: tuple[str, ...] = field(default=())  # notes a command adds to the rules, in English …
    extra_notes_zh: tuple[str, ...] = field(default=())  # … and in Chinese

    def __post_init__(self) -> None:
        for name, allowed, values in (
            ("body", BODIES, self.bodies), ("document type", DOC_TYPES, self.doc_types),
            ("degree", DEGREES, self.degrees), ("level", LEVELS, self.levels),
        ):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValueError(f"unknown {name} {', '.join(bad)}; expected one of {', '.join(allowed)}")
            if not values:
                raise ValueError(f"at least one {name} must be counted")
        if self.editions not in EDITIONS:
            raise ValueError(f"unknown editions rule {self.editions!r}; expected one of {', '.join(EDITIONS)}")

    # -- the scope, all sources together ------------------------------------------------------------
    @property
    def scope_ics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.ics_prefixes + (self.scope.ics if self.scope else ())))

    @property
    def scope_committees(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.committees + (self.scope.committees if self.scope else ())))

    @property
    def scope_standards(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.standards + (self.scope.standards if self.scope else ())))

    @property
    def scoped(self) -> bool:
        return bool(self.scope_ics or self.scope_committees or self.scope_standards)

    def at(self, as_of: _dt.date | None) -> CountingRules:
        return replace(self, as_of=as_of)

    # -- words --------------------------------------------------------------------------------------
    def _scope_words(self, zh: bool = False) -> str:
        sep = "、" if zh else ", "
        parts = []
        if self.scope is not None:
            title = (self.scope.title_zh if zh else self.scope.title_en) or self.scope.name
            parts.append(("范围文件 " if zh else "named scope ") + f"{self.scope.name} ({title})")
        if self.ics_prefixes:
            parts.append("ICS " + sep.join(self.ics_prefixes))
        if self.committees:
            parts.append(("技术委员会 " if zh else "committee ") + sep.join(self.committees))
        if self.standards:
            parts.append(("列出的标准 " if zh else "listed standards ") + sep.join(self.standards))
        if not parts:
            return "已载入图谱中的全部国际标准" if zh else "every international standard in the loaded graph"
        return ("；" if zh else "; ").join(parts) + ("（任一即可）" if zh else " (any of them)")

    def subject(self, zh: bool = False) -> str:
        """What is counted, in one line: the adopting country (when set) and the scope."""
        scope = self._scope_words(zh)
        if not self.country:
            return scope
        from mapper.labels import Labels

        label = Labels("zh" if zh else "en")
        key = f"country.{self.country}"
        name = label(key) if label.has(key) else self.country
        return f"{name}：{scope}" if zh else f"{name}: {scope}"

    def describe(self) -> list[str]:
        when = (f"in force on {self.as_of.isoformat()} (from issue, withdrawal and replacement dates)"
                if self.as_of else "in force (as recorded)")
        edition = "current edition" if self.editions == "current" else "one entry per work (any edition)"
        lines = [
            f"Denominator: {', '.join(self.bodies)} standards (ISO/IEC joint counted once) of type "
            f"{', '.join(self.doc_types)}, {edition}, {when}, without amendments/corrigenda.",
            f"Scope: {self._scope_words()}.",
            f"Numerator: those with an {'in-force' if not self.as_of else 'on that day in-force'} "
            f"{'/'.join(self.levels)} adoption{' in ' + self.country if self.country else ''} of degree "
            f"{' or '.join(self.degrees)} "
            + ("of the same edition (an adoption of an earlier edition does not count)."
               if self.editions == "current" else "of any edition of the work."),
            "Reported apart: NEQ, legacy EQV and claims whose degree is not established"
            + (" (each counted in the numerator only when listed above)." if set(self.degrees) & {"NEQ", "EQV"} else "."),
            ("Status as recorded in the sources (in force = 现行/current)." if not self.as_of else
             "A standard is in force from its implementation date (else its issue date) until it is withdrawn "
             "or its successor comes into force; one recorded as withdrawn or superseded with no date for it is "
             "left out of every as-of count."),
        ]
        return lines + list(self.extra_notes)

    def describe_zh(self) -> list[str]:
        when = f"在 {self.as_of.isoformat()} 有效（按发布、废止、代替日期推算）" if self.as_of else "现行"
        edition = "现行版本" if self.editions == "current" else "按标准（任一版本）计一次"
        return [
            f"分母：{'、'.join(self.bodies)} 发布的{when}{'、'.join(self.doc_types)}类国际标准，{edition}"
            "（ISO/IEC 联合标准计一次，不含修改单和勘误）。",
            f"范围：{self._scope_words(zh=True)}。",
            f"分子：其中已被{'当日有效的' if self.as_of else '现行'}"
            f"{'国家' if self.levels == ('national',) else '/'.join(self.levels)}标准"
            f"{'（' + self.country + '）' if self.country else ''}以 {'或'.join(self.degrees)} 程度采用"
            + ("同一版本者（采用旧版本不计）。" if self.editions == "current" else "任一版本者。"),
            "非等效（NEQ）、旧等效（EQV）及采用程度未确定者单列。",
            "状态以来源记载为准（现行 = 有效）。" if not self.as_of else
            "标准自实施日期（无则发布日期）起有效，至废止或被代替标准实施之日止；记为废止或被代替但无日期者不计入任何时点。",
        ] + list(self.extra_notes_zh)

    def with_note(self, en: str, zh: str) -> CountingRules:
        """These rules with one more note (both languages), unless it is there already."""
        if en in self.extra_notes:
            return self
        return replace(self, extra_notes=self.extra_notes + (en,), extra_notes_zh=self.extra_notes_zh + (zh,))

    def counted_ranks(self) -> list[int]:
        return sorted((RANK[d] for d in self.degrees), reverse=True)

    def to_json(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["scope"] = self.scope.name if self.scope else None
        data["scope_ics"] = list(self.scope_ics)
        data["scope_committees"] = list(self.scope_committees)
        data["scope_standards"] = list(self.scope_standards)
        data["description"] = self.describe()
        data["description_zh"] = self.describe_zh()
        return data
