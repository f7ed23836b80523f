"""Standard designations: parse, normalise and describe them.

A *designation* is the reference printed on a standard: ``ISO 14001:2015``,
``ISO/IEC 27001:2013/Amd 1:2024``, ``IEC TS 62443-1-1:2009``, ``GB/T 24001-2016``.
Real sources print them in many ways (full-width characters, em dashes in Chinese years,
``GB/T 24001—2016/ISO 14001:2015`` dual numbers, ``idt ISO 14024:1999`` legacy marks), and the
knowledge graph needs exactly one canonical string per edition, because that string becomes the
IRI (see ``docs/model.md``).

How it works (and why it is not one big regular expression):

* :class:`_Scanner` is a small contextual tokenizer.  It NFKC-normalises the input one character
  at a time, maps every dash to ``-`` and every blank to a space, and keeps a map from each
  normalised character back to its index in the *original* text, so errors point at what the
  user actually typed.
* Each standards body family has a *grammar* (:class:`Grammar`) registered under the prefixes it
  owns (``ISO``, ``IEC``, ``CISPR``, ``IWA`` → :class:`_InternationalGrammar`; ``GB``, ``GBT``,
  ``GBZ`` → :class:`_ChinaGrammar`).  A grammar knows how to read its designations and how to
  write the canonical form.  Adding BS, DIN, EN, JIS … means adding a grammar and registering its
  prefixes with :func:`register_grammar`; nothing else changes.
* Canonical forms follow the publishers' own catalogues: ISO Open Data for ISO-led references
  (``ISO/IEC TS 27022:2021``, ``ISO 14001:2015/Amd 1:2024``) and the IEC webstore for IEC-led ones
  (``IEC TR 60695-7-3:1998``, ``IEC 60529:1989/AMD1:1999``, consolidated
  ``IEC 60335-1:2010+AMD1:2013 CSV``).

Example::

    >>> d = parse("GB/T 24001—2016/ISO 14001:2015")
    >>> d.normalized, d.adopts[0].ref.normalized, d.adopts[0].degree
    ('GB/T 24001-2016', 'ISO 14001:2015', 'IDT')
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field, replace
from typing import NoReturn

__all__ = [
    "BODIES",
    "BodySpec",
    "DegreeError",
    "Designation",
    "DesignationError",
    "Grammar",
    "Implied",
    "Supplement",
    "format_designation",
    "iri_slug",
    "parse",
    "parse_adopted_list",
    "parse_degree",
    "register_grammar",
    "try_parse",
]

# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    """Columns `text` takes in a terminal (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class DesignationError(ValueError):
    """A designation could not be read.

    ``position`` is the 0-based index into the *original* input of the first character that could
    not be read (``len(text)`` when the text ended too early).  ``str(err)`` shows the reason, the
    input and a caret under that character, e.g.::

        cannot read designation: expected a number after 'ISO' at column 5
          ISO x14001
              ^
    """

    def __init__(self, text: str, position: int, reason: str) -> None:
        self.text = text
        self.position = max(0, min(position, len(text)))
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        # control characters (newline, tab …) would break the caret line: show them as spaces
        shown = "".join(
            c if c.isprintable() or unicodedata.east_asian_width(c) in "WF" else " "
            for c in self.text
        )
        pad = " " * _display_width(shown[: self.position])
        return (
            f"cannot read designation: {self.reason} at column {self.position + 1}\n"
            f"  {shown}\n  {pad}^"
        )

    def __reduce__(self):  # keep the error picklable (multiprocessing, caching)
        return (type(self), (self.text, self.position, self.reason))


class DegreeError(ValueError):
    """A degree of correspondence could not be read (``parse_degree``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"cannot read degree of correspondence {text!r}: expected IDT, MOD, NEQ, EQV "
            "(or idt/等同采用/≡, mod/修改采用/≈, neq/非等效采用/≠, eqv/等效采用/=), none or unknown"
        )

    def __reduce__(self):
        return (type(self), (self.text,))


# --------------------------------------------------------------------------------------------
# data classes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Supplement:
    """An amendment, corrigendum or similar document published on top of an edition.

    ``kind`` is ``"Amd"`` or ``"Cor"`` (also ``"Add"``, ``"Ext"``, ``"Suppl"`` for old ISO
    addenda/extensions/supplements and IEC ``"ISH"`` interpretation sheets, ``"FRAG"``
    fragments).  ``stage`` marks a draft supplement (``"D"`` → ``DAM``, ``"FD"`` → ``FDAM``,
    ``"CD"`` → ``CD Amd``).  ``consolidated`` is True for IEC consolidated versions
    (``IEC 60335-1:2010+AMD1:2013 CSV``), where the ``+`` joins the amendment into the base text.
    """

    kind: str
    number: int | None
    year: int | None
    stage: str | None = None
    consolidated: bool = False

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind, "number": self.number, "year": self.year}
        if self.stage:
            out["stage"] = self.stage
        if self.consolidated:
            out["consolidated"] = True
        return out


@dataclass(frozen=True)
class Implied:
    """An adoption stated by the designation itself (dual number, cover note, legacy mark)."""

    ref: "Designation"
    degree: str  # "IDT" | "MOD" | "NEQ" | "EQV"


@dataclass(frozen=True)
class Designation:
    """One parsed designation.  Build it with :func:`parse`; compare and hash freely.

    Equality ignores ``printed`` (the text as given), so ``parse("ISO14001:2015") ==
    parse("ISO 14001:2015")``.  Extension fields beyond the documented contract:

    * ``stage`` — draft stage: ``"D"`` (DIS/DTS …), ``"FD"`` (FDIS), ``"CD"``, ``"WD"``,
      ``"AWI"``, ``"NP"``, ``"PWI"``, ``"PRF"``; China ``"征求意见稿"``, ``"送审稿"``, ``"报批稿"``.
    * ``iteration`` — draft iteration (``ISO/DIS 11612.2`` → 2).
    * ``variant`` — IEC publication variant: ``"CSV"`` consolidated, ``"RLV"`` redline,
      ``"EXV"``, ``"CMV"``, ``"SER"``, ``"DB"`` …

    Example: ``parse("ISO/IEC 17025:2005/Cor 1:2006").work == "ISO/IEC 17025"``.
    """

    body: str
    doc_type: str
    number: str
    part: str | None
    year: int | None
    supplements: tuple[Supplement, ...] = ()
    adopts: tuple[Implied, ...] = ()
    is_draft: bool = False
    printed: str = field(default="", compare=False)
    stage: str | None = None
    iteration: int | None = None
    variant: str | None = None

    def __post_init__(self) -> None:
        # a stage (on the base or on a supplement) or an iteration always means a draft
        if not self.is_draft and (
            self.stage or self.iteration is not None or any(s.stage for s in self.supplements)
        ):
            object.__setattr__(self, "is_draft", True)

    # -- derived views ---------------------------------------------------------------------
    @property
    def normalized(self) -> str:
        """Canonical designation, e.g. ``"ISO 14001:2015/Amd 1:2024"``, ``"GB/T 24001-2016"``."""
        return _grammar_for_body(self.body).render(self, work=False)

    @property
    def work(self) -> str:
        """Undated designation without supplements or draft stage: ``"ISO 14001"``."""
        return _grammar_for_body(self.body).render(self, work=True)

    @property
    def base(self) -> "Designation":
        """The edition itself: no supplements, no stated adoptions, no publication variant."""
        return replace(
            self, supplements=(), adopts=(), variant=None, printed="",
            is_draft=bool(self.stage) or self.iteration is not None
            or (self.is_draft and not any(s.stage for s in self.supplements)),
        )

    @property
    def _spec(self) -> "BodySpec":
        return BODIES.get(self.body.split("/")[0]) or BodySpec(self.body.split("/")[0], (self.body,), "", "")

    @property
    def jurisdiction(self) -> str:
        """``"INT"`` for ISO/IEC/IWA, ISO 3166 code (``"CN"``) for national bodies."""
        return self._spec.jurisdiction

    @property
    def level(self) -> str:
        """``"international"`` or ``"national"`` (the SDO level scheme of docs/model.md)."""
        return self._spec.level

    @property
    def publishers(self) -> tuple[str, ...]:
        """Publishing organisations: ``("ISO", "IEC")`` for ``ISO/IEC``, ``("SAC",)`` for GB."""
        out: list[str] = []
        for name in self.body.split("/"):
            spec = BODIES.get(name)
            for p in spec.publishers if spec else (name,):
                if p not in out:
                    out.append(p)
        return tuple(out)

    def to_json(self) -> dict:
        """JSON-ready dict (stable keys; ``stage``/``iteration``/``variant`` only when set)."""
        out: dict = {
            "input": self.printed or self.normalized,
            "normalized": self.normalized,
            "body": self.body,
            "number": self.number,
            "part": self.part,
            "year": self.year,
            "doc_type": self.doc_type,
            "jurisdiction": self.jurisdiction,
            "level": self.level,
            "is_draft": self.is_draft,
            "work": self.work,
            "supplements": [s.to_json() for s in self.supplements],
            "adopts": [
                {"ref": a.ref.normalized, "degree": a.degree, "parsed": a.ref.to_json()}
                for a in self.adopts
            ],
        }
        for key in ("stage", "iteration", "variant"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

    def __str__(self) -> str:
        return self.normalized


# --------------------------------------------------------------------------------------------
# body registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodySpec:
    """What a body prefix means: who publishes it, where it applies, at which level."""

    name: str
    publishers: tuple[str, ...]
    jurisdiction: str
    level: str


BODIES: dict[str, BodySpec] = {
    spec.name: spec
    for spec in (
        BodySpec("ISO", ("ISO",), "INT", "international"),
        BodySpec("IEC", ("IEC",), "INT", "international"),
        BodySpec("CISPR", ("IEC",), "INT", "international"),  # IEC special committee
        BodySpec("GB", ("SAC",), "CN", "national"),
    )
}

# co-publishers that follow ISO or IEC in joint designations (ISO/IEC/IEEE 8802-3, ISO/ASTM 52900)
_CO_PUBLISHERS = ("IEEE", "ASTM", "ASME", "OECD", "UNDP", "HL7", "SAE", "CIE", "ISO", "IEC")


class Grammar:
    """One body family: reads designations starting at its prefixes and renders them."""

    #: upper-case prefixes this grammar owns, matched at the start of a designation
    prefixes: tuple[str, ...] = ()
    #: bodies (Designation.body lead component) this grammar renders
    bodies: tuple[str, ...] = ()
    #: national grammars may be followed by dual numbers / cover notes stating adoptions
    national: bool = False

    def parse(self, sc: "_Scanner") -> Designation:  # pragma: no cover - interface
        raise NotImplementedError

    def render(self, d: Designation, *, work: bool) -> str:  # pragma: no cover - interface
        raise NotImplementedError


_GRAMMARS: list[Grammar] = []
_PREFIX_RE: re.Pattern[str] | None = None


def register_grammar(grammar: Grammar) -> Grammar:
    """Register a body grammar, so :func:`parse` dispatches its prefixes to it.

    Why: every body family has its own punctuation (``BS EN ISO 14001:2015``,
    ``JIS Q 14001:2015``, ``GOST R ISO 14001-2016``); one grammar per family keeps each small and
    testable.  Example (sketch)::

        class _JISGrammar(Grammar):
            prefixes = ("JIS",)
            bodies = ("JIS",)
            national = True   # accepts dual numbers / cover notes after the designation
            def parse(self, sc): ...
            def render(self, d, *, work): ...

        register_grammar(_JISGrammar())
        BODIES["JIS"] = BodySpec("JIS", ("JSA",), "JP", "national")
    """
    global _PREFIX_RE
    _GRAMMARS.append(grammar)
    names = sorted({p for g in _GRAMMARS for p in g.prefixes}, key=len, reverse=True)
    _PREFIX_RE = re.compile(
        r"(?:%s)(?![A-Za-z])" % "|".join(re.escape(n) for n in names), re.I | re.A
    )
    return grammar


def _grammar_for_body(body: str) -> Grammar:
    lead = body.split("/")[0]
    for g in _GRAMMARS:
        if lead in g.bodies:
            return g
    return _FALLBACK


def _grammar_for_prefix(word: str) -> Grammar:
    up = word.upper()
    for g in _GRAMMARS:
        if up in g.prefixes:
            return g
    raise KeyError(word)  # pragma: no cover - the prefix regex only matches registered prefixes


# --------------------------------------------------------------------------------------------
# scanner (contextual tokenizer with a position map)
# --------------------------------------------------------------------------------------------

_DASHES = dict.fromkeys(
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u30fc\u2500\u2501",
    "-",
)


class _Scanner:
    """Cursor over the NFKC-normalised text with a map back to original positions.

    Each original character is normalised on its own, so every normalised character knows which
    original character it came from (``ＧＢ／Ｔ`` → ``GB/T`` keeps positions 1:1; ``…`` → ``...``
    maps three characters to one).  All blanks become ``" "`` and all dashes ``"-"``.
    """

    def __init__(self, original: str, *, newline: str = " ") -> None:
        self.original = original
        chars: list[str] = []
        pmap: list[int] = []
        for i, ch in enumerate(original):
            for c in unicodedata.normalize("NFKC", ch):
                c = _DASHES.get(c, c)
                if c in "\n\r\u2028\u2029\x85\x0b\x0c":
                    c = newline
                elif c.isspace():
                    c = " "
                chars.append(c)
                pmap.append(i)
        self.s = "".join(chars)
        self.map = pmap
        self.i = 0

    # -- positions and errors
    def orig(self, k: int) -> int:
        return self.map[k] if k < len(self.map) else len(self.original)

    def fail(self, reason: str, at: int | None = None) -> NoReturn:
        k = self.i if at is None else at
        if k >= len(self.s) and self.s.strip():
            reason += " (the text ended)"
        raise DesignationError(self.original, self.orig(k), reason)

    def piece(self, start: int, end: int) -> str:
        """Original text for the normalised span [start, end)."""
        a = self.orig(start)
        b = self.orig(end - 1) + 1 if end > start else a
        return self.original[a:b]

    # -- reading
    def ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def at_end(self) -> bool:
        return self.i >= len(self.s)

    def peek_char(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.match(self.s, self.i)
        if m:
            self.i = m.end()
        return m

    def looking_at(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.match(self.s, self.i)

    def shown(self, k: int | None = None) -> str:
        """A short quote of the text at k for error messages."""
        k = self.i if k is None else k
        m = re.compile(r"[^ ]{1,12}").match(self.s, k)
        return repr(m.group(0)) if m else "nothing"


_A = re.A
_I = re.I | re.A
_WS = re.compile(r" *")
_DIGITS = re.compile(r"[0-9]+")
_YEAR_MIN, _YEAR_MAX = 1900, 2099
_LEGACY_YEAR_MIN = 1946  # ISO was founded in 1947; older 4-digit "parts" are part numbers


def _read_year(sc: _Scanner, after: str) -> int:
    """Read exactly four digits as a year; errors point at the offending digit."""
    m = sc.looking_at(_DIGITS)
    if not m:
        sc.fail(f"expected a 4-digit year after {after!r}")
    digits = m.group(0)
    if len(digits) < 4:
        sc.fail(f"expected a 4-digit year after {after!r}, found {digits!r}")
    if len(digits) > 4:
        sc.fail(f"a year has 4 digits; unexpected extra digit after {digits[:4]!r}", at=m.start() + 4)
    year = int(digits)
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        sc.fail(f"implausible year {digits!r} (expected {_YEAR_MIN}-{_YEAR_MAX})")
    sc.i = m.end()
    return year


# --------------------------------------------------------------------------------------------
# international grammar: ISO, IEC, ISO/IEC, CISPR, IWA and joint co-publishers
# --------------------------------------------------------------------------------------------

_DOC_TYPES = {
    "TS": "TS", "TR": "TR", "PAS": "PAS", "GUIDE": "Guide", "ISP": "ISP", "R": "R",
    "SRD": "SRD", "DATA": "DATA", "TTA": "TTA", "ACEE": "ACEE", "CA": "CA", "WT": "WT",
    "IS": "IS",
}
_SPACED_STAGES = ("CD", "WD", "AWI", "NP", "PWI", "PRF")
_TYPE_ALT = "TS|TR|PAS|GUIDE|ISP|SRD|DATA|TTA|ACEE|CA|WT|R"
_TYPE_RE = re.compile(
    r"(?:(?P<fd>FD|D)(?P<gt>IS|%s)|(?P<sp>%s)(?: *(?P<st>%s))?|(?P<t>%s))(?![A-Za-z0-9])"
    % (_TYPE_ALT, "|".join(_SPACED_STAGES), _TYPE_ALT, _TYPE_ALT),
    _I,
)
_COPUB_RE = re.compile(r" */ *(?P<b>%s)(?![A-Za-z0-9])" % "|".join(_CO_PUBLISHERS), _I)
_NUMBER_RE = re.compile(r"[0-9]+(?:[A-Z](?![A-Za-z0-9]))?", _A)
_PART_RE = re.compile(
    r"-(?P<p>[A-Z]{0,3}[0-9]+[A-Za-z]{0,3}|[A-Z]{1,6})(?![A-Za-z0-9])"
    r"| *- *(?P<q>[0-9]+)(?![A-Za-z0-9])",
    _A,
)
_SUBSHEET_RE = re.compile(r"/(?P<n>[0-9]{1,2})(?![0-9A-Za-z])", _A)
_ITER_RE = re.compile(r"\.(?P<n>[0-9]{1,3})(?![0-9])", _A)
_COLON_RE = re.compile(r" *: *", _A)
_SUPP_KW = {
    "AMD": ("Amd", None), "COR": ("Cor", None), "ADD": ("Add", None), "EXT": ("Ext", None),
    "SUPPL": ("Suppl", None), "ISH": ("ISH", None), "FRAG": ("FRAG", None),
    "DAM": ("Amd", "D"), "FDAM": ("Amd", "FD"), "PDAM": ("Amd", "PD"),
    "DCOR": ("Cor", "D"), "FDCOR": ("Cor", "FD"), "DAD": ("Add", "D"),
}
_SUPP_RE = re.compile(
    r"(?:(?P<st>%s) +)?(?P<kw>%s)(?![A-Za-z])"
    % ("|".join(_SPACED_STAGES), "|".join(sorted(_SUPP_KW, key=len, reverse=True))),
    _I,
)
_SUPP_JOIN_RE = re.compile(r" *(?P<j>[/+]) *| +", _A)
_NEXT_DESIGNATION_RE = re.compile(r" *[A-Za-z]{2,}[A-Za-z0-9]* *:? *[0-9]", _A)
_SUPP_NUM_RE = re.compile(r"[ .]*(?P<n>[0-9]+)", _A)
_VARIANTS = ("EXV-RLV", "EXV-CMV", "EXV", "RLV", "CSV", "CMV", "SER", "DB", "PRV")
_VARIANT_RE = re.compile(r" *(?P<v>%s)(?![A-Za-z0-9-])" % "|".join(_VARIANTS), _I)
# drafted-supplement spellings that glue the stage to the kind (ISO writes DAM, FDAM, DCOR)
_GLUED_SUPP = {(k, s): kw for kw, (k, s) in _SUPP_KW.items() if s}


def _render_supplement(s: Supplement, iec_style: bool) -> str:
    if s.stage:
        word = _GLUED_SUPP.get((s.kind, s.stage)) or f"{s.stage} {s.kind}"
        sep = " "
    elif iec_style or s.kind in ("ISH", "FRAG"):  # IEC-only kinds keep IEC's spelling
        word, sep = s.kind.upper(), ""
    else:
        word, sep = s.kind, " "
    out = word + (f"{sep}{s.number}" if s.number is not None else "")
    return out + (f":{s.year}" if s.year is not None else "")


def _read_supplement(sc: _Scanner, km: re.Match[str]) -> tuple[str, int | None, int | None, str | None]:
    """Read what follows a supplement keyword (already matched as `km`): number, ':year'."""
    kind, glued_stage = _SUPP_KW[km.group("kw").upper()]
    stage = glued_stage or (km.group("st").upper() if km.group("st") else None)
    word = sc.s[km.start():km.end()]
    number = year = None
    save = sc.i
    nm = sc.match(_SUPP_NUM_RE)
    if nm:
        if len(nm.group("n")) > 4:
            sc.fail(f"supplement number {nm.group('n')!r} is too long", at=nm.start("n"))
        number = int(nm.group("n"))
    else:
        sc.i = save
    save = sc.i
    if sc.match(_COLON_RE):
        year = _read_year(sc, ":")
    else:
        sc.i = save
    if number is None and year is None:
        sc.fail(f"expected a number or ':year' after {word!r}")
    if stage and sc.looking_at(_ITER_RE):
        sc.fail("draft iterations of supplements are not supported")
    return kind, number, year, stage


class _InternationalGrammar(Grammar):
    """ISO, IEC, CISPR, IWA and joint designations (``ISO/IEC/IEEE 8802-3:2021``).

    Reads ``BODY[/CO-BODY…][/ or space][stage][type] NUMBER[-PART…][.iteration][:YEAR]``
    followed by supplements (``/Amd 1:2024``, ``/AMD1:2013``, ``+AMD1:2019 CSV``, ``/Cor.1``).

    Legacy year heuristic (Chinese records write ``ISO/IEC Guide 21-1999``, ``ISO 14001-2015``):
    when there is no ``:year`` and the last dash group is exactly four digits between 1946 and
    2099, that group is the year, not a part number.  No ISO or IEC part number is in that range
    in the catalogues this module is tested against.

    Supplement spelling follows the lead publisher's catalogue, so both catalogues meet on one
    IRI: ISO-led ``ISO/IEC 27001:2013/Cor 1:2014`` (IEC's webstore prints ``/COR1:2014`` for the
    same document), IEC-led ``IEC 60601-1-10:2007/AMD1:2013`` (ISO prints ``/Amd 1:2013``).
    """

    prefixes = ("ISO", "IEC", "CISPR", "IWA")
    bodies = ("ISO", "IEC", "CISPR")

    def parse(self, sc: _Scanner) -> Designation:
        start = sc.i
        m = sc.match(re.compile(r"(ISO|IEC|CISPR|IWA)(?![A-Za-z])", _I))
        assert m is not None
        lead = m.group(1).upper()
        names = ["ISO" if lead == "IWA" else lead]
        doc_type, stage = ("IWA", None) if lead == "IWA" else ("IS", None)
        if lead != "IWA":
            while True:
                m = sc.match(_COPUB_RE)
                if not m:
                    break
                b = m.group("b").upper()
                if b in names:
                    sc.fail(f"{b!r} appears twice in the body prefix", at=m.start("b"))
                names.append(b)
            save = sc.i
            m = sc.match(re.compile(r" */ *| *", _A))
            slash = "/" in m.group(0)
            tm = sc.match(_TYPE_RE)
            if tm:
                if tm.group("fd"):
                    stage, doc_type = tm.group("fd").upper(), _DOC_TYPES[tm.group("gt").upper()]
                elif tm.group("sp"):
                    stage = tm.group("sp").upper()
                    doc_type = _DOC_TYPES[tm.group("st").upper()] if tm.group("st") else "IS"
                else:
                    doc_type = _DOC_TYPES[tm.group("t").upper()]
            elif slash:
                sc.fail(f"expected a document type (TS, TR, PAS, Guide …) after '{'/'.join(names)}/'")
            else:
                sc.i = save
        prefix_text = sc.s[start:sc.i].strip()
        sc.ws()
        m = sc.match(_NUMBER_RE)
        if not m:
            sc.fail(f"expected a number after {prefix_text!r}")
        number = m.group(0)
        parts: list[str] = []
        while True:
            m = sc.match(_PART_RE)
            if not m:
                break
            parts.append(m.group("p") or m.group("q"))
        if parts and lead == "IEC" and (m := sc.match(_SUBSHEET_RE)):
            parts[-1] += "/" + m.group("n")  # IEC 60695-2-1/0: sheet numbers
        iteration = None
        if (m := sc.match(_ITER_RE)):  # draft iteration: ISO/DIS 11612.2, ISO/TR 17716.2
            iteration = int(m.group("n"))
        year = None
        save = sc.i
        if sc.match(_COLON_RE):
            year = _read_year(sc, ":")
        else:
            sc.i = save
            if parts and re.fullmatch(r"[0-9]{4}", parts[-1]):
                y = int(parts[-1])
                if _LEGACY_YEAR_MIN <= y <= _YEAR_MAX:  # "ISO 14001-2015" (see class docstring)
                    year = y
                    parts.pop()
        supplements, variant = self._supplements(sc, iec_lead=lead in ("IEC", "CISPR"))
        return Designation(
            body="/".join(names),
            doc_type=doc_type,
            number=number,
            part="-".join(parts) or None,
            year=year,
            supplements=tuple(supplements),
            stage=stage,
            iteration=iteration,
            variant=variant,
        )

    def _supplements(self, sc: _Scanner, iec_lead: bool) -> tuple[list[Supplement], str | None]:
        supplements: list[Supplement] = []
        variant = None
        plain_seen = False
        while True:
            save = sc.i
            if variant is None and (vm := sc.match(_VARIANT_RE)):
                variant = vm.group("v").upper()
                continue
            jm = sc.match(_SUPP_JOIN_RE)
            if not jm:
                break
            joiner = jm.group("j")
            km = sc.match(_SUPP_RE)
            if not km:
                # "/ISO 9001" after a designation is the caller's business (a dual number)
                if joiner and not sc.looking_at(_NEXT_DESIGNATION_RE):
                    sc.fail(f"expected Amd, Cor or another supplement after {joiner!r}")
                sc.i = save  # not ours (a cover note, a dual number, a title …)
                break
            kind, number, year, stage = _read_supplement(sc, km)
            consolidated = joiner == "+" and not plain_seen and variant is None
            if not consolidated:
                plain_seen = True
            supplements.append(Supplement(kind, number, year, stage, consolidated))
        # "+" means a consolidated version for IEC-led references, or when a variant (CSV)
        # says so; otherwise "+Cor.1:2006" is an ordinary corrigendum
        if not (iec_lead or variant):
            supplements = [replace(s, consolidated=False) for s in supplements]
        return supplements, variant

    def render(self, d: Designation, *, work: bool) -> str:
        names = d.body.split("/")
        lead = names[0]
        joint = len(names) > 1
        stage = None if work else d.stage
        if d.doc_type == "IWA":
            prefix = "IWA"
        else:
            if d.doc_type == "IS":
                token = {"D": "DIS", "FD": "FDIS"}.get(stage or "", stage or "")
            elif stage in ("D", "FD"):
                token = stage + d.doc_type
            else:
                token = f"{stage} {d.doc_type}" if stage else d.doc_type
            if not token:
                prefix = d.body
            elif joint:
                prefix = f"{d.body} {token}"
            elif stage or (lead == "ISO" and d.doc_type != "Guide"):
                prefix = f"{d.body}/{token}"
            else:
                prefix = f"{d.body} {token}"  # IEC TR 60695, ISO Guide 82, IEC Guide 115
        out = f"{prefix} {d.number}" + (f"-{d.part}" if d.part else "")
        if work:
            return out
        if d.iteration is not None:
            out += f".{d.iteration}"
        if d.year is not None:
            out += f":{d.year}"
        iec_style = lead in ("IEC", "CISPR")
        cons = [s for s in d.supplements if s.consolidated]
        plain = [s for s in d.supplements if not s.consolidated]
        out += "".join("+" + _render_supplement(s, iec_style) for s in cons)
        if d.variant:
            out += f" {d.variant}"
        out += "".join("/" + _render_supplement(s, iec_style) for s in plain)
        return out


# --------------------------------------------------------------------------------------------
# China: GB, GB/T, GB/Z
# --------------------------------------------------------------------------------------------

_GB_PREFIX_RE = re.compile(r"GB(?: */ *(?P<a>[TZ])|(?P<b>[TZ]))?(?![A-Za-z])", _I)
_GB_DRAFT_RE = re.compile(r" *(?P<p>\( *)?(?P<w>征求意见稿|送审稿|报批稿)(?(p) *\))")
_GB_DASH_RE = re.compile(r" *- *", _A)


class _ChinaGrammar(Grammar):
    """Chinese national standards: ``GB 12345-2010``, ``GB/T 32151.1-2015``, ``GB/Z 1234-2020``.

    Accepts ``GBT`` for ``GB/T``, spaces anywhere between tokens, any dash before the year, and
    legacy two-digit years 50-99 (``GB 2312-80`` → 1980; GB numbering began in the 1950s and
    four-digit years replaced two-digit ones before 2000, so ``-16`` is not a year).
    Parts follow a dot: ``GB/T 1.2-2020`` is number ``1`` part ``2``.
    """

    prefixes = ("GB", "GBT", "GBZ")
    bodies = ("GB",)
    national = True

    def parse(self, sc: _Scanner) -> Designation:
        m = sc.match(_GB_PREFIX_RE)
        assert m is not None
        letter = (m.group("a") or m.group("b") or "").upper()
        doc_type = f"GB/{letter}" if letter else "GB"
        sc.ws()
        nm = sc.match(_DIGITS)
        if not nm:
            sc.fail(f"expected a number after {doc_type!r}")
        number = nm.group(0)
        parts: list[str] = []
        while (pm := sc.match(re.compile(r" *\. *(?P<p>[0-9]+)", _A))):
            parts.append(pm.group("p"))
        year = None
        save = sc.i
        if sc.match(_GB_DASH_RE):
            ym = sc.looking_at(_DIGITS)
            if ym and len(ym.group(0)) == 2 and int(ym.group(0)) >= 50:
                year = 1900 + int(ym.group(0))
                sc.i = ym.end()
            else:
                year = _read_year(sc, "-")
            if sc.peek_char().isalnum() and sc.peek_char().isascii():
                sc.fail(f"unexpected {sc.peek_char()!r} after the year")
        else:
            sc.i = save
        stage = None
        if (dm := sc.match(_GB_DRAFT_RE)):
            stage = dm.group("w")
        return Designation("GB", doc_type, number, ".".join(parts) or None, year, stage=stage)

    def render(self, d: Designation, *, work: bool) -> str:
        out = f"{d.doc_type} {d.number}" + (f".{d.part}" if d.part else "")
        if work:
            return out
        if d.year is not None:
            out += f"-{d.year}"
        if d.stage:
            out += f" {d.stage}"
        return out


class _FallbackGrammar(Grammar):
    """Renders designations of bodies no grammar claims (hand-built Designations)."""

    def render(self, d: Designation, *, work: bool) -> str:
        prefix = d.body if d.doc_type in ("IS", d.body) else f"{d.body} {d.doc_type}"
        out = f"{prefix} {d.number}" + (f"-{d.part}" if d.part else "")
        if not work and d.year is not None:
            out += f":{d.year}"
        if not work:
            out += "".join("/" + _render_supplement(s, False) for s in d.supplements)
        return out


_FALLBACK = _FallbackGrammar()
register_grammar(_InternationalGrammar())
register_grammar(_ChinaGrammar())


# --------------------------------------------------------------------------------------------
# degrees
# --------------------------------------------------------------------------------------------

_DEGREE_WORDS: dict[str, str] = {}
for _deg, _words in {
    "IDT": ("idt", "等同", "等同采用", "等同转化", "≡", "identical"),
    "MOD": ("mod", "修改", "修改采用", "修改转化", "≈", "modified"),
    "NEQ": ("neq", "非等效", "非等效采用", "≠", "not equivalent", "non-equivalent"),
    "EQV": ("eqv", "等效", "等效采用", "=", "equivalent"),
    "none": ("none", "无", "national original"),
    "unknown": ("", "unknown", "n/f", "?", "未知", "待定"),
}.items():
    for _w in _words:
        _DEGREE_WORDS[_w] = _deg


def parse_degree(text: str) -> str:
    """Read a degree of correspondence as written in catalogues and covers.

    Returns ``"IDT"``, ``"MOD"``, ``"NEQ"``, ``"EQV"``, ``"none"`` (adopts nothing) or
    ``"unknown"``.  ``≈`` is MOD: Chinese catalogue records mark 修改采用 with it
    (GB/T 20000.2-2001 "≈ISO/IEC Guide 21-1999" is MOD).  Example: ``parse_degree("等同采用") ==
    "IDT"``.  Raises :class:`DegreeError` for anything else.
    """
    if not isinstance(text, str):
        raise DegreeError(repr(text))
    key = unicodedata.normalize("NFKC", text).strip().strip("()[]").strip()
    key = " ".join(key.split()).casefold()
    try:
        return _DEGREE_WORDS[key]
    except KeyError:
        raise DegreeError(text) from None


_MARK_RE = re.compile(r"(?P<d>idt|mod|neq|eqv)(?![A-Za-z0-9])", _I)
_SYMBOL_RE = re.compile(r"(?P<d>[≡≈≠=])")
_SYMBOL_DEG = {"≡": "IDT", "≈": "MOD", "≠": "NEQ", "=": "EQV"}


# --------------------------------------------------------------------------------------------
# top level
# --------------------------------------------------------------------------------------------


def _parse_core(sc: _Scanner, *, national_notes: bool = True) -> Designation:
    """Dispatch on the body prefix at the cursor and read one designation."""
    assert _PREFIX_RE is not None
    m = sc.looking_at(_PREFIX_RE)
    if not m:
        sc.fail(f"expected a standards body prefix such as ISO, IEC or GB/T, found {sc.shown()}")
    grammar = _grammar_for_prefix(m.group(0))
    start = sc.i
    d = grammar.parse(sc)
    if grammar.national and national_notes:
        d = _parse_adoption_notes(sc, d)
    return replace(d, printed=sc.piece(start, sc.i).strip())


def _parse_international(sc: _Scanner, what: str) -> Designation:
    sc.ws()
    assert _PREFIX_RE is not None
    m = sc.looking_at(_PREFIX_RE)
    if not m or _grammar_for_prefix(m.group(0)).national:
        sc.fail(f"expected an international designation {what}")
    return _parse_core(sc, national_notes=False)


def _parse_adoption_notes(sc: _Scanner, d: Designation) -> Designation:
    """Read what follows a national designation and states an adoption.

    * dual number ``/ISO 14001:2015`` → IDT (only identical adoptions get dual numbers);
    * cover note ``(ISO 14043:2000,IDT)``, ``(ISO/IEC 27000:2018, <title>, IDT)``,
      ``(IDT ISO 9001:2008)``;
    * legacy mark ``idt ISO 14001:1996`` / ``eqv …`` / ``neq …`` / ``mod …``;
    * a draft marker ``征求意见稿`` after the note.
    Identical statements are kept once.
    """
    adopts: list[Implied] = list(d.adopts)

    def add(ref: Designation, degree: str) -> None:
        if all((a.ref, a.degree) != (ref, degree) for a in adopts):
            adopts.append(Implied(ref, degree))

    dual_done = False
    while True:
        save = sc.i
        sc.ws()
        c = sc.peek_char()
        if c == "/" and not dual_done:
            sc.i += 1
            add(_parse_international(sc, "after '/' (dual number)"), "IDT")
            dual_done = True
        elif c == "(" and not sc.looking_at(_GB_DRAFT_RE):
            ref, degree = _parse_cover_note(sc)
            add(ref, degree)
        elif (mm := sc.looking_at(_MARK_RE)) and sc.looking_at(re.compile(r"[A-Za-z]{3} *[A-Za-z]")):
            sc.i = mm.end()
            add(_parse_international(sc, f"after {mm.group('d')!r}"), mm.group("d").upper())
        elif not d.stage and (dm := sc.match(_GB_DRAFT_RE)):
            d = replace(d, stage=dm.group("w"))
        else:
            sc.i = save
            break
    return replace(d, adopts=tuple(adopts))


def _parse_cover_note(sc: _Scanner) -> tuple[Designation, str]:
    open_at = sc.i
    depth, k = 0, sc.i
    close = -1
    while k < len(sc.s):
        if sc.s[k] == "(":
            depth += 1
        elif sc.s[k] == ")":
            depth -= 1
            if depth == 0:
                close = k
                break
        k += 1
    if close < 0:
        sc.fail("this '(' is never closed", at=open_at)
    sc.i += 1
    sc.ws()
    degree = None
    if (mm := sc.match(re.compile(r"(?P<d>idt|mod|neq|eqv) +", _I))):
        degree = mm.group("d").upper()
    ref = _parse_international(sc, "in the cover note")
    sc.ws()
    if degree is None:
        if sc.i >= close:
            sc.fail("expected ', IDT', ', MOD' or ', NEQ' before ')'", at=close)
        if sc.peek_char() not in ",;":
            sc.fail("expected ',' and a degree (IDT, MOD, NEQ) after the designation")
        comma = max(sc.s.rfind(",", sc.i, close), sc.s.rfind(";", sc.i, close))
        deg_text = sc.s[comma + 1:close]
        try:
            degree = parse_degree(deg_text)
        except DegreeError:
            degree = None
        if degree not in ("IDT", "MOD", "NEQ", "EQV"):
            at = comma + 1 + (len(deg_text) - len(deg_text.lstrip()))
            sc.fail(
                "expected a degree (IDT, MOD, NEQ) at the end of the cover note, "
                f"found {deg_text.strip()!r}",
                at=at,
            )
    elif sc.i != close:
        sc.fail("expected ')' after the cover note")
    sc.i = close + 1
    return ref, degree


def parse(text: str) -> Designation:
    """Parse one designation into its canonical :class:`Designation`.

    Accepts the forms real sources print (full-width characters, em dashes, missing or extra
    spaces, lower case, ``GBT``, legacy ``ISO 14001-2015`` years, dual numbers and cover notes on
    Chinese standards).  Raises :class:`DesignationError` — and only that, for any string — with
    the position of the first character that could not be read.

    >>> parse("ＧＢ／Ｔ　２４００１－２０１６").normalized
    'GB/T 24001-2016'
    """
    if not isinstance(text, str):
        raise DesignationError(repr(text), 0, f"expected text, got {type(text).__name__}")
    try:
        sc = _Scanner(text)
        sc.ws()
        if sc.at_end():
            sc.fail("expected a designation, found " + ("empty text" if not text else "only blanks"))
        d = _parse_core(sc)
        sc.ws()
        if not sc.at_end():
            sc.fail(f"unexpected {sc.shown()} after the designation")
        return replace(d, printed=text)
    except DesignationError:
        raise
    except Exception as exc:  # the contract: never anything but DesignationError
        raise DesignationError(text, 0, f"internal error while reading ({exc!r})") from exc


def try_parse(text: str) -> Designation | None:
    """:func:`parse`, or ``None`` when the text is not a readable designation."""
    try:
        return parse(text)
    except DesignationError:
        return None


_ITEM_SEP_RE = re.compile(r"[;、]")
_DEGREE_LEAD_RE = re.compile(r" *(?:[≡≈≠=]|(?:idt|mod|neq|eqv) +)? *", _I)
# free text before the reference: 本标准等同采用ISO国际标准：ISO 14071:2024, 本标准修改采用ISO 9001:2008
_LEAD_TEXT_RE = re.compile(
    r"(?P<t>[^\x00-\x7f][^:;\n0-9]*?):|(?P<u>[^\x00-\x7f]*(?:采用|转化)[^\x00-\x7f]*) *"
)
_CN_DEGREES = (("非等效", "NEQ"), ("等同", "IDT"), ("修改", "MOD"), ("等效", "EQV"))
_TRAIL_DEGREE_RE = re.compile(
    # a degree after the designation, unless it introduces the next one ("…,idt ISO 14024")
    r" *,? *(?:(?P<d>idt|mod|neq|eqv)|\( *(?P<p>idt|mod|neq|eqv) *\))(?![A-Za-z0-9])",
    _I,
)


def _designation_follows(sc: _Scanner, k: int) -> bool:
    """Does a designation (optionally led by a degree mark) start at normalised index k?"""
    assert _PREFIX_RE is not None
    m = _DEGREE_LEAD_RE.match(sc.s, k)
    return bool(m and _PREFIX_RE.match(sc.s, m.end()))
_PAREN_SUPP_RE = re.compile(r" *\( *\+? *", _A)


def parse_adopted_list(text: str) -> list[tuple[Designation, str | None]]:
    """Read a 采用国际标准号 (adopted international standards) catalogue cell.

    Several references may be separated by ``;`` ``；`` ``、`` ``，`` newlines, or ``,`` when
    another designation follows.  Inline degrees: ``ISO 14050:2002,IDT``, ``IDT ISO 14001:2015``,
    ``idt ISO 14024:1999``, ``≈ISO/IEC Guide 21-1999`` (MOD), ``ISO/IEC 17025:2005 (+Cor.1:2006)``
    (the corrigendum joins the designation) and ``本标准等同采用ISO国际标准：ISO 14071:2024`` (IDT).
    A cell that only says none/unknown (``无``, ``n/f``) gives ``[]``.

    >>> [(d.normalized, g) for d, g in parse_adopted_list("ISO 14050:2002,IDT; ISO 14001")]
    [('ISO 14050:2002', 'IDT'), ('ISO 14001', None)]
    """
    if not isinstance(text, str):
        raise DesignationError(repr(text), 0, f"expected text, got {type(text).__name__}")
    try:
        if text.strip() == "" or parse_degree(text) in ("none", "unknown"):
            return []
    except DegreeError:
        pass
    try:
        return _parse_adopted_list(text)
    except DesignationError:
        raise
    except Exception as exc:
        raise DesignationError(text, 0, f"internal error while reading ({exc!r})") from exc


def _parse_adopted_list(text: str) -> list[tuple[Designation, str | None]]:
    sc = _Scanner(text, newline=";")  # a line break separates items like ';'
    out: list[tuple[Designation, str | None]] = []
    while True:
        while sc.match(re.compile(r"[ ;、\n,]+")):
            pass
        if sc.at_end():
            break
        degree: str | None = None
        if (mm := sc.match(_SYMBOL_RE)):
            degree = _SYMBOL_DEG[mm.group("d")]
            sc.ws()
        elif (mm := sc.match(re.compile(r"(?P<d>idt|mod|neq|eqv) +", _I))):
            degree = mm.group("d").upper()
        elif (lm := sc.match(_LEAD_TEXT_RE)):
            for word, deg in _CN_DEGREES:
                if word in (lm.group("t") or lm.group("u")):
                    degree = deg
                    break
            sc.ws()
        start = sc.i
        d = _parse_core(sc, national_notes=False)
        # "(+Cor.1:2006)": a supplement in brackets belongs to the designation
        save = sc.i
        if sc.match(_PAREN_SUPP_RE) and (km := sc.match(_SUPP_RE)):
            kind, number, year, stage = _read_supplement(sc, km)
            sc.ws()
            if sc.peek_char() != ")":
                sc.fail("expected ')' after the supplement")
            sc.i += 1
            d = replace(d, supplements=d.supplements + (Supplement(kind, number, year, stage),))
        else:
            sc.i = save
        printed = sc.piece(start, sc.i).strip()
        tm = sc.looking_at(_TRAIL_DEGREE_RE)
        if tm and not (tm.group("d") and _designation_follows(sc, tm.start("d"))):
            sc.i = tm.end()  # "…,idt ISO 14024" would introduce the next reference instead
            degree = (tm.group("d") or tm.group("p")).upper()
        out.append((replace(d, printed=printed), degree))
        sc.ws()
        if sc.at_end():
            break
        if not (
            sc.looking_at(_ITEM_SEP_RE)
            or (sc.peek_char() == "," and _designation_follows(sc, sc.i + 1))
        ):
            sc.fail(f"unexpected {sc.shown()}; expected ';' or another designation")
    return out


def iri_slug(normalized: str) -> str:
    """IRI-safe, reversible slug of a normalised designation (docs/model.md, "Slug rule").

    >>> iri_slug("GB/T 24001-2016")
    'GB%2FT_24001-2016'
    """
    return urllib.parse.quote(normalized.replace(" ", "_"), safe="-._~:")


def format_designation(d: Designation) -> str:
    """The canonical string of `d` (same as ``d.normalized``)."""
    return d.normalized

