"""nginx in front of the cluster: the public port to the front server, and two private balancers on 127.0.0.1
(the Rasa servers for the front, the action servers for Rasa).

`Balancer` holds what the configuration says now: which servers are taken out of rotation (`down`, while a
rolling update replaces them) and whether the front's stand-in takes the public traffic. Each change is
written, checked with `nginx -t`, then applied by the caller with SIGHUP to nginx's master (a graceful
reload: requests under way finish on the old workers)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

NGINX = "/usr/sbin/nginx"


def nginx_binary() -> str:
    """The nginx executable; the Debian package is installed by scripts/run-cluster.sh when missing."""
    found = shutil.which("nginx") or (NGINX if os.access(NGINX, os.X_OK) else None)
    if not found:
        raise RuntimeError(
            "nginx est introuvable : apt-get install -y nginx (scripts/run-cluster.sh le fait)."
        )
    return found


# Seconds an idle connection to a server is kept for the next request: less than the servers keep it
# (uvicorn's and Sanic's keep-alive timeout, 5 s), so nginx never sends a request on a connection the server
# is closing at that very moment (a POST lost that way is answered 502: it is not sent again).
UPSTREAM_KEEPALIVE = 4
# The longest a request may stay under way in nginx (the public location's read timeout): a rolling update
# waits that long, and more, for nginx's previous workers to finish theirs (bot/ops/cluster/rollout.py).
LONGEST_REQUEST = 90


def _upstream(name: str, ports: list[int], down: frozenset[int] = frozenset(), max_fails: int = 1) -> str:
    # A server refusing connections is left aside for 3 s; the request goes to the other one (never sent
    # twice once it reached a server, except where `non_idempotent` is given below). A server marked `down`
    # gets no new request (a rolling update is replacing it). max_fails=0: never left aside.
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails={max_fails} fail_timeout=3s{' down' if port in down else ''};\n"
        for port in ports
    )
    return (
        f"  upstream {name} {{\n{servers}    keepalive 32;\n"
        f"    keepalive_timeout {UPSTREAM_KEEPALIVE}s;\n  }}\n"
    )


# What the application accepts, on its routes only: a candidate's document (bot/web/uploads.py: 10 MB and the
# form around it) and a file the console imports (bot/console/auth.py: 1 MB). Both are streamed to the front
# server as they arrive (no buffering here): it parses them as a stream and stops at its own limits.
DOCUMENT_BODY = 10 * 1024 * 1024 + 64 * 1024
IMPORT_BODY = 1024 * 1024
DOCUMENT_ROUTES = "^~ /pieces/"
IMPORT_ROUTES = "~ ^/conseillers/(anciens-candidats|calendrier|etablissements|reglements)/(apercu|publier)$"


def _real_client(proxies: tuple[str, ...]) -> str:
    """The client's address and scheme as nginx passes them on: from the connection, or from the
    ``X-Forwarded-For`` and ``X-Forwarded-Proto`` of a trusted proxy (``BTS_TRUSTED_PROXIES``) only."""
    trusted = "".join(f"  set_real_ip_from {proxy};\n" for proxy in proxies)
    listed = "".join(f"    {proxy} 1;\n" for proxy in proxies)
    real_ip = "  real_ip_header X-Forwarded-For;\n  real_ip_recursive on;\n" if proxies else ""
    return (
        f"{trusted}{real_ip}"
        f"  geo $realip_remote_addr $from_trusted_proxy {{\n    default 0;\n{listed}  }}\n"
        '  map "$from_trusted_proxy:$http_x_forwarded_proto" $client_scheme {\n'
        "    default $scheme;\n"
        '    "1:https" https;\n'
        '    "1:http" http;\n'
        "  }\n"
    )


def render(
    *,
    prefix: Path,
    public_port: int,
    front_port: int,
    rasa_lb_port: int,
    rasa_ports: list[int],
    action_lb_port: int,
    action_ports: list[int],
    down: frozenset[int] = frozenset(),
    front_standby: int | None = None,
    proxies: tuple[str, ...] = (),
) -> str:
    """The whole nginx.conf. No access log of addresses or paths (candidates' data): `upstreams.log` says, per
    request, only when, on which port, with what status, in how long and which server answered (what a
    rolling update or a fault is read from); bodies are kept in memory.
    `down`: ports that get no new request; `front_standby`: the port of the front's stand-in, which takes the
    public traffic while the front server is replaced."""
    temp = "".join(
        f"  {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root the master opens ports and files; workers drop to the Debian package's unprivileged user.
    user = "user www-data;\n" if os.geteuid() == 0 else ""
    proxy = """      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
"""
    # The front's servers (the front and, during its update, its stand-in) are never left aside (max_fails=0
    # below): with the front taken out of rotation, one failed request would leave the stand-in aside for 3 s
    # and answer every candidate 502 meanwhile.
    to_front = f"""      proxy_pass http://front;
{proxy}      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $client_scheme;
      proxy_read_timeout {LONGEST_REQUEST}s;
"""
    return f"""# Generated by bot/ops/cluster/nginx.py: do not edit.
{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  log_format upstreams '$msec $server_port $status $request_time $upstream_addr $upstream_status '
                       '$upstream_response_time';
  access_log {prefix / "upstreams.log"} upstreams;
  server_tokens off;
{temp}  client_max_body_size 64k;  # candidates' messages and forms (the action hop below allows more)
  client_body_buffer_size 64k;  # a body is kept in memory whole: never written to a temporary file
  proxy_max_temp_file_size 0;
{_real_client(proxies)}{
        _upstream("front", [front_port] + ([front_standby] if front_standby else []), down, max_fails=0)
    }{_upstream("rasa", rasa_ports, down)}{_upstream("actions", action_ports, down)}
  server {{
    listen 127.0.0.1:{public_port};
    location / {{
{to_front}    }}
    # The chat's messages: each answer closes its connection. A reload (each step of a rolling update) closes
    # the previous workers' idle kept-alive connections at once, and a message a client had just sent on one
    # of them would be lost unread (the client sees the connection reset, and would have to send it again).
    location /api/ {{
{to_front}      keepalive_timeout 0;
    }}
    location {DOCUMENT_ROUTES} {{
      client_max_body_size {DOCUMENT_BODY};
      proxy_request_buffering off;
{to_front}    }}
    location {IMPORT_ROUTES} {{
      client_max_body_size {IMPORT_BODY};
      proxy_request_buffering off;
{to_front}    }}
  }}
  # Rasa's REST channel for the front server: a message that reached a Rasa server is never re-sent by
  # nginx; the front's Rasa client retries it with the same message id instead.
  server {{
    listen 127.0.0.1:{rasa_lb_port};
    location / {{
      proxy_pass http://rasa;
{proxy}      proxy_next_upstream error timeout;
      proxy_read_timeout 60s;
    }}
  }}
  # Action calls from Rasa: the action server recognises a turn it already ran (the message id in the
  # tracker), so a call cut by a dying action server is safely given to the other one.
  server {{
    listen 127.0.0.1:{action_lb_port};
    # An action call carries the whole tracker (a few KB per turn), kept in memory for a possible retry.
    client_max_body_size 16m;
    client_body_buffer_size 16m;
    location / {{
      proxy_pass http://actions;
{proxy}      proxy_next_upstream error timeout http_502 non_idempotent;
      proxy_next_upstream_tries 3;
      proxy_read_timeout 30s;
    }}
  }}
}}
"""


def write_config(prefix: Path, **ports) -> Path:
    """Writes nginx.conf (through a checked temporary file: the file in place is always one nginx accepts)."""
    prefix.mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    draft = prefix / "nginx.conf.new"
    draft.write_text(render(prefix=prefix, **ports), encoding="utf-8")
    check = subprocess.run(
        [nginx_binary(), "-t", "-q", "-p", str(prefix), "-c", str(draft)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx refuses its configuration: {check.stderr.strip()}")
    draft.replace(path)
    return path


@dataclass
class Balancer:
    """The cluster's nginx configuration and what it says now."""

    prefix: Path
    public_port: int
    front_port: int
    rasa_lb_port: int
    rasa_ports: list[int]
    action_lb_port: int
    action_ports: list[int]
    down: frozenset[int] = frozenset()
    front_standby: int | None = None
    proxies: tuple[str, ...] = ()  # BTS_TRUSTED_PROXIES: the proxies in front of nginx, if any
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.path = self.write()

    def write(self) -> Path:
        return write_config(
            self.prefix,
            public_port=self.public_port,
            front_port=self.front_port,
            rasa_lb_port=self.rasa_lb_port,
            rasa_ports=self.rasa_ports,
            action_lb_port=self.action_lb_port,
            action_ports=self.action_ports,
            down=self.down,
            front_standby=self.front_standby,
            proxies=self.proxies,
        )

    def change(self, *, down: Iterable[int] = (), front_standby: int | None = None) -> None:
        """Writes the configuration with exactly these servers down and this stand-in (None: none)."""
        self.down, self.front_standby = frozenset(down), front_standby
        self.write()

    def argv(self) -> list[str]:
        return argv(self.prefix, self.path)


def argv(prefix: Path, config: Path) -> list[str]:
    """nginx in the foreground, so the supervisor sees it die like any other child."""
    return [nginx_binary(), "-p", str(prefix), "-c", str(config), "-g", "daemon off;"]
