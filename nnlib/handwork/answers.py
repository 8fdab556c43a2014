"""The self-check's answers, kept in a small JSON file beside the notebook, one record per seed.

    {"format": "backprop self-check answers", "version": 1,
     "seeds": {"2024": {"values": {"z_h1": "0.42"}, "factors": {"w8.grad": ["a_h2"]}, "checked": ["z_h1"]}}}

`Answers(path)` reads the file (none yet: no answers); a file that is not valid JSON or not in
this form is moved aside (kept for the teacher, never overwritten) and `.problem` says so.
`put(seed, record)` writes the whole file again at once (a temporary file renamed over it), so
a kernel that dies mid-write leaves the old file, not half a new one. `link()` is the file as a
data: URL, for a download link that needs no server (Binder deletes a session's files).
"""
import base64
import json
import os
import pathlib
import tempfile

FILE = "selfcheck_answers.json"
FORMAT = "backprop self-check answers"
LONGEST = 200  # characters of one typed answer worth keeping


def empty():
    return {"format": FORMAT, "version": 1, "seeds": {}}


def _check(data):
    """`data` if it is an answers file's content, else ValueError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("seeds"), dict):
        raise ValueError("it is not a self-check answers file")
    for seed, rec in data["seeds"].items():
        if not (isinstance(seed, str) and seed.isdigit() and isinstance(rec, dict)):
            raise ValueError(f"the entry for seed {seed!r} is damaged")
        values, factors, checked = rec.get("values", {}), rec.get("factors", {}), rec.get("checked", [])
        if not (isinstance(values, dict) and all(isinstance(v, str) and len(v) <= LONGEST for v in values.values())
                and isinstance(factors, dict) and all(isinstance(f, list) and all(isinstance(x, str) for x in f)
                                                      for f in factors.values())
                and isinstance(checked, list) and all(isinstance(x, str) for x in checked)):
            raise ValueError(f"the answers of seed {seed} are damaged")
    return data


def read(path):
    """The content of the answers file at `path` (empty() if there is none); ValueError if unreadable."""
    path = pathlib.Path(path)
    if not path.exists():
        return empty()
    try:
        return _check(json.loads(path.read_text(encoding="utf-8")))
    except UnicodeDecodeError:
        raise ValueError("it is not text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def write(path, data):
    """Replace the file at `path` by `data` in one step."""
    path = pathlib.Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(_check(data), f, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


def _move_aside(path):
    """Rename an unreadable file to NAME.unreadable (NAME.unreadable2, ... if taken); the new name."""
    for k in range(1, 1000):
        aside = path.with_name(path.name + ".unreadable" + (str(k) if k > 1 else ""))
        if not aside.exists():
            path.rename(aside)
            return aside.name
    raise OSError("too many unreadable answer files")


class Answers:
    """The answers file at `path`; `get(seed)` a record, `put(seed, record)` saves; `.problem` in words."""

    def __init__(self, path=FILE):
        self.path = pathlib.Path(path)
        self.read_problem = self.save_problem = ""
        self.data = self._load()

    @property
    def problem(self):
        return " ".join(p for p in (self.read_problem, self.save_problem) if p)

    def _load(self):
        """The file's content; an unreadable file is moved aside (and `read_problem` says so)."""
        try:
            return read(self.path)
        except OSError as exc:
            self.read_problem = f"Your saved answers could not be read ({exc.strerror or exc})."
        except ValueError as exc:
            try:
                aside = _move_aside(self.path)
                self.read_problem = (f"Your saved answers could not be read ({exc}). The file is kept as {aside} "
                                     f"for your teacher; new answers are saved from now on.")
            except OSError as err:
                self.read_problem = f"Your saved answers could not be read ({exc}) nor moved aside ({err.strerror})."
        return empty()

    def get(self, seed):
        """{'values': {step: text}, 'factors': {step: [ids]}, 'checked': [steps]} of `seed` (empty if none)."""
        rec = self.data["seeds"].get(str(seed), {})
        return {"values": dict(rec.get("values", {})),
                "factors": {k: list(v) for k, v in rec.get("factors", {}).items()},
                "checked": list(rec.get("checked", []))}

    def put(self, seed, record):
        """Save `record` for `seed`, keeping the file's other seeds; True if it reached the file."""
        values = {k: v[:LONGEST] for k, v in record["values"].items() if v.strip()}
        rec = {"values": values, "factors": {k: list(v) for k, v in record["factors"].items() if v},
               "checked": [k for k in record["checked"] if k in values]}
        before = self.read_problem
        on_disk = self._load()  # another form in this kernel may have saved other seeds
        self.data = on_disk if self.read_problem == before else self.data
        self.data["seeds"][str(seed)] = rec
        if not any(rec.values()):
            del self.data["seeds"][str(seed)]
        try:
            write(self.path, self.data)
        except OSError as exc:
            self.save_problem = (f"Could not save your answers here ({exc.strerror or exc}): use the download "
                                 f"link to keep them.")
            return False
        self.save_problem = ""
        return True

    @property
    def saving(self):
        """Did the last save reach the file?"""
        return not self.save_problem

    def link(self):
        """The whole file as a data: URL (JSON, base64)."""
        text = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)
        return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
