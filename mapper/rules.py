"""Counting rules: every choice behind a rate, as data, printed with every result.

China does not publish the formula of its 国际标准转化率; the only stated example counts, per
international standard, the ISO and IEC standards in force that have a national adoption
(../shared/reference/domain-facts.md §1.1). The defaults follow that reading and GB/T 1.2-2020 §4.1.1
(only IDT and MOD are adoption); each one can be switched.

>>> CountingRules().describe()[0]
'Denominator: ISO, IEC standards (ISO/IEC joint counted once) of type IS, in force, without amendments/corrigenda.'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BODIES = ("ISO", "IEC", "ITU")
DOC_TYPES = ("IS", "TS", "TR", "PAS", "IWA", "Guide")
DEGREES = ("IDT", "MOD", "EQV", "NEQ")
LEVELS = ("national", "regional", "industry", "local", "group")
RANK = {"IDT": 4, "MOD": 3, "EQV": 2, "NEQ": 1}


@dataclass(frozen=True)
class CountingRules:
    bodies: tuple[str, ...] = ("ISO", "IEC")
    doc_types: tuple[str, ...] = ("IS",)
    degrees: tuple[str, ...] = ("IDT", "MOD")
    levels: tuple[str, ...] = ("national",)
    country: str | None = None
    ics_prefixes: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    editions: str = "current"  # adoption must be of the current edition itself
    extra_notes: tuple[str, ...] = field(default=())

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

    def describe(self) -> list[str]:
        scope = []
        if self.ics_prefixes:
            scope.append("ICS " + ", ".join(self.ics_prefixes))
        if self.committees:
            scope.append("committee " + ", ".join(self.committees))
        lines = [
            f"Denominator: {', '.join(self.bodies)} standards (ISO/IEC joint counted once) of type "
            f"{', '.join(self.doc_types)}, in force, without amendments/corrigenda.",
            f"Scope: {'; '.join(scope) if scope else 'every international standard in the loaded graph'}.",
            f"Numerator: those with an in-force {'/'.join(self.levels)} adoption"
            f"{' in ' + self.country if self.country else ''} of degree {' or '.join(self.degrees)} "
            "of the same edition (an adoption of an earlier edition does not count).",
            "Reported apart: NEQ, legacy EQV and claims whose degree is not established"
            + (" (each counted in the numerator only when listed above)." if set(self.degrees) & {"NEQ", "EQV"} else "."),
            "Status as recorded in the sources (in force = 现行/current).",
        ]
        return lines + list(self.extra_notes)

    def describe_zh(self) -> list[str]:
        scope = []
        if self.ics_prefixes:
            scope.append("ICS " + "、".join(self.ics_prefixes))
        if self.committees:
            scope.append("技术委员会 " + "、".join(self.committees))
        return [
            f"分母：{'、'.join(self.bodies)} 发布的现行{'、'.join(self.doc_types)}类国际标准（ISO/IEC 联合标准计一次，不含修改单和勘误）。",
            f"范围：{'；'.join(scope) if scope else '已载入图谱中的全部国际标准'}。",
            f"分子：其中已被现行{'国家' if self.levels == ('national',) else '/'.join(self.levels)}标准"
            f"{'（' + self.country + '）' if self.country else ''}以 {'或'.join(self.degrees)} 程度采用同一版本者（采用旧版本不计）。",
            "非等效（NEQ）、旧等效（EQV）及采用程度未确定者单列。",
            "状态以来源记载为准（现行 = 有效）。",
        ]

    def counted_ranks(self) -> list[int]:
        return sorted((RANK[d] for d in self.degrees), reverse=True)

    def to_json(self) -> dict:
        data = asdict(self)
        data["description"] = self.describe()
        data["description_zh"] = self.describe_zh()
        return data
