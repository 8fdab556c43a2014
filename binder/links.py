"""README's Binder, Voila and nbgitpuller links, built from binder/links.toml (the one setting).

    python binder/links.py           print the links
    python binder/links.py --write   rewrite README's links to follow links.toml
"""
import pathlib
import re
import sys
import tomllib
from urllib.parse import quote, urlencode

HERE = pathlib.Path(__file__).resolve().parent
README = HERE.parent / "README.md"
KEYS = ("repository", "branch", "binderhub", "jupyterhub", "start", "app")


def settings(path=HERE / "links.toml"):
    """The settings, checked: owner/name, a branch, http(s) hosts, notebook paths."""
    s = tomllib.loads(pathlib.Path(path).read_text())
    missing = [k for k in KEYS if not isinstance(s.get(k), str) or not s[k]]
    if missing:
        raise ValueError(f"links.toml: missing or empty {missing}")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", s["repository"]):
        raise ValueError(f"links.toml: repository must be owner/name, got {s['repository']!r}")
    for k in ("binderhub", "jupyterhub"):
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?", s[k].rstrip("/")):
            raise ValueError(f"links.toml: {k} must be a URL like https://host, got {s[k]!r}")
        s[k] = s[k].rstrip("/")
    return s


def binder(s, urlpath):
    """A Binder link to the repository that opens `urlpath` (lab/tree/..., voila/render/...)."""
    return f"{s['binderhub']}/v2/gh/{s['repository']}/{quote(s['branch'], safe='')}?urlpath={quote(urlpath, safe='/')}"


def links(s=None):
    """{'lab': ..., 'voila': ..., 'nbgitpuller': ..., 'badge': ...} for the settings `s`."""
    s = s or settings()
    name = s["repository"].split("/")[1]
    pull = urlencode({"repo": f"https://github.com/{s['repository']}", "branch": s["branch"],
                      "urlpath": f"lab/tree/{name}/{s['start']}"})
    return {"lab": binder(s, f"lab/tree/{s['start']}"),
            "voila": binder(s, f"voila/render/{s['app']}"),
            "nbgitpuller": f"{s['jupyterhub']}/hub/user-redirect/git-pull?{pull}",
            "badge": f"{s['binderhub']}/badge_logo.svg"}


BINDER_URL = re.compile(r"https?://[^\s)\"'<>]+/v2/gh/[^\s)\"'<>]+")
PULL_URL = re.compile(r"https?://[^\s)\"'<>]+/hub/user-redirect/git-pull\?[^\s)\"'<>]+")
CLONE_URL = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def rewrite(text, s=None):
    """`text` with every Binder / nbgitpuller / GitHub link pointed at the settings' repository and hubs."""
    s = s or settings()
    new = links(s)

    def fix_binder(m):
        urlpath = re.search(r"[?&]urlpath=([^&]+)", m.group(0))
        return binder(s, urlpath.group(1).replace("%2F", "/")) if urlpath else new["lab"]

    text = BINDER_URL.sub(fix_binder, text)
    text = PULL_URL.sub(new["nbgitpuller"], text)
    return CLONE_URL.sub(f"https://github.com/{s['repository']}", text)


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        README.write_text(rewrite(README.read_text()))
    for kind, url in links().items():
        print(f"{kind:12} {url}")
