#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) for tests, on 127.0.0.1 and a port chosen by the kernel.

Prints "port N" once it listens, then "received N" after it stored message N as N.eml (the
DATA bytes, de-dot-stuffed, CRLF kept) and N.json ({"mail_from": ..., "rcpt_tos": [...]}) in
--dir. Runs until killed. Driven by tests/fakes/smtp_sink.{hpp,cpp}.
"""

import argparse
import json
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, rcpt_reply, data_reply):
        self.directory = directory
        self.rcpt_reply = rcpt_reply
        self.data_reply = data_reply
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.count += 1
        n = self.count
        base = os.path.join(self.directory, str(n))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.rename(base + ".json.tmp", base + ".json")
        print(f"received {n}", flush=True)
        return "250 Message accepted for delivery"


class PickedPortController(Controller):
    """Controller binds a fixed port; this one lets the kernel pick and records the choice."""

    def _create_server(self):
        async def create():
            server = await self.loop.create_server(
                self._factory_invoker, host=self.hostname, port=self.wanted_port,
                ssl=self.ssl_context
            )
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0, help="0: the kernel picks (the default)")
    p.add_argument("--cert", help="PEM certificate: enables STARTTLS")
    p.add_argument("--key", help="PEM key for --cert")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true", help="smtps: TLS from the first byte")
    p.add_argument("--user", help="enables AUTH PLAIN/LOGIN with --password")
    p.add_argument("--password", default="")
    p.add_argument("--auth-require-tls", action="store_true")
    p.add_argument("--rcpt-reply", help='answer every RCPT with this, e.g. "550 5.1.1 No"')
    p.add_argument("--data-reply", help='answer every DATA with this, e.g. "451 4.3.0 Later"')
    args = p.parse_args()

    params = {}
    controller_args = {}
    if args.cert and args.implicit_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        controller_args["ssl_context"] = context
    elif args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        params["tls_context"] = context
        params["require_starttls"] = args.require_starttls
    if args.user:

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == args.user.encode()
                and auth_data.password == args.password.encode()
            )
            # handled=False: aiosmtpd then answers "535" itself on failure.
            return AuthResult(success=ok, handled=False)

        params["authenticator"] = authenticate
        params["auth_require_tls"] = args.auth_require_tls
    else:
        params["auth_require_tls"] = False

    sink = Sink(args.dir, args.rcpt_reply, args.data_reply)
    controller = PickedPortController(sink, hostname="127.0.0.1", **controller_args, **params)
    controller.wanted_port = args.port
    controller.start()
    print(f"port {controller.port}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
