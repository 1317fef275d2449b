"""Engine tests: one torch thread (the CI machine is small and shared) and a CUDA fixture."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True, scope="session")
def _one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def cuda_device():
    """For tests marked `cuda`: the GPU, or a clean skip without one."""
    if not torch.cuda.is_available():
        pytest.skip("no CUDA GPU available")
    return torch.device("cuda")
