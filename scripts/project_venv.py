"""A project-local Python venv holding one pinned reference library, for the check scripts.

    from project_venv import run_under_venv
    run_under_venv(ROOT / "target" / "x-venv", "twilio", "9.13.0")   # re-execs if needed

The reference libraries (Twilio's helper library, libphonenumber's Python port) come from PyPI,
pinned, into target/ (never the system Python), so a fresh machine gets them by running the
script itself.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path


def _has(module: str, version: str) -> bool:
    try:
        return importlib.import_module(module).__version__ == version
    except ImportError:
        return False


def run_under_venv(venv: Path, package: str, version: str, module: str | None = None) -> None:
    """Returns if `module` (default: `package`) at `version` is importable here; otherwise
    creates `venv` with `package==version` if it lacks it, and re-runs the calling script under
    the venv's Python with the same arguments (never returns then)."""
    module = module or package
    if _has(module, version):
        return
    python = venv / "bin" / "python"
    name = Path(sys.argv[0]).name
    if Path(sys.executable) == python:
        sys.exit(f"{name}: the venv at {venv} lacks {package}=={version}")
    probe = f"import {module}; assert {module}.__version__ == '{version}'"
    ready = python.exists() and subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0
    if not ready:
        print(f"{name}: installing {package}=={version} into {venv}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             f"{package}=={version}"],
            check=True,
        )
    os.execv(str(python), [str(python), sys.argv[0], *sys.argv[1:]])
