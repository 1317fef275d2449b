"""The gradient highway: how much of ∂L/∂h_T survives k steps back, for RNN, LSTM and GRU.

Each cell runs T steps; the loss reads only the last state, and ONE backward pass (a single
``torch.autograd.grad`` over the list of per-step states) returns ‖∂L/∂h_{T-k}‖ (and
‖∂L/∂c_{T-k}‖ for the LSTM) for every distance k at once. A vanilla RNN's gradient shrinks geometrically; the LSTM's
cell state carries it along the direct path c_t = f_t⊙c_{t-1} + ..., which shrinks only as ∏f does,
so a forget-gate bias of 1 keeps orders of magnitude more of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from interviewkit.engine.device import check_memory, check_positive
from interviewkit.errors import EngineError

CELLS = ("rnn", "lstm", "gru")  # torch.nn's own cells; any other cell runs from its equations
#: float32 values kept per batch element, hidden unit and step (saved activations, the
#: per-step grads, their stacked copies): a generous bound used to refuse runs that cannot fit.
FLOATS_PER_STATE = 24


@dataclass
class HighwayRun:
    """One cell's gradient norms by distance k = 1..T from the loss (h_0 is at distance T)."""

    cell: str
    label: str
    forget_bias: float | None
    distance: list[int]
    grad_norm: list[float]
    fraction: list[float]
    cell_grad_norm: list[float] | None
    decay_per_step: float | None
    cell_decay_per_step: float | None
    direct_path_norm: list[float] | None
    direct_path_decay_per_step: float | None
    mean_forget_gate: float | None
    gain_means: dict[str, float] | None = None  # mean |p| of each elementwise weight (IndRNN's u)
    cell_file: str | None = None  # the file a learner's cell was read from
    #: where the gains on h_{t-1} were drawn (`--gain-bound`); None: in ±1/√H like every weight
    gain_range: list[float] | None = None

    def kept(self, k: int) -> float:
        """‖∂L/∂h_{T-k}‖ / ‖∂L/∂h_T‖: the share of the gradient still there k steps back."""
        return self.fraction[k - 1]

    def to_dict(self) -> dict:
        return asdict(self)


def run_specs(cells: list[str], forget_biases: list[float]) -> list[tuple[str, float | None]]:
    """The runs to make: each LSTM once per forget bias, the other cells once (a cell that is
    not torch.nn's runs from its equations: a built-in name or a cell file)."""
    from interviewkit.errors import InterviewkitError
    from interviewkit.math.cells import get_cell

    specs: list[tuple[str, float | None]] = []
    for cell in cells:
        if cell not in CELLS:
            try:
                get_cell(cell)
            except InterviewkitError as exc:
                raise EngineError(exc.one_line()) from None
        if cell == "lstm":
            specs.extend(("lstm", b) for b in forget_biases)
        else:
            specs.append((cell, None))
    return specs


def estimate_bytes(steps: int, hidden: int, batch: int, input_size: int) -> int:
    """Peak memory of one run (runs are sequential, so the largest one counts)."""
    return 4 * steps * batch * (FLOATS_PER_STATE * hidden + input_size) + 64 * hidden * (
        hidden + input_size
    )


def fit_decay(distance: list[int], norms: list[float]) -> float | None:
    """exp(slope) of a least-squares line through log‖g_k‖ against k: the per-step factor.
    Zeros (float32 underflow) are left out; None when fewer than two points remain."""
    pts = [(k, math.log(g)) for k, g in zip(distance, norms, strict=True) if g > 0]
    if len(pts) < 2:
        return None
    n = len(pts)
    mk = sum(k for k, _ in pts) / n
    ml = sum(v for _, v in pts) / n
    sxx = sum((k - mk) ** 2 for k, _ in pts)
    sxy = sum((k - mk) * (v - ml) for k, v in pts)
    return math.exp(sxy / sxx)


def _norms(stacked):
    """Per-step Frobenius norms, accumulated in float64: squaring a float32 gradient of 1e-25
    would underflow to zero."""
    import torch

    return torch.linalg.vector_norm(stacked.flatten(1), dim=1, dtype=torch.float64).cpu()


@contextmanager
def flush_denormals() -> Iterator[None]:
    """Treat float32 values below ~1e-38 as zero while the demo runs.

    Vanishing gradients pass through the denormal range, where x86 arithmetic is about a hundred
    times slower; flushing them made the backward pass ~10× faster at T = 1000. A flushed value
    reads as 0 (underflow), which the decay fit already leaves out.
    """
    import torch

    supported = torch.set_flush_denormal(True)
    try:
        yield
    finally:
        if supported:
            torch.set_flush_denormal(False)


def measure(
    cell: str,
    *,
    steps: int,
    hidden: int,
    batch: int,
    input_size: int,
    forget_bias: float | None = None,
    seed: int = 0,
    device: str | None = None,
    gain_bound: float | None = None,
) -> HighwayRun:
    """Run one cell for `steps` steps and read every per-step gradient from one backward pass.
    `gain_bound` (M) is for cells run from their equations: see `measure_spec`."""
    import torch

    check_positive(steps=steps, hidden=hidden, batch=batch, input=input_size)
    if cell not in CELLS:
        return measure_spec(
            cell, steps=steps, hidden=hidden, batch=batch, input_size=input_size, seed=seed,
            device=device, gain_bound=gain_bound,
        )  # fmt: skip
    dev = torch.device(device or "cpu")
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(steps, batch, input_size, generator=gen).to(dev)
    readout = torch.randn(batch, hidden, generator=gen).to(dev)
    torch.manual_seed(seed)
    module = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[cell]
    net = module(input_size, hidden).to(dev)
    if cell == "lstm" and forget_bias is not None:
        with torch.no_grad():  # gate order i, f, g, o: the forget gate is the second block
            net.bias_ih[hidden : 2 * hidden].fill_(forget_bias)
            net.bias_hh[hidden : 2 * hidden].zero_()

    with flush_denormals():
        h = torch.zeros(batch, hidden, device=dev, requires_grad=True)
        c = torch.zeros(batch, hidden, device=dev, requires_grad=True)
        hs, cs = [h], [c]
        for x_t in x.unbind(0):
            if cell == "lstm":
                h, c = net(x_t, (h, c))
                cs.append(c)
            else:
                h = net(x_t, h)
            hs.append(h)
        loss = (h * readout).sum()
        # ONE backward pass returns ∂L/∂ of every per-step state (faster than retain_grad).
        # c_T is left out: on CUDA the fused cell computes h_T from it inside one kernel.
        grads = torch.autograd.grad(loss, hs + cs[:-1])
    grad_h, grad_c = grads[: len(hs)], grads[len(hs) :]

    # distance k = T - t for state t; index 0 of the stack is h_T itself (distance 0)
    g = _norms(torch.stack(grad_h[::-1]))
    norms = g[1:].tolist()
    fraction = (g[1:] / g[0]).tolist()
    distance = list(range(1, steps + 1))
    cell_norms = direct = mean_f = None
    if cell == "lstm":
        cell_norms = _norms(torch.stack(grad_c[::-1])).tolist()
        with torch.no_grad():  # every step's forget gate at once, from the states already computed
            h_prev = torch.stack(hs[:-1]).flatten(0, 1)
            sl = slice(hidden, 2 * hidden)
            pre = torch.addmm(
                net.bias_ih[sl] + net.bias_hh[sl], x.flatten(0, 1), net.weight_ih[sl].T
            )
            pre = pre.addmm_(h_prev, net.weight_hh[sl].T).view(steps, batch, hidden)
            f = torch.sigmoid(pre).double()  # f[t] makes c_{t+1} = f[t]·c_t + ...
            mean_f = f.mean().item()
            # the direct path alone, from distance 1 on: ∂L/∂c_{t-1} = ∂L/∂c_t ⊙ f_t, where
            # f[t] computes c_{t+1} (a loop of T small products beats cumprod over the stack)
            carried = grad_c[-1].double()
            path = [carried]
            for t in range(steps - 2, -1, -1):
                carried = carried * f[t]
                path.append(carried)
            direct = _norms(torch.stack(path)).tolist()
    label = cell if forget_bias is None else f"{cell} b_f={forget_bias:g}"
    return HighwayRun(
        cell=cell,
        label=label,
        forget_bias=forget_bias if cell == "lstm" else None,
        distance=distance,
        grad_norm=norms,
        fraction=fraction,
        cell_grad_norm=cell_norms,
        decay_per_step=fit_decay(distance, norms),
        cell_decay_per_step=fit_decay(distance, cell_norms) if cell_norms else None,
        direct_path_norm=direct,
        direct_path_decay_per_step=fit_decay(distance, direct) if direct else None,
        mean_forget_gate=mean_f,
    )


def measure_spec(
    cell: str,
    *,
    steps: int,
    hidden: int,
    batch: int,
    input_size: int,
    seed: int = 0,
    device: str | None = None,
    gain_bound: float | None = None,
) -> HighwayRun:
    """The same measurement for any cell, run from its equations (`engine.cellmodule`): a
    built-in such as minGRU or IndRNN, or a learner's cell file. The second state, if there is
    one, is measured as the LSTM's c is.

    With `gain_bound` M, each gain on h_{t-1} (IndRNN's u) is drawn in [M^(-1/T), M^(1/T)], so
    that u^T lies between 1/M and M, as the IndRNN authors' adding-problem code draws the u of
    its last layer (M = 2); without it, it is drawn in ±1/√H like every other weight."""
    import torch

    from interviewkit.engine.cellmodule import CellModule
    from interviewkit.engine.gains import recurrent_gains
    from interviewkit.math.cells import get_cell

    spec = get_cell(cell)
    dev = torch.device(device or "cpu")
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(steps, batch, input_size, generator=gen).to(dev)
    readout = torch.randn(batch, hidden, 1, generator=gen).to(dev)
    torch.manual_seed(seed)
    gain_range = None
    if gain_bound is not None and recurrent_gains(spec):
        gain_range = (gain_bound ** (-1 / steps), gain_bound ** (1 / steps))
    net = CellModule(spec, input_size, hidden, gain_range=gain_range).to(dev)
    first, second = spec.states[0], (spec.states[1] if len(spec.states) > 1 else None)
    with flush_denormals():
        state = {s: torch.zeros(batch, hidden, 1, device=dev, requires_grad=True)
                 for s in spec.states}  # fmt: skip
        hs, cs = [state[first]], ([state[second]] if second else [])
        params = net.tensors()
        from interviewkit.engine.cellmodule import step

        for x_t in x.unbind(0):
            values = step(spec, params, x_t.unsqueeze(-1), state)
            state = {s: values[s] for s in spec.states}
            hs.append(state[first])
            if second:
                cs.append(state[second])
        loss = (hs[-1] * readout).sum()
        grads = torch.autograd.grad(loss, hs + cs[:-1], allow_unused=True)
    grads = tuple(torch.zeros_like(t) if g is None else g
                  for g, t in zip(grads, hs + cs[:-1], strict=True))  # fmt: skip
    grad_h, grad_c = grads[: len(hs)], grads[len(hs) :]
    g = _norms(torch.stack(grad_h[::-1]))
    norms = g[1:].tolist()
    fraction = (g[1:] / g[0]).tolist() if g[0] > 0 else [0.0] * steps
    distance = list(range(1, steps + 1))
    cell_norms = _norms(torch.stack(grad_c[::-1])).tolist() if second else None
    return HighwayRun(
        cell=spec.name,
        label=spec.name,
        forget_bias=None,
        distance=distance,
        grad_norm=norms,
        fraction=fraction,
        cell_grad_norm=cell_norms,
        decay_per_step=fit_decay(distance, norms),
        cell_decay_per_step=fit_decay(distance, cell_norms) if cell_norms else None,
        direct_path_norm=None,
        direct_path_decay_per_step=None,
        mean_forget_gate=None,
        gain_means={
            p.name: float(net.weights[p.name].detach().abs().mean())
            for p in spec.params.values()
            if p.role == "gain"
        }
        or None,
        cell_file=spec.source,
        gain_range=list(gain_range) if gain_range else None,
    )


def run_highway(
    cells: list[str],
    forget_biases: list[float],
    *,
    steps: int,
    hidden: int,
    batch: int,
    input_size: int,
    seed: int,
    device,
    progress: Callable[[int], None] | None = None,
    gain_bound: float | None = None,
) -> list[HighwayRun]:
    """Every run of the demo, memory checked first (on `device`, a `torch.device`);
    `progress(done)` is told how many runs are done (`run_specs` says how many there are)."""
    check_positive(steps=steps, hidden=hidden, batch=batch, input=input_size)
    specs = run_specs(cells, forget_biases)
    check_memory(estimate_bytes(steps, hidden, batch, input_size), device, "this highway run")
    runs = []
    for cell, fb in specs:
        runs.append(
            measure(
                cell,
                steps=steps,
                hidden=hidden,
                batch=batch,
                input_size=input_size,
                forget_bias=fb,
                seed=seed,
                device=device,
                gain_bound=gain_bound,
            )
        )
        if progress is not None:
            progress(len(runs))
    return runs
