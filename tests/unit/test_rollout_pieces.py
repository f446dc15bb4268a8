"""The pieces of a rolling update that need no cluster: nginx's configuration with servers taken out of
rotation and the front's stand-in (checked by the real nginx), the control socket (a real Unix socket, its
refusals), and pinning a model by its content."""

from __future__ import annotations

import io
import os
import socket
import tarfile
import threading
from pathlib import Path

import pytest

from bot.ops.cluster import control, models, nginx


def balancer(tmp_path: Path) -> nginx.Balancer:
    return nginx.Balancer(
        tmp_path / "nginx",
        public_port=18080,
        front_port=18081,
        rasa_lb_port=15105,
        rasa_ports=[15106, 15107],
        action_lb_port=15155,
        action_ports=[15156, 15157],
    )


def upstream(config: str, name: str) -> list[str]:
    block = config.split(f"upstream {name} {{", 1)[1].split("}", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("server ")]


def test_servers_are_taken_out_of_rotation_and_the_stand_in_takes_the_front(tmp_path):
    lb = balancer(tmp_path)
    assert not any("down" in line for line in upstream(lb.path.read_text(), "rasa"))
    lb.change(down={15106})
    config = lb.path.read_text()
    assert upstream(config, "rasa") == [
        "server 127.0.0.1:15106 max_fails=1 fail_timeout=3s down;",
        "server 127.0.0.1:15107 max_fails=1 fail_timeout=3s;",
    ]
    assert not any("down" in line for line in upstream(config, "actions") + upstream(config, "front"))
    lb.change(down={18081}, front_standby=18082)
    front = upstream(lb.path.read_text(), "front")
    assert front == [
        "server 127.0.0.1:18081 max_fails=0 fail_timeout=3s down;",
        "server 127.0.0.1:18082 max_fails=0 fail_timeout=3s;",
    ]
    lb.change()
    assert upstream(lb.path.read_text(), "front") == ["server 127.0.0.1:18081 max_fails=0 fail_timeout=3s;"]
    assert not (lb.prefix / "nginx.conf.new").exists()


def write_model(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            data = b"{}"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_model_is_pinned_by_content_and_a_file_that_is_no_model_is_refused(tmp_path):
    model = write_model(tmp_path / "current.tar.gz", ["metadata.json", "components/x.json"])
    pinned = models.pin(model, tmp_path / "models")
    assert (
        pinned.name == f"bts-{models.fingerprint(model)}.tar.gz" and pinned.read_bytes() == model.read_bytes()
    )
    assert models.pin(model, tmp_path / "models") == pinned  # the same content: the same copy
    model.write_bytes(b"retrained")  # what train.sh does to models/current.tar.gz: the pinned copy stays
    assert pinned.exists() and pinned.read_bytes() != model.read_bytes()
    with pytest.raises(models.BadModel, match="archive"):
        models.pin(model, tmp_path / "models")
    with pytest.raises(models.BadModel, match="metadata.json"):
        models.pin(write_model(tmp_path / "other.tar.gz", ["readme"]), tmp_path / "models")
    with pytest.raises(models.BadModel, match="n'existe pas"):
        models.pin(tmp_path / "missing.tar.gz", tmp_path / "models")


def test_the_control_socket_is_private_answers_line_by_line_and_one_update_at_a_time(tmp_path):
    release = threading.Event()
    started = threading.Event()

    def handle(request: dict, say) -> None:
        if request.get("command") == "boom":
            raise ValueError("commande inconnue")
        say("étape 1")
        started.set()
        release.wait(10)
        say("étape 2")

    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o700)
    server = control.ControlSocket(var_dir, handle).start()
    try:
        assert (server.path.stat().st_mode & 0o777) == 0o600
        lines: list[str] = []
        first = threading.Thread(target=lambda: lines.extend(control.request(var_dir, {"command": "deploy"})))
        first.start()
        assert started.wait(10)
        busy = list(control.request(var_dir, {"command": "deploy"}))
        assert busy == [f"{control.FAILED}: {control.BUSY}"]
        release.set()
        first.join(10)
        assert lines == ["étape 1", "étape 2", control.OK]
        assert list(control.request(var_dir, {"command": "boom"})) == [f"{control.FAILED}: commande inconnue"]
        with socket.socket(socket.AF_UNIX) as raw:  # not JSON: refused, nothing carried out
            raw.connect(str(server.path))
            raw.sendall(b"deploy please\n")
            assert raw.makefile("r", encoding="utf-8").read() == f"{control.FAILED}: {control.REFUSED}\n"
    finally:
        server.close()
    assert not server.path.exists()
    with pytest.raises(FileNotFoundError):
        list(control.request(var_dir, {"command": "deploy"}))


def test_no_cluster_is_said_in_french_with_its_own_exit_status(tmp_path, capsys):
    from bot.ops.cluster import deploy

    assert deploy.main(["--var-dir", str(tmp_path)]) == deploy.EXIT_NO_CLUSTER
    assert "Aucun assistant en production" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_no_request_is_sent_on_a_connection_its_other_end_is_closing(tmp_path):
    """A reload closes the previous workers' idle client connections: the chat's messages never wait on one
    (each answer closes its connection). nginx drops an idle connection to a server before the server does
    (uvicorn's and Sanic's keep-alive timeout: 5 s). The front's servers are never left aside: with the front
    out of rotation, its stand-in alone must not answer 502 for 3 s after one failed request."""
    config = balancer(tmp_path).path.read_text()
    api = config.split("location /api/ {", 1)[1].split("}", 1)[0]
    assert "keepalive_timeout 0;" in api and "proxy_pass http://front;" in api
    for name in ("front", "rasa", "actions"):
        block = config.split(f"upstream {name} {{", 1)[1].split("}", 1)[0]
        assert f"keepalive_timeout {nginx.UPSTREAM_KEEPALIVE}s;" in block and nginx.UPSTREAM_KEEPALIVE < 5
    assert all("max_fails=0" in line for line in upstream(config, "front"))
