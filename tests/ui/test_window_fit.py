"""Every window and dialog fits an office laptop's screen, with its action buttons in view.

Screens: 1366×768, 1280×720, and 1366×768 at 125 % scaling (1093×614 logical pixels). The offscreen platform's
screen is fixed when Qt starts, so each size runs ``tests.ui.window_fit_probe`` (which keeps the list of windows)
in its own process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.helpers import REPO

# A class of the UI that is a window of its own: a new one must be added to the probe's list.
WINDOW_CLASS = re.compile(r"^class (\w+)\((?:QDialog|QMainWindow|QWizard|FormDialog|QMessageBox)\b", re.M)
SCREENS = [(1366, 768, None), (1280, 720, None), (1366, 768, "1.25")]


def run_probe(tmp_path, width: int, height: int, scale: str | None, *only: str) -> list[dict]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "CASEAPP_"))}
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    if scale:
        env["QT_SCALE_FACTOR"] = scale
    done = subprocess.run([sys.executable, "-m", "tests.ui.window_fit_probe", str(tmp_path / "data"), *only],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def inside(frame, area) -> bool:
    x, y, w, h = frame
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


@pytest.mark.parametrize("width,height,scale", SCREENS, ids=["1366x768", "1280x720", "1366x768@125%"])
def test_every_window_fits_the_screen_with_its_buttons_visible(tmp_path, width, height, scale):
    from tests.ui.window_fit_probe import EXPECTED_WINDOWS

    results = run_probe(tmp_path, width, height, scale)
    assert [r["name"] for r in results] == list(EXPECTED_WINDOWS)  # every window was opened
    problems = []
    for r in results:
        if "error" in r:
            problems.append(f"{r['name']}: {r['error']}")
            continue
        if not inside(r["frame"], r["area"]):
            problems.append(f"{r['name']}: window {r['frame']} outside the screen {r['area']}")
        if not r["buttons"]:
            problems.append(f"{r['name']}: no action button found")
        hidden = [text for text, shown in r["buttons"].items() if not shown]
        if hidden:
            problems.append(f"{r['name']}: buttons out of view: {hidden}")
    window_classes = set()
    for path in (REPO / "src" / "caseapp" / "ui").rglob("*.py"):
        window_classes |= set(WINDOW_CLASS.findall(path.read_text(encoding="utf-8")))
    missing = window_classes - {r.get("class") for r in results} - {"FormDialog", "_JobDialog"}  # base classes
    assert not missing, f"windows not in the probe's list: {sorted(missing)}"
    if scale:
        assert results[0]["area"][2:] == [1093, 614]  # the scaled screen really is smaller
    assert not problems, "\n".join(problems)


def test_the_probe_notices_a_window_larger_than_the_screen(tmp_path):
    """The check can fail: with the fitting switched off, the case editor (1180×800) overflows 1280×720."""
    results = run_probe(tmp_path, 1280, 720, None, "--no-fit", "case editor")
    assert len(results) == 1
    assert not inside(results[0]["frame"], results[0]["area"])
