"""Input checks shared by the math layer: every public function validates through here.

Each check names the argument and what was expected, so a student who types a wrong
shape or a NaN sees a sentence, not a broadcasting accident three calls later.
"""
import numbers

import numpy as np


def as_real_array(value, name):
    """Return `value` as a finite float64 array, or raise TypeError/ValueError naming `name`."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numeric (a number or array of numbers), got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be a regular array of numbers ({exc})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be numeric, got an array of dtype {arr.dtype}")
    if arr.dtype == bool or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {_first_bad(arr)}")
    return arr


def _first_bad(arr):
    flat = arr.ravel()
    bad = flat[~np.isfinite(flat)][0]
    return f"{bad} at position {np.unravel_index(int(np.argmax(~np.isfinite(flat))), arr.shape)}"


def check_shape(arr, shape, name):
    """Raise ValueError unless `arr.shape == shape` (no broadcasting, ever)."""
    if arr.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {arr.shape}")
    return arr


def sample_or_batch(value, n, name):
    """Check one sample `(n,)` or a batch `(N, n)`; return (array, is_batch)."""
    arr = as_real_array(value, name)
    if arr.ndim == 1 and arr.shape[0] == n:
        return arr, False
    if arr.ndim == 2 and arr.shape[1] == n and arr.shape[0] > 0:
        return arr, True
    raise ValueError(f"{name} must have shape ({n},) for one sample or (N, {n}) for a batch, got {arr.shape}")


def real_number(value, name, minimum=None):
    """A finite real scalar (not bool), optionally >= minimum."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            return real_number(value.item(), name, minimum)
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def learning_rates(lr):
    """`lr` as (lr_hidden, lr_output): one number for both layers, or a pair."""
    if isinstance(lr, np.ndarray) and lr.ndim == 0:
        lr = lr.item()
    if isinstance(lr, (tuple, list, np.ndarray)):
        if len(lr) != 2:
            raise ValueError(f"lr must be one number or a pair (lr_hidden, lr_output), got {len(lr)} values")
        return (real_number(lr[0], "lr_hidden", 0.0), real_number(lr[1], "lr_output", 0.0))
    lr = real_number(lr, "lr", 0.0)
    return (lr, lr)


def whole_number(value, name, minimum=0, maximum=None):
    """A Python/NumPy integer (not bool) >= minimum (and <= maximum, if given)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return int(value)


MAX_UNITS = 1000      # per layer: a 1000-1000-1000 net is 2 million weights, still fine in memory
MAX_STEPS = 100_000   # networks one training run keeps (each is kept for plots and the Training)


def layer_sizes(sizes, name="sizes"):
    """(n_in, n_hidden, n_out) as whole numbers in 1..MAX_UNITS."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (tuple, list)):
        raise TypeError(f"{name} must be a tuple (n_in, n_hidden, n_out), got {type(sizes).__name__}")
    if len(sizes) != 3:
        raise ValueError(f"{name} must be three layer sizes (n_in, n_hidden, n_out), got {len(sizes)}: {tuple(sizes)}")
    labels = ("n_in", "n_hidden", "n_out")
    return tuple(whole_number(n, f"{name}: {label}", 1, MAX_UNITS) for label, n in zip(labels, sizes))


def flag(value, name):
    """True or False (also NumPy's), nothing else: 'no' is not False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def frozen(arr):
    """A float64 copy of `arr` over read-only memory (bytes): `flags.writeable = True` raises."""
    arr = np.asarray(arr, dtype=np.float64)
    return np.ndarray(arr.shape, np.float64, arr.tobytes())  # over an immutable bytes object


def freeze_fields(obj):
    """Replace every array field of a frozen dataclass `obj` by a read-only copy."""
    for key, value in vars(obj).items():
        if isinstance(value, np.ndarray):
            object.__setattr__(obj, key, frozen(value))


def read_only_arrays(cls):
    """Class decorator, under @dataclass(frozen=True) (so the dataclass sees __post_init__):
    its array fields become read-only copies."""
    cls.__post_init__ = freeze_fields
    return cls


def finite_loss(t, a2, grid=False, loss="squared", z2=None):
    """E = sum_k 1/2 (t_k - a2_k)^2 (or `loss`, from nnlib.functions; cross-entropy needs z2),
    mean over samples (over the axis before k when `grid`, giving one E per grid point);
    ValueError instead of an overflow to inf (targets far out of range)."""
    from .functions import loss_per_sample
    with np.errstate(over="ignore", invalid="ignore"):
        per_sample = loss_per_sample(loss, t, a2, z2)
        E = per_sample.mean(axis=-1) if grid else np.mean(per_sample)
    if not np.all(np.isfinite(E)):
        raise ValueError("the loss E overflowed the float range: the targets t are too far from "
                         "the outputs (|t - o| must stay below about 1e154)")
    return E if grid else float(E)
