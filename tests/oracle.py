"""An independent oracle for the 2-2-2 sigmoid network: the forward pass and backprop written
out in plain Python scalars, with the notes' naming (w1 = x1->h1, w2 = x1->h2, w3 = x2->h1,
w4 = x2->h2, w5 = h1->o1, w6 = h1->o2, w7 = h2->o1, w8 = h2->o2) and biases (b_h1, b_h2, b_o1, b_o2).
Nothing here imports nnlib; the chain rule is written per weight, as a student would.
"""
import math

NOTES_W = {1: 0.2, 2: 0.1, 3: 0.4, 4: 0.1, 5: 0.5, 6: 0.1, 7: 0.8, 8: 0.9}
NOTES_X, NOTES_T, NOTES_LR = (0.3, 0.9), (0.8, 0.2), (1.0, 0.5)   # lr: (w1..w4, w5..w8)


def sig(z):
    return 1 / (1 + math.exp(-z))


def oracle(w, x, t, b=(0, 0, 0, 0)):
    """Forward values, E, the error signals and every gradient, as plain floats."""
    zh1 = w[1] * x[0] + w[3] * x[1] + b[0]
    zh2 = w[2] * x[0] + w[4] * x[1] + b[1]
    h1, h2 = sig(zh1), sig(zh2)
    zo1 = w[5] * h1 + w[7] * h2 + b[2]
    zo2 = w[6] * h1 + w[8] * h2 + b[3]
    o1, o2 = sig(zo1), sig(zo2)
    E = 0.5 * (t[0] - o1) ** 2 + 0.5 * (t[1] - o2) ** 2
    d_o1, d_o2 = -(t[0] - o1) * o1 * (1 - o1), -(t[1] - o2) * o2 * (1 - o2)
    d_h1 = (d_o1 * w[5] + d_o2 * w[6]) * h1 * (1 - h1)
    d_h2 = (d_o1 * w[7] + d_o2 * w[8]) * h2 * (1 - h2)
    g = {5: d_o1 * h1, 6: d_o2 * h1, 7: d_o1 * h2, 8: d_o2 * h2,
         1: d_h1 * x[0], 3: d_h1 * x[1], 2: d_h2 * x[0], 4: d_h2 * x[1]}
    return dict(z=[zh1, zh2, zo1, zo2], a=[h1, h2, o1, o2], E=E, grad=g,
                delta={"o1": d_o1, "o2": d_o2, "h1": d_h1, "h2": d_h2})


def step(w, x, t, lr=NOTES_LR):
    """The weights after one gradient-descent step (all gradients from the weights before it)."""
    g = oracle(w, x, t)["grad"]
    return {k: w[k] - (lr[0] if k <= 4 else lr[1]) * g[k] for k in w}
