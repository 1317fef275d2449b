"""The adding problem (Hochreiter and Schmidhuber, 1997): a real long-range dependency.

Each sequence has T steps of two features: a value drawn uniformly from [0, 1] and a marker that
is 1 at exactly two steps and 0 elsewhere. The target is the sum of the two marked values. Always
answering the mean (1) scores MSE = Var(U₁ + U₂) = 2/12 ≈ 0.167, so a model below that has
learned to carry a value across many steps.

Where the markers sit decides what truncated BPTT can learn. `early` (the default) follows the
1997 paper (section 5.4): the first marker among the first ten steps, the second among the first
T/2 − 1 steps still unmarked, so both lie in the first half. With `tbptt` = K ≤ T − T//2 the
gradient of the last-step loss never reaches a marker, and the model cannot learn the task.
`anywhere` puts one marker in each half; then the second marker often falls inside the last K
steps, those sequences teach the one per-step rule (store a marked value, hold it), and the shared
weights apply it to the first marker too, so an LSTM learns even truncated (docs/engine.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from interviewkit.engine.device import check_memory, check_positive
from interviewkit.errors import EngineError

BASELINE_MSE = 1 / 6  # Var(U1 + U2) for two independent U(0, 1): what predicting 1 scores
EVAL_SEED = 20_240_601  # the held-out set is the same whatever --seed says
CELLS = ("lstm", "gru", "rnn")
MARKERS = ("early", "anywhere")
PAPER_FIRST_WINDOW = 10  # the paper marks one of the first ten steps first


@dataclass
class AddingConfig:
    cell: str = "lstm"
    seq_len: int = 30  # long enough that K=10 misses every early marker, short enough to learn
    iters: int = 3000  # full BPTT with early markers needs about 2000 steps at T=30
    hidden: int = 32
    batch: int = 64
    lr: float = 1e-2
    clip: float = 1.0
    tbptt: int | None = None
    eval_size: int = 1000
    eval_every: int = 100
    forget_bias: float = 1.0
    seed: int = 0
    markers: str = "early"

    def check(self) -> None:
        if self.cell not in CELLS:
            raise EngineError(f"unknown cell {self.cell!r}; choose lstm, gru or rnn")
        check_positive(
            seq_len=self.seq_len,
            iters=self.iters,
            hidden=self.hidden,
            batch=self.batch,
            lr=self.lr,
            clip=self.clip,
            eval_size=self.eval_size,
            eval_every=self.eval_every,
        )
        if self.markers not in MARKERS:
            raise EngineError(
                f"unknown marker placement {self.markers!r}; choose early or anywhere"
            )
        if self.seq_len < 2:
            raise EngineError("--seq-len must be at least 2 (two marked steps)")
        if self.markers == "early" and self.seq_len < 4:
            raise EngineError(
                "--markers early needs --seq-len at least 4 (two marks in the first half)"
            )
        if self.tbptt is not None:
            check_positive(tbptt=self.tbptt)
            if self.tbptt >= self.seq_len:
                raise EngineError(
                    f"--tbptt {self.tbptt} is not below --seq-len {self.seq_len}, so nothing "
                    "would be cut: that is full BPTT (leave out --tbptt, or pick K < T)"
                )

    def estimate_bytes(self) -> int:
        """Training activations (gates, states, their grads) plus the held-out set."""
        per_step = self.batch * (16 * self.hidden + 4) + self.eval_size * (6 * self.hidden + 2)
        weights = 64 * self.hidden * (self.hidden + 2)
        return 4 * (self.seq_len * per_step + weights)


@dataclass
class AddingResult:
    config: dict
    baseline_mse: float
    eval_baseline_mse: float
    final_mse: float
    iterations: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)  # running (smoothed) training loss
    eval_mse: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def marker_span(seq_len: int, markers: str = "early") -> tuple[int, int]:
    """(earliest, latest) 0-based step a marker can occupy. The loss reads step T − 1, and
    truncation at K lets the gradient reach steps T − K … T − 1, so a marker is out of reach in
    every sequence exactly when latest < T − K."""
    half = seq_len // 2
    return (0, half - 1) if markers == "early" else (0, seq_len - 1)


def make_batch(batch: int, seq_len: int, generator, markers: str = "early"):
    """(x, y): x is (batch, seq_len, 2) with values and markers; y is (batch,) the marked sum.

    `early`, as in the 1997 paper: the first mark on one of the first ten steps (the first T//2
    when T < 20), the second on one of the first T//2 − 1 steps still unmarked, so both lie in
    steps 0 … T//2 − 1. `anywhere`: one mark uniformly in each half."""
    import torch

    values = torch.rand(batch, seq_len, generator=generator)
    half = seq_len // 2
    if markers == "early":
        first = torch.randint(0, min(PAPER_FIRST_WINDOW, half), (batch,), generator=generator)
        # the j-th unmarked step (j < half − 1) is j itself before the first mark, j + 1 after it
        j = torch.randint(0, half - 1, (batch,), generator=generator)
        second = j + (j >= first).long()
    elif markers == "anywhere":
        first = torch.randint(0, half, (batch,), generator=generator)
        second = torch.randint(half, seq_len, (batch,), generator=generator)
    else:
        raise EngineError(f"unknown marker placement {markers!r}; choose early or anywhere")
    markers_t = torch.zeros(batch, seq_len)
    rows = torch.arange(batch)
    markers_t[rows, first] = 1.0
    markers_t[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return torch.stack([values, markers_t], dim=-1), y


def build_model(cfg: AddingConfig, device):
    """A batch-first recurrent layer with a linear readout of its last state."""
    import torch

    class AddingModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cfg.cell]
            self.rnn = kind(2, cfg.hidden, batch_first=True)
            self.head = torch.nn.Linear(cfg.hidden, 1)
            if cfg.cell == "lstm":  # forget gate = second block of i, f, g, o
                h = cfg.hidden
                with torch.no_grad():
                    self.rnn.bias_ih_l0[h : 2 * h].fill_(cfg.forget_bias)
                    self.rnn.bias_hh_l0[h : 2 * h].zero_()

        def forward(self, x, tbptt: int | None = None):
            if tbptt is None or tbptt >= x.shape[1]:
                out, _ = self.rnn(x)
                return self.head(out[:, -1]).squeeze(-1)
            state = None
            # chunks end at the last step, so the gradient reaches exactly the last K steps
            first = x.shape[1] % tbptt
            chunks = ([x[:, :first]] if first else []) + list(x[:, first:].split(tbptt, dim=1))
            for chunk in chunks:
                out, state = self.rnn(chunk, state)
                state = _detach(state)  # truncation: no gradient crosses this boundary
            return self.head(out[:, -1]).squeeze(-1)

    return AddingModel().to(device)


def _detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def evaluate(model, x, y) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        mse = torch.nn.functional.mse_loss(model(x), y).item()
    model.train()
    return mse


def preflight(cfg: AddingConfig, device) -> None:
    """Every check that can refuse the run, done before anything is allocated."""
    cfg.check()
    check_memory(cfg.estimate_bytes(), device, "this adding-problem run")


def train(cfg: AddingConfig, device, progress=None) -> AddingResult:
    """Train with Adam and clipping by norm; `progress(done, running_loss, eval_mse)` is called
    as training goes. The held-out set is fixed; each iteration draws a fresh batch."""
    import time

    import torch

    preflight(cfg, device)
    start = time.perf_counter()
    x_eval, y_eval = make_batch(
        cfg.eval_size, cfg.seq_len, torch.Generator().manual_seed(EVAL_SEED), cfg.markers
    )
    x_eval, y_eval = x_eval.to(device), y_eval.to(device)
    torch.manual_seed(cfg.seed)
    model = build_model(cfg, device)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    gen = torch.Generator().manual_seed(cfg.seed)
    result = AddingResult(
        config=asdict(cfg),
        baseline_mse=BASELINE_MSE,
        eval_baseline_mse=torch.mean((y_eval - 1.0) ** 2).item(),
        final_mse=float("nan"),
    )
    running = None
    last_eval = evaluate(model, x_eval, y_eval)
    for it in range(1, cfg.iters + 1):
        x, y = make_batch(cfg.batch, cfg.seq_len, gen, cfg.markers)
        x, y = x.to(device), y.to(device)
        loss = torch.nn.functional.mse_loss(model(x, cfg.tbptt), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        value = loss.item()
        running = value if running is None else 0.95 * running + 0.05 * value
        if it % cfg.eval_every == 0 or it == cfg.iters:
            last_eval = evaluate(model, x_eval, y_eval)
            result.iterations.append(it)
            result.train_loss.append(running)
            result.eval_mse.append(last_eval)
        if progress is not None:
            progress(it, running, last_eval)
    result.final_mse = result.eval_mse[-1]
    result.seconds = time.perf_counter() - start
    return result
