"""An open-loop (rate-limited) wrk load: each connection waits between requests so that
all connections together offer `rate` requests per second, instead of sending the next
request the moment the last one returns (closed loop, which measures saturation).

wrk's Lua `delay()` hook returns the milliseconds to wait before a connection's next
request; wrk leaves that wait out of the latency. The mean wait is connections / rate
seconds; each wait is drawn from an exponential distribution (so the arrivals of all
connections together are a Poisson stream, not 64 requests fired in step), and the
fraction of a millisecond wrk cannot wait is carried to the next request.

Two honest limits. The achieved rate is below the offered one by the latency itself (a
connection waits, then sends, then waits for the answer): connections / (wait + latency);
the achieved req/s is printed for that reason. And coordinated omission: a connection
whose request is stuck sends nothing else, so when the server stalls the requests that
would have queued behind the stall are never sent and never timed, and wrk's p99
under-reports what a reader arriving during the stall would have seen.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import api  # bench/api.py: wrk driving and parsing


def mean_delay_ms(connections: int, rate: float) -> float:
    """The mean wait per request and connection for `connections` to offer `rate` req/s."""
    if connections < 1 or rate <= 0:
        raise ValueError("connections must be >= 1 and rate > 0")
    return connections * 1000.0 / rate


def lua_script(mean_ms: float) -> str:
    """wrk script: exponential waits of mean `mean_ms`, each thread seeded apart."""
    return f"""-- open-loop load: mean wait {mean_ms:.3f} ms per request and connection
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + seed)
end
local mean = {mean_ms!r}
local carry = 0
function delay()
  carry = carry - mean * math.log(1 - math.random())
  local whole = math.floor(carry)
  carry = carry - whole
  return whole
end
"""


def load_at_rate(
    url: str, *, seconds: int, connections: int, rate: float, cookie: str = ""
) -> tuple[float, float, float]:
    """(achieved requests/s, p50 ms, p99 ms) from wrk with `rate` req/s offered."""
    script = lua_script(mean_delay_ms(connections, rate))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="open-loop-") as file:
        file.write(script)
        file.flush()
        return api.load_with_wrk(
            url, seconds=seconds, connections=connections, cookie=cookie,
            extra=("-s", str(Path(file.name))),
        )  # fmt: skip
