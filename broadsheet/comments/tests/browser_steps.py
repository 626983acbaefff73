"""Steps shared by the comment browser tests: what a reader does in Chromium."""

from __future__ import annotations

from typing import Any

from broadsheet.accounts.tests.people import PASSWORD

# Installed before any page script: records any attempt to run injected code.
XSS_TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""

# Every element that could run code and does not come from our own templates.
FIND_EXECUTABLE = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) found.push(el.tagName + "[" + attr.name + "]");
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && /href|src|action/i.test(attr.name))
        found.push(el.tagName + "[" + attr.name + "=" + attr.value + "]");
    }
  }
  for (const s of document.querySelectorAll("script")) {
    const ours = s.src.includes("/static/web/") || s.type === "application/ld+json";
    if (!ours) found.push("script:" + s.textContent.slice(0, 40));
  }
  for (const tag of ["iframe", "object", "embed", "img"]) {
    for (const el of document.querySelectorAll(".comments " + tag)) found.push(tag);
  }
  return found;
}
"""


def log_in(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the form and land back on the home page."""
    page.goto(f"{base}/en/accounts/login")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/en/")


def comment_item(page: Any, text: str) -> Any:
    """The <li> of the innermost comment whose body holds `text`."""
    return page.locator("li.comment", has=page.locator(".comment-body", has_text=text)).last
