"""Starts django-cas-server on a free loopback port for the interop tests of test/sso.

Reads CAS_TEST_CONFIG (see settings.py), which also lists the service patterns to register:
  "services": [{"name": ..., "pattern": "^http://127\\.0\\.0\\.1:\\d+/.*$", "proxy": true, "proxy_callback": true}]
Migrates the sqlite database, registers the services (every attribute released), binds
127.0.0.1 on port 0 and prints "LISTENING http://127.0.0.1:PORT" on stdout once it accepts
connections. Stops on SIGTERM or when its standard input closes.
"""
import json
import os
import signal
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # no request log (it would hold tickets)
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main():
    with open(os.environ["CAS_TEST_CONFIG"], encoding="utf-8") as f:
        config = json.load(f)
    call_command("migrate", verbosity=0, interactive=False)
    from cas_server.models import ReplaceAttributName, ServicePattern

    for i, service in enumerate(config.get("services", [])):
        pattern = ServicePattern.objects.create(
            pos=i,
            name=service["name"],
            pattern=service["pattern"],
            proxy=bool(service.get("proxy", False)),
            proxy_callback=bool(service.get("proxy_callback", False)),
        )
        ReplaceAttributName.objects.create(name="*", service_pattern=pattern)
    httpd = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    port = httpd.server_address[1]
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=httpd.shutdown).start())

    def watch_stdin():
        sys.stdin.read()
        httpd.shutdown()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("LISTENING http://127.0.0.1:%d" % port, flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
