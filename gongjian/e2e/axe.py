"""Accessibility checks with axe-core (installed from the npm registry into node_modules by `make setup`).

`assert_accessible(page)` injects axe into the page, runs it on the whole document and fails on any
violation whose impact is "serious" or "critical", naming the rule ids, the help text and a few of the
offending elements. A rule may be left out for one page only, with the reason said where it is called.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page, *, disable: tuple[str, ...] = ()) -> list[dict]:
    """All of axe's violations on the page as it is now (every impact)."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `npm ci` (make setup)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # (script-src 'self') does not govern; a <script> tag (add_script_tag) would be blocked.
        # The trailing `;undefined` keeps Playwright from taking the source for a function to call.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    options = {"resultTypes": ["violations"]}
    if disable:
        options["rules"] = {rule: {"enabled": False} for rule in disable}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page, *, disable: tuple[str, ...] = ()) -> None:
    """No serious or critical axe violation on the page (`disable`: rule ids left out, with a reason)."""
    blocking = [v for v in axe_violations(page, disable=disable) if v.get("impact") in BLOCKING]
    assert not blocking, (
        f"axe: serious/critical violations on {page.url}: {[v['id'] for v in blocking]}\n{describe(blocking)}"
    )
