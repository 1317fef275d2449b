"""Reference solution (tests only): torch autograd, the state detached between chunks."""

import torch


def truncated_bptt(x, y, h0, p, k):
    x, y, h = (torch.as_tensor(a) for a in (x, y, h0))
    w = {name: torch.tensor(v, requires_grad=True) for name, v in p.items()}
    for start in range(0, x.shape[0], k):
        h = h.detach()
        loss = 0
        for t in range(start, min(start + k, x.shape[0])):
            h = torch.tanh(h @ w["W_h"].T + x[t] @ w["W_x"].T + w["b"])
            loss = loss + 0.5 * ((h @ w["W_y"].T - y[t]) ** 2).sum()
        loss.backward()
    return {name: v.grad.numpy() for name, v in w.items()}, h.detach().numpy()
