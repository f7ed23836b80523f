"""Real national and regional identifiers (pubid fixtures: BSI, CEN/CENELEC, CSA, ANSI, GOST, GB).

Every row of ``pubid_national_identifiers.tsv`` is parsed.  The figures (share parsed, share whose
international reference resolves in the ISO and IEC catalogues) and every miss are printed to the
terminal, whatever pytest's capture settings.

Which rows are not designations (and may fail, with a clear error):

* whole fixture classes of BSI catalogue *products* rather than standards — handbooks, e-books,
  bundles and ranges (``BS SP 122 to 125``), sets, indexes, sections, methods, supplements and
  addenda of pre-1990 standards, national annexes (``NA to BS EN 1990``), expert commentaries
  (``ExComm``), value-added publications (``(Book)``), Flex documents, DISC/PP/TickIT guides,
  committee drafts for comment (``24/30488529 DC``), issues, and BSI amendment slips (``AMD 7602``);
* single rows of designation classes that name several documents or a product:
  ``… PACKAGE``, ``… Code & Handbook Package``, ``…(R03)PDF``, fragment ranges
  (``BS EN 55011 Fragments 2-7``), two standards printed together (``CSA A23.1:24/CSA A23.2:24``),
  a series (``GB/T 5606 (all parts)``), catalogue annotations (``#(first corrigendum)``,
  ``(AS BS 7671)``, ``(AMD 16783)``, ``AMD AA``), numbers without a body prefix (``C22.1-15``),
  truncated years in the source (``BS 3G 100-2.3.10:197``), a corrigendum dated by month
  (``/AC:2016-11``), and an IEC reference in brackets with no degree on an old BS
  (``BS 6221-1:1990 (IEC 60326-1:1984)``: the degree is not stated, and an implied adoption
  needs one).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from mapper.ids import Designation, DesignationError, parse

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
PUBID = DATA / "pubid-national-identifiers" / "pubid_national_identifiers.tsv"
ISO_CATALOGUE = DATA / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"
IEC_CATALOGUE = DATA / "relaton-data-iec" / "iec_catalogue.jsonl"

pytestmark = pytest.mark.skipif(
    not (PUBID.exists() and ISO_CATALOGUE.exists() and IEC_CATALOGUE.exists()),
    reason=f"shared data not available under {DATA} (pubid TSV, ISO and IEC catalogues)",
)

NOT_DESIGNATION_CLASSES = {
    "addendum", "amendment", "bundle", "committee_document", "disc", "electronic_book",
    "expert_commentary", "explanatory_supplement", "flex", "handbook", "index", "issue", "method",
    "national_annex", "practice_guide", "range", "section", "set", "supplement",
    "supplementary_index", "test_method", "tickit", "value_added_publication",
}

NOT_DESIGNATION_ROWS = [
    (re.compile(r"PACKAGE|Package|PDF$"), "a product (package, PDF), not one document"),
    (re.compile(r"Fragments? |FRAG[0-9]+-[0-9]+"), "a range of fragments"),
    (re.compile(r"^(?:CSA|CAN/CSA|CSA/ANSI)[^/]*/(?:CSA|CAN/CSA|IAPMO|A[0-9]+\.)"), "two documents printed together"),
    (re.compile(r"\(all parts\)"), "a series, not one document"),
    (re.compile(r"#|(?:January|February|March|April|May|June|July|August|September|October|November|December) "
                r"[0-9]{4}$|\(AS BS|\(AMD [0-9]|AMD AA|INTERIM REQUIREMENT|\((?:19|20)[0-9]{2}\) \(CONSOLIDATED"),
     "catalogue annotation"),
    (re.compile(r"^[A-Z]?[0-9]"), "no body prefix"),
    (re.compile(r":[0-9]{3}$"), "year truncated in the source"),
    (re.compile(r"/AC:[0-9]{4}-[0-9]{2}$"), "corrigendum dated by month"),
    (re.compile(r"^BS [0-9][^()]*\((?:IEC|ISO) [^,]*\)$"), "bracketed reference without a degree"),
]


def _rows() -> list[dict]:
    with PUBID.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _exemption(row: dict) -> str | None:
    if row["fixture_class"] in NOT_DESIGNATION_CLASSES:
        return f"class {row['fixture_class']} (not designations)"
    for pattern, why in NOT_DESIGNATION_ROWS:
        if pattern.search(row["identifier"]):
            return why
    return None


def _international_leaves(d: Designation) -> list[Designation]:
    """The ISO/IEC references at the ends of the adoption chain (EN ISO … → ISO …)."""
    out = []
    for imp in d.adopts:
        if imp.ref.body.split("/")[0] in ("ISO", "IEC", "CISPR"):
            out.append(imp.ref)
        out.extend(_international_leaves(imp.ref))
    return out


@pytest.fixture(scope="module")
def catalogue() -> tuple[set[str], set[str], set[tuple], set[tuple]]:
    """Normalised references and works of the ISO and IEC catalogues, read through mapper.ids."""
    refs: set[str] = set()
    works: set[str] = set()
    keys: set[tuple] = set()
    dated_keys: set[tuple] = set()
    for path in (ISO_CATALOGUE, IEC_CATALOGUE):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    d = parse(json.loads(line)["reference"])
                except DesignationError:
                    continue
                refs.add(d.base.normalized)
                works.add(d.work)
                keys.add(_key(d))
                dated_keys.add(_key(d) + (d.year,))
    return refs, works, keys, dated_keys


def _resolves(ref: Designation, catalogue: tuple[set[str], set[str], set[tuple], set[tuple]]) -> bool:
    """Normalised form (dated) or work (undated) in the catalogues; failing that, the same body,
    number and part with another document type (ISO and IEC numbers are unique across types, and
    national adoptions often drop the type: CAN/CSA-ISO/IEC 10607-1 is ISO/IEC ISP 10607-1)."""
    refs, works, keys, dated_keys = catalogue
    candidates = [ref]
    lead = ref.body.split("/")[0]
    if lead == "IEC" and ref.number.isdigit() and int(ref.number) < 60000:
        # IEC renumbered its whole catalogue in 1997 by adding 60000 (IEC 1000-1-1 = IEC 61000-1-1)
        from dataclasses import replace

        candidates.append(replace(ref, number=str(int(ref.number) + 60000)))
    for c in candidates:
        if c.year is not None and (c.base.normalized in refs or _key(c) + (c.year,) in dated_keys):
            return True
        if c.year is None and (c.work in works or _key(c) in keys):
            return True
    return False


def _key(d: Designation) -> tuple:
    return (d.body, d.number, d.part)


def test_pubid_identifiers_parse_and_resolve(catalogue, capsys) -> None:
    lines: list[str] = []
    _say = lines.append
    rows = _rows()
    parsed = failed = exempt_failed = 0
    misses: list[str] = []
    exempt: list[str] = []
    unresolved: list[str] = []
    no_adoption: list[str] = []
    intl_rows = resolved = 0
    designation_rows = 0
    for row in rows:
        text = row["identifier"]
        why = _exemption(row)
        if why is None:
            designation_rows += 1
        try:
            d = parse(text)
        except DesignationError as err:
            assert text in str(err) and "^" in str(err), str(err)  # a clear error: input and caret
            if why is None:
                failed += 1
                misses.append(f"{row['flavor']}/{row['fixture_class']}: {text!r}: {err.reason} at {err.position}")
            else:
                exempt_failed += 1
                exempt.append(f"{row['flavor']}/{row['fixture_class']}: {text!r} ({why}): {err.reason}")
            continue
        parsed += 1
        assert parse(d.normalized).normalized == d.normalized, text
        if row["has_international_marker"] == "yes" and not d.adopts:
            no_adoption.append(f"{text!r} → {d.normalized}")
        leaves = _international_leaves(d)
        if leaves:
            intl_rows += 1
            if all(_resolves(leaf, catalogue) for leaf in leaves):
                resolved += 1
            else:
                unresolved.append(f"{text!r} → " + ", ".join(leaf.normalized for leaf in leaves))
    total = len(rows)
    parse_rate = (designation_rows - failed) / designation_rows
    resolve_rate = resolved / intl_rows
    _say("")
    _say(f"pubid: {parsed}/{total} rows parse ({parsed / total:.2%} of all rows); "
         f"designation rows {designation_rows - failed}/{designation_rows} ({parse_rate:.2%}); "
         f"{exempt_failed} non-designation rows fail as allowed")
    _say(f"pubid: international references resolved in the ISO/IEC catalogues: {resolved}/{intl_rows} "
         f"({resolve_rate:.2%})")
    for title, items in (("designation rows that fail", misses),
                         ("rows with an ISO/IEC/EN marker and no implied adoption", no_adoption),
                         ("unresolved international references", unresolved),
                         ("non-designation rows that fail (allowed)", exempt)):
        _say(f"pubid: {title}: {len(items)}")
        for item in items:
            _say(f"  {item}")
    with capsys.disabled():
        print("\n".join(lines))
    assert misses == []
    assert no_adoption == []
    assert resolve_rate >= 0.97
