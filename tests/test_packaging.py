"""Packaging: every command is documented, and the data folders travel inside the wheel.

The wheel test builds stdmap, installs it into a bare folder and runs it from outside the checkout, so
`mapper` can only come from the wheel: `ontology/`, `standards/` and `reports/` must be found in
`mapper/_data/` (pyproject.toml, force-include). The same script then runs from the checkout.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapper.cli import main

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# Opens an in-memory store (vocabulary + bundled knowledge base), computes the rate, renders the report
# and validates a file: each step reads one of the data folders.
SCRIPT = r"""
import json, sys
import mapper
from mapper.kg import load_manifest, open_kg
from mapper.rates import compute_rate
from mapper.report import render
from mapper.report.overview import build_overview
from mapper.resources import resource_dir
from mapper.rules import CountingRules

kg = open_kg(":memory:")
rate = compute_rate(kg, CountingRules())
context = build_overview(kg)
html = render(context, "html", "en")
md = render(context, "md", "zh")
print(json.dumps({
    "file": mapper.__file__,
    "dirs": {name: str(resource_dir(name)) for name in ("ontology", "standards", "reports")},
    "denominator": rate.denominator,
    "adopted": rate.adopted,
    "adoptions": len(context.tables["adoptions"].rows),
    "kb_version": context.meta["kb_version"],
    "scope_in_report": load_manifest().scope_zh in md,
    "html_ok": html.lstrip().startswith("<!DOCTYPE html>") and "</html>" in html,
}))
"""


# -- every command has help and is in the README --------------------------------------------------------------------
def listed_commands() -> list[str]:
    """The command names `stdmap --help` prints under "Commands:"."""
    out = CliRunner().invoke(main, ["--help"]).output
    section = out.split("Commands:", 1)[1]
    return [m[1] for m in re.finditer(r"^  (\S+)", section, re.M)]


def test_help_lists_every_command():
    assert sorted(listed_commands()) == sorted(main.commands)
    assert {"init", "import", "rate", "equiv", "show", "report", "validate"} <= set(listed_commands())


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {command}") or f" {command} " in result.output.splitlines()[0]
    description = result.output.split("\n\n", 2)[1].strip()
    assert len(description) > 20, f"`stdmap {command} --help` says too little: {description!r}"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`stdmap {re.escape(command)}\b", readme), f"README.md does not document `stdmap {command}`"


def test_ci_runs_the_readme_test_command():
    """.ci/run says it runs the README's second Quick start command; keep the two in sync."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme.split("## Quick start", 1)[1].split("\n## ", 1)[0], re.S)
    assert len(blocks) >= 2, "README Quick start has two sh blocks"
    command = blocks[1].strip()
    ci = ROOT / ".ci" / "run"
    if not ci.is_file():
        pytest.skip(".ci/run is not in this checkout")
    assert command in ci.read_text(encoding="utf-8").splitlines()


# -- the wheel carries its data ---------------------------------------------------------------------------------
def run_script(cwd: Path, pythonpath: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = str(pythonpath)
    env["STDMAP_STORE"] = str(cwd / "guard-store-subprocess")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build_wheel(out: Path) -> Path:
    """`python -m build --wheel`; `pip wheel` when the build frontend is missing or fails."""
    attempts = [
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
    ]
    logs = []
    for cmd in attempts:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
        wheels = sorted(out.glob("stdmap-*.whl"))
        if proc.returncode == 0 and wheels:
            return wheels[-1]
        logs.append(f"$ {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    pytest.fail("could not build a wheel:\n" + "\n".join(logs))


@pytest.fixture(scope="module")
def from_checkout(tmp_path_factory) -> dict:
    return run_script(tmp_path_factory.mktemp("checkout-run"), ROOT)


def test_wheel_is_self_contained(tmp_path, from_checkout):
    wheel = build_wheel(tmp_path / "dist")
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for name in ("ontology/shapes.ttl", "standards/manifest.toml", "reports/overview/overview.html.j2",
                 "reports/overview/overview.md.j2", "reports/labels.toml", "reports/_assets/report.js",
                 "reports/_assets/report.css", "reports/_layout.html.j2"):
        assert (site / "mapper" / "_data" / name).is_file(), f"the wheel lacks mapper/_data/{name}"

    result = run_script(tmp_path, site)  # cwd outside the checkout: only the wheel provides `mapper`
    assert Path(result["file"]).resolve().is_relative_to(site.resolve()), result["file"]
    for name, folder in result["dirs"].items():
        assert Path(folder).resolve() == (site / "mapper" / "_data" / name).resolve()
    assert result["denominator"] > 0 and result["adoptions"] > 0
    assert result["kb_version"], "the bundled knowledge base was loaded"
    assert result["scope_in_report"] and result["html_ok"]
    # the wheel and the checkout give the same answers
    same = ("denominator", "adopted", "adoptions", "kb_version")
    assert {k: result[k] for k in same} == {k: from_checkout[k] for k in same}


def test_checkout_finds_its_data_beside_the_package(from_checkout):
    assert Path(from_checkout["file"]).resolve() == ROOT / "mapper" / "__init__.py"
    for name, folder in from_checkout["dirs"].items():
        assert Path(folder).resolve() == ROOT / name
    assert from_checkout["denominator"] > 0 and from_checkout["adoptions"] > 0
    assert from_checkout["scope_in_report"] and from_checkout["html_ok"]


def test_resource_dir_in_this_process():
    from mapper.resources import resource_dir

    for name in ("ontology", "standards", "reports"):
        assert resource_dir(name) == ROOT / name
    with pytest.raises(ValueError, match="unknown resource folder"):
        resource_dir("secrets")
