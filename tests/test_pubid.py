"""Real national and regional identifiers (pubid fixtures: BSI, CEN/CENELEC, CSA, ANSI, GOST, GB).

Every row of ``pubid_national_identifiers.tsv`` is parsed.  The figures (share parsed, share whose
international reference resolves in the ISO and IEC catalogues, exactly or to an earlier edition)
and every miss are printed to the terminal, whatever pytest's capture settings.

Every row that names ONE document must parse.  How each class of BSI catalogue product is read
(see also the table in ``mapper.ids._BritishGrammar``):

=============================  ==============================================  ======================
class                          example → canonical form                        decision
=============================  ==============================================  ======================
addendum                       ``BS 2000-0:Addendum No. 1:1987`` →             supplement ``Add``
                               ``BS 2000-0 Addendum No. 1:1987``
supplement                     ``Supplement No. 1 (1970) to BS 1831:1969`` →   supplement ``Suppl``
                               ``BS 1831:1969 Supplement No. 1:1970``
amendment                      ``PD 5500 Amd 1 (09/15)`` →                     supplement ``Amd``
                               ``PD 5500/A1:2015-09``;                         (with month)
                               ``BS 7671 Amendment 2:August 2013`` →
                               ``BS 7671/A2:2013-08``
amendment slip                 ``AMD 7602``                                    doc_type ``BS-AMD``
handbook                       ``Handbook 3:1985``, ``HB 10146:1998``          doc_type ``HB``
national annex                 ``NA+A1:2014 to BS EN 1996-3:2006``             doc_type ``NA``
                                                                               (``annex_to``)
method, section, index,        ``BS 2782-8:Method 826A:1992``,                 one document; the
test method, explanatory       ``BS 3224 Section B2:1970`` →                   subdivision is in
supplement                     ``BS 3224:Section B2:1970``,                    ``part``
                               ``BS 185 Index:1964`` → ``BS 185:Index:1964``
electronic book, practice      ``EP 200 Version 3.0``, ``PP 7307:1986``,       doc_types ``EP``,
guide, DISC, Flex, committee   ``DISC PD 0008:1996``, ``BSI Flex 1886          ``PP``, ``PD``,
draft                          v2.0:2024-09``, ``24/30488529 DC``              ``Flex``, ``DC``
expert commentary, value-      ``BS EN ISO/IEC 80079-34:2020 ExComm``,         the standard +
added publication, issue       ``PD 6079-4:2006 (Book)`` → ``… Book``,         ``variant``
                               ``PD 6627:2001 Issue 3.1``, ``… - TC``
fragment, dated corrigendum    ``BS EN IEC 55011 Fragment 4`` →                supplement ``FRAG``;
                               ``BS EN IEC 55011/FRAG4``,                      ``Cor`` with month
                               ``EN 61375-2-3:2015/AC:2016-11``
bracketed note, no degree      ``BS 6221-1:1990 (IEC 60326-1:1984)``,          the standard; the
                               ``BS 5499-11:2002 (AMD 16783)``,                note is ``cited``
                               ``HD 60364-8-82 (AS BS 7671)``                  (no adoption)
=============================  ==============================================  ======================

Rows that do not name one document fail, with an error that names the reason; NOT_ONE_DOCUMENT
lists them (each pattern must match at least one row, and every row it matches must fail):
ranges, lists and sets (``BS SP 122 to 125:1958``, ``BS 4048:Parts 1 and 2:1966``,
``BS EN ISO 3506-1/2:2020 ExComm``, ``BS EN 55011 Fragments 2-7``, ``BS ISO 20400 + BS ISO 44001``,
``CSA A23.1:24/CSA A23.2:24``, ``GB/T 5606 (all parts)``), CSA packages of a code and its handbook,
numbers without a body prefix (``C22.1-15``, TickIT ``TS 1:1998``: ``TS`` alone names no
publisher), years truncated in the source (``BS 3G 100-2.3.10:197``) and catalogue annotations
whose meaning the row does not state (``AMD AA``, a trailing ``January 2021``, CSA's bare
``(2022)`` before ``(CONSOLIDATED)``).  (CSA's ``CSA AMERICA INTERIM REQUIREMENT 1.09`` and
``…-98(R03)PDF`` are single documents and parse: doc_type ``IR``, variant ``PDF``.)  Three CEN rows
carry a pubid fixture comment (``# (first corrigendum)``) in the identifier column: it is dropped
before parsing and reported.

Resolution.  A national designation states nested IDT adoptions; the ISO/IEC references at the
ends of the chain are looked up in the ISO and IEC catalogue files.  The main figure counts exact
matches (dated reference, or work for undated ones).  When the reference's year was carried over
from the adopting designation (``Implied.year_stated`` False: ``BS EN ISO 21647:2009`` →
``ISO 21647:2009``, but 2009 is the BS/EN publication year), a catalogue edition of the work
published in or before that year also counts, reported separately as "resolved to an earlier
edition"; each remaining miss is printed with its reason.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from mapper.ids import Designation, DesignationError, Implied, parse

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
PUBID = DATA / "pubid-national-identifiers" / "pubid_national_identifiers.tsv"
ISO_CATALOGUE = DATA / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"
IEC_CATALOGUE = DATA / "relaton-data-iec" / "iec_catalogue.jsonl"

pytestmark = pytest.mark.skipif(
    not (PUBID.exists() and ISO_CATALOGUE.exists() and IEC_CATALOGUE.exists()),
    reason=f"shared data not available under {DATA} (pubid TSV, ISO and IEC catalogues)",
)

#: a fixture comment the extraction left in the identifier column (pubid fixtures comment with '#')
FIXTURE_COMMENT = re.compile(r"#.*$")

#: rows that do not name one document: (pattern, reason); every row matched must fail
NOT_ONE_DOCUMENT = [
    (re.compile(r"(?<!\)) (?:and|to|TO|&) (?:BS )?(?:[0-9]?SP )?[0-9]|& B(?![A-Z])|; [0-9]|[0-9],[0-9]"
                r"|:(?:Parts|Methods|Sections) | Sections [0-9]"), "several documents: a range or list"),
    (re.compile(r"\+ ?BS |^PD [0-9-]+:[0-9]{4} PD "), "several documents: a set"),
    (re.compile(r"-1/2:2020"), "several documents: parts 1 and 2"),
    (re.compile(r"Fragments |FRAG[0-9]+-[0-9]+"), "several documents: a range of fragments"),
    (re.compile(r"^(?:CSA|CAN/CSA|CSA/ANSI)[^/]*/(?:CSA|CAN/CSA|IAPMO|A[0-9]+\.)"), "several documents printed together"),
    (re.compile(r"\(all parts\)"), "several documents: a series"),
    (re.compile(r"PACKAGE|Package"), "several documents: a CSA package (code, handbook, training)"),
    (re.compile(r"^[A-Z]?[0-9]+\.|^B651HB|^TS [0-9]"), "no body prefix"),
    (re.compile(r":[0-9]{3}$"), "year truncated in the source"),
    (re.compile(r"AMD AA$"), "annotation: an amendment labelled 'AA', without number or year"),
    (re.compile(r":[0-9]{4} (?:January|February|March|April|May|June|July|August|September|October|November"
                r"|December) [0-9]{4}$"), "annotation: a trailing date of unstated meaning"),
    (re.compile(r"\((?:19|20)[0-9]{2}\) \(CONSOLIDATED"), "annotation: a bare year in brackets"),
]


def _rows() -> list[dict]:
    with PUBID.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _exemption(row: dict) -> str | None:
    for pattern, why in NOT_ONE_DOCUMENT:
        if pattern.search(row["identifier"]):
            return why
    return None


def _international_leaves(d: Designation) -> list[Implied]:
    """The ISO/IEC references at the ends of the adoption chain (EN ISO … → ISO …), with how their
    year was obtained (``year_stated``)."""
    out = []
    for imp in d.adopts:
        if imp.ref.body.split("/")[0] in ("ISO", "IEC", "CISPR"):
            out.append(imp)
        out.extend(_international_leaves(imp.ref))
    return out


@dataclass
class Catalogue:
    refs: set[str] = field(default_factory=set)  # dated normalised references
    works: set[str] = field(default_factory=set)  # undated works
    years: dict[tuple, set[int]] = field(default_factory=lambda: defaultdict(set))  # key → edition years
    by_number: dict[tuple, set[str]] = field(default_factory=lambda: defaultdict(set))  # (number, part) → works
    snapshot: dict[str, str] = field(default_factory=dict)  # catalogue → last publication date


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """Normalised references, works and edition years of the ISO and IEC catalogues, read through
    mapper.ids."""
    cat = Catalogue()
    for name, path, date_key in (("ISO", ISO_CATALOGUE, "publicationDate"), ("IEC", IEC_CATALOGUE, "publication_date")):
        last = ""
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                last = max(last, record.get(date_key) or "")
                try:
                    d = parse(record["reference"])
                except DesignationError:
                    continue
                cat.refs.add(d.base.normalized)
                cat.works.add(d.work)
                cat.years[_key(d)]  # the work is known even when undated
                if d.year is not None:
                    cat.years[_key(d)].add(d.year)
                cat.by_number[(d.number, d.part)].add(d.work)
        cat.snapshot[name] = last
    return cat


def _candidates(ref: Designation) -> list[Designation]:
    candidates = [ref]
    if ref.body.split("/")[0] == "IEC" and ref.number.isdigit() and int(ref.number) < 60000:
        # IEC renumbered its whole catalogue in 1997 by adding 60000 (IEC 1000-1-1 = IEC 61000-1-1)
        candidates.append(replace(ref, number=str(int(ref.number) + 60000)))
    return candidates


def _resolves(ref: Designation, cat: Catalogue) -> bool:
    """Normalised form (dated) or work (undated) in the catalogues; failing that, the same body,
    number and part with another document type (ISO and IEC numbers are unique across types, and
    national adoptions often drop the type: CAN/CSA-ISO/IEC 10607-1 is ISO/IEC ISP 10607-1)."""
    for c in _candidates(ref):
        if c.year is not None and (c.base.normalized in cat.refs or c.year in cat.years.get(_key(c), ())):
            return True
        if c.year is None and (c.work in cat.works or _key(c) in cat.years):
            return True
    return False


def _earlier_edition(imp: Implied, cat: Catalogue) -> str | None:
    """For a year carried over from the adopting designation (``year_stated`` False): the latest
    catalogue edition of the work published in or before that year (the regional or national
    publication follows the international one: BS EN ISO 21647:2009 adopts ISO 21647:2004)."""
    ref = imp.ref
    if imp.year_stated or ref.year is None:
        return None
    for c in _candidates(ref):
        earlier = [y for y in cat.years.get(_key(c), ()) if y <= ref.year]
        if earlier:
            return f"{replace(c, year=max(earlier)).base.normalized}"
    return None


def _miss_reason(ref: Designation, cat: Catalogue) -> str:
    for c in _candidates(ref):
        if _key(c) in cat.years:
            years = sorted(cat.years[_key(c)])
            if not years:
                return (f"the catalogue lists {c.work} without a published edition (in development at its "
                        f"snapshot, last entry {cat.snapshot['IEC' if c.body.startswith(('IEC', 'CISPR')) else 'ISO']})")
            return f"the catalogue has {c.work} only as {', '.join(map(str, years))}"
    others = sorted(w for w in cat.by_number.get((ref.number, ref.part), ()) if w != ref.work)
    if others:
        return f"the catalogue names it differently: {' or '.join(others)}"
    lead = "IEC" if ref.body.split("/")[0] in ("IEC", "CISPR") else "ISO"
    snapshot = cat.snapshot[lead]
    if ref.year is not None and str(ref.year) >= snapshot[:4]:
        return f"not in the {lead} catalogue file: published {ref.year}, after its snapshot (last entry {snapshot})"
    return f"not in the {lead} catalogue file (last entry {snapshot})"


def _key(d: Designation) -> tuple:
    return (d.body, d.number, d.part)


def test_pubid_identifiers_parse_and_resolve(catalogue, capsys) -> None:
    lines: list[str] = []
    _say = lines.append
    rows = _rows()
    parsed = 0
    misses: list[str] = []  # rows naming one document that fail
    listed_but_parsed: list[str] = []  # rows listed as not one document that parse
    not_one: list[str] = []
    used_patterns: set[str] = set()
    no_adoption: list[str] = []
    cited_only: list[str] = []
    annexes: list[str] = []
    comments: list[str] = []
    intl_rows = exact = with_earlier = 0
    earlier: list[str] = []
    unresolved: list[str] = []
    for row in rows:
        text = row["identifier"]
        if (cm := FIXTURE_COMMENT.search(text)):  # 'EN ISO 13485:2016/AC:2016# (first corrigendum)'
            comments.append(f"{text!r}: comment {cm.group(0)!r} dropped")
            text = text[:cm.start()]
        why = _exemption(dict(row, identifier=text))
        where = f"{row['flavor']}/{row['fixture_class']}: {text!r}"
        try:
            d = parse(text)
        except DesignationError as err:
            assert text in str(err) and "^" in str(err), str(err)  # a clear error: input and caret
            if why is None:
                misses.append(f"{where}: {err.reason} at {err.position}")
            else:
                used_patterns.add(why)
                not_one.append(f"{where} ({why}): {err.reason}")
                if why.startswith("several documents") and not text.startswith("C22"):
                    assert "names several documents" in err.reason, (text, err.reason)
            continue
        parsed += 1
        if why is not None:
            listed_but_parsed.append(f"{where} → {d.normalized} (listed as: {why})")
        # canonical forms round-trip (dual numbers and cover notes are statements, not part of the form)
        assert replace(parse(d.normalized), adopts=()) == replace(d, adopts=()), text
        assert parse(d.normalized).normalized == d.normalized, text
        if row["has_international_marker"] == "yes" and not d.adopts:
            if d.annex_to is not None:
                annexes.append(f"{text!r} → {d.normalized} (annex to {d.annex_to.normalized})")
            else:
                (cited_only if d.cited else no_adoption).append(f"{text!r} → {d.normalized} {list(d.cited)}")
        leaves = _international_leaves(d)
        if not leaves:
            continue
        intl_rows += 1
        outcome = []
        for imp in leaves:
            if _resolves(imp.ref, catalogue):
                outcome.append("exact")
            elif (ed := _earlier_edition(imp, catalogue)) is not None:
                outcome.append("earlier")
                earlier.append(f"{text!r} → {imp.ref.normalized} (year from the designation): catalogue {ed}")
            else:
                outcome.append("miss")
                unresolved.append(f"{text!r} → {imp.ref.normalized}"
                                  f"{'' if imp.year_stated else ' (year from the designation)'}: "
                                  f"{_miss_reason(imp.ref, catalogue)}")
        exact += all(o == "exact" for o in outcome)
        with_earlier += all(o != "miss" for o in outcome)
    total = len(rows)
    one_doc = total - len(not_one)
    exact_rate = exact / intl_rows
    rate = with_earlier / intl_rows
    _say("")
    _say(f"pubid: {parsed}/{total} rows parse ({parsed / total:.2%}); rows naming one document: "
         f"{one_doc - len(misses)}/{one_doc} ({(one_doc - len(misses)) / one_doc:.2%}); "
         f"{len(not_one)} rows that name several documents or no document fail with a reason")
    _say(f"pubid: international references resolved exactly in the ISO/IEC catalogues: {exact}/{intl_rows} "
         f"({exact_rate:.2%})")
    _say(f"pubid: resolved including an earlier edition for years carried over from the designation: "
         f"{with_earlier}/{intl_rows} ({rate:.2%})")
    for title, items in (("rows naming one document that fail", misses),
                         ("rows listed as not one document that parse", listed_but_parsed),
                         ("rows with an ISO/IEC/EN marker and no implied adoption", no_adoption),
                         ("rows citing an ISO/IEC reference without a degree (no adoption implied)", cited_only),
                         ("national annexes (an annex to a BS EN adopts nothing itself)", annexes),
                         ("fixture comments left in the identifier", comments),
                         ("references resolved to an earlier edition", earlier),
                         ("unresolved international references", unresolved),
                         ("rows that do not name one document (fail with a reason)", not_one)):
        _say(f"pubid: {title}: {len(items)}")
        for item in items:
            _say(f"  {item}")
    with capsys.disabled():
        print("\n".join(lines))
    assert misses == []
    assert listed_but_parsed == []
    assert used_patterns == {why for _, why in NOT_ONE_DOCUMENT}, "a NOT_ONE_DOCUMENT pattern matches no row"
    assert no_adoption == []
    assert exact_rate >= 0.97
    assert rate >= 0.98
