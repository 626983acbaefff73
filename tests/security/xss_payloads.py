"""Cross-site scripting payloads, generated combinatorially: vectors x script bodies x URL spellings.

Every script body reports to `xss("<id>")` or sets `window.xssHit`, hooks the browser test
installs; the rest (alert, eval, Function) are overridden there as well. The ids let a failure
name the payload that got through.
"""

from __future__ import annotations

import base64
import html
from itertools import product

# Markup that runs a script body, written every way sanitizers have historically missed.
SCRIPT_VECTORS = [
    "<script>{js}</script>",
    "<ScRiPt>{js}</sCrIpT>",
    "<script\t>{js}</script\n>",
    "<script src=data:,{js}></script>",
    "<img src=x onerror={js}>",
    "<img/src/onerror={js}>",
    "<IMG SRC=1 oNeRrOr={js}>",
    "<img src=x onerror\x0c={js}>",
    "<svg onload={js}>",
    "<svg><script>{js}</script></svg>",
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    "<svg><set onbegin={js} attributeName=x to=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    "<math><maction actiontype=statusline onclick={js}>x</maction></math>",
    "<body onload={js}>",
    '<iframe srcdoc="<script>{js}</script>">',
    "<details open ontoggle={js}>",
    "<input autofocus onfocus={js}>",
    "<video><source onerror={js}></video>",
    "<audio src=x onerror={js}>",
    "<marquee onstart={js}>",
    '<div style="width:expression({js})">x</div>',
    '"><script>{js}</script>',
    "'><img src=x onerror={js}>",
    "</title><script>{js}</script>",
    "</textarea><script>{js}</script>",
    "</script><script>{js}</script>",
    "<!--><script>{js}</script>-->",
    "<![CDATA[<script>{js}</script>]]>",
    "]]><script>{js}</script>",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "&#x3C;img src=x onerror={js}&#x3E;",
    "&amp;lt;script&amp;gt;{js}&amp;lt;/script&amp;gt;",
    '<noscript><p title="</noscript><img src=x onerror={js}>">',
    "<style>@import 'javascript:{js}';</style>",
    "<xss onmouseover={js} style=display:block>hover</xss>",
    '<a href="#" onclick={js}>x</a>',
    '<form><button formaction="javascript:{js}">x</button></form>',
    '<object data="javascript:{js}"></object>',
]

# Script bodies: each reports to a hook, some through the functions attackers reach for.
SCRIPT_BODIES = [
    "xss('{id}')",
    "alert('{id}')",
    "window.xssHit='{id}'",
    "eval('xss(\\'{id}\\')')",
    "Function('xss(\\'{id}\\')')()",
    "top['al'+'ert']('{id}')",
    "confirm('{id}')",
]

# Script and data URLs in every spelling browsers have accepted.
URL_SPELLINGS = [
    "javascript:xss('{id}')",
    "JaVaScRiPt:xss('{id}')",
    " javascript:xss('{id}')",
    "\tjavascript:xss('{id}')",
    "java\tscript:xss('{id}')",
    "java\nscript:xss('{id}')",
    "java\rscript:xss('{id}')",
    "\x01javascript:xss('{id}')",
    "java&#x09;script:xss('{id}')",
    "jav&#x0A;ascript:xss('{id}')",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;xss('{id}')",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;xss('{id}')",
    "&#0000106avascript:xss('{id}')",
    "javascript&colon;xss('{id}')",
    "javascript://%0axss('{id}')",
    "data:text/html,<script>xss('{id}')</script>",
    "DATA:text/html;base64,{b64}",
    "data:image/svg+xml,<svg onload=xss('{id}')>",
    "vbscript:msgbox('{id}')",
    "VBScript:msgbox('{id}')",
    "livescript:xss('{id}')",
]

# Places a URL goes.
URL_VECTORS = [
    '<a href="{url}">link</a>',
    "<a href={url}>link</a>",
    '<img src="{url}">',
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><input type=submit></form>',
    '<embed src="{url}">',
    '<svg><a xlink:href="{url}"><text y=20>x</text></a></svg>',
    '<math href="{url}">x</math>',
    '<meta http-equiv="refresh" content="0;url={url}">',
    '<link rel=stylesheet href="{url}">',
    '<base href="{url}">',
    '<div style="background:url({url})">x</div>',
]

# Template-injection strings: harmless if shown as text, a hole if evaluated anywhere.
TEMPLATE_INJECTIONS = [
    "{{7*7}}",
    "{{ request.META }}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{constructor.constructor('xss(1)')()}}",
    "[[${7*7}]]",
    "{{'a'.constructor.prototype.charAt=[].join;$eval('x=xss(1)');}}",
]


def generate() -> list[str]:
    """Every payload, each with its own id; at least 500, no two alike."""
    payloads: list[str] = []

    def add(template: str, **values: str) -> None:
        pid = f"p{len(payloads)}"
        js_id = values.get("js", "").replace("{id}", pid)
        url = values.get("url", "")
        b64 = base64.b64encode(f"<script>xss('{pid}')</script>".encode()).decode()
        url = url.replace("{id}", pid).replace("{b64}", b64)
        payloads.append(template.replace("{js}", js_id).replace("{url}", url).replace("{id}", pid))

    for vector, body in product(SCRIPT_VECTORS, SCRIPT_BODIES):
        add(vector, js=body)
    for vector, url in product(URL_VECTORS, URL_SPELLINGS):
        add(vector, url=url)
    for url in URL_SPELLINGS:
        add("{url}", url=url)
    for text in TEMPLATE_INJECTIONS:
        add(text)
    return list(dict.fromkeys(payloads))


def bare_urls() -> list[str]:
    """The payloads that are a URL on their own, for fields that hold a link."""
    schemes = ("javascript", "data:", "vbscript:", "livescript:")
    found = []
    for payload in generate():
        plain = "".join(c for c in html.unescape(payload) if c > " ").lower()
        if plain.startswith(schemes):
            found.append(payload)
    return found
