"""A real Actorgate gateway in a subprocess, for tests against the live server.

``node server/bin/actorgate.js serve --port 0 --store memory`` from the repository root;
the gateway logs ``"url":"http://127.0.0.1:PORT"`` with "actorgate listening" on
stderr once it accepts calls. Node is required: without it the tests fail, they are not
skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "server" / "bin" / "actorgate.js"


class LiveGateway:
    def __init__(self, *args: str, start_timeout: float = 60.0) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH: the live-gateway tests need Node 20+ to run the gateway")
        if not SCRIPT.exists():
            raise RuntimeError(f"{SCRIPT} not found: run the tests from the Actorgate repository")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGATE_")}
        self.proc = subprocess.Popen(
            [node, str(SCRIPT), "serve", "--port", "0", "--store", "memory", "--log-level", "info", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        self.url = ""
        self._reader = threading.Thread(target=self._read, name="gateway-stderr", daemon=True)
        self._reader.start()
        if not self._ready.wait(start_timeout) or not self.url:
            self.stop()
            raise RuntimeError("the gateway did not start:\n" + "\n".join(self.lines[-30:]))

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines.append(line)
            if not self.url and "actorgate listening" in line:
                try:
                    self.url = str(json.loads(line)["url"])
                except (ValueError, KeyError):
                    pass
                self._ready.set()
        self._ready.set()  # exited before listening: wake the waiter

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._reader.join(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
