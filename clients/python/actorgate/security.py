"""Tokens, TLS and callback signatures (standard library only).

- ``token``: sent as ``Authorization: Bearer <token>``; default ``$ACTORGATE_TOKEN``.
- ``ca_file``: the CA that signed the gateway's certificate (``https://`` URLs); default
  ``$ACTORGATE_CA``, else the system's CAs. ``cert_file``/``key_file``: a client
  certificate for a gateway that requires mTLS.
- Callback signatures: a gateway hands each registration a secret and signs every
  callback with ``actorgate-signature: t=<unix ms>,v1=<hex HMAC-SHA256>`` over
  ``t.invocation_id.system/type/name.action``; the host refuses callbacks without it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import ssl
import time
from typing import Any, Mapping

SIGNATURE_HEADER = "actorgate-signature"
MAX_SKEW_MS = 5 * 60_000


def resolve_token(token: str | None) -> str | None:
    return token if token is not None else (os.environ.get("ACTORGATE_TOKEN") or None)


def auth_headers(token: str | None) -> dict[str, str]:
    """``Authorization: Bearer <token>`` (or nothing without a token)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def client_ssl_context(
    ca_file: str | None = None, cert_file: str | None = None, key_file: str | None = None
) -> ssl.SSLContext | None:
    """A context trusting ``ca_file`` (default ``$ACTORGATE_CA``) and showing a client
    certificate; None when nothing is set (the system's defaults then apply)."""
    ca = ca_file or os.environ.get("ACTORGATE_CA") or None
    if not ca and not cert_file:
        return None
    ctx = ssl.create_default_context(cafile=ca)
    if cert_file:
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


def server_ssl_context(cert_file: str, key_file: str, client_ca: str | None = None) -> ssl.SSLContext:
    """A server context for HTTPS callbacks; with ``client_ca`` only callers showing a
    certificate it signed (the gateway's ``--host-tls-cert``) are served."""
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_file, key_file)
    ctx.set_alpn_protocols(["http/1.1"])
    if client_ca:
        ctx.load_verify_locations(client_ca)
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def _base(t: str, request: Mapping[str, Any]) -> bytes:
    actor = request.get("actor") if isinstance(request.get("actor"), dict) else {}
    assert isinstance(actor, dict)
    return (
        f"{t}.{request.get('invocationId', '')}."
        f"{actor.get('system', '')}/{actor.get('type', '')}/{actor.get('name', '')}.{request.get('action', '')}"
    ).encode("utf-8")


def sign(secret: str, request: Mapping[str, Any], now_ms: int | None = None) -> str:
    t = str(now_ms if now_ms is not None else int(time.time() * 1000))
    return f"t={t},v1={hmac.new(secret.encode(), _base(t, request), hashlib.sha256).hexdigest()}"


def verify(secret: str, header: str | None, request: Mapping[str, Any], now_ms: int | None = None) -> str | None:
    """None when ``header`` signs ``request`` under ``secret``; otherwise the reason."""
    if not header:
        return f"the callback has no {SIGNATURE_HEADER} header"
    parts = dict(p.strip().split("=", 1) for p in header.split(",") if "=" in p)
    t, v1 = parts.get("t", ""), parts.get("v1", "")
    if not t.isdigit() or len(v1) != 64:
        return f"the {SIGNATURE_HEADER} header is malformed"
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    if abs(now - int(t)) > MAX_SKEW_MS:
        return "the callback's signature is too old (or the clocks differ by more than 5 minutes)"
    want = hmac.new(secret.encode(), _base(t, request), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, v1):
        return "the callback's signature does not match this host's registration"
    return None
