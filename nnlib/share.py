"""A Setup as a short, URL-safe string, and back, exactly: for links, e-mails and the board.

    bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n_f8df58bb
    ver sizes W1 (row-major)  b1  W2              b2  x       t       lr    biases? checksum

Numbers are Python's shortest repr of each float64, which reads back to the same bits, so a
round trip is exact. Fields are split by '_', numbers by '~' (both URL-safe, never in a number).
'b'/'n': whether the step updates the biases. The checksum (CRC-32 of everything before it)
catches a string cut short or mistyped. Titles are not carried; `decode(..., title=)` sets one.

A network with other functions than sigmoid and squared error (nnlib.functions.Choice) is
written as version 2: one more field before the checksum, hidden-output-loss with short names
('relu-sigmoid-ce'). Sigmoid and squared error stay version 1, so every old string reads the same.
"""
import os
import re
import zlib
from urllib.parse import parse_qs, urlsplit

import numpy as np

from .functions import Choice
from .network import Network
from .presets import Setup

VERSION = 1
PREFIX = f"bp{VERSION}"
VERSIONS = ("1", "2")
SHORT = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "linear": "linear",
         "squared": "se", "cross_entropy": "ce"}
LONG = {v: k for k, v in SHORT.items()}


def _num(v):
    s = repr(float(v)).replace("e+", "e")  # '+' is not URL-safe; float('1e16') reads it back
    return s[:-2] if s.endswith(".0") else s


def _nums(arr):
    return "~".join(_num(v) for v in np.ravel(arr))


def _crc(body):
    return f"{zlib.crc32(body.encode()):08x}"


def encode(setup):
    """The share string of a Setup (its title is left out)."""
    if not isinstance(setup, Setup):
        raise TypeError(f"setup must be a Setup, got {type(setup).__name__}")
    net, c = setup.network, setup.network.choice
    fields = [PREFIX, "-".join(map(str, net.sizes)), _nums(net.W1), _nums(net.b1), _nums(net.W2),
              _nums(net.b2), _nums(setup.x), _nums(setup.t), _nums(setup.lr), "b" if setup.update_biases else "n"]
    if not c.is_default:
        fields[0] = "bp2"
        fields.append("-".join(SHORT[f] for f in (c.hidden, c.output, c.loss)))
    body = "_".join(fields)
    return f"{body}_{_crc(body)}"


NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?")  # what _num writes: no 'inf', 'nan', '+', spaces
SIZES = re.compile(r"([1-9][0-9]{0,2})-([1-9][0-9]{0,2})-([1-9][0-9]{0,2})")
CRC = re.compile(r"[0-9a-f]{8}")


def _parse(field, n, what):
    parts = field.split("~")
    if len(parts) != n:
        raise ValueError(f"share string: {what} needs {n} numbers, got {len(parts)}")
    for p in parts:
        if not NUMBER.fullmatch(p):
            raise ValueError(f"share string: {what} holds something that is not a plain number: {p[:20]!r}")
    values = [float(p) for p in parts]
    if not all(np.isfinite(values)):  # '1e999' reads as inf
        raise ValueError(f"share string: {what} holds a number beyond the float range: {field[:40]!r}")
    return values


def decode(text, title="shared preset"):
    """The Setup a share string (or a link carrying `preset=`) describes; ValueError if it is damaged.

    Every field is checked exactly: the version, sizes without leading zeros, plain numbers (as
    encode writes them), the bias flag 'b' or 'n', and the checksum."""
    if not isinstance(text, str):
        raise TypeError(f"a share string must be a str, got {type(text).__name__}")
    text = from_link(text) if "://" in text or "preset=" in text else text.strip()
    m = re.fullmatch(r"bp([0-9]+)_(.*)", text, flags=re.S)
    if not m:
        raise ValueError(f"not a preset share string (they start with '{PREFIX}_'): {text[:40]!r}")
    if m.group(1) not in VERSIONS:
        raise ValueError(f"share string version {m.group(1)[:10]}; this kit reads versions {', '.join(VERSIONS)}")
    body, _, crc = text.rpartition("_")
    if not CRC.fullmatch(crc) or _crc(body) != crc:
        raise ValueError("share string is damaged (its checksum does not match): copy it again, whole")
    fields = body.split("_")
    n_fields = 10 if m.group(1) == "1" else 11
    if len(fields) != n_fields:
        raise ValueError(f"share string has the wrong layout: {len(fields)} fields, not {n_fields}")
    choice = _choice(fields[10]) if n_fields == 11 else None
    sizes = SIZES.fullmatch(fields[1])
    if not sizes:
        raise ValueError(f"share string: layer sizes must read like 2-2-2 (1 to 999 each), got {fields[1][:20]!r}")
    if fields[9] not in ("b", "n"):
        raise ValueError(f"share string: the bias flag must be 'b' or 'n', got {fields[9][:10]!r}")
    n_in, n_h, n_out = (int(g) for g in sizes.groups())
    W1 = np.reshape(_parse(fields[2], n_h * n_in, "W1"), (n_h, n_in))
    W2 = np.reshape(_parse(fields[4], n_out * n_h, "W2"), (n_out, n_h))
    net = Network(W1, _parse(fields[3], n_h, "b1"), W2, _parse(fields[5], n_out, "b2"), choice)
    return Setup(net, x=_parse(fields[6], n_in, "x"), t=_parse(fields[7], n_out, "t"),
                 lr=tuple(_parse(fields[8], 2, "lr")), update_biases=fields[9] == "b", title=title)


def looks_like(text):
    """True if `text` reads like a share string of any version this kit knows (or a link with one)."""
    return isinstance(text, str) and (text.strip().startswith(tuple(f"bp{v}_" for v in VERSIONS))
                                      or "preset=" in text)


def _choice(field):
    """The Choice in a version-2 field 'hidden-output-loss' (short names, e.g. 'relu-sigmoid-ce')."""
    parts = field.split("-")
    if len(parts) != 3 or not all(p in LONG for p in parts):
        raise ValueError(f"share string: the functions must read like relu-sigmoid-ce, got {field[:30]!r}")
    c = Choice(*(LONG[p] for p in parts))
    if c.is_default:
        raise ValueError("share string: version 2 is only written for a choice other than sigmoid-sigmoid-se")
    return c


def from_link(url):
    """The share string in a link's `preset=` parameter (also inside a Binder `urlpath=`);
    `url` may also be just a query ('preset=...' or '?preset=...')."""
    url = url.strip()
    query = urlsplit(url).query if ("?" in url or "://" in url) else url
    params = parse_qs(query)
    if "preset" in params:
        return params["preset"][0].strip()
    for inner in params.get("urlpath", []):
        if "preset=" in inner:
            return from_link(inner)
    raise ValueError("the link carries no preset (no 'preset=' in its query)")


def from_page(default=None):
    """The Setup in the page's `?preset=` when the notebook runs under Voila (which passes the
    page's query to the kernel as QUERY_STRING), else `default`. A damaged preset raises ValueError."""
    query = os.environ.get("QUERY_STRING", "")
    return decode(query) if "preset" in parse_qs(query) else default
