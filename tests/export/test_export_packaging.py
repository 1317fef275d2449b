"""The KaTeX assets are complete, loadable as package resources, and declared for the wheel."""

from __future__ import annotations

import sys
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

from interviewkit.export.assets import KATEX_VERSION
from interviewkit.export.katex import katex_bundle

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "interviewkit" / "export" / "assets"


def test_every_asset_is_declared_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert {"interviewkit.export", "interviewkit.export.assets"} <= set(config["packages"])
    patterns = config["package-data"].get("*", []) + config["package-data"].get(
        "interviewkit.export.assets", []
    )
    files = [p.name for p in ASSETS.iterdir() if p.is_file() and p.suffix != ".pyc"]
    undeclared = [
        f for f in files if f != "__init__.py" and not any(fnmatch(f, pat) for pat in patterns)
    ]
    assert undeclared == []


def test_the_bundle_is_complete() -> None:
    names = {p.name for p in resources.files("interviewkit.export.assets").iterdir()}
    assert {"katex.min.js", "katex.min.css", "auto-render.min.js", "KATEX_LICENSE"} <= names
    assert len([n for n in names if n.startswith("KaTeX_") and n.endswith(".woff2")]) == 20
    assert f'version:"{KATEX_VERSION}"' in (ASSETS / "katex.min.js").read_text(encoding="utf-8")
    bundle = katex_bundle()
    assert "url(fonts/" not in bundle.css
    assert "renderMathInElement" in bundle.js
