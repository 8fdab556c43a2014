"""Share strings: exact round trip for any float64, URL-safe, and a clear ValueError when damaged."""
import math
import string
from urllib.parse import quote, urlsplit

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nnlib import share
from nnlib.network import Network
from nnlib.presets import MAZUR, NOTES, PRESETS, Setup

URL_UNRESERVED = set(string.ascii_letters + string.digits + "-._~")  # RFC 3986, section 2.3
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
# What version 1 wrote for the two presets: every string once shared must still read the same.
SAVED = {
    "notes": "bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n_f8df58bb",
    "mazur": "bp1_2-2-2_0.15~0.2~0.25~0.3_0.35~0.35_0.4~0.45~0.5~0.55_0.6~0.6_0.05~0.1_0.01~0.99_0.5~0.5_n_ad5c6775",
}


def bits(values):
    """The float64 bit patterns: equal bits is an exact round trip (it tells -0.0 from 0.0)."""
    return np.asarray(values, dtype=np.float64).view(np.int64).tolist()


def same_setup(a, b):
    na, nb = a.network, b.network
    return (all(bits(getattr(na, k)) == bits(getattr(nb, k)) for k in ("W1", "b1", "W2", "b2"))
            and bits(a.x) == bits(b.x) and bits(a.t) == bits(b.t) and bits(a.lr) == bits(b.lr)
            and a.update_biases == b.update_biases)


@st.composite
def setups(draw):
    n_in, n_h, n_out = (draw(st.integers(1, 4)) for _ in range(3))
    arr = lambda *shape: np.reshape(draw(st.lists(floats, min_size=math.prod(shape), max_size=math.prod(shape))), shape)
    net = Network(arr(n_h, n_in), arr(n_h), arr(n_out, n_h), arr(n_out))
    lr = tuple(draw(st.floats(0, 1e6, allow_nan=False)) for _ in range(2))
    return Setup(net, x=arr(n_in), t=arr(n_out), lr=lr, update_biases=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(setups())
def test_round_trip_is_exact_and_url_safe(setup):
    text = share.encode(setup)
    assert set(text) <= URL_UNRESERVED
    assert same_setup(share.decode(text), setup)


def test_saved_strings_are_the_presets():
    for name, setup in PRESETS.items():
        loaded = share.decode(SAVED[name], title=setup.title)
        assert loaded == setup  # dataclass equality: network, x, t, lr, update_biases, title
    assert SAVED["notes"] == share.encode(NOTES)


def test_strings_are_short():
    # a 2-2-2 preset with slider values (two decimals) fits in a chat message or on a board
    assert len(share.encode(MAZUR)) <= 110
    assert len(share.encode(NOTES)) <= 90


def test_negative_zero_and_tiny_numbers_survive():
    net = NOTES.network.with_params(w1=-0.0, w2=5e-324, w3=-1.7976931348623157e308, w4=0.1 + 0.2)
    s = NOTES.replace(network=net)
    assert same_setup(share.decode(share.encode(s)), s)


def test_links_carry_the_preset():
    url = "https://hub.example.edu/voila/render/notebooks/01_forward_pass.ipynb?preset=" + share.encode(MAZUR)
    assert share.decode(url) == MAZUR.replace(title="shared preset")
    # inside a Binder link the notebook path and its query travel encoded in urlpath
    inner = "voila/render/notebooks/01_forward_pass.ipynb?preset=" + share.encode(NOTES)
    binder = "https://mybinder.org/v2/gh/owner/name/main?urlpath=" + quote(inner, safe="")
    assert same_setup(share.decode(binder), NOTES)
    with pytest.raises(ValueError, match="no 'preset='"):
        share.from_link("https://mybinder.org/v2/gh/owner/name/main?urlpath=lab")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_changed_character_is_caught(data):
    text = share.encode(MAZUR)
    i = data.draw(st.integers(0, len(text) - 1))
    new = data.draw(st.sampled_from(sorted(URL_UNRESERVED - {text[i]})))
    with pytest.raises(ValueError, match="share string|preset"):
        share.decode(text[:i] + new + text[i + 1:])


@pytest.mark.parametrize("cut", [1, 9, 20, 60])
def test_a_string_cut_short_is_caught(cut):
    with pytest.raises(ValueError, match="share string"):
        share.decode(share.encode(NOTES)[:-cut])


@pytest.mark.parametrize("foreign, message", [
    ("", "not a preset share string"),
    ("hello", "not a preset share string"),
    ("eyJ3MSI6IDAuMn0", "not a preset share string"),
    ("bp3_2-2-2_0.2_n_00000000", "version 3; this kit reads versions 1, 2"),
])
def test_foreign_strings_are_named(foreign, message):
    with pytest.raises(ValueError, match=message):
        share.decode(foreign)


def test_well_checksummed_but_wrong_contents_are_named():
    def signed(body):
        return f"{body}_{share._crc(body)}"
    cases = {
        "bp1_2-2-2_0.2~0.4~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "W1 needs 4 numbers",
        "bp1_2-2-2_0.2~0.4~0.1~zz_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "not a plain number",
        "bp1_2-2-2_0.2~0.4~0.1~nan_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n":
            "W1 holds something that is not a plain number",
        "bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_x":
            "the bias flag must be 'b' or 'n', got 'x'",
        "bp1_0-2-2_0.2_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "layer sizes must read like 2-2-2",
        "bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~-0.5_n": "lr_output must be >= 0",
    }
    for body, message in cases.items():
        with pytest.raises(ValueError, match=message):
            share.decode(signed(body))


def test_wrong_types_are_named():
    with pytest.raises(TypeError, match="share string must be a str"):
        share.decode(b"bp1_")
    with pytest.raises(TypeError, match="setup must be a Setup"):
        share.encode(NOTES.network)


def test_a_voila_page_query_gives_the_preset(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert share.from_page(NOTES) is NOTES
    monkeypatch.setenv("QUERY_STRING", "preset=" + SAVED["mazur"])
    assert share.from_page(NOTES) == MAZUR.replace(title="shared preset")
    monkeypatch.setenv("QUERY_STRING", "preset=" + SAVED["mazur"][:-1])
    with pytest.raises(ValueError, match="damaged"):
        share.from_page(NOTES)


# -- issue 12, "Half-wired presets": strict fields, links with fragments and queries --

def signed(body):
    return f"{body}_{share._crc(body)}"


GOOD = "bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_{flag}"


@pytest.mark.parametrize("flag", ["", "bn", "nb", "B", "yes", " n", "n "])
def test_the_bias_flag_is_exactly_b_or_n(flag):
    """It was read with `in "bn"`: '' and 'bn' passed as a flag."""
    with pytest.raises(ValueError, match="bias flag must be 'b' or 'n'"):
        share.decode(signed(GOOD.format(flag=flag)))
    assert share.decode(signed(GOOD.format(flag="b"))).update_biases is True
    assert share.decode(signed(GOOD.format(flag="n"))) == NOTES.replace(title="shared preset")


@pytest.mark.parametrize("number", ["inf", "-inf", "nan", "1e999", "+0.5", " 0.5", "0x1p-1", "0.5.", ".5", "5.",
                                    "١"])  # an Arabic-Indic digit one: float() reads it
def test_every_number_is_a_plain_one(number):
    body = GOOD.format(flag="n").replace("_0.3~0.9_", f"_{number}~0.9_")
    with pytest.raises(ValueError, match="share string: x holds"):
        share.decode(signed(body))


@pytest.mark.parametrize("sizes", ["02-2-2", "2-2-2-2", "2-2", "1000-1-1", "2-2-٢"])
def test_sizes_are_plain_too(sizes):
    with pytest.raises(ValueError, match="share string"):
        share.decode(signed(GOOD.format(flag="n").replace("2-2-2", sizes)))


def test_version_with_a_leading_zero_is_not_version_1():
    with pytest.raises(ValueError, match="version 01"):
        share.decode(signed(GOOD.format(flag="n").replace("bp1_", "bp01_")))


@pytest.mark.parametrize("link", [
    "https://hub.example.edu/voila/render/01_forward_pass.ipynb?preset={s}#Move-the-sliders",
    "https://hub.example.edu/voila/render/01_forward_pass.ipynb?theme=dark&preset={s}#top",
    "https://hub.example.edu/voila/render/01_forward_pass.ipynb?preset={s}&theme=dark",
    "01_forward_pass.ipynb?x=1&preset={s}#frag",
    "?preset={s}",
    "preset={s}",
])
def test_links_work_with_fragments_and_queries(link):
    assert share.decode(link.format(s=share.encode(MAZUR))) == MAZUR.replace(title="shared preset")


def test_a_preset_after_the_fragment_is_named():
    """What an f-string join of a link with a fragment makes: the preset inside the fragment."""
    old = "https://hub.example.edu/page.ipynb#top" + "?preset=" + share.encode(MAZUR)
    assert urlsplit(old).query == ""  # nothing reading the query can see it
    with pytest.raises(ValueError, match="no 'preset='"):
        share.from_link(old)


def test_from_page_reads_a_query_with_other_parameters(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "theme=dark&preset=" + SAVED["mazur"])
    assert share.from_page(NOTES) == MAZUR.replace(title="shared preset")
    monkeypatch.setenv("QUERY_STRING", "theme=dark&notpreset=1")
    assert share.from_page(NOTES) is NOTES


def test_a_binder_link_carries_the_preset_on_its_page():
    """Binder passes only `urlpath` on to the server: the preset rides inside it, with the page's query."""
    page = "voila/render/notebooks/01_forward_pass.ipynb?theme=dark&preset=" + share.encode(MAZUR)
    url = "https://mybinder.org/v2/gh/owner/name/main?urlpath=" + quote(page, safe="")
    assert share.decode(url) == MAZUR.replace(title="shared preset")
