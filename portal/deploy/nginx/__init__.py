"""Debian's nginx with the portal's configuration (portal.conf beside this file), started as a
subprocess in a directory of its own: the front cache of the tests and of the bench."""

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from string import Template

CONF = Path(__file__).with_name("portal.conf")
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
MAIN = """
$user
load_module $module;
pid $prefix/nginx.pid;
worker_processes $workers;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $prefix/body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    include $prefix/portal.conf;
    $extra
}
"""


def executable():
    """nginx's path when it and the cache-purge module are installed (`make nginx`)."""
    nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin")
    return nginx if nginx and Path(PURGE_MODULE).exists() else None


def answers(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def running(directory, upstream, port, workers=1, extra=""):
    """nginx listening on 127.0.0.1:`port` in front of `upstream` (host:port), its files and
    cache in `directory`; `extra` is added to its http block. Stopped on leaving."""
    directory = Path(directory)
    (directory / "portal.conf").write_text(
        Template(CONF.read_text()).safe_substitute(
            PORTAL_UPSTREAM=upstream,
            PORTAL_CACHE_PATH=directory / "cache",
            PORTAL_LISTEN=f"127.0.0.1:{port}",
        )
    )
    main = Template(MAIN).substitute(
        user="user root;" if os.geteuid() == 0 else "",  # the workers write in `directory`
        module=PURGE_MODULE,
        prefix=directory,
        workers=workers,
        extra=extra,
    )
    (directory / "nginx.conf").write_text(main)
    command = [executable(), "-p", str(directory), "-c", str(directory / "nginx.conf")]
    command += ["-e", str(directory / "error.log"), "-g", "daemon off;"]
    server = subprocess.Popen(command)
    try:
        deadline = time.monotonic() + 10
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                log = (directory / "error.log").read_text()
                raise RuntimeError(f"nginx did not start: {log}")
            time.sleep(0.05)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
