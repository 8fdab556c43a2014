"""README's Binder, Voila and nbgitpuller links: well-formed, and following binder/links.toml.

The oracle is the URL grammar of each service, parsed here with urllib, not a stored copy:
Binder  {binderhub}/v2/gh/{owner}/{name}/{branch}?urlpath=lab/tree/{file} | voila/render/{file}
nbgitpuller  {hub}/hub/user-redirect/git-pull?repo={git url}&branch={branch}&urlpath=lab/tree/{name}/{file}
"""
import importlib.util
import pathlib
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()

_spec = importlib.util.spec_from_file_location("binder_links", ROOT / "binder" / "links.py")
links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(links)
S = links.settings()
BINDER_URLS = links.BINDER_URL.findall(README)
PULL_URLS = links.PULL_URL.findall(README)
CLONE_URLS = [u for u in links.CLONE_URL.findall(README) if "/hub/" not in u]


def binder_parts(url):
    u = urlsplit(url)
    path = u.path.split("/")  # '', 'v2', 'gh', owner, name, branch
    query = parse_qs(u.query, strict_parsing=True)
    return u, path, query


def test_readme_has_the_three_links_and_the_badge():
    urlpaths = [binder_parts(url)[2]["urlpath"][0] for url in BINDER_URLS]
    assert f"lab/tree/{S['start']}" in urlpaths
    assert f"voila/render/{S['app']}" in urlpaths
    assert len(PULL_URLS) >= 1
    assert f"[![Binder]({S['binderhub']}/badge_logo.svg)]" in README


@pytest.mark.parametrize("url", BINDER_URLS)
def test_binder_link_is_well_formed_and_follows_the_setting(url):
    u, path, query = binder_parts(url)
    assert f"{u.scheme}://{u.netloc}" == S["binderhub"]
    assert path[:3] == ["", "v2", "gh"] and len(path) == 6, u.path
    assert f"{path[3]}/{path[4]}" == S["repository"]
    assert unquote(path[5]) == S["branch"]
    assert set(query) == {"urlpath"}
    mode, _, rest = query["urlpath"][0].partition("/")
    assert mode in ("lab", "voila"), query["urlpath"]
    prefix = {"lab": "tree/", "voila": "render/"}[mode]
    assert rest.startswith(prefix)
    assert (ROOT / rest[len(prefix):]).is_file(), f"{url} opens a file the repository does not have"


@pytest.mark.parametrize("url", PULL_URLS)
def test_nbgitpuller_link_is_well_formed_and_follows_the_setting(url):
    u = urlsplit(url)
    assert f"{u.scheme}://{u.netloc}" == S["jupyterhub"]
    assert u.path == "/hub/user-redirect/git-pull"
    query = parse_qs(u.query, strict_parsing=True)
    assert query["repo"] == [f"https://github.com/{S['repository']}"]
    assert query["branch"] == [S["branch"]]
    name = S["repository"].split("/")[1]
    # nbgitpuller clones into a folder named after the repository, in the student's home
    mode, _, rest = query["urlpath"][0].partition("/tree/")
    assert mode == "lab" and rest.startswith(name + "/")
    assert (ROOT / rest[len(name) + 1:]).is_file()


@pytest.mark.parametrize("url", CLONE_URLS)
def test_github_link_follows_the_setting(url):
    assert url == f"https://github.com/{S['repository']}"


def test_rewrite_moves_every_link_to_a_new_repository():
    moved = dict(S, repository="someone/fork", branch="dev", jupyterhub="https://hub.school.test")
    text = links.rewrite(README, moved)
    assert S["repository"] not in text
    assert links.links(moved)["lab"] in text and links.links(moved)["nbgitpuller"] in text
    assert links.rewrite(text, S) == README  # and back: the setting alone decides the links


@pytest.mark.parametrize("bad, message", [
    ({"repository": "no-slash"}, "owner/name"),
    ({"binderhub": "mybinder"}, "binderhub"),
    ({"branch": ""}, "branch"),
])
def test_bad_settings_are_named(tmp_path, bad, message):
    text = "\n".join(f'{k} = "{v}"' for k, v in {**S, **bad}.items())
    (tmp_path / "links.toml").write_text(text)
    with pytest.raises(ValueError, match=message):
        links.settings(tmp_path / "links.toml")
