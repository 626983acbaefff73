"""A check shared by page tests: nothing in a rendered page can run script."""

from __future__ import annotations

from lxml import html as lxml_html

_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")


def executable_parts(page: str) -> list[str]:
    """Every script element, event-handler attribute and script/data URL found in `page`."""
    root = lxml_html.document_fromstring(page)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if _is_own_script(element):
            continue
        if element.tag.lower() in ("script", "iframe", "object", "embed", "svg", "math"):
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{element.tag}[{name}]")
            if name.lower() in _URL_ATTRS:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{element.tag}[{name}={value[:30]}]")
    return found


def _is_own_script(element) -> bool:  # type: ignore[no-untyped-def]
    """Our own static scripts (external, from /static/, no inline code) and JSON-LD data."""
    if _is_json_ld(element):
        return True
    return (
        element.tag.lower() == "script"
        and (element.get("src") or "").startswith("/static/web/")
        and not (element.text or "").strip()
        and len(element.attrib) <= 2
    )


def _is_json_ld(element) -> bool:  # type: ignore[no-untyped-def]
    """A JSON-LD block: data, not code, when it has no src and no other attribute."""
    return (
        element.tag.lower() == "script"
        and dict(element.attrib) == {"type": "application/ld+json"}
        and "<" not in (element.text or "")
    )
