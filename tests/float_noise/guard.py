"""The float-noise guard: re-run chapters as another CPU would, and compare with nbval.

A stored output must not depend on round-off: a reader's CPU picks other BLAS
kernels and other vectorised ``exp``/``tanh`` loops than the machine that
stored the outputs, so their last bits differ, and a long or chaotic
computation can blow that up to the printed digits. This guard imitates such a
CPU on the machine it runs on: every chapter is executed by nbval, exactly as
``make test`` does, in a kernel whose arithmetic is perturbed by about one unit
in the last place:

- ``blas_noise.c`` (compiled here, loaded with ``LD_PRELOAD``) wraps numpy's
  BLAS products (``@``, ``dot``, matrix-vector, ``A @ A.T``) and sums each in
  another order, as another CPU's kernel does;
- ``noisy_numpy.py`` (an IPython start-up file) moves the results of numpy's
  elementary functions (``exp``, ``tanh``, ...), ``einsum`` and LAPACK by about
  one unit in the last place, as other vectorised loops and libraries round.

It perturbs the computation, never the comparison: any stored output that
changes is a defect of the chapter, reported with its cell, the stored and the
perturbed text. Command line: ``python tests/float_noise/guard.py chapters/*.ipynb``.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
# nbval's own options, as in the Makefile's NBVAL: the guard compares exactly as nbval does
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE)]


class GuardError(RuntimeError):
    """The guard could not set up its perturbation (it never passes silently)."""


def numpy_blas():
    """(library path, symbol prefix, symbol suffix) of the BLAS this numpy calls."""
    probe = (
        "import numpy, numpy._core._multiarray_umath as m;"
        "print(m.__file__);"
        "print(*[l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.rsplit('/', 1)[-1].lower()][:1])"
    )
    lines = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    if len(lines) < 2:
        raise GuardError("float-noise guard: numpy loads no BLAS library that this guard can wrap")
    extension, library = lines[0], lines[1]
    symbols = subprocess.run(["nm", "-D", "--undefined-only", extension], capture_output=True, text=True).stdout
    match = re.search(r"\b(\w*)cblas_dgemm(\w*)\b", symbols)
    if not match:
        raise GuardError(f"float-noise guard: no cblas_dgemm symbol imported by {extension}")
    return library, match.group(1), match.group(2)


def build(workdir):
    """Compile the BLAS wrapper and lay out the IPython start-up folder; return the kernel's environment."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    library, prefix, suffix = numpy_blas()
    shim = workdir / "blas_noise.so"
    blas_int = "int64_t" if "64" in suffix else "int"
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise GuardError("float-noise guard: a C compiler (cc or gcc) is needed to build blas_noise.c")
    compiled = subprocess.run(
        [compiler, "-shared", "-fPIC", "-O2", f"-DBLAS_PREFIX={prefix}", f"-DBLAS_SUFFIX={suffix}",
         f"-DBLAS_INT={blas_int}", str(HERE / "blas_noise.c"), "-o", str(shim), "-ldl"],
        capture_output=True, text=True,
    )
    if compiled.returncode:
        raise GuardError(f"float-noise guard: blas_noise.c did not compile:\n{compiled.stderr}")
    startup = workdir / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "noisy_numpy.py", startup / "00-noisy-numpy.py")
    env = dict(os.environ)
    env.update(
        LD_PRELOAD=" ".join(filter(None, [str(shim), os.environ.get("LD_PRELOAD", "")])),
        FLOAT_NOISE_BLAS_LIBRARY=library,
        FLOAT_NOISE_BLAS_SYMBOL=f"{prefix}cblas_dgemm{suffix}",
        IPYTHONDIR=str(workdir / "ipython"),
        OPENBLAS_NUM_THREADS="1",  # two chapters run side by side on two cores
        PYTHONHASHSEED="0",
    )
    return env


def run_notebook(path, env, timeout=900):
    """nbval on one notebook, in a kernel with ``env`` (perturbed by ``build``; ``None``: plain).

    Returns (ok, nbval's report of the cells whose outputs changed)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-vv", "--tb=short", "-rf",
         "-W", "ignore::pytest.PytestUnraisableExceptionWarning", *NBVAL, str(path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout,
    )
    return proc.returncode == 0, failure_report(proc.stdout + proc.stderr) if proc.returncode else ""


def failure_report(text):
    """The failures section of nbval's report (cell, input, stored and perturbed text), colour codes removed."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    start = text.find("= FAILURES =")
    return text[text.rfind("\n", 0, start) + 1:] if start >= 0 else text[-6000:]


def failed_cells(report):
    """``['Cell 18', ...]``: the cells nbval names in a failure report."""
    return re.findall(r"^FAILED \S*::(Cell \d+)", report, flags=re.M)


def run_all(paths, workers=2):
    """Perturbed nbval on each notebook, ``workers`` at a time: {path: (ok, report)}."""
    with tempfile.TemporaryDirectory(prefix="float-noise-") as workdir:
        env = build(workdir)
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            futures = {path: pool.submit(run_notebook, path, env) for path in paths}
            return {path: future.result() for path, future in futures.items()}


def main(argv):
    paths = [Path(p) for p in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    results = run_all(paths)
    for path, (ok, report) in results.items():
        print(f"{path}: {'survives the float noise' if ok else 'CHANGES under float noise: ' + ', '.join(failed_cells(report))}")
        if not ok:
            print(report)
    return 0 if all(ok for ok, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
