"""One bilingual label table for everything a person reads: reports and the analytics commands' text.

Labels live in `reports/labels.toml` (shared) and `reports/<report>/labels.toml` (one report's own), each
key with an `en` and a `zh` text. `Labels(lang)` looks them up — a missing key is an error, never a silent
English fallback — and `Fmt(lang)` writes numbers and dates the way a reader of that language expects:

>>> Fmt("en").date("2016-10-13"), Fmt("zh").date("2016-10-13")
('13 Oct 2016', '2016年10月13日')
>>> Fmt("en").pct(0.309524), Fmt("zh").pct(0.309524), Fmt("en").num(27259)
('31.0%', '31.0%', '27,259')
>>> Labels("zh")("degree.IDT")
'等同采用'
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from mapper.resources import resource_dir

LANGS = ("en", "zh")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class LabelError(KeyError):
    """A label key that is not in the table (or lacks one language)."""

    def __str__(self) -> str:  # KeyError would print the repr
        return str(self.args[0])


@cache
def table(report: str | None = None) -> dict[str, dict[str, str]]:
    """The shared labels plus those of `report` (its own file wins on a clash). Each value has en and zh."""
    root = resource_dir("reports")
    files = [root / "labels.toml"] + ([root / report / "labels.toml"] if report else [])
    out: dict[str, dict[str, str]] = {}
    for path in files:
        if not path.is_file():
            continue
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for key, value in data.items():
            if not isinstance(value, dict) or set(value) != set(LANGS):
                raise LabelError(f"{path}: label {key!r} must have exactly the texts {', '.join(LANGS)}")
            out[key] = {lang: str(value[lang]) for lang in LANGS}
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """STDMAP_LANG when set; else zh when the locale (LC_ALL, LC_MESSAGES, LANG) is Chinese; else en."""
    env = os.environ if environ is None else environ
    if env.get("STDMAP_LANG"):
        return check_lang(env["STDMAP_LANG"])
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return "zh" if env[name].lower().startswith("zh") else "en"
    return "en"


class Labels:
    """`Labels(lang)(key, **values)` → the label in that language, with `{name}` fields filled in."""

    def __init__(self, lang: str, report: str | None = None) -> None:
        self.lang = check_lang(lang)
        self.report = report
        self._table = table(report)

    def __call__(self, key: str, **values: Any) -> str:
        try:
            text = self._table[key][self.lang]
        except KeyError:
            raise LabelError(f"no label {key!r} in reports/labels.toml"
                             + (f" or reports/{self.report}/labels.toml" if self.report else "")) from None
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._table

    def both(self, key: str, **values: Any) -> str:
        """English · Chinese, for text output that serves both readers at once."""
        en, zh = (Labels(lang, self.report)(key, **values) for lang in LANGS)
        return en if en == zh else f"{en} · {zh}"


def _day(value: _dt.date | str | None) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


class Fmt:
    """Numbers and dates in the reader's convention: `13 Oct 2016` / `2016年10月13日`, `1,234`, `31.0%`."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)

    def num(self, value: float | None, digits: int = 0) -> str:
        if value is None or value == "":
            return "—"
        if digits == 0 and float(value).is_integer():
            return f"{int(value):,}"
        return f"{float(value):,.{digits or 1}f}"

    def pct(self, value: float | None, digits: int = 1) -> str:
        if value is None or value == "":
            return "—"
        return f"{100 * float(value):.{digits}f}%"

    def date(self, value: _dt.date | str | None) -> str:
        day = _day(value)
        if day is None:
            return "—"
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"

    def month(self, value: _dt.date | str | None) -> str:
        day = _day(value)
        if day is None:
            return "—"
        return f"{day.year}年{day.month}月" if self.lang == "zh" else f"{_MONTHS_EN[day.month - 1]} {day.year}"

    def months(self, value: float | None) -> str:
        if value is None or value == "":
            return "—"
        text = self.num(value, 0 if float(value).is_integer() else 1)
        return f"{text} 个月" if self.lang == "zh" else (f"{text} month" if value == 1 else f"{text} months")


def rules_block(rules: Any) -> list[str]:
    """The counting rules as every analytics command prints them: a bilingual heading, the English lines, then
    the Chinese ones. `rules` is a CountingRules or its JSON form (with description / description_zh)."""
    if isinstance(rules, dict):
        en, zh = rules["description"], rules["description_zh"]
    else:
        en, zh = rules.describe(), rules.describe_zh()
    head = Labels("en")("rules.title") + " · " + Labels("zh")("rules.title") + ":"
    return [head] + [f"  - {line}" for line in en] + [f"  - {line}" for line in zh]


__all__ = ["LANGS", "Fmt", "LabelError", "Labels", "check_lang", "default_lang", "rules_block", "table"]
