"""Names for parameters: the matrices are the truth, names are views onto their entries.

The notes number the weights layer by layer, from-unit first:
w1 = x1->h1, w2 = x1->h2, w3 = x2->h1, w4 = x2->h2, w5 = h1->o1, w6 = h1->o2, w7 = h2->o1,
w8 = h2->o2, and write theta^layer_{from,to} (layer 0 = input->hidden), so
theta^l_{ij} = W{l+1}[j-1, i-1]. The same rule names the weights of any size.
Accepted names: 'w5', 'theta^1_{21}' (or 'θ^1_21', 'θ^1_{2,1}'; a comma is needed once an index
has two digits: 'θ^0_{1,11}'), 'W2[0,1]', 'b1[0]'.
"""
import functools
import re
from dataclasses import dataclass

LAYER_UNITS = ("x", "h", "o")


@dataclass(frozen=True)
class Param:
    """One parameter: its array ('W1', 'b1', 'W2', 'b2') and index in it, and its names."""
    array: str
    index: tuple
    name: str        # 'w5' for weights, 'b1[0]' for biases
    theta: str       # LaTeX theta^l_{ij}, '' for biases
    source: str      # unit names, e.g. 'h1' -> 'o1' ('' -> 'h1' for a bias)
    target: str

    @property
    def entry(self):
        return f"{self.array}[{', '.join(map(str, self.index))}]"

    @property
    def latex(self):
        """The symbol for formulas: w_{5} or b^{(1)}_{1}."""
        if self.array.startswith("W"):
            return "w_{%s}" % self.name[1:]
        return "b^{(%s)}_{%d}" % (self.array[1], self.index[0] + 1)


def theta(layer, i, j):
    """theta^l_{ij} in LaTeX; with a comma once an index has two digits (theta^0_{1,11} is not theta^0_{11,1})."""
    sep = "," if max(i, j) > 9 else ""
    return r"\theta^{%d}_{%d%s%d}" % (layer, i, sep, j)


def all_params(sizes):
    """Every parameter of a network with `sizes`: w1..wK in the notes' order, then biases (a new list)."""
    return list(_params(tuple(sizes)))


@functools.lru_cache(maxsize=64)
def _params(sizes):
    """all_params, made once per sizes (a slider update looks parameters up hundreds of times)."""
    out, k = [], 0
    for layer in (0, 1):
        n_from, n_to = sizes[layer], sizes[layer + 1]
        src, dst = LAYER_UNITS[layer], LAYER_UNITS[layer + 1]
        for i in range(n_from):
            for j in range(n_to):
                k += 1
                out.append(Param(f"W{layer + 1}", (j, i), f"w{k}", theta(layer, i + 1, j + 1),
                                 f"{src}{i + 1}", f"{dst}{j + 1}"))
    for layer in (1, 2):
        for j in range(sizes[layer]):
            out.append(Param(f"b{layer}", (j,), f"b{layer}[{j}]", "", "", f"{LAYER_UNITS[layer]}{j + 1}"))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _by_key(sizes):
    """{name or matrix entry without spaces: Param} for a net of `sizes`; the first Param wins, as in a scan."""
    keys = {}
    for p in _params(sizes):
        keys.setdefault(p.name, p)
        keys.setdefault(p.entry.replace(" ", ""), p)
    return keys


def weight_names(sizes):
    """['w1', ..., 'wK'] for a network with `sizes`."""
    return [p.name for p in all_params(sizes) if p.array.startswith("W")]


_THETA = re.compile(r"^(?:theta|θ|\\theta)\^\{?(\d)\}?_\{?(?:(\d)(\d)|(\d+),(\d+))\}?$")


def find(name, sizes):
    """The Param called `name` ('w5', 'theta^1_{21}', 'W2[0,1]', 'b1[0]') in a net of `sizes`."""
    if not isinstance(name, str):
        raise TypeError(f"a parameter name must be a string, got {type(name).__name__}")
    key = name.strip().replace(" ", "")
    m = _THETA.match(key)
    if m:
        layer, i, j = (int(g) for g in m.groups() if g is not None)
        key = f"W{layer + 1}[{j - 1},{i - 1}]"
    found = _by_key(tuple(sizes)).get(key)
    if found is not None:
        return found
    raise ValueError(f"unknown parameter {name!r} for a {sizes[0]}-{sizes[1]}-{sizes[2]} network; "
                     f"expected one of w1..w{len(weight_names(sizes))}, theta^l_{{ij}}, W1[j,i], b1[j], W2[k,j], b2[k]")


def table(sizes):
    """Rows (name, theta, from, to, matrix entry) mapping the notes' naming to W1/W2."""
    return [(p.name, p.theta, p.source, p.target, p.entry) for p in all_params(sizes) if p.theta]
