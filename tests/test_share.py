"""Share strings: exact round trip for any float64, URL-safe, and a clear ValueError when damaged."""
import string
from urllib.parse import quote

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from nnlib import share
from nnlib.network import Network
from nnlib.presets import MAZUR, NOTES, PRESETS, Setup

URL_UNRESERVED = set(string.ascii_letters + string.digits + "-._~")  # RFC 3986, section 2.3
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


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
    arr = lambda *shape: np.reshape(draw(st.lists(floats, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))), shape)
    net = Network(arr(n_h, n_in), arr(n_h), arr(n_out, n_h), arr(n_out))
    lr = tuple(draw(st.floats(0, 1e6, allow_nan=False)) for _ in range(2))
    return Setup(net, x=arr(n_in), t=arr(n_out), lr=lr, update_biases=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(setups())
def test_round_trip_is_exact_and_url_safe(setup):
    text = share.encode(setup)
    assert set(text) <= URL_UNRESERVED
    assert same_setup(share.decode(text), setup)


def test_shipped_strings_are_the_presets():
    for name, setup in PRESETS.items():
        loaded = share.decode(share.SHIPPED[name], title=setup.title)
        assert loaded == setup  # dataclass equality: network, x, t, lr, update_biases, title
    assert share.SHIPPED["notes"] == share.encode(NOTES)


def test_strings_are_short():
    # a 2-2-2 preset with slider values (two decimals) fits in a chat message or on a board
    assert len(share.encode(MAZUR)) <= 110
    assert len(share.encode(NOTES)) <= 90


def test_negative_zero_and_tiny_numbers_survive():
    net = NOTES.network.with_params(w1=-0.0, w2=5e-324, w3=-1.7976931348623157e308, w4=0.1 + 0.2)
    s = NOTES.replace(network=net)
    assert same_setup(share.decode(share.encode(s)), s)


def test_links_carry_the_preset():
    url = share.link(MAZUR, "https://hub.example.edu/voila/render/notebooks/01_forward_pass.ipynb")
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
    ("bp2_2-2-2_0.2_n_00000000", "version 2; this kit reads version 1"),
])
def test_foreign_strings_are_named(foreign, message):
    with pytest.raises(ValueError, match=message):
        share.decode(foreign)


def test_well_checksummed_but_wrong_contents_are_named():
    def signed(body):
        return f"{body}_{share._crc(body)}"
    cases = {
        "bp1_2-2-2_0.2~0.4~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "W1 needs 4 numbers",
        "bp1_2-2-2_0.2~0.4~0.1~zz_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "not a number",
        "bp1_2-2-2_0.2~0.4~0.1~nan_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "W1 must be finite",
        "bp1_2-2-2_0.2~0.4~0.1~0.1_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_x": "wrong layout",
        "bp1_0-2-2_0.2_0~0_0.5~0.8~0.1~0.9_0~0_0.3~0.9_0.8~0.2_1~0.5_n": "sizes must be >= 1",
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
    monkeypatch.setenv("QUERY_STRING", "preset=" + share.SHIPPED["mazur"])
    assert share.from_page(NOTES) == MAZUR.replace(title="shared preset")
    monkeypatch.setenv("QUERY_STRING", "preset=" + share.SHIPPED["mazur"][:-1])
    with pytest.raises(ValueError, match="damaged"):
        share.from_page(NOTES)
