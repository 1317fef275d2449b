"""Device choice, seeding, threads and the memory check every engine command runs before allocating.

A learner should get one clear line ("--device cuda, but no GPU is available") rather than a CUDA
traceback or a machine that starts swapping, so sizes are checked and memory is estimated first.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.errors import EngineError

if TYPE_CHECKING:
    import torch

DEVICES = ("auto", "cpu", "cuda")
#: Keep this share of the free memory for everything else on the machine.
MEMORY_HEADROOM = 0.8


@dataclass(frozen=True)
class DeviceChoice:
    """The device a command runs on, and a sentence saying how it was chosen."""

    device: torch.device
    note: str

    @property
    def name(self) -> str:
        return self.device.type


def resolve_device(requested: str = "auto") -> DeviceChoice:
    """`auto` picks CUDA when available and says so; `cuda` without a GPU is a user error."""
    import torch

    if requested not in DEVICES:
        raise EngineError(f"unknown device {requested!r}; choose auto, cpu or cuda")
    has_cuda = torch.cuda.is_available()
    if requested == "cuda" and not has_cuda:
        raise EngineError("--device cuda, but no CUDA GPU is available", hint="use --device cpu")
    if requested == "cpu":
        return DeviceChoice(torch.device("cpu"), "cpu (as asked)")
    if requested == "cuda":
        return DeviceChoice(
            torch.device("cuda"), f"cuda: {torch.cuda.get_device_name(0)} (as asked)"
        )
    if has_cuda:
        return DeviceChoice(
            torch.device("cuda"), f"cuda: {torch.cuda.get_device_name(0)} (auto: a GPU was found)"
        )
    return DeviceChoice(torch.device("cpu"), "cpu (auto: no CUDA GPU found)")


def seed_everything(seed: int) -> torch.Generator:
    """Seed torch's global generators and return a CPU generator for data the demo draws."""
    import torch

    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def prepare(requested: str, seed: int, threads: int = 0) -> DeviceChoice:
    """Set torch's CPU threads (0 keeps torch's choice), pick the device and seed: what every
    demo does before it builds a module."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    choice = resolve_device(requested)
    seed_everything(seed)
    return choice


def setup(args: argparse.Namespace) -> tuple[DeviceChoice, int]:
    """The options every demo shares: --seed, --threads and --save are checked first (one-line
    errors, before torch loads), then `prepare`. Returns the device and the seed."""
    from interviewkit.engine.cliargs import save_target, seed_value, threads_value

    seed = seed_value(args.seed)
    threads = threads_value(args.threads)
    save_target(args.save)
    return prepare(args.device, seed, threads), seed


def check_positive(**sizes: int | float) -> None:
    """Every size and count must be a positive number; say which one is not."""
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise EngineError(f"{name} must be positive, got {value!r}")


def available_bytes(device: torch.device) -> int:
    """Free memory on `device`: CUDA's free memory, or the OS's available RAM for the CPU."""
    if device.type == "cuda":
        import torch

        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 8 * 1024**3  # unknown platform: assume a modest laptop


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if n < 1024 or unit == "EiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def check_memory(estimate: int, device: torch.device, what: str) -> None:
    """Refuse, before anything is allocated, a run whose estimate exceeds the free memory."""
    free = available_bytes(device)
    if estimate > MEMORY_HEADROOM * free:
        raise EngineError(
            f"{what} needs about {human_bytes(estimate)} but {device.type} has "
            f"{human_bytes(free)} free",
            hint="use smaller sizes",
        )
