"""Loss surface 200 x 200: one vectorised call vs a Python loop over grid points, same run.

    python benchmarks/loss_surface.py

Prints the best of several repeats for each and their ratio (target: >= 100x).
"""
import time

import numpy as np

import nnlib


def per_point_loop(net, x, t, p, q, p_values, q_values):
    """The naive way: one network and one loss per grid point."""
    E = np.empty((len(q_values), len(p_values)))
    for r, qv in enumerate(q_values):
        for c, pv in enumerate(p_values):
            E[r, c] = net.with_params({p: pv, q: qv}).loss(x, t)
    return E


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(n=200):
    s = nnlib.NOTES
    grid = np.linspace(-4, 4, n)
    args = (s.network, s.x, s.t, "w1", "w5", grid, grid)
    t_vec, E_vec = best_of(lambda: nnlib.loss_surface(*args), repeats=20)
    t_loop, E_loop = best_of(lambda: per_point_loop(*args), repeats=2)
    assert np.allclose(E_vec, E_loop, rtol=1e-12, atol=0), "the two methods disagree"
    print(f"loss surface {n}x{n} on the notes' network (w1, w5), best of repeats:")
    print(f"  vectorised loss_surface : {t_vec * 1e3:9.2f} ms")
    print(f"  per-point Python loop   : {t_loop * 1e3:9.2f} ms")
    print(f"  ratio                   : {t_loop / t_vec:9.1f}x  (target >= 100x)")

    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    T = np.array([[0], [1], [1], [0]], float)
    net = nnlib.Network.random((2, 3, 1), seed=0)
    args = (net, X, T, "w1", "w2", grid, grid)
    t_vec, _ = best_of(lambda: nnlib.loss_surface(*args), repeats=20)
    t_loop, _ = best_of(lambda: per_point_loop(*args), repeats=2)
    print(f"loss surface {n}x{n} on XOR (4 samples, 2-3-1):")
    print(f"  vectorised {t_vec * 1e3:.2f} ms, loop {t_loop * 1e3:.2f} ms, ratio {t_loop / t_vec:.1f}x")


if __name__ == "__main__":
    main()
