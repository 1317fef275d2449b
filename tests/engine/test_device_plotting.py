"""Device choice, the memory check, and the two renderings of one figure."""

from __future__ import annotations

import sys

import pytest
import torch

from interviewkit.engine import device as dev
from interviewkit.engine.plotting import MATPLOTLIB_MISSING, Figure, render_terminal, save_png
from interviewkit.errors import EngineError


def test_cpu_and_auto():
    assert dev.resolve_device("cpu").name == "cpu"
    auto = dev.resolve_device("auto")
    assert auto.name == ("cuda" if torch.cuda.is_available() else "cpu")
    assert "auto" in auto.note


def test_cuda_without_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(EngineError, match="no CUDA GPU"):
        dev.resolve_device("cuda")
    assert dev.resolve_device("auto").note == "cpu (auto: no CUDA GPU found)"


def test_memory_check(monkeypatch):
    monkeypatch.setattr(dev, "available_bytes", lambda d: 10 * 1024**3)
    dev.check_memory(1024**3, torch.device("cpu"), "x")  # fits
    with pytest.raises(EngineError, match=r"x needs about 9\.5 GiB but cpu has 10\.0 GiB free"):
        dev.check_memory(int(9.5 * 1024**3), torch.device("cpu"), "x")


def test_available_bytes_is_plausible():
    assert dev.available_bytes(torch.device("cpu")) > 1024**2


def test_seed_is_reproducible():
    dev.seed_everything(7)
    a = torch.randn(3)
    dev.seed_everything(7)
    assert torch.equal(a, torch.randn(3))


def _figure() -> Figure:
    fig = Figure("decay", "k", "norm", logy=True)
    fig.add("a", [1, 2, 3, 4], [1.0, 0.1, 0.0, float("nan")])
    return fig


def test_log_figure_drops_what_a_log_axis_cannot_show():
    (s,) = _figure().drawable()
    assert s.x == [1, 2] and s.y == [1.0, 0.1]


def test_floor_hides_what_would_squash_the_axis():
    fig = _figure()
    fig.floor = 0.5
    (s,) = fig.drawable()
    assert s.y == [1.0]


def test_terminal_render_is_plain_text():
    text = render_terminal(_figure(), width=60, height=12)
    assert "\x1b[" not in text and "decay" in text and "log10 norm" in text


def test_png_and_missing_matplotlib(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    path = tmp_path / "f.png"
    save_png(_figure(), str(path))
    assert path.read_bytes().startswith(b"\x89PNG")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were not installed
    with pytest.raises(EngineError) as info:
        save_png(_figure(), str(tmp_path / "g.png"))
    assert info.value.message == MATPLOTLIB_MISSING and "[plot]" in MATPLOTLIB_MISSING


def test_unwritable_png_path(tmp_path):
    pytest.importorskip("matplotlib")
    with pytest.raises(EngineError, match="cannot write"):
        save_png(_figure(), str(tmp_path / "missing-dir" / "f.png"))


def test_human_bytes_uses_a_unit_that_keeps_the_number_short():
    assert dev.human_bytes(512) == "512 B"
    assert dev.human_bytes(3 * 1024**3) == "3.0 GiB"
    assert dev.human_bytes(6.5 * 1024**5) == "6.5 PiB"  # not "6656.0 TiB"
