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
  write the canonical form.  Regional and national bodies (EN/CEN/CENELEC, BS, DIN, NF, ÖNORM,
  UNE, SS, SN, JIS, KS, GOST/ГОСТ, AS/NZS, ANSI, CSA, IS (India), SANS, TCVN, SNI, ITU-T, China's
  industry/local/group standards) have one grammar each on the shared :class:`_NationalGrammar`
  machinery; each grammar's docstring states its year rule for implied adoptions, and why.
* A national designation that republishes another under its own prefix (``BS EN ISO``,
  ``ГОСТ Р ИСО``, ``CAN/CSA-ISO``) keeps the embedded designation in ``via`` and states nested
  IDT adoptions in ``adopts``; a year carried over to an adopted reference from the adopting
  designation is marked ``Implied.year_stated = False``.  Every ``doc_type`` a grammar can produce
  is listed in :data:`DOCUMENT_TYPES` (and declared in ontology/schemes.ttl).
* A designation names ONE document.  BSI's companion documents and products (addenda,
  supplements, amendment slips, national annexes, handbooks, methods, ExComm, ``- TC`` …) parse as
  documents or variants; ranges, lists, sets and packages fail with "names several documents".
  The decision for each class is the table in :class:`_BritishGrammar`.
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

import dataclasses
import functools
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from typing import NoReturn, Sequence

__all__ = [
    "BODIES",
    "DOCUMENT_TYPES",
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


class _computed_once:
    """``functools.cached_property`` without its lock: Python 3.11 takes a lock on each first access,
    and an import creates ~100,000 Designations and asks each for its canonical form. Two threads
    computing the same frozen value at once both get the same result, so no lock is needed."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(frozen=True)
class Supplement:
    """An amendment, corrigendum or similar document published on top of an edition.

    ``kind`` is ``"Amd"`` or ``"Cor"`` (also ``"Add"``, ``"Ext"``, ``"Suppl"`` for old ISO
    addenda/extensions/supplements and IEC ``"ISH"`` interpretation sheets, ``"FRAG"``
    fragments).  ``stage`` marks a draft supplement (``"D"`` → ``DAM``, ``"FD"`` → ``FDAM``,
    ``"CD"`` → ``CD Amd``).  ``consolidated`` is True for IEC consolidated versions
    (``IEC 60335-1:2010+AMD1:2013 CSV``), where the ``+`` joins the amendment into the base text.
    ``month`` is the issue month of a national supplement dated by month (``/AC:2016-11``,
    BSI ``Amd 1 (09/15)``, ``Amendment 2:August 2013``).  BSI's old addenda and supplements
    (``BS 2000-0:Addendum No. 1:1987``, ``BS 970-3 Supplement No. 1:1973``) are kinds ``"Add"`` and
    ``"Suppl"``; a BSI fragment (``BS EN IEC 55011 Fragment 4``) is ``"FRAG"``.
    """

    kind: str
    number: int | None
    year: int | None
    stage: str | None = None
    consolidated: bool = False
    month: int | None = None

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind, "number": self.number, "year": self.year}
        if self.month is not None:
            out["month"] = self.month
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
    #: False when ``ref.year`` was not printed for the adopted document but carried over from the
    #: adopting designation (``BS EN ISO 21647:2009`` → ``EN ISO 21647:2009`` → ``ISO 21647:2009``:
    #: 2009 is the EN/BS publication year; the ISO edition is 2004).  The dated reference is kept
    #: (the catalogue year usually agrees), but a consumer may accept an earlier edition of the work.
    #: Not part of equality: it says how the year was obtained, not which document is meant.
    year_stated: bool = field(default=True, compare=False)

    def to_json(self) -> dict:
        out: dict = {"ref": self.ref.normalized, "degree": self.degree, "parsed": self.ref.to_json()}
        if not self.year_stated:
            out["year_stated"] = False
        return out


@dataclass(frozen=True)
class Designation:
    """One parsed designation.  Build it with :func:`parse`; compare and hash freely.

    Equality ignores ``printed`` (the text as given), so ``parse("ISO14001:2015") ==
    parse("ISO 14001:2015")``.  Extension fields beyond the documented contract:

    * ``stage`` — draft stage: ``"D"`` (DIS/DTS …), ``"FD"`` (FDIS), ``"CD"``, ``"WD"``,
      ``"AWI"``, ``"NP"``, ``"PWI"``, ``"PRF"``; China ``"征求意见稿"``, ``"送审稿"``, ``"报批稿"``.
    * ``iteration`` — draft iteration (``ISO/DIS 11612.2`` → 2).
    * ``variant`` — IEC publication variant: ``"CSV"`` consolidated, ``"RLV"`` redline,
      ``"EXV"``, ``"CMV"``, ``"SER"``, ``"DB"`` …; CSA ``"M"`` (metric, ``-M91``), ``"F"``
      (French edition, ``:F20``) and ``"PDF"``; an edition suffix ``"ED1"``
      (``HD IEC 60364-8-81 ED1``); BSI products of one standard: ``"TC"`` (tracked changes),
      ``"ExComm"`` / ``"ExComm (Fire)"`` (expert commentary), ``"PDF"``, ``"Book"``,
      ``"CD & Book"``, ``"Handbook"``, ``"Issue 3.1"``, ``"Version 3.0"`` (EP), ``"v2.0"`` (Flex).
    * ``prefix`` — national and regional grammars: the canonical text printed before the number or
      the embedded designation, separator included (``"BS "``, ``"CAN/CSA-"``, ``"JIS Q "``,
      ``"DB11/T "``, ``"T/CECS "``, ``"prEN "``).
    * ``via`` — the undated regional or international designation a national one republishes
      (``BS EN ISO 14001:2015`` → ``EN ISO 14001``).  It drives the printed form; what is adopted,
      with which year, is in ``adopts`` (see :func:`_imply`).
    * ``month`` — DIN/ÖNORM issue month (``DIN EN 1335-1:2023-07``), ITU-T approval month.
    * ``reaffirmed`` — CSA reaffirmation year (``CAN/CSA-ISO 14001-16 (R2021)``).
    * ``cited`` — references in brackets this module cannot read as designations (GOST's
      ``(UNECE STANDARD FFV-57:2010)``, ``(ASTM D129-18)``) or that state no degree (old BSI
      ``BS 6221-1:1990 (IEC 60326-1:1984)``, ``(AMD 16783)``): kept as text, outside equality.
    * ``annex_to`` — the designation a UK National Annex belongs to (``NA to BS EN 1996-2:2006``);
      the annex is a document of its own (doc_type ``"NA"``) and adopts nothing.

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
    prefix: str | None = None
    via: "Designation | None" = None
    month: int | None = None
    reaffirmed: int | None = None
    cited: tuple[str, ...] = field(default=(), compare=False)
    annex_to: "Designation | None" = None

    def __post_init__(self) -> None:
        # a stage (on the base or on a supplement) or an iteration always means a draft
        if not self.is_draft and (
            self.stage or self.iteration is not None or (self.supplements and any(s.stage for s in self.supplements))
        ):
            object.__setattr__(self, "is_draft", True)

    # -- derived views ---------------------------------------------------------------------
    @_computed_once  # a frozen value: rendered once (an import asks hundreds of thousands of times)
    def normalized(self) -> str:
        """Canonical designation, e.g. ``"ISO 14001:2015/Amd 1:2024"``, ``"GB/T 24001-2016"``."""
        return _grammar_for_body(self.body).render(self, work=False)

    @_computed_once  # a frozen value: rendered once (an import asks hundreds of thousands of times)
    def work(self) -> str:
        """Undated designation without supplements or draft stage: ``"ISO 14001"``."""
        return _grammar_for_body(self.body).render(self, work=True)

    @_computed_once  # a frozen value: an import asks for it once per reference and row
    def base(self) -> "Designation":
        """The edition itself: no supplements, no stated adoptions, no publication variant."""
        return copy_with(
            self, supplements=(), adopts=(), printed="",
            variant=self.variant if self.prefix is not None else None,  # CSA "-M91" is identity
            is_draft=bool(self.stage) or self.iteration is not None
            or (self.is_draft and not any(s.stage for s in self.supplements)),
        )

    @property
    def _spec(self) -> "BodySpec":
        lead = self.body.split("/")[0]
        return BODIES.get(self.body) or BODIES.get(lead) or BodySpec(lead, (self.body,), "", "")

    @property
    def jurisdiction(self) -> str:
        """``"INT"`` for ISO/IEC/IWA, ISO 3166 code (``"CN"``) for national bodies."""
        return self._spec.jurisdiction

    @property
    def level(self) -> str:
        """``international``, ``regional``, ``national``, ``industry``, ``local`` or ``group``."""
        return self._spec.level

    @property
    def publishers(self) -> tuple[str, ...]:
        """Publishing organisations: ``("ISO", "IEC")`` for ``ISO/IEC``, ``("SAC",)`` for GB."""
        out: list[str] = []
        whole = BODIES.get(self.body)
        for name in (whole.name,) if whole else self.body.split("/"):
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
            "adopts": [a.to_json() for a in self.adopts],
        }
        for key in ("stage", "iteration", "variant", "month", "reaffirmed"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.via is not None:
            out["via"] = self.via.work
        if self.annex_to is not None:
            out["annex_to"] = self.annex_to.normalized
        return out

    def __str__(self) -> str:
        return self.normalized


_FIELDS = frozenset(f.name for f in dataclasses.fields(Designation))
#: fields the canonical form does not depend on: a copy changing only these keeps `normalized` and `work`
_RENDER_FREE = frozenset({"printed", "adopts", "cited"})
_CACHED = ("normalized", "work")
#: the fields __post_init__ reads to decide `is_draft`
_DRAFT_FIELDS = frozenset({"is_draft", "stage", "iteration", "supplements"})


def copy_with(obj, /, **changes):
    """``dataclasses.replace``, quicker for a :class:`Designation`.

    Why: parsing and importing copy Designations hundreds of thousands of times per catalogue, and
    the generic ``replace`` (field introspection, keyword ``__init__``, one ``object.__setattr__`` per
    field) was a large share of an import.  The copy is the same value: the ``__post_init__`` rule
    (a stage or an iteration means a draft) is applied here, and the canonical form already rendered is
    kept when no field but ``printed``, ``adopts`` or ``cited`` changes value (rendering reads none of
    them).
    Other dataclasses (``Supplement``) go to ``dataclasses.replace``.

    >>> copy_with(parse("ISO 14001:2015"), year=2004).normalized
    'ISO 14001:2004'
    """
    if type(obj) is not Designation or not changes.keys() <= _FIELDS:
        return dataclasses.replace(obj, **changes)
    old = obj.__dict__
    new = object.__new__(Designation)
    state = new.__dict__
    state.update(old)
    state.pop("base", None)
    state.update(changes)
    if any(name not in _RENDER_FREE and old[name] != value for name, value in changes.items()):
        for name in _CACHED:
            state.pop(name, None)
    if not state["is_draft"] and not _DRAFT_FIELDS.isdisjoint(changes) and (
        state["stage"] or state["iteration"] is not None or any(s.stage for s in state["supplements"] or ())
    ):
        state["is_draft"] = True  # (changes to other fields leave the original's draft flag right)
    return new


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
        r"(?:%s)(?![A-Za-z])" % "|".join(re.escape(n) for n in names), re.I
    )
    return grammar


def _grammar_for_body(body: str) -> Grammar:
    lead = body.split("/")[0]
    for g in _GRAMMARS:
        if lead in g.bodies:
            return g
    return _FALLBACK


def _fresh(grammar: Grammar) -> Grammar:
    """A per-call copy: national grammars keep what they read while parsing on ``self``."""
    if getattr(grammar, "national", False) or hasattr(grammar, "lead"):
        # what copy.copy does for these plain objects (no slots, no custom copying), without its detours
        cls = type(grammar)
        fresh = cls.__new__(cls)
        fresh.__dict__.update(grammar.__dict__)
        return fresh
    return grammar


def _grammar_for_prefix(word: str) -> Grammar:
    up = word.upper().replace(" ", "")
    for g in _GRAMMARS:
        if up in g.prefixes:
            return g
    raise KeyError(word)  # pragma: no cover - the prefix regex only matches registered prefixes


# --------------------------------------------------------------------------------------------
# scanner (contextual tokenizer with a position map)
# --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _ascii_blanks(newline: str) -> dict[int, str]:
    """str.translate table: ASCII line breaks → `newline`, other ASCII blanks → a space (as _Scanner does)."""
    table = {ord(c): " " for c in map(chr, range(128)) if c.isspace()}
    table.update({ord(c): newline for c in "\n\r\x0b\x0c"})
    return table


_ASCII_BLANKS_NL = _ascii_blanks(" ")

_DASHES = dict.fromkeys(
    "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u30fc\u2500\u2501",
    "-",
)


# Russian designations use Cyrillic words that mean exactly the Latin ones (ГОСТ Р ИСО/МЭК/ТС …).
# Each is replaced by a Latin word of the same length, so positions stay 1:1 for error carets.
# (ТУ "технические условия" renders ISO/TS 16949; МФС "международный функциональный стандарт" is ISP)
_CYRILLIC = {"ГОСТ": "GOST", "ИСО": "ISO", "МЭК": "IEC", "ЕН": "EN", "ТС": "TS", "ТУ": "TS", "ТО": "TR",
             "Р": "R", "МФС": "ISP"}
_CYRILLIC_RE = re.compile(r"(?<![^\W\d_])(ГОСТ|ИСО|МЭК|ЕН|ТС|ТУ|ТО|Р|МФС)(?![^\W\d_])", re.I)


def _transliterate(s: str) -> str:
    if not any("\u0400" <= c <= "\u04ff" for c in s):
        return s
    return _CYRILLIC_RE.sub(lambda m: _CYRILLIC[m.group(1).upper()], s)


class _Scanner:
    """Cursor over the NFKC-normalised text with a map back to original positions.

    Each original character is normalised on its own, so every normalised character knows which
    original character it came from (``ＧＢ／Ｔ`` → ``GB/T`` keeps positions 1:1; ``…`` → ``...``
    maps three characters to one).  All blanks become ``" "`` and all dashes ``"-"``.
    """

    def __init__(self, original: str, *, newline: str = " ") -> None:
        self.original = original
        self.i = 0
        #: > 0 while a national grammar reads an embedded designation: the inner grammar stops after
        #: the number and parts, and the national grammar reads the year in its own style
        self.bare = 0
        if original.isascii():  # the common case: NFKC changes nothing, no dashes or Cyrillic to map
            self.s = original.translate(_ASCII_BLANKS_NL if newline == " " else _ascii_blanks(newline))
            self.map: Sequence[int] = range(len(original))
            return
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
        self.s = _transliterate("".join(chars))
        self.map = pmap

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
        m = _rx(r"[^ ]{1,12}").match(self.s, k)
        return repr(m.group(0)) if m else "nothing"


# plain ints: re.compile looks a pattern up in its cache faster than with RegexFlag members
_A = int(re.A)
_I = int(re.I | re.A)
#: re.compile for patterns written inline in the grammars (an lru_cache hit is cheaper than re's own cache)
_rx = functools.lru_cache(maxsize=256)(re.compile)
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
_COPUB_RE = re.compile(r"(?: */ *| +)(?P<b>%s)(?![A-Za-z0-9])" % "|".join(_CO_PUBLISHERS), _I)
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
        m = sc.match(_rx(r"(ISO|IEC|CISPR|IWA)(?![A-Za-z])", _I))
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
            m = sc.match(_rx(r" */ *| *", _A))
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
        if sc.bare:  # embedded in a national designation: the national grammar reads the rest
            return Designation("/".join(names), doc_type, number, "-".join(parts) or None, None,
                               stage=stage, iteration=iteration)
        year = None
        save = sc.i
        if sc.match(_COLON_RE):
            year = _read_year(sc, ":")
        else:
            sc.i = save
            if parts and _rx(r"[0-9]{4}").fullmatch(parts[-1]):
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
        if supplements and not (iec_lead or variant):
            supplements = [copy_with(s, consolidated=False) if s.consolidated else s for s in supplements]
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
        while (pm := sc.match(_rx(r" *\. *(?P<p>[0-9]+)", _A))):
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
# national and regional grammars
# --------------------------------------------------------------------------------------------
#
# Shared shape: PREFIX [embedded regional/international designation | own number] YEAR
# [supplements] [body-specific tail], then (national bodies) dual numbers and cover notes.
# ``Designation.prefix`` keeps the canonical lead text (separator included), ``via`` the embedded
# undated designation; the year rules that decide what ``adopts`` says are in :func:`_imply` and
# in each grammar's ``link`` attribute:
#
# * ``"keep"`` — the printed year is also the year of the embedded designation (BS, UNE, SS, SN,
#   KS, IS/ISO, ANSI/ISO; EN ISO towards ISO);
# * ``"once"`` — the printed year is a national issue date; it dates the embedded designation one
#   level down but no further (DIN, NF, ÖNORM: ``DIN EN ISO 13849-1:2008-12`` →
#   ``EN ISO 13849-1:2008`` → ``ISO 13849-1``);
# * ``None`` — the year is the national approval year only: the embedded reference is undated
#   (GOST, AS/NZS, CSA, TCVN, SNI, EN IEC …).

#: every doc_type a grammar can produce → its meaning; each is a concept of smdt:scheme
#: (local name ``mapper.ingest.to_rdf.doc_type_iri``: GB/T → GBT, GB/Z → GBZ, others iri_slug)
DOCUMENT_TYPES: dict[str, str] = {
    "IS": "International Standard (ISO, IEC and their joint bodies)",
    "TS": "Technical Specification (of any body: ISO/TS, CEN/TS, CLC/TS …)",
    "TR": "Technical Report (of any body)",
    "PAS": "Publicly Available Specification (ISO/PAS, IEC PAS, BSI PAS)",
    "IWA": "International Workshop Agreement",
    "Guide": "Guide (ISO/IEC Guide, CEN Guide …)",
    "ISP": "International Standardized Profile",
    "TTA": "Technology Trends Assessment",
    "R": "ISO Recommendation (before 1972)",
    "DATA": "ISO data publication",
    "SRD": "IEC Systems Reference Deliverable",
    "ACEE": "IEC ACEE publication",
    "CA": "IEC Conformity Assessment document",
    "WT": "IEC Workshop Technical agreement",
    "GB": "China: mandatory national standard",
    "GB/T": "China: recommended national standard",
    "GB/Z": "China: national guidance technical document",
    "STD": "regional or national full standard (EN, BS, DIN, JIS, GOST, CSA, IS (India) …)",
    "PD": "BSI Published Document",
    "DD": "BSI Draft for Development",
    "HD": "CENELEC Harmonization Document",
    "ENV": "European Prestandard (ENV)",
    "CR": "CEN/CENELEC Report (CR)",
    "CWA": "CEN/CENELEC Workshop Agreement",
    "ES": "CENELEC European Specification (ES)",
    "Rec": "ITU-T Recommendation",
    "HB": "BSI Handbook (Handbook 3:1985, HB 10146:1998)",
    "NA": "UK National Annex to a Eurocode (NA to BS EN 1996-2:2006)",
    "BS-AMD": "BSI amendment slip, numbered in BSI's amendment series (AMD 7602)",
    "EP": "BSI electronic publication (EP 526:2001)",
    "PP": "BSI practical guide publication (PP 7307:1986)",
    "Flex": "BSI Flex standard, versioned (BSI Flex 1886 v2.0:2024-09)",
    "DC": "BSI draft for public comment (24/30488529 DC)",
    "IR": "CSA America Interim Requirement (CSA AMERICA INTERIM REQUIREMENT 1.09)",
    "CN-IND": "China: mandatory industry standard (行业标准)",
    "CN-IND-T": "China: recommended industry standard (推荐性行业标准, …/T)",
    "CN-IND-Z": "China: industry guidance technical document (…/Z)",
    "CN-DB": "China: mandatory local standard (地方标准, DBxx)",
    "CN-DB-T": "China: recommended local standard (DBxx/T)",
    "CN-DB-Z": "China: local guidance technical document (DBxx/Z)",
    "CN-T": "China: group standard (团体标准, T/…)",
}

# China's industry standard codes (行业标准代号, as registered with SAC)
_CN_INDUSTRY = (
    "AQ BB CB CH CJ CY DA DB DL DZ EJ FZ GA GH GM GY HB HG HJ HS HY JB JC JG JGJ JR JT JY LB LD LS LY "
    "MH MT MZ NB NY QB QC QJ QX RB SB SC SF SH SJ SL SN SW SY TB TD TY WB WH WJ WM WS XB XF YB YC YD "
    "YJ YS YY YZ ZY"
).split()
_CN_INDUSTRY.remove("DB")  # DB is the local-standard prefix (DB11/T …)

for _spec in (
    BodySpec("ITU-T", ("ITU",), "INT", "international"),
    BodySpec("CEN", ("CEN",), "EU", "regional"),
    BodySpec("CENELEC", ("CENELEC",), "EU", "regional"),
    BodySpec("BS", ("BSI",), "GB", "national"),
    BodySpec("DIN", ("DIN",), "DE", "national"),
    BodySpec("NF", ("AFNOR",), "FR", "national"),
    BodySpec("ÖNORM", ("ASI",), "AT", "national"),
    BodySpec("UNE", ("UNE",), "ES", "national"),
    BodySpec("SS", ("SIS",), "SE", "national"),
    BodySpec("SN", ("SNV",), "CH", "national"),
    BodySpec("JIS", ("JISC",), "JP", "national"),
    BodySpec("GOST R", ("Rosstandart",), "RU", "national"),
    # interstate standards of the CIS (EASC); the SHACL jurisdiction pattern has no code for it
    BodySpec("GOST", ("EASC",), "INT", "regional"),
    BodySpec("KS", ("KATS",), "KR", "national"),
    BodySpec("AS", ("SA",), "AU", "national"),
    BodySpec("NZS", ("SNZ",), "NZ", "national"),
    BodySpec("AS/NZS", ("SA", "SNZ"), "AU", "national"),
    BodySpec("ANSI", ("ANSI",), "US", "national"),
    BodySpec("IEEE", ("IEEE",), "INT", "international"),
    BodySpec("ASQ", ("ASQ",), "US", "national"),
    BodySpec("CSA", ("CSA",), "CA", "national"),
    BodySpec("IS", ("BIS",), "IN", "national"),
    BodySpec("SANS", ("SABS",), "ZA", "national"),
    BodySpec("TCVN", ("STAMEQ",), "VN", "national"),
    BodySpec("SNI", ("BSN",), "ID", "national"),
    BodySpec("CN-DB", ("CN-DB",), "CN", "local"),
    BodySpec("CN-T", ("CN-T",), "CN", "group"),
    *(BodySpec(f"CN-{code}", ("CN-IND",), "CN", "industry") for code in _CN_INDUSTRY),
):
    BODIES[_spec.name] = _spec


def _year2(yy: int) -> int:
    """Two-digit years (CSA ``-16``, GOST ``-94``): 40-99 → 19xx, 00-39 → 20xx."""
    return 1900 + yy if yy >= 40 else 2000 + yy


_NSUPP_RE = re.compile(
    r" *(?P<j>[/+])? *(?:(?P<ac>AC)(?P<acn>[0-9]{0,2})|(?P<a>A)(?P<an>[0-9]{0,4})(?![0-9]|\.[0-9])"
    r"|(?P<w>AMD|AMENDMENT|COR|FRAG)\.? *(?P<n>[0-9]{0,4}))(?![A-Za-z])",
    _I,
)


def _read_national_supplements(sc: _Scanner, two_digit: bool = False) -> tuple[Supplement, ...]:
    """``+A1:2013``, ``/A1``, ``+AC:2009``, ``/AC2:2009``, ``/Amd 1:2016``, `` AMD2``, ``/FRAG1``;
    CSA writes ``/A1:15`` (two-digit year).  ``+`` marks a consolidated version (EN, CSA)."""
    out: list[Supplement] = []
    while True:
        save = sc.i
        m = sc.match(_NSUPP_RE)
        if not m or not (m.group("j") or m.group("w")):
            sc.i = save
            break
        if m.group("ac") is not None:
            kind, num = "Cor", m.group("acn")
        elif m.group("a") is not None:
            kind, num = "Amd", m.group("an")
        else:
            w = m.group("w").upper()
            kind, num = {"AMD": "Amd", "AMENDMENT": "Amd", "COR": "Cor", "FRAG": "FRAG"}[w], m.group("n")
        year = month = None
        save2 = sc.i
        if (mm := sc.match(_MONTH_NAME_YEAR_RE)):  # BS 7671 Amendment 2:August 2013
            month, year = _MONTH_NAMES[mm.group("mon").lower()[:3]], int(mm.group("y"))
            if not _YEAR_MIN <= year <= _YEAR_MAX:
                sc.fail(f"implausible year {mm.group('y')!r} (expected {_YEAR_MIN}-{_YEAR_MAX})", at=mm.start("y"))
        elif (mm := sc.match(_PAREN_MONTH_YEAR_RE)):  # PD 5500 Amd 1 (09/15)
            month, year = int(mm.group("m")), _year2(int(mm.group("y")))
            if not 1 <= month <= 12:
                sc.fail(f"implausible month {mm.group('m')!r}", at=mm.start("m"))
        elif sc.match(_COLON_RE):
            ym = sc.looking_at(_DIGITS)
            if two_digit and ym and len(ym.group(0)) == 2:
                year = _year2(int(ym.group(0)))
                sc.i = ym.end()
            else:
                year = _read_year(sc, ":")
                if (mm := sc.match(_DASH_MONTH_RE)):  # EN 61375-2-3:2015/AC:2016-11
                    month = int(mm.group("m"))
                    if not 1 <= month <= 12:
                        sc.fail(f"implausible month {mm.group('m')!r}", at=mm.start("m"))
        else:
            sc.i = save2
        number = int(num) if num else None
        if number is None and year is None and kind != "Cor":
            sc.fail("expected an amendment number or ':year'", at=m.end())
        out.append(Supplement(kind, number, year, consolidated=m.group("j") == "+", month=month))
    return tuple(out)


_MONTH_NAMES = {m: k for k, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_NAME_YEAR_RE = re.compile(
    r" *: *(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December) +(?P<y>[0-9]{4})(?![0-9])", _I)
_PAREN_MONTH_YEAR_RE = re.compile(r" *\( *(?P<m>[0-9]{2}) */ *(?P<y>[0-9]{2}) *\)", _A)
_DASH_MONTH_RE = re.compile(r"-(?P<m>[0-9]{2})(?![0-9])", _A)


def _render_national_supplements(d: Designation, two_digit: bool = False) -> str:
    out = ""
    for s in d.supplements:
        if s.kind in _BS_COMPANION_WORDS:  # BSI: " Addendum No. 1:1975", " Supplement No. 1:1972"
            out += f" {_BS_COMPANION_WORDS[s.kind]}" + (f" No. {s.number}" if s.number is not None else "")
        else:
            word = {"Amd": "A", "Cor": "AC"}.get(s.kind, s.kind)
            out += ("+" if s.consolidated else "/") + word + (str(s.number) if s.number is not None else "")
        if s.year is not None:
            out += f":{s.year % 100:02d}" if two_digit else f":{s.year}"
            if s.month is not None:
                out += f"-{s.month:02d}"
    return out


_BS_COMPANION_WORDS = {"Add": "Addendum", "Suppl": "Supplement"}


def _render_edition(d: Designation) -> str:
    if d.variant == "TC":
        return " - TC"
    return f" {d.variant}" if d.variant and d.variant.startswith("ED") else ""


def _embedded_grammar(sc: _Scanner) -> "Grammar | None":
    assert _PREFIX_RE is not None
    m = sc.looking_at(_PREFIX_RE)
    if not m:
        return None
    g = _grammar_for_prefix(m.group(0))
    return None if g.national else g


def _read_embedded(sc: _Scanner, allowed: tuple[type, ...]) -> Designation | None:
    """An embedded regional/international designation, read bare (no year, no supplements)."""
    g = _embedded_grammar(sc)
    if g is None or not isinstance(g, allowed):
        return None
    sc.bare += 1
    try:
        d = _fresh(g).parse(sc)
    finally:
        sc.bare -= 1
    return d


def _imply(d: Designation, trust: str = "stated") -> Designation:
    """Derive ``adopts`` from ``via`` (republication under a national/regional prefix is IDT).

    The embedded reference gets a year only when the designation states it (see the ``link``
    rules at the top of this section); a year carried over once (``"once"``) goes no deeper.
    """
    if d.via is None:
        return d
    g = _grammar_for_body(d.body)
    policy = g.link_for(d) if isinstance(g, _NationalGrammar) else None
    if policy == "none":
        return d
    year, inner_trust = None, "stated"
    if d.year is not None and trust == "stated" and policy in ("keep", "once"):
        year, inner_trust = d.year, ("stated" if policy == "keep" else "derived")
    via = g.adopted(d.via) if isinstance(g, _NationalGrammar) else d.via
    ref = _imply(copy_with(via, year=year), inner_trust)
    implied = Implied(ref, "IDT", year_stated=year is None)  # a year here is always carried over
    return copy_with(d, adopts=(implied,) + tuple(a for a in d.adopts if a != implied))


_NUM_PARTS_RE = re.compile(r" *- *(?P<p>[A-Z]? ?[0-9]+(?:\.[0-9]+)*[A-Z]{0,2})(?![A-Za-z0-9])", _I)


# an edition suffix (``HD IEC 60364-8-81 ED1``) or BSI's tracked-changes product (`` - TC``)
_EDITION_RE = re.compile(r" +(?P<e>ED[0-9]+)(?![A-Za-z0-9])| *- *(?P<tc>TC)(?![A-Za-z0-9])", _I)


class _NationalGrammar(Grammar):
    """Shared machinery of the national and regional grammars (see the section comment).

    Subclasses set ``lead_re`` and implement :meth:`lead`; most only adjust the number pattern,
    the year style and the ``link`` rule.
    """

    national = True
    lead_re: re.Pattern[str]
    number_re = re.compile(r"[0-9]+(?:\.[0-9]+)*", _A)
    #: embedded grammars accepted after the prefix (filled in once all classes exist)
    embeds: tuple[type, ...] = ()
    link: str | None = "keep"
    #: default degree of a parenthesised reference without a degree (GOST: MOD), None = required
    paren_degree: str | None = None
    #: how a year may be written: ":" (ISO style), "-" (GOST/GB style) or both
    year_seps = ":-"
    canonical_year_sep = ":"
    months = False
    extra_part_re: re.Pattern[str] | None = None

    def link_for(self, d: Designation) -> str | None:
        return self.link

    def adopted(self, via: Designation) -> Designation:
        """The adopted document named by the embedded designation (a body may spell it its own way)."""
        return via

    def lead(self, m: re.Match[str], sc: _Scanner) -> tuple[str, str, str]:
        """(canonical prefix without separator, body, doc_type)"""
        raise NotImplementedError

    def separator(self, prefix: str, via: Designation | None) -> str:
        return " "

    def read_number(self, sc: _Scanner, prefix: str) -> tuple[str, list[str]]:
        m = sc.match(self.number_re)
        if not m:
            sc.fail(f"expected a number after {prefix.strip()!r}")
        number = m.group(0).upper()
        number = " ".join(number.split())
        parts = []
        while (pm := sc.match(_NUM_PARTS_RE)):
            parts.append(" ".join(pm.group("p").upper().split()))
        return number, parts

    def pop_year(self, parts: list[str]) -> int | None:
        """A dash-written year (``AS 1170.2-2011``, ``ANSI C63.10-2020``) is the last dash group."""
        if "-" in self.year_seps and parts and _rx(r"[0-9]{4}").fullmatch(parts[-1]):
            y = int(parts[-1])
            if _YEAR_MIN <= y <= _YEAR_MAX:
                parts.pop()
                return y
        return None

    def read_year(self, sc: _Scanner) -> tuple[int | None, int | None]:
        save = sc.i
        if ":" in self.year_seps and sc.match(_COLON_RE):
            year = _read_year(sc, ":")
            month = None
            if self.months and (mm := sc.match(_rx(r"-(?P<m>[0-9]{2})(?![0-9])", _A))):
                month = int(mm.group("m"))
                if not 1 <= month <= 12:
                    sc.fail(f"implausible month {mm.group('m')!r}", at=mm.start("m"))
            return year, month
        sc.i = save
        return None, None

    def tail(self, sc: _Scanner, fields: dict) -> None:
        """Body-specific text after the supplements (CSA reaffirmation …)."""

    def parse(self, sc: _Scanner) -> Designation:
        m = sc.match(self.lead_re)
        if m is None:
            sc.fail("expected a designation prefix")
        prefix, body, doc_type = self.lead(m, sc)
        sc.match(_rx(r" *(?:- *)?", _A))
        via = _read_embedded(sc, self.embeds) if self.embeds else None
        fields: dict = {}
        if via is not None:
            via = self.adjust_via(via, fields)
            number, parts = via.number, list((via.part or "").split("-")) if via.part else []
            if via.doc_type not in ("IS", "STD"):
                doc_type = via.doc_type
            if via.stage:
                fields["stage"] = via.stage
            if self.extra_part_re is not None:
                while (pm := sc.match(self.extra_part_re)):
                    parts.append(pm.group("p").upper())
        else:
            number, parts = self.read_number(sc, prefix)
        prefix = prefix + self.separator(prefix, via)
        year = month = None
        if not sc.bare:
            year, month = self.read_year(sc)
            if year is None:
                year = self.pop_year(parts)
        if via is not None and len(parts) != len((via.part or "").split("-") if via.part else []):
            via = copy_with(via, part="-".join(parts) or None)
        fields.setdefault("variant", None)
        if sc.bare:
            supplements: tuple[Supplement, ...] = ()
        else:
            supplements = self.read_supplements(sc)
            self.tail(sc, fields)
            if fields.get("variant") is None and (vm := sc.match(_EDITION_RE)):
                fields["variant"] = "TC" if vm.group("tc") else vm.group("e").upper()
        d = Designation(
            body=body, doc_type=doc_type, number=number, part="-".join(parts) or None, year=year,
            supplements=supplements + fields.get("late", ()), prefix=prefix, via=via, month=month,
            stage=fields.get("stage"), variant=fields.get("variant"), reaffirmed=fields.get("reaffirmed"),
        )
        d = self.finish(d, sc)
        return d if sc.bare else _imply(d)

    def finish(self, d: Designation, sc: _Scanner) -> Designation:
        return d

    def adjust_via(self, via: Designation, fields: dict) -> Designation:
        return via

    def read_supplements(self, sc: _Scanner) -> tuple[Supplement, ...]:
        return _read_national_supplements(sc)

    def render_year(self, d: Designation) -> str:
        if d.year is None:
            return ""
        out = f"{self.canonical_year_sep}{d.year}"
        if d.month is not None:
            out += f"-{d.month:02d}"
        return out

    def render_core(self, d: Designation) -> str:
        if d.via is not None:
            return d.via.work
        return d.number + (f"-{d.part}" if d.part else "")

    def render(self, d: Designation, *, work: bool) -> str:
        out = (d.prefix or "") + self.render_core(d)
        if work:
            return out
        return out + self.render_year(d) + self.render_tail(d)

    def render_tail(self, d: Designation) -> str:
        return _render_national_supplements(d) + _render_edition(d)


# -- Europe: EN, prEN, ENV, HD, CEN/TS, CLC/TS, CEN/TR, CWA, CR, CEN Guide ---------------------

_EN_LEAD_RE = re.compile(
    r"(?P<st>pr|fpr)?(?P<k>ENV|EN|HD|CWA|CR|ES|CECC)(?![A-Za-z])"
    r"|(?P<o>CEN|CENELEC|CLC)(?: *[/-] *(?P<o2>CENELEC|CLC))?(?: *(?P<ts>/| ) *(?P<t>TS|TR)| +(?P<g>GUIDE))?(?![A-Za-z])",
    _I,
)
_CENELEC_RANGES = ((50000, 59999), (60000, 69999))


class _EuropeanGrammar(_NationalGrammar):
    """European deliverables: ``EN 228:2008``, ``EN ISO 14001:2015``, ``EN IEC 62368-1:2020+A11:2020``,
    ``prEN 14885``, ``CEN/TS 17638:2021``, ``CLC/TS 50701:2021``, ``CEN ISO/TS 12180-1:2007``,
    ``HD 60364-8-1:2019``, ``CEN/CLC Guide 25:2023``, supplements ``+A1:2013`` ``/AC:2009``.

    Publisher: CEN for EN 1-49999 and EN ISO, CENELEC for EN 50000-69999, EN IEC, HD, ES, CECC
    and CLC/…; both for EN ISO/IEC and CEN/CLC.  Adoption rules (Vienna/Frankfurt agreements):
    ``EN ISO`` keeps the ISO number and year, so ``EN ISO 14001:2015`` → ``ISO 14001:2015`` (IDT);
    ``EN IEC`` carries the CENELEC ratification year, which is not the IEC edition year, so
    ``EN IEC 62368-1:2020`` → undated ``IEC 62368-1``; ``EN 60335-1`` (no "IEC") states nothing,
    because CENELEC drops "IEC" exactly when it adds common modifications.  ``CEN ISO/TS``,
    ``ENV ISO``, ``CR ISO``, ``HD IEC``, ``CLC IEC/TS``: IDT, undated.
    """

    prefixes = ("EN", "ENV", "PREN", "FPREN", "PRENV", "HD", "CWA", "CR", "ES", "CECC", "CEN", "CENELEC", "CLC")
    bodies = ("CEN", "CENELEC")
    national = False  # regional: allowed in dual numbers (ГОСТ Р 57416-2017/EN 1844:2013)
    notes = True  # but it may carry cover notes like a national designation
    cites = True  # HD 60364-8-82 (AS BS 7671): a bracketed note without a degree is kept as text
    lead_re = _EN_LEAD_RE
    number_re = re.compile(r"[A-Z]?[0-9]+(?:\.[0-9]+)*(?: +S[0-9]+(?![0-9A-Za-z]))?", _I)
    year_seps = ":"

    def lead(self, m, sc):
        self._org = None
        if m.group("k"):
            k = m.group("k").upper()
            st = {"pr": "pr", "fpr": "Fpr"}.get((m.group("st") or "").lower(), "")
            self._stage = st or None
            doc = {"EN": "STD", "CECC": "STD"}.get(k, k)
            self._kind = k
            return f"{st}{k}", "CEN", doc
        self._stage = None
        orgs = ["CEN" if m.group("o").upper() == "CEN" else "CLC"]
        if m.group("o2"):
            orgs.append("CLC")
        self._kind = "/".join(orgs)
        if m.group("t"):
            return "/".join(orgs) + "/" + m.group("t").upper(), "CEN", m.group("t").upper()
        if m.group("g"):
            return "/".join(orgs) + " Guide", "CEN", "Guide"
        return "/".join(orgs), "CEN", "STD"

    def finish(self, d: Designation, sc: _Scanner) -> Designation:
        if d.via is None and d.doc_type == "STD" and self._kind in ("CEN", "CLC", "CEN/CLC"):
            sc.fail(f"expected TS, TR, Guide or an ISO/IEC designation after {self._kind!r}")
        return copy_with(d, body=self._body(d), stage=self._stage or d.stage)

    def _body(self, d: Designation) -> str:
        k = self._kind
        if d.via is not None:
            lead = d.via.body.split("/")
            if k in ("HD", "CLC", "ES", "CECC"):
                return "CENELEC"
            if "ISO" in lead and "IEC" in lead:
                return "CEN/CENELEC"
            return "CENELEC" if lead[0] in ("IEC", "CISPR") else "CEN"
        if k in ("HD", "CLC", "ES", "CECC"):
            return "CENELEC"
        if k == "CEN/CLC":
            return "CEN/CENELEC"
        digits = _rx(r"[0-9]+").match(d.number)
        n = int(digits.group(0)) if digits else 0
        return "CENELEC" if any(a <= n <= b for a, b in _CENELEC_RANGES) else "CEN"

    def link_for(self, d: Designation) -> str | None:
        if d.via is not None and d.prefix in ("EN ", "prEN ", "FprEN ") and d.via.body.split("/")[0] == "ISO":
            return "keep"
        return None

    def adopted(self, via: Designation) -> Designation:
        """``EN IEC 55014-2`` adopts CISPR 14-2: CENELEC numbers its CISPR adoptions 55000 + n."""
        if via.body == "IEC" and _rx(r"550[0-9]{2}").fullmatch(via.number):
            return copy_with(via, body="CISPR", number=str(int(via.number) - 55000))
        return via



# -- United Kingdom: BS, PD, DD, PAS and BSI's other series ----------------------------------------

_BS_NUMBER_RE = re.compile(
    r"(?:[0-9]{0,2}[A-Z]{1,4} +(?=[0-9]))?[A-Z]?[0-9]+[A-Z]{0,2}(?:\.[0-9]+[A-Z]{0,2})*(?:/[0-9]+(?![0-9]))?"
    r"(?: +[A-Z][0-9]+(?![0-9A-Za-z.]))?",
    _I,
)
_BS_LEAD_RE = re.compile(
    r"(?P<k>BS|PD|DD|PAS|PP|EP|HB|HANDBOOK|DISC +PD|BSI +FLEX)(?![A-Za-z])", _I
)
#: lead word → (canonical prefix, doc_type)
_BS_SERIES = {
    "BS": ("BS", "STD"), "PD": ("PD", "PD"), "DD": ("DD", "DD"), "PAS": ("PAS", "PAS"),
    "PP": ("PP", "PP"), "EP": ("EP", "EP"), "HB": ("HB", "HB"), "HANDBOOK": ("Handbook", "HB"),
    "DISC PD": ("DISC PD", "PD"), "BSI FLEX": ("BSI Flex", "Flex"),
}
# China's aviation industry standards share the prefix HB (HB 5470-1991, HB/Z 12-2010); a BSI
# handbook is dated with a colon (HB 10146:1998)
_BS_HANDBOOK_RE = re.compile(r"HB *[0-9]+ *:", _I)
_BS_NA_RE = re.compile(r"NA(?![A-Za-z])", _I)
_BS_TO_RE = re.compile(r" +TO +", _I)
_BS_SUPPL_TO_RE = re.compile(
    r"SUPPLEMENT +(?:NO\.? *)?(?P<n>[0-9]{1,3}) *\( *(?P<y>[0-9]{4}) *\) +TO +", _I
)
_BS_AMD_SLIP_RE = re.compile(r"AMD +(?P<n>[0-9]{3,6})(?![0-9A-Za-z])", _I)
#: BSI drafts for public comment: ``24/30488529 DC`` (year of the draft / project number)
_BS_DC_RE = re.compile(r"(?P<n>(?P<yy>[0-9]{2})/(?P<p>[0-9]{8})) *DC(?![A-Za-z0-9])", _I)
_BS_OLD_PART_RE = re.compile(r":(?P<p>[A-Z]{1,3}[0-9]+[A-Z]?)(?![A-Za-z0-9])", _I)  # BS 1006:B01C:LFS1:1982
_BS_BRACKET_PART_RE = re.compile(r"\[(?P<p>[0-9]{1,2})\]", _A)  # BS 1000[9] (UDC class 9)
_BS_SUBDIV_RE = re.compile(
    r"(?: *: *| +)(?:(?P<w>METHOD|SECTION|INDEX +ISSUE) +(?P<x>[0-9A-Z]{1,6}(?:\.[0-9]+)*)"
    r"|(?P<v>SUPPLEMENTARY +INDEX|EXPLANATORY +SUPPLEMENT|INDEX))(?![A-Za-z0-9])",
    _I,
)
_BS_SUBDIV_WORDS = {"METHOD": "Method", "SECTION": "Section", "INDEX ISSUE": "Index Issue",
                    "SUPPLEMENTARY INDEX": "Supplementary Index",
                    "EXPLANATORY SUPPLEMENT": "Explanatory Supplement", "INDEX": "Index"}
_BS_SEVERAL_RE = re.compile(
    r"(?: *: *| +)(?:PARTS|METHODS|SECTIONS|FRAGMENTS)(?![A-Za-z])"  # BS 4048:Parts 1 and 2
    r"| *(?:AND|TO|&) *(?:BS +)?(?:[0-9]?SP +)?(?:[0-9]|[A-Z](?![A-Za-z]))"  # BS SP 139 and SP 140
    r"| *[;,] *[0-9]"  # BS SP 13; 14; 15 and 16, BS 2521,2522 (not a list of designations: '; BS 5678')
    r"|/[0-9]+(?= *:)"  # BS EN ISO 3506-1/2:2020 (parts 1 and 2)
    r"|-[0-9]+(?![0-9])"  # FRAG2-6
    r"| *\+ *(?:BS|PD)(?![A-Za-z])|  *(?:BS|PD) +[0-9]",  # BS ISO 20400 + BS ISO 44001
    _I,
)
_BS_COMPANION_RE = re.compile(
    r"(?: *: *| +)(?P<w>ADDENDUM|SUPPLEMENT)(?: +NO\.?)? *(?P<n>[0-9]{1,3}) *: *", _I
)
_BS_FRAGMENT_RE = re.compile(r" *\.? *FRAGMENT +(?P<n>[0-9]{1,3})(?![0-9A-Za-z-])", _I)
_BS_PRODUCT_RE = re.compile(
    r" *(?:(?P<ex>EXCOMM|EXPERT +COMMENTARY)(?P<fire> *\( *FIRE *\))?|(?P<pdf>PDF)"
    r"|(?P<cdb>CD *& *BOOK)|(?P<book>BOOK|\( *BOOK *\))|(?P<hb>HANDBOOK)"
    r"|/? *(?P<issue>ISSUE) +(?P<in>[0-9]+(?:\.[0-9]+)*)|(?P<ver>VERSION) +(?P<vn>[0-9]+(?:\.[0-9]+)*))"
    r"(?![A-Za-z0-9])",
    _I,
)
_BS_FLEX_VERSION_RE = re.compile(r" *:? *V(?P<v>[0-9]+(?:\.[0-9]+)*)(?![A-Za-z0-9])", _I)
_BS_FLEX_DATE_RE = re.compile(r" *[: ] *(?=[0-9]{4})", _A)


class _BritishGrammar(_NationalGrammar):
    """BSI: ``BS 1016-10:1977``, ``BS EN ISO 14001:2015``, ``BS ISO/IEC 27001:2013``,
    ``PD ISO/TS 22028-5:2023``, ``DD CEN ISO/TS 20836:2005``, ``PAS 2035:2023``, aerospace
    ``BS A 339:1999``, ``BS 2S 146:1976``, supplements ``+A1:2013``, `` AMD2``.

    Year rule ``keep``: BSI republishes an EN, ISO or IEC document under its own year-bearing
    designation, and the year printed is the adopted document's (``BS EN ISO 14001:2015`` →
    ``EN ISO 14001:2015`` → ``ISO 14001:2015``).  Whether that holds for a given edition is not
    known from the designation: each carried-over year is marked ``year_stated=False``.

    BSI also sells documents that are not standards, and products made of one standard.  Each
    class of the BSI catalogue is decided as follows (canonical form → what it is):

    ======================  ===========================================  =============================
    class                   canonical form (example)                     parsed as
    ======================  ===========================================  =============================
    addendum                ``BS 2000-0 Addendum No. 1:1987``            supplement kind ``Add``
    supplement              ``BS 970-3 Supplement No. 1:1973``;          supplement kind ``Suppl``
                            ``Supplement No. 1 (1970) to BS 1831:1969``
                            → ``BS 1831:1969 Supplement No. 1:1970``
    amendment (dated)       ``PD 5500 Amd 1 (09/15)`` →                  supplement kind ``Amd`` with
                            ``PD 5500/A1:2015-09``;                      ``month``
                            ``BS 7671 Amendment 2:August 2013`` →
                            ``BS 7671/A2:2013-08``
    amendment slip          ``AMD 7602``                                 doc_type ``BS-AMD`` (BSI's
                                                                         serial number of the slip)
    handbook                ``Handbook 3:1985``, ``HB 10146:1998``       doc_type ``HB``
    national annex          ``NA to BS EN 1996-2:2006``,                 doc_type ``NA``, ``annex_to``
                            ``NA+A1:2014 to BS EN 1996-3:2006``          the BS EN it belongs to
    method, section,        ``BS 2782-8:Method 826A:1992``,              one document: the
    index, test method      ``DD 51:Section 0:1977``,                    subdivision is part of
                            ``BS 185:Index:1964``,                       ``part`` (``8:Method 826A``)
                            ``BS 5000:Index Issue 4:1980``,
                            ``BS 5655-1:Explanatory Supplement:1981``,
                            ``BS 1006:B01C:LFS1:1982``
    electronic book         ``EP 526:2001``, ``EP 200 Version 3.0``      doc_type ``EP`` (+ variant)
    practice guide          ``PP 7307:1986``                             doc_type ``PP``
    DISC guide              ``DISC PD 0008:1996``                        doc_type ``PD`` (prefix kept)
    Flex                    ``BSI Flex 1886 v2.0:2024-09``               doc_type ``Flex``, variant
                                                                         ``v2.0``, month
    committee draft         ``24/30488529 DC``                           doc_type ``DC``, draft
    expert commentary       ``BS 5839-8:2023 ExComm``,                   the standard + ``variant``
                            ``BS EN 671-1:2012 ExComm (Fire)``           ``ExComm`` / ``ExComm (Fire)``
    value-added, issue      ``BS 7870-2:2022 - TC``, ``BS 8501:2002      the standard + ``variant``
                            PDF``, ``PP 7722:2006 Book``,                (``TC``, ``PDF``, ``Book``,
                            ``PD ISO 22000:2018 Handbook``,              ``CD & Book``, ``Handbook``,
                            ``PD 6627:2001 Issue 3.1``                   ``Issue 3.1``)
    fragment                ``BS EN IEC 55011/FRAG4``                    supplement kind ``FRAG``
    bracketed reference     ``BS 6221-1:1990 (IEC 60326-1:1984)``        the standard; the reference
    without degree                                                       is ``cited`` (no adoption)
    ======================  ===========================================  =============================

    Not one document, so a :class:`DesignationError` saying "names several documents": ranges and
    lists (``BS SP 122 to 125:1958``, ``BS SP 139 and SP 140:1969``, ``BS 4048:Parts 1 and 2:1966``,
    ``BS 2782-4:Methods 451F to 451J:1978``, ``BS EN ISO 3506-1/2:2020 ExComm``), fragment ranges
    (``Fragments 2-7``, ``FRAG2-6``) and sets (``BS ISO 20400 + BS ISO 44001``, ``PD 7974-4:2003
    PD 8010-1:2015``).  BSI prints some as one product, but the product names several
    standards, and a designation here names one.
    """

    prefixes = ("BS", "PD", "DD", "PAS", "PP", "EP", "HB", "HANDBOOK", "DISC", "BSI", "NA", "AMD",
                "SUPPLEMENT")
    bodies = ("BS",)
    lead_re = _BS_LEAD_RE
    number_re = _BS_NUMBER_RE
    year_seps = ":"
    cites = True  # a bracketed reference without a degree is kept in ``cited``

    def parse(self, sc):
        self._series = "BS"
        self._late_year = None
        self._version = None
        if sc.looking_at(_rx(r"HB(?![A-Za-z])", _I)) and not sc.looking_at(_BS_HANDBOOK_RE):
            return _fresh(_CN_OTHER).parse(sc)
        if (m := sc.match(_BS_DC_RE)):
            yy = int(m.group("yy"))
            return Designation("BS", "DC", m.group("n"), None, _year2(yy), prefix="", is_draft=True)
        if (m := sc.match(_BS_AMD_SLIP_RE)):
            year = None
            save = sc.i
            if sc.match(_COLON_RE):
                year = _read_year(sc, ":")
            else:
                sc.i = save
            return Designation("BS", "BS-AMD", m.group("n"), None, year, prefix="AMD ")
        if (m := sc.match(_BS_SUPPL_TO_RE)):
            if not _YEAR_MIN <= int(m.group("y")) <= _YEAR_MAX:
                sc.fail(f"implausible year {m.group('y')!r} (expected {_YEAR_MIN}-{_YEAR_MAX})", at=m.start("y"))
            target = self._target(sc, "after 'Supplement No. … to'")
            supp = Supplement("Suppl", int(m.group("n")), int(m.group("y")))
            return copy_with(target, supplements=target.supplements + (supp,))
        if sc.match(_BS_NA_RE):
            supplements = _read_national_supplements(sc, two_digit=True)
            if not sc.match(_BS_TO_RE):
                sc.fail("expected 'to' and the standard after 'NA' (NA to BS EN 1996-2:2006)")
            target = self._target(sc, "after 'NA to'")
            return Designation("BS", "NA", target.number, target.part, None,
                               supplements=supplements, prefix="NA", annex_to=target)
        if not sc.looking_at(self.lead_re):
            sc.fail("expected a BSI designation (BS, PD, DD, PAS …; 'AMD 7602'; 'NA to BS EN …'; "
                    "'Supplement No. 1 (1970) to BS …')")
        return super().parse(sc)

    def _target(self, sc: _Scanner, what: str) -> Designation:
        at = sc.i
        target = _parse_core(sc, national_notes=False)
        if target.body != "BS" or target.doc_type in ("NA", "BS-AMD", "DC"):
            sc.fail(f"expected a British Standard {what}", at=at)
        return target

    def lead(self, m, sc):
        k = " ".join(m.group("k").upper().split())
        self._series = k
        prefix, doc_type = _BS_SERIES[k]
        if k == "BSI FLEX":
            self.months = True
        return prefix, "BS", doc_type

    def read_number(self, sc, prefix):
        if self._series == "BSI FLEX":  # BSI Flex 1886 v2.0:2024-09
            if not (m := sc.match(_DIGITS)):
                sc.fail("expected a number after 'BSI Flex'")
            if (vm := sc.match(_BS_FLEX_VERSION_RE)):
                self._version = "v" + vm.group("v")
            return m.group(0), []
        number, parts = super().read_number(sc, prefix)
        if not parts and (pm := sc.match(_BS_BRACKET_PART_RE)):
            parts = [f"[{pm.group('p')}]"]
        if not parts:
            old = ""
            while (pm := sc.match(_BS_OLD_PART_RE)):
                old += ":" + pm.group("p").upper()  # BS 1428:B2:1953 (old part notation)
            if old:
                parts = [old]
        if (sm := sc.looking_at(_BS_SEVERAL_RE)) and sm.group(0).strip(" :").upper().startswith(
                ("PARTS", "METHODS", "SECTIONS", "FRAGMENTS")):
            self._several(sc)
        if (sm := sc.match(_BS_SUBDIV_RE)):
            word = _BS_SUBDIV_WORDS[" ".join((sm.group("w") or sm.group("v")).upper().split())]
            sub = f":{word}" + (f" {sm.group('x').upper()}" if sm.group("x") else "")
            if parts:
                parts[-1] += sub
            else:
                parts = [sub]
        return number, parts

    def _several(self, sc: _Scanner) -> NoReturn:
        sc.fail(f"names several documents (a range, list or set); {_ONE_EACH}")

    def read_year(self, sc):
        if sc.looking_at(_rx(r" *: *[A-Za-z]", _A)):  # ':Addendum No. 1', ':Method 826A'
            return None, None
        if self._series == "BSI FLEX":
            save = sc.i
            if sc.match(_BS_FLEX_DATE_RE):
                year = _read_year(sc, ":")
                month = None
                if (mm := sc.match(_DASH_MONTH_RE)):
                    month = int(mm.group("m"))
                    if not 1 <= month <= 12:
                        sc.fail(f"implausible month {mm.group('m')!r}", at=mm.start("m"))
                return year, month
            sc.i = save
            return None, None
        return super().read_year(sc)

    def read_supplements(self, sc):
        out: list[Supplement] = []
        while True:
            if (sup := _read_national_supplements(sc, two_digit=True)):  # NA+A2:14 to BS EN …+A1:14
                out.extend(sup)
            elif (cm := sc.match(_BS_COMPANION_RE)):
                kind = "Add" if cm.group("w").upper() == "ADDENDUM" else "Suppl"
                out.append(Supplement(kind, int(cm.group("n")), _read_year(sc, ":")))
            elif (fm := sc.match(_BS_FRAGMENT_RE)):
                out.append(Supplement("FRAG", int(fm.group("n")), None))
            else:
                break
        return tuple(out)

    def tail(self, sc, fields):
        if (sm := sc.looking_at(_BS_SEVERAL_RE)):
            self._several(sc)
        if self._series == "BSI FLEX":
            fields["variant"] = getattr(self, "_version", None)
            return
        if (pm := sc.match(_BS_PRODUCT_RE)):
            if pm.group("ex"):
                variant = "ExComm" + (" (Fire)" if pm.group("fire") else "")
            elif pm.group("issue"):
                variant = f"Issue {pm.group('in')}"
                save = sc.i
                if sc.match(_COLON_RE):  # BS EN 100114-1/Issue 2:1994
                    self._late_year = _read_year(sc, ":")
                else:
                    sc.i = save
            elif pm.group("ver"):
                variant = f"Version {pm.group('vn')}"
            else:
                variant = ("PDF" if pm.group("pdf") else "CD & Book" if pm.group("cdb")
                           else "Book" if pm.group("book") else "Handbook")
            fields["variant"] = variant
        if sc.looking_at(_BS_SEVERAL_RE):
            self._several(sc)

    def finish(self, d, sc):
        if self._late_year is not None:
            if d.year is not None:
                sc.fail("the issue is dated twice")
            d = copy_with(d, year=self._late_year)
        return d

    def render(self, d, *, work):
        if d.doc_type == "DC":
            return f"{d.number} DC"
        if d.annex_to is not None:
            target = d.annex_to.work if work else d.annex_to.normalized
            supps = "" if work else _render_national_supplements(d)
            return f"NA{supps} to {target}"
        return super().render(d, work=work)

    def render_core(self, d):
        if d.via is None and d.part and d.part.startswith((":", "[")):
            return d.number + d.part
        return super().render_core(d)

    def render_year(self, d):
        flex = d.doc_type == "Flex" and d.variant
        return (f" {d.variant}" if flex else "") + super().render_year(d)

    def render_tail(self, d):
        out = _render_national_supplements(d)
        if d.variant and d.doc_type != "Flex":
            out += " - TC" if d.variant == "TC" else f" {d.variant}"
        return out


# -- Germany, France, Austria, Spain, Sweden, Switzerland --------------------------------------


class _GermanGrammar(_NationalGrammar):
    """DIN: ``DIN 820-1:2014-06``, ``DIN EN 1335-1:2023-07``, ``DIN EN ISO 13849-1:2008-12``,
    ``DIN ISO 9001``, ``DIN IEC 60038``.

    Year rule ``once``: the date is DIN's issue date (year-month).  DIN publishes an EN in the year
    CEN makes it available, so it dates the EN (``EN ISO 13849-1:2008``), but it says nothing of the
    ISO edition behind that EN (ISO 13849-1 is 2006): deeper references stay undated.
    """

    prefixes = ("DIN",)
    bodies = ("DIN",)
    lead_re = re.compile(r"DIN(?![A-Za-z])", _I)
    link = "once"
    months = True
    year_seps = ":"

    def lead(self, m, sc):
        return "DIN", "DIN", "STD"


class _LetterDivisionGrammar(_NationalGrammar):
    """Bodies with optional letter divisions before the number (``NF C 15-100``, ``ÖNORM B 1600``)."""

    division_required = False

    def lead(self, m, sc):
        prefix, body = self.name_of(m)
        dm = sc.match(_rx(r" +(?P<d>[A-Z])(?= *[0-9]| +(?:ISO|IEC|CISPR)(?![A-Za-z]))", _I))
        if dm:
            prefix += " " + dm.group("d").upper()
        elif self.division_required:
            sc.fail(f"expected a division letter after {prefix!r} (e.g. {prefix} Q 9001)")
        return prefix, body, "STD"

    def name_of(self, m) -> tuple[str, str]:
        raise NotImplementedError


class _FrenchGrammar(_LetterDivisionGrammar):
    """AFNOR: ``NF EN ISO 9001:2015``, ``NF C 15-100``, ``NF X 50-110``.  Year rule ``once``
    (AFNOR's date is its own publication date)."""

    prefixes = ("NF",)
    bodies = ("NF",)
    lead_re = re.compile(r"NF(?![A-Za-z])", _I)
    link = "once"

    def name_of(self, m):
        return "NF", "NF"


class _AustrianGrammar(_LetterDivisionGrammar):
    """Austrian Standards: ``ÖNORM EN ISO 9001:2015-11``, ``ÖNORM B 1600:2017-04``
    (``OENORM`` and ``ONORM`` are read as ``ÖNORM``).  Year rule ``once`` (issue date)."""

    prefixes = ("ÖNORM", "OENORM", "ONORM")
    bodies = ("ÖNORM",)
    lead_re = re.compile(r"(?:ÖNORM|OENORM|ONORM)(?![A-Za-z])", re.I)
    link = "once"
    months = True

    def name_of(self, m):
        return "ÖNORM", "ÖNORM"


class _DashJoinedGrammar(_NationalGrammar):
    """UNE (``UNE-EN ISO 9001:2015``, ``UNE 157001:2014``) and SIS (``SS-EN ISO 9001:2015``,
    ``SS-ISO/IEC 27001:2014``, ``SS 4``): a dash joins the prefix to an embedded EN/ISO designation.
    Year rule ``keep``: both print the EN/ISO year."""

    def separator(self, prefix, via):
        return "-" if via is not None else " "

    def lead(self, m, sc):
        name = m.group(0).upper()
        return name, name, "STD"


class _SpanishGrammar(_DashJoinedGrammar):
    prefixes = ("UNE",)
    bodies = ("UNE",)
    lead_re = re.compile(r"UNE(?![A-Za-z])", _I)
    __doc__ = _DashJoinedGrammar.__doc__


class _SwedishGrammar(_DashJoinedGrammar):
    prefixes = ("SS",)
    bodies = ("SS",)
    lead_re = re.compile(r"SS(?![A-Za-z])", _I)
    __doc__ = _DashJoinedGrammar.__doc__


_CN_LIKE_RE = re.compile(r" *(?:/ *[TZ](?![A-Za-z])|T(?= *[0-9])| *[0-9]+(?:\.[0-9]+)* *- *[0-9]{2,4}(?![0-9:]))", _I)


class _SwissGrammar(_NationalGrammar):
    """SNV: ``SN EN ISO 9001:2015``, ``SN 640 000``?  Year rule ``keep``.

    ``SN`` is also China's entry-exit inspection industry prefix (``SN/T 1234-2010``): text that
    reads like a Chinese designation (``/T``, ``-yyyy``) goes to the Chinese grammar."""

    prefixes = ("SN",)
    bodies = ("SN",)
    lead_re = re.compile(r"SN(?![A-Za-z])", _I)

    def parse(self, sc):
        if sc.looking_at(_rx(r"SN" + _CN_LIKE_RE.pattern, _I)):
            return _fresh(_CN_OTHER).parse(sc)
        return super().parse(sc)

    def lead(self, m, sc):
        return "SN", "SN", "STD"


# -- Japan, Korea -------------------------------------------------------------------------------


class _JapaneseGrammar(_LetterDivisionGrammar):
    """JIS: ``JIS Q 14001:2015``, ``JIS C 60068-2-1:2010``; the division letter is required.

    A JIS designation states no adoption: ``JIS Q 9001`` has ISO 9001's number but says nothing
    about correspondence (the cover note ``(ISO 9001:2015, IDT)`` does, and is read when present).
    """

    prefixes = ("JIS",)
    bodies = ("JIS",)
    lead_re = re.compile(r"JIS(?![A-Za-z])", _I)
    division_required = True
    embeds = ()
    link = "none"

    def name_of(self, m):
        return "JIS", "JIS"


class _KoreanGrammar(_LetterDivisionGrammar):
    """KS: ``KS Q ISO 9001:2015``, ``KS C IEC 61000-4-2``, ``KS X 3001``.  Year rule ``keep``:
    KS republication prints the ISO/IEC year (``KS Q ISO 9001:2015`` → ``ISO 9001:2015``)."""

    prefixes = ("KS",)
    bodies = ("KS",)
    lead_re = re.compile(r"KS(?![A-Za-z])", _I)
    division_required = True

    def name_of(self, m):
        return "KS", "KS"


# -- Russia and the CIS ---------------------------------------------------------------------------


class _RussianGrammar(_NationalGrammar):
    """GOST R (national, Rosstandart) and GOST (interstate, EASC), in Cyrillic or Latin:
    ``ГОСТ Р ИСО 9001-2015`` = ``GOST R ISO 9001-2015``, ``ГОСТ Р 34.11-94``, ``ГОСТ 12.2.007.8``,
    ``ГОСТ ISO 10993-1-2021``, ``ГОСТ Р ИСО/МЭК 8825-3-2016``.

    * The year is the last dash group (four digits, or two digits 40-99 in old designations:
      ``-94`` → 1994); the canonical form writes four digits, Latin letters.
    * Republication (``ГОСТ Р ИСО …``, ``ГОСТ ISO …``, ``ГОСТ ЕН …``) is IDT, and the ISO reference is
      UNDATED: GOST R 1.7 writes the international number without its year and appends the year
      of national approval (``ГОСТ Р ИСО 9001-2015`` → ``ISO 9001``).
    * A dual number ``ГОСТ Р 58904-2020/ISO/TR 25901-1:2016`` is IDT (as for GB);
      a reference in brackets without degree ``ГОСТ 14254-2015 (IEC 60529:2013)`` is MOD
      (GOST R 1.7 designates modified adoptions that way).
    """

    prefixes = ("GOST",)
    bodies = ("GOST", "GOST R")
    lead_re = re.compile(r"GOST(?: +(?P<r>R)(?![A-Za-z]))?(?![A-Za-z])", _I)
    link = None
    paren_degree = "MOD"
    canonical_year_sep = "-"
    year_seps = "-"

    def lead(self, m, sc):
        name = "GOST R" if m.group("r") else "GOST"
        return name, name, "STD"

    def pop_year(self, parts):
        if parts:
            last = parts[-1]
            if _rx(r"[0-9]{4}").fullmatch(last) and _YEAR_MIN <= int(last) <= _YEAR_MAX:
                parts.pop()
                return int(last)
            if _rx(r"[0-9]{2}").fullmatch(last) and int(last) >= 40:
                parts.pop()
                return 1900 + int(last)
        return None

    def read_year(self, sc):
        return None, None

    def read_supplements(self, sc):
        return ()

    @staticmethod
    def fix_ref(ref: Designation) -> Designation:
        """``(ИСО 2768-1-89)``: GOST cites old ISO references with a two-digit year."""
        if ref.year is None and ref.part and not ref.supplements:
            parts = ref.part.split("-")
            if _rx(r"[0-9]{2}").fullmatch(parts[-1]) and int(parts[-1]) >= 40:
                return copy_with(ref, year=1900 + int(parts[-1]), part="-".join(parts[:-1]) or None)
        return ref


# -- Australia / New Zealand, United States, Canada ----------------------------------------------


class _AustralianGrammar(_NationalGrammar):
    """Standards Australia / NZ: ``AS 3000:2018``, ``AS/NZS 3000:2018``, ``AS/NZS ISO 14001:2016``,
    ``AS 1170.2-2011`` (old dash year).  Year rule ``None``: the AS year is the Australian
    publication year (AS/NZS ISO 14001:2016 reproduces ISO 14001:2015), so the ISO reference is
    undated."""

    prefixes = ("AS", "AS/NZS", "NZS")
    bodies = ("AS", "AS/NZS", "NZS")
    lead_re = re.compile(r"(?P<a>AS)(?: */ *(?P<n>NZS))?(?![A-Za-z])|(?P<z>NZS)(?![A-Za-z])", _I)
    link = None

    def lead(self, m, sc):
        name = "NZS" if m.group("z") else ("AS/NZS" if m.group("n") else "AS")
        return name, name, "STD"


_ANSI_CO = ("IEEE", "ASQ", "ASHRAE", "UL", "NEMA", "ISA", "ASME", "AAMI", "ASSE", "ASSP", "ASTM", "NFPA",
            "TIA", "API", "AWS", "SAE", "IES", "NSF", "HFES", "INCITS", "ASC", "ANS", "AWWA", "ADA", "SCTE")


class _AmericanGrammar(_NationalGrammar):
    """ANSI: ``ANSI C63.10-2020``, ``ANSI/IEEE 1035-1989``, ``ANSI/ASQ Z1.4-2003``,
    ``ANSI/ISO 9899:1990``, ``ANSI/ISO/ASQ Q9001-2015``.

    Co-publishers follow ``ANSI/`` (IEEE and ASQ are publishers; other accredited developers are
    kept in the printed prefix).  ``ANSI/ISO …`` republishes the ISO document with its year
    (``keep``); ``ANSI/ISO/ASQ Q9001-2015`` is the US adoption of ``ISO 9001:2015`` (IDT).
    """

    prefixes = ("ANSI",)
    bodies = ("ANSI",)
    lead_re = re.compile(r"ANSI(?![A-Za-z])", _I)
    number_re = re.compile(r"[A-Z]{0,3}[0-9]+(?:\.[0-9]+)*[A-Z]?", _I)

    def lead(self, m, sc):
        names = ["ANSI"]
        co = _rx(r" */ *(?P<c>%s)(?![A-Za-z])" % "|".join(_ANSI_CO), _I)
        if (qm := sc.match(_rx(r" */ *ISO */ *ASQ(?= +Q)", _I))):
            self._q = True
            return "ANSI/ISO/ASQ", "ANSI/ASQ", "STD"
        self._q = False
        while (cm := sc.match(co)):
            names.append(cm.group("c").upper())
        if sc.looking_at(_rx(r" */ *(?:ISO|IEC)(?![A-Za-z])", _I)):
            sc.match(_rx(r" */ *", _A))
            return "/".join(names) + "/", self._body(names), "STD"
        return "/".join(names), self._body(names), "STD"

    @staticmethod
    def _body(names: list[str]) -> str:
        known = [n for n in names if n in ("ANSI", "IEEE", "ASQ")]
        return "/".join(known)

    def separator(self, prefix, via):
        return "" if prefix.endswith("/") else " "

    def finish(self, d, sc):
        if not sc.bare and self._q and d.number.upper().startswith("Q"):
            ref = Designation("ISO", "IS", d.number[1:], d.part, d.year)
            d = copy_with(d, adopts=(Implied(ref, "IDT", year_stated=d.year is None),) + d.adopts)
        return d

    def render_year(self, d):
        if d.year is None:
            return ""
        return f":{d.year}" if d.via is not None else f"-{d.year}"


_CSA_LEAD_RE = re.compile(
    r"(?P<ir>CSA +AMERICA +INTERIM +REQUIREMENT)(?= +[0-9])|(?P<l>CAN */ *CSA|CAN *3|CSA */ *ANSI|CSA)(?P<s> *- *| +|(?=[A-Z][0-9]))"
    r"(?P<m>CEI */ *IEC +(?=CISPR)|CEI */ *(?=IEC)|IEC +(?=CISPR)|ISO +(?=IWA))?", _I
)
_CSA_NUMBER_RE = re.compile(
    r"(?:[A-Z]{2,3} +(?=[0-9]))?"
    r"(?:[A-Z]{1,2}[0-9]+(?:\.[0-9]+)*(?:[A-Z]{1,8}[0-9]{0,2})?|[0-9]+(?:\.[0-9]+)*(?:HB)?)"
    r"(?: +NO\. *[0-9]+(?:\.[0-9]+)*[A-Z]{0,2})?(?: +(?:[A-Z]{2} +)?SERIES)?",
    _I,
)
_CSA_PART_RE = re.compile(r"-(?P<p>M?[0-9]+[A-Z]?|SERIES)(?![A-Za-z0-9])", _I)
_CSA_YEAR_RE = re.compile(r" *: *(?P<v>[MF])?(?P<y>[0-9]{2}|[0-9]{4})(?![0-9])", _I)
_CSA_R_RE = re.compile(r" *\( *R *(?P<y>[0-9]{2}|[0-9]{4}) *\)", _I)
_CSA_CONS_RE = re.compile(r" *\( *CONSOLIDATED *\)", _I)
_CSA_PDF_RE = re.compile(r" *PDF(?![A-Za-z0-9])", _I)


class _CanadianGrammar(_NationalGrammar):
    """CSA Group: ``CSA Z245.1:22``, ``CAN/CSA-C22.2 NO. 60335-2-45:14 (R2023)``,
    ``CAN/CSA-ISO 14001-16``, ``CSA ISO/IEC TR 20943-3:06 (R2021)``, ``CAN3-Z299.0-86 (R2006)``,
    ``CAN/CSA-B78.2-M91`` (metric), ``CSA B149.1:F20`` (French edition).

    Two-digit years (``-16`` and ``:16`` are the same; canonical ``:16``; 40-99 → 19xx), written as
    the last dash group in older designations.  ``(R2022)`` records a reaffirmation; ``+A1:15``
    marks a consolidated version (``(CONSOLIDATED)`` is implied by it and not repeated).
    Year rule ``None``: the CSA year is the Canadian approval year (``CAN/CSA-ISO 14001-16`` adopts
    ISO 14001:2015), so the ISO/IEC reference is undated.
    """

    prefixes = ("CAN/CSA", "CAN3", "CSA")
    bodies = ("CSA",)
    lead_re = _CSA_LEAD_RE
    number_re = _CSA_NUMBER_RE
    link = None

    def lead(self, m, sc):
        if m.group("ir"):  # CSA AMERICA INTERIM REQUIREMENT 1.09 (CSA Group's US interim requirements)
            self._sep = " "
            return "CSA America Interim Requirement", "CSA", "IR"
        l = m.group("l").upper().replace(" ", "")
        sep = "-" if l.startswith("CAN") else " "
        marker = (m.group("m") or "").upper().replace(" ", "")
        marker = {"CEI/": "CEI/", "IEC": "IEC ", "CEI/IEC": "CEI/IEC ", "ISO": "ISO "}.get(marker, "")
        self._sep = sep + marker
        return l, ("CSA/ANSI" if l == "CSA/ANSI" else "CSA"), "STD"

    def separator(self, prefix, via):
        return self._sep

    def read_number(self, sc, prefix):
        m = sc.match(self.number_re)
        if not m:
            sc.fail(f"expected a number after {prefix.strip()!r}")
        number = " ".join(m.group(0).upper().split()).replace("NO.", "NO. ").replace("NO.  ", "NO. ")
        parts = []
        while (pm := sc.match(_CSA_PART_RE)):
            parts.append(pm.group("p").upper())
        return number, parts

    def adopted(self, via):
        """CSA spells ISO 10993-11 as ``ISO 10993.11`` and marks its editions that include ISO/IEC
        amendments with a letter (``ISO/IEC 10179A``, ``ISO/IEC 10164-1A``): the adopted document is
        the ISO/IEC one without them."""
        number, part = via.number, via.part
        if "." in number and part is None:
            number, part = number.split(".", 1)
        if part and _rx(r"[0-9]+[A-C]").fullmatch(part.split("-")[-1]):
            part = part[:-1]
        elif part is None and _rx(r"[0-9]+[A-C]").fullmatch(number):
            number = number[:-1]
        return copy_with(via, number=number, part=part)

    def adjust_via(self, via, fields):
        if via.iteration is not None:  # CAN/CSA-ISO 10993.11-98: CSA writes part 11 after a dot
            via = copy_with(via, number=f"{via.number}.{via.iteration}", iteration=None)
        return via

    def pop_year(self, parts):
        self._variant = None
        if parts and (ym := _rx(r"(M?)([0-9]{2}|[0-9]{4})").fullmatch(parts[-1])):
            parts.pop()
            self._variant = "M" if ym.group(1) else None
            y = int(ym.group(2))
            return y if y >= 1000 else _year2(y)
        return None

    def read_year(self, sc):
        if (ym := sc.match(_CSA_YEAR_RE)):
            self._variant = ym.group("v").upper() if ym.group("v") else None
            y = int(ym.group("y"))
            return (y if y >= 1000 else _year2(y)), None
        return None, None

    def read_supplements(self, sc):
        return _read_national_supplements(sc, two_digit=True)

    def tail(self, sc, fields):
        fields["variant"] = self._variant
        for _ in range(3):
            if (rm := sc.match(_CSA_R_RE)):
                y = int(rm.group("y"))
                fields["reaffirmed"] = y if y >= 1000 else _year2(y)
            elif sc.match(_CSA_CONS_RE):
                pass
            elif fields["variant"] is None and sc.match(_CSA_PDF_RE):  # …-98(R03)PDF
                fields["variant"] = "PDF"
            elif (sm := sc.looking_at(_rx(r" *(?P<j>[/+])", _A))) and (sup := _read_national_supplements(sc, True)):
                fields.setdefault("late", ())
                fields["late"] += sup
            else:
                break

    def parse(self, sc):
        self._variant = None
        return super().parse(sc)

    def render_year(self, d):
        if d.year is None:
            return ""
        v = d.variant if d.variant in ("M", "F") else ""
        return f":{v}{d.year % 100:02d}"

    extra_part_re = _CSA_PART_RE

    def render_tail(self, d):
        out = _render_national_supplements(d, two_digit=True)
        if d.reaffirmed is not None:
            out += f" (R{d.reaffirmed})"
        if d.variant == "PDF":
            out += " PDF"
        return out


# -- India, South Africa, Viet Nam, Indonesia ------------------------------------------------------


class _IndianGrammar(_NationalGrammar):
    """BIS: ``IS 2062:2011``, ``IS 16046 (Part 1):2018``, ``IS/ISO 9001 : 2015``, ``IS/IEC 60947-1:2007``.

    The document type of an Indian Standard is ``STD`` (never ``IS``, which in this module means an
    ISO/IEC International Standard).  ``IS/ISO`` republishes the ISO text with the ISO year
    (``keep``: ``IS/ISO 9001 : 2015`` → ``ISO 9001:2015``).
    """

    prefixes = ("IS",)
    bodies = ("IS",)
    lead_re = re.compile(r"IS(?![A-Za-z])", _I)

    def lead(self, m, sc):
        if sc.match(_rx(r" */ *(?=ISO|IEC)", _I)):
            return "IS/", "IS", "STD"
        return "IS", "IS", "STD"

    def separator(self, prefix, via):
        return "" if prefix.endswith("/") else " "

    def read_number(self, sc, prefix):
        number, parts = super().read_number(sc, prefix)
        if not parts and (pm := sc.match(_rx(r" *\( *PART *(?P<p>[0-9]+) *\)", _I))):
            parts = [f"(Part {pm.group('p')})"]
        return number, parts

    def render_core(self, d):
        if d.via is None and d.part and d.part.startswith("("):
            return f"{d.number} {d.part}"
        return super().render_core(d)


class _PlainNationalGrammar(_NationalGrammar):
    """SANS (``SANS 10142-1:2020``), TCVN (``TCVN ISO 9001:2015``), SNI (``SNI ISO 9001:2015``).

    Year rule ``None``: their years are national approval years, so an embedded ISO/IEC
    reference is undated.  A dual number (``SANS 9001:2015/ISO 9001:2015``) is IDT with its year.
    """

    link = None

    def __init__(self, name: str) -> None:
        self.prefixes = (name,)
        self.bodies = (name,)
        self.lead_re = re.compile(re.escape(name) + r"(?![A-Za-z])", _I)
        self.name = name

    def lead(self, m, sc):
        return self.name, self.name, "STD"


# -- ITU-T ------------------------------------------------------------------------------------------

_ITU_LEAD_RE = re.compile(
    r"(?:RECOMMENDATION +)?ITU *- *T(?: +REC(?:OMMENDATION)?\.?)?(?![A-Za-z])", _I
)
_ITU_DATE_RE = re.compile(r" *\( *(?:(?P<m>[0-9]{1,2}) */ *)?(?P<y>[0-9]{4}) *\)", _A)


class _ITUGrammar(Grammar):
    """ITU-T Recommendations: ``ITU-T X.509 (10/2019)``, ``ITU-T Rec. G.652``,
    ``Recommendation ITU-T Y.3172 (06/2019)``.  Canonical ``ITU-T X.509 (10/2019)``: the date in
    brackets is the approval month/year, part of the identity of the edition."""

    prefixes = ("ITU-T", "RECOMMENDATION")
    bodies = ("ITU-T",)

    def parse(self, sc):
        if not sc.match(_ITU_LEAD_RE):
            sc.fail("expected 'ITU-T'")
        sc.ws()
        nm = sc.match(_rx(r"(?P<s>[A-Z])\.(?P<n>[0-9]+(?:\.[0-9]+)*)(?![0-9])", _I))
        if not nm:
            sc.fail("expected a Recommendation number such as X.509 after 'ITU-T'")
        number = f"{nm.group('s').upper()}.{nm.group('n')}"
        year = month = None
        if not sc.bare and (dm := sc.match(_ITU_DATE_RE)):
            year = int(dm.group("y"))
            month = int(dm.group("m")) if dm.group("m") else None
            if month is not None and not 1 <= month <= 12:
                sc.fail("implausible month", at=dm.start("m"))
            if not _YEAR_MIN <= year <= _YEAR_MAX:
                sc.fail("implausible year", at=dm.start("y"))
        return Designation("ITU-T", "Rec", number, None, year, month=month, prefix="ITU-T ")

    def render(self, d, *, work):
        out = f"ITU-T {d.number}"
        if work or d.year is None:
            return out
        return out + (f" ({d.month:02d}/{d.year})" if d.month else f" ({d.year})")


# -- China: industry, local and group standards -------------------------------------------------

_CN_OTHER_LEAD_RE = re.compile(
    r"(?P<db>DB) *(?P<c>[0-9]{2,6})(?: */ *(?P<dt>[TZ]))?(?![A-Za-z0-9])"
    r"|(?P<g>T) */ *(?P<o>[A-Z][A-Z0-9]{1,15})(?![A-Za-z0-9])"
    r"|(?P<i>%s)(?: */ *(?P<it>[TZ]))?(?![A-Za-z])" % "|".join(sorted(_CN_INDUSTRY, key=len, reverse=True)),
    _I,
)


class _ChinaOtherGrammar(_NationalGrammar):
    """China's industry (``HJ 2.1-2019``, ``JB/T 10325-2020``, ``HB/Z 12-2010``), local
    (``DB11/T 1234-2020``) and group standards (``T/CECS 10001-2019``), read like GB: number with
    dotted parts, ``-yyyy`` year (50-99 two-digit legacy years), drafts ``征求意见稿``, dual numbers
    and cover notes.

    Publishers: one generic organisation per level — ``CN-IND`` (the State Council departments
    that issue industry standards; the prefix, kept in ``body``, names the industry), ``CN-DB``
    (provincial market-regulation administrations; the code after DB is the region) and ``CN-T``
    (the social organisations issuing group standards; the code after T/ names the issuer).  The
    issuers are too many and change too often to enumerate as organisations.
    """

    prefixes = tuple(_CN_INDUSTRY) + ("DB", "T")
    bodies = tuple(f"CN-{code}" for code in _CN_INDUSTRY) + ("CN-DB", "CN-T")
    lead_re = _CN_OTHER_LEAD_RE
    link = "none"
    year_seps = "-"
    canonical_year_sep = "-"

    def lead(self, m, sc):
        if m.group("db"):
            t = (m.group("dt") or "").upper()
            return f"DB{m.group('c')}" + (f"/{t}" if t else ""), "CN-DB", "CN-DB" + (f"-{t}" if t else "")
        if m.group("g"):
            return f"T/{m.group('o').upper()}", "CN-T", "CN-T"
        code = m.group("i").upper()
        t = (m.group("it") or "").upper()
        return code + (f"/{t}" if t else ""), f"CN-{code}", "CN-IND" + (f"-{t}" if t else "")

    def read_number(self, sc, prefix):
        nm = sc.match(_DIGITS)
        if not nm:
            sc.fail(f"expected a number after {prefix.strip()!r}")
        parts = []
        while (pm := sc.match(_rx(r" *\. *(?P<p>[0-9]+)", _A))):
            parts.append(pm.group("p"))
        self._dotted = ".".join(parts) or None
        return nm.group(0), []

    def parse(self, sc):
        self._dotted = None
        m = sc.looking_at(self.lead_re)
        if m is None:
            sc.fail("expected a Chinese industry, local or group standard prefix")
        start = sc.i
        sc.i = m.end()
        prefix, body, doc_type = self.lead(m, sc)
        sc.ws()
        number, _ = self.read_number(sc, prefix)
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
        del start
        return Designation(body, doc_type, number, self._dotted, year, stage=stage, prefix=prefix + " ")

    def render(self, d, *, work):
        out = f"{d.prefix}{d.number}" + (f".{d.part}" if d.part else "")
        if work:
            return out
        if d.year is not None:
            out += f"-{d.year}"
        if d.stage:
            out += f" {d.stage}"
        return out


_INTL_OR_EU = (_InternationalGrammar, _EuropeanGrammar)
for _cls in (_EuropeanGrammar,):
    _cls.embeds = (_InternationalGrammar,)
for _cls in (_BritishGrammar, _GermanGrammar, _FrenchGrammar, _AustrianGrammar, _SpanishGrammar,
             _SwedishGrammar, _SwissGrammar, _RussianGrammar):
    _cls.embeds = _INTL_OR_EU
for _cls in (_KoreanGrammar, _AustralianGrammar, _AmericanGrammar, _CanadianGrammar, _IndianGrammar,
             _PlainNationalGrammar):
    _cls.embeds = (_InternationalGrammar,)

_CN_OTHER = _ChinaOtherGrammar()
for _g in (
    _EuropeanGrammar(), _BritishGrammar(), _GermanGrammar(), _FrenchGrammar(), _AustrianGrammar(),
    _SpanishGrammar(), _SwedishGrammar(), _SwissGrammar(), _JapaneseGrammar(), _KoreanGrammar(),
    _RussianGrammar(), _AustralianGrammar(), _AmericanGrammar(), _CanadianGrammar(), _IndianGrammar(),
    _PlainNationalGrammar("SANS"), _PlainNationalGrammar("TCVN"), _PlainNationalGrammar("SNI"),
    _ITUGrammar(), _CN_OTHER,
):
    register_grammar(_g)


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
    if type(text) is str:
        return _degree_of_text(text)
    return _degree(text)


@functools.lru_cache(maxsize=1024)
def _degree_of_text(text: str) -> str:
    return _degree(text)  # a catalogue writes its few degrees again and again


def _degree(text: str) -> str:
    if not isinstance(text, str):
        raise DegreeError(repr(text))
    try:
        return _DEGREE_WORDS[_degree_key(text)]
    except KeyError:
        raise DegreeError(text) from None


def _degree_key(text: str) -> str:
    key = unicodedata.normalize("NFKC", text).strip().strip("()[]").strip()
    return " ".join(key.split()).casefold()


_MARK_RE = re.compile(r"(?P<d>idt|mod|neq|eqv)(?![A-Za-z0-9])", _I)
_SYMBOL_RE = re.compile(r"(?P<d>[≡≈≠=])")
_SYMBOL_DEG = {"≡": "IDT", "≈": "MOD", "≠": "NEQ", "=": "EQV"}


# --------------------------------------------------------------------------------------------
# top level
# --------------------------------------------------------------------------------------------


def _parse_core(sc: _Scanner, *, national_notes: bool = True, printed: str | None = None) -> Designation:
    """Dispatch on the body prefix at the cursor and read one designation (`printed`: the text to keep as
    printed, when the caller knows it; by default what was read)."""
    assert _PREFIX_RE is not None
    m = sc.looking_at(_PREFIX_RE)
    if m:
        grammar = _grammar_for_prefix(m.group(0))
    elif sc.looking_at(_BS_DC_RE):  # BSI draft for comment: 24/30488529 DC
        grammar = _grammar_for_prefix("BS")
    else:
        sc.fail(f"expected a standards body prefix such as ISO, IEC or GB/T, found {sc.shown()}")
    start = sc.i
    d = _fresh(grammar).parse(sc)
    if (grammar.national or getattr(grammar, "notes", False)) and national_notes:
        d = _parse_adoption_notes(sc, d)
    return copy_with(d, printed=sc.piece(start, sc.i).strip() if printed is None else printed)


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
    cited: list[str] = list(d.cited)
    grammar = _grammar_for_body(d.body)
    fix = getattr(grammar, "fix_ref", lambda ref: ref)

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
            sc.ws()
            nm = sc.looking_at(_PREFIX_RE)
            if (nm and _grammar_for_prefix(nm.group(0)).national) or (
                    not nm and sc.looking_at(_OTHER_DESIGNATION_RE)):
                # CSA A23.1:24/CSA A23.2:24, CSA B125.5:22/IAPMO Z600-2022 …
                sc.fail(f"names several documents: '/' joins two national designations; {_ONE_EACH}")
            add(_parse_international(sc, "after '/' (dual number)"), "IDT")
            dual_done = True
        elif sc.looking_at(_ALL_PARTS_RE):
            sc.fail(f"names several documents: all parts of a series; {_ONE_EACH}")
        elif c == "(" and not sc.looking_at(_GB_DRAFT_RE):
            default = getattr(grammar, "paren_degree", None)
            open_at = sc.i
            try:
                ref, degree = _parse_cover_note(sc, default)
            except DesignationError:
                close = _closing_bracket(sc.s, open_at)
                if close < 0 or (default is None and not _citable(grammar, sc.s[open_at + 1:close])):
                    raise
                # GOST cites other bodies' documents (UNECE, ASTM, OECD) the same way: keep the text
                cited.append(sc.s[open_at + 1:close].strip())
                sc.i = close + 1
                continue
            add(fix(ref), degree)
        elif (mm := sc.looking_at(_MARK_RE)) and sc.looking_at(_rx(r"[A-Za-z]{3} *[A-Za-z]")):
            sc.i = mm.end()
            add(_parse_international(sc, f"after {mm.group('d')!r}"), mm.group("d").upper())
        elif not d.stage and (dm := sc.match(_GB_DRAFT_RE)):
            d = copy_with(d, stage=dm.group("w"))
        else:
            sc.i = save
            break
    if len(adopts) == len(d.adopts) and len(cited) == len(d.cited):
        return d  # nothing follows (the common case): the same value
    return copy_with(d, adopts=tuple(adopts), cited=tuple(cited))


_ONE_EACH = "give each designation on its own"
# another body's designation after '/' (IAPMO Z600-2022, A123.5-05): not a dual number
_OTHER_DESIGNATION_RE = re.compile(r"[A-Z]{1,6}(?:/[A-Z]{2,6})? *[A-Z]?[0-9]", _A)
_ALL_PARTS_RE = re.compile(r" *\( *ALL +PARTS *\)", _I)
_PACKAGE_RE = re.compile(r".*PACKAGE", _I)


def _citable(grammar: Grammar, inner: str) -> bool:
    """BSI and CEN/CENELEC catalogues note references in brackets without a degree
    (``BS 6221-1:1990 (IEC 60326-1:1984)``, ``(AMD 16783)``, ``HD 60364-8-82 (AS BS 7671)``): a
    bracket that starts with a designation prefix is kept as text in ``cited``; no adoption is
    implied, because the degree is not stated."""
    assert _PREFIX_RE is not None
    return getattr(grammar, "cites", False) and bool(_PREFIX_RE.match(inner.strip()))


def _closing_bracket(s: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(s)):
        if s[k] == "(":
            depth += 1
        elif s[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _parse_cover_note(sc: _Scanner, default: str | None = None) -> tuple[Designation, str]:
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
    if (mm := sc.match(_rx(r"(?P<d>idt|mod|neq|eqv) +", _I))):
        degree = mm.group("d").upper()
    ref = _parse_international(sc, "in the cover note")
    sc.ws()
    if degree is None and default is not None and sc.i == close:
        degree = default  # GOST: "ГОСТ 14254-2015 (IEC 60529:2013)" is a modified adoption
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
    if type(text) is str:  # a str subclass (an rdflib Literal) is read afresh: `printed` keeps it
        return _parse_text(text)
    return _parse(text)


@functools.lru_cache(maxsize=16384)
def _parse_text(text: str) -> Designation:
    """:func:`parse` remembered per text: a catalogue names the same standards again and again (adopted
    references, replaced editions), and a Designation is a frozen value, so sharing one is safe. Errors
    are not remembered (each call raises its own)."""
    return _parse(text)


# The plain forms most catalogue rows print: ``ISO 14001:2015``, ``ISO/IEC 27001:2013``, ``ISO/TS 16949:2009``,
# ``IEC TR 60695-7-3:1998``, ``IEC 60529:1989/AMD1:1999``, ``ISO 9001:2015/Amd 1:2024``, ``GB/T 24001-2016``,
# ``GB 4943.1-2022``. They are read by one regular expression into exactly the Designation the grammars build
# (what the grammars would do with the rest of the text is then nothing: no note, stage or variant
# follows). Anything else, and a year outside 1900-2099 (an error, with its message), goes through the
# grammars. A form printed as the lead publisher's catalogue prints it is its own canonical form.
_PLAIN_INTERNATIONAL_RE = re.compile(
    r"(?:ISO/(?P<iso_type>TS|TR|PAS)|(?P<typed>ISO/IEC|IEC) (?P<type>TS|TR|PAS)|(?P<body>ISO/IEC|ISO|IEC))"
    r" (?P<number>[0-9]+)(?P<parts>(?:-[0-9]+)*):(?P<year>[0-9]{4})"
    r"(?P<supplements>(?:/(?:Amd|Cor|AMD|COR) ?[0-9]{1,4}:[0-9]{4})*)")
_PLAIN_SUPPLEMENT_RE = re.compile(r"/(Amd|Cor|AMD|COR) ?([0-9]+):([0-9]{4})")
_PLAIN_CHINA_RE = re.compile(r"GB(?:/([TZ]))? ([0-9]+)((?:\.[0-9]+)*)-([0-9]{4})")


def _plain(text: str) -> Designation | None:
    """`text` read by the fast path, or None when it is not one of the plain forms."""
    if text[:2] == "GB":
        m = _PLAIN_CHINA_RE.fullmatch(text)
        if m is None:
            return None
        year = int(m.group(4))
        if not _YEAR_MIN <= year <= _YEAR_MAX:
            return None
        doc_type = f"GB/{m.group(1)}" if m.group(1) else "GB"
        part = m.group(3)[1:] or None
        d = Designation("GB", doc_type, m.group(2), part, year, printed=text)
        d.__dict__["normalized"] = text
        d.__dict__["work"] = text[:m.start(4) - 1]  # before "-year"
        return d
    m = _PLAIN_INTERNATIONAL_RE.fullmatch(text)
    if m is None:
        return None
    year = int(m.group("year"))
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        return None
    if m.group("iso_type"):
        body, doc_type = "ISO", m.group("iso_type")
    elif m.group("typed"):
        body, doc_type = m.group("typed"), m.group("type")
    else:
        body, doc_type = m.group("body"), "IS"
    part = m.group("parts")[1:] or None
    supplements: tuple[Supplement, ...] = ()
    canonical = printed = m.group("supplements")
    if printed:  # /Amd 1:2017, /AMD1:2013, /Cor 1:2015 … (kinds and spellings _SUPP_KW reads)
        iec_lead = body == "IEC"
        canonical = ""
        for sm in _PLAIN_SUPPLEMENT_RE.finditer(printed):
            kind, number, s_year = sm.group(1).capitalize(), int(sm.group(2)), int(sm.group(3))
            if not _YEAR_MIN <= s_year <= _YEAR_MAX:
                return None
            supplements += (Supplement(kind, number, s_year),)
            canonical += f"/{kind.upper()}{number}:{s_year}" if iec_lead else f"/{kind} {number}:{s_year}"
    d = Designation(body, doc_type, m.group("number"), part, year, supplements, printed=text)
    if canonical == printed:  # not IEC's spelling of an ISO-led supplement (that one is rendered when asked)
        d.__dict__["normalized"] = text
    d.__dict__["work"] = text[:m.start("year") - 1]  # before ":year"
    return d


def _parse(text: str) -> Designation:
    if not isinstance(text, str):
        raise DesignationError(repr(text), 0, f"expected text, got {type(text).__name__}")
    d = _plain(text)
    if d is not None:
        return d
    try:
        sc = _Scanner(text)
        sc.ws()
        if sc.at_end():
            sc.fail("expected a designation, found " + ("empty text" if not text else "only blanks"))
        d = _parse_core(sc, printed=text)
        sc.ws()
        if not sc.at_end():
            if sc.looking_at(_PACKAGE_RE):  # CSA B108:23 PACKAGE, … Code & Handbook Package
                sc.fail(f"names several documents: a package (code, handbook, training …); {_ONE_EACH}")
            sc.fail(f"unexpected {sc.shown()} after the designation")
        return d
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
    if type(text) is str:
        return list(_adopted_list_of_text(text))
    return _adopted_list(text)


@functools.lru_cache(maxsize=8192)
def _adopted_list_of_text(text: str) -> tuple[tuple[Designation, str | None], ...]:
    """:func:`parse_adopted_list` remembered per cell text (the same adopted standards recur); a tuple,
    so that no caller can change what the next one gets."""
    return tuple(_adopted_list(text))


def _adopted_list(text: str) -> list[tuple[Designation, str | None]]:
    if not isinstance(text, str):
        raise DesignationError(repr(text), 0, f"expected text, got {type(text).__name__}")
    d = _plain(text)
    if d is not None and d.body != "GB":  # one plain international reference (no degree, no separator)
        return [(d, None)]
    # a cell that only says none/unknown (what parse_degree reads as such; no exception for the others)
    if text.strip() == "" or _DEGREE_WORDS.get(_degree_key(text)) in ("none", "unknown"):
        return []
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
        while sc.match(_rx(r"[ ;、\n,]+")):
            pass
        if sc.at_end():
            break
        degree: str | None = None
        if (mm := sc.match(_SYMBOL_RE)):
            degree = _SYMBOL_DEG[mm.group("d")]
            sc.ws()
        elif (mm := sc.match(_rx(r"(?P<d>idt|mod|neq|eqv) +", _I))):
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
            d = copy_with(d, supplements=d.supplements + (Supplement(kind, number, year, stage),))
        else:
            sc.i = save
        printed = sc.piece(start, sc.i).strip()
        tm = sc.looking_at(_TRAIL_DEGREE_RE)
        if tm and not (tm.group("d") and _designation_follows(sc, tm.start("d"))):
            sc.i = tm.end()  # "…,idt ISO 14024" would introduce the next reference instead
            degree = (tm.group("d") or tm.group("p")).upper()
        out.append((copy_with(d, printed=printed), degree))
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
    text = normalized.replace(" ", "_")
    if text.isascii():  # what quote() writes, one table lookup per character instead of a call
        return text.translate(_SLUG_ESCAPES)
    return urllib.parse.quote(text, safe="-._~:")


_SLUG_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~:")
_SLUG_ESCAPES = {c: f"%{c:02X}" for c in range(128) if chr(c) not in _SLUG_SAFE}


def format_designation(d: Designation) -> str:
    """The canonical string of `d` (same as ``d.normalized``)."""
    return d.normalized

