"""The Python conformance host: every type of the conformance contract
(proto/actorgate/conformance/v1), served with the Python host SDK. It must pass every
case of the suite with an empty known-failing list.

    npm run conformance:python                       # from the repository root
    npx actorgate-conformance -- python3 clients/python/conformance/host.py

It finds the gateway through ACTORGATE_URL, serves system ACTORGATE_SYSTEM (default
"conformance"), registers, keeps its lease (registering again after a gateway restart)
and on SIGTERM or SIGINT unregisters with drain and exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # clients/python: the actorgate package
sys.path.insert(0, HERE)  # the modules beside this file

from actorgate.host import ActorDef, Host  # noqa: E402

from echo import echo  # noqa: E402
from optional_types import lifecycle, named, pooled, ticker  # noqa: E402
from recorder import recorder  # noqa: E402
from scripted import scripted  # noqa: E402

ACTORS: list[ActorDef] = [scripted, recorder, echo, lifecycle, pooled, named, ticker]

# The one callback transport the stdlib host SDK speaks (features.json lists it).
TRANSPORT = "connect+json+http1"


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="[python-host] %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The suite names the transport to register; refuse one this host cannot serve
    # rather than register another and have every case test the wrong thing.
    wanted = os.environ.get("ACTORGATE_CONFORMANCE_TRANSPORT")
    if wanted and wanted != TRANSPORT:
        print(f"[python-host] ACTORGATE_CONFORMANCE_TRANSPORT={wanted}: only {TRANSPORT} is supported", file=sys.stderr, flush=True)
        return 2
    # Until Host.wait() takes over SIGTERM: a SIGTERM during start-up still exits 0.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    host = Host(system=os.environ.get("ACTORGATE_SYSTEM") or "conformance", actors=ACTORS)
    try:
        host.start(timeout=None)
    except Exception as err:  # the suite shows stderr when a host fails to register
        print(f"[python-host] registration failed: {err}", file=sys.stderr, flush=True)
        return 1
    print(f"[python-host] serving {', '.join(host.types)} at {host.callback_url}", flush=True)
    host.wait()  # until SIGTERM / SIGINT, then Unregister (drain) and close
    return 0


if __name__ == "__main__":
    sys.exit(main())
