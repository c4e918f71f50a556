#!/usr/bin/env python3
"""A real SMTP server on loopback that stores every message it receives, for the black-box tests.

Usage: python3 tests/smtp_sink.py <dir> [port]

The sink listens on 127.0.0.1 (port 0, the default, lets the system choose a free port),
prints exactly one line ``PORT <n>`` to stdout once it accepts connections, and then runs
until it is killed. It speaks plain SMTP (EHLO, MAIL FROM, RCPT TO, DATA) without TLS or
AUTH, and advertises 8BITMIME and SMTPUTF8 so that a client may send 8-bit bodies and
non-ASCII addresses.

Every accepted message is written to ``<dir>/<seq>.json`` (seq zero-padded to six digits),
atomically: first to ``<dir>/.tmp-<seq>``, then renamed, so a reader never sees half a file.
The sequence continues after the ``*.json`` files already in the directory, so a restarted
sink on the same directory does not overwrite earlier messages. The JSON object holds:

    envelope_from  the address given in MAIL FROM
    envelope_to    the addresses given in RCPT TO, in order
    headers        {lower-case header name: decoded value} (RFC 2047 decoded; the last one
                   wins when a header occurs several times)
    subject        the decoded subject ("" when there is none)
    text           the decoded text/plain body, or null
    html           the decoded text/html body, or null
                   (both with line ends normalised to "\n": SMTP sends CRLF)
    raw            the message as received (UTF-8, undecodable bytes replaced)

Failures the tests can switch on and off with files in ``<dir>`` (checked for each message):

    fail    DATA is answered with "451 4.3.0 Try again later" (transient); nothing is stored
    reject  DATA is answered with "550 5.1.1 Mailbox unavailable" (permanent); nothing stored

(``fail`` wins when both exist.) Every DATA attempt, accepted or not, appends one line
(``ok``, ``fail`` or ``reject``) to ``<dir>/attempts.log``.

Exit codes: 2 for wrong usage, 3 when aiosmtpd is not installed (install it with
``python3 -m pip install aiosmtpd``; ``cargo xtask test`` does it), 4 when the port cannot
be bound (the caller may retry).
"""

import asyncio
import email
import email.policy
import json
import os
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:
    print(
        "smtp_sink.py: the Python package aiosmtpd is missing; "
        "run `python3 -m pip install aiosmtpd` (`cargo xtask test` does it)",
        file=sys.stderr,
    )
    sys.exit(3)


def write_atomically(path, tmp_path, text):
    """Write `text` to `tmp_path`, flush it to disk, then rename it to `path`."""
    with open(tmp_path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp_path, path)


def body_text(message, kind):
    """The decoded body part of the given kind ('plain' or 'html'), or None."""
    part = message.get_body(preferencelist=(kind,))
    if part is None:
        return None
    # get_content() undoes quoted-printable and base64 and decodes the charset. SMTP sends
    # every line end as CRLF; give the tests the "\n" the sender most likely wrote.
    return part.get_content().replace("\r\n", "\n")


class StoringHandler:
    """The aiosmtpd handler: stores each message (or refuses it, see the module docstring)."""

    def __init__(self, directory):
        self.directory = directory
        existing = [n for n in os.listdir(directory) if n.endswith(".json")]
        # The number of the next message; everything runs on one event loop, so no lock.
        self.next_seq = len(existing) + 1

    def log_attempt(self, outcome):
        """Append one line to attempts.log, flushed at once so the tests see it."""
        with open(os.path.join(self.directory, "attempts.log"), "a", encoding="utf-8") as f:
            f.write(outcome + "\n")
            f.flush()

    def flag(self, name):
        return os.path.exists(os.path.join(self.directory, name))

    async def handle_DATA(self, server, session, envelope):
        if self.flag("fail"):
            self.log_attempt("fail")
            return "451 4.3.0 Try again later"
        if self.flag("reject"):
            self.log_attempt("reject")
            return "550 5.1.1 Mailbox unavailable"

        data = envelope.content  # bytes, because decode_data=False
        if isinstance(data, str):  # defensive: never happens with decode_data=False
            data = data.encode("utf-8", errors="surrogateescape")
        message = email.message_from_bytes(data, policy=email.policy.default)

        headers = {}
        for name, value in message.items():
            # With policy.default the values are header objects whose str() is decoded.
            headers[name.lower()] = str(value)

        record = {
            "envelope_from": envelope.mail_from,
            "envelope_to": list(envelope.rcpt_tos),
            "headers": headers,
            "subject": str(message["subject"]) if message["subject"] is not None else "",
            "text": body_text(message, "plain"),
            "html": body_text(message, "html"),
            "raw": data.decode("utf-8", errors="replace"),
        }

        seq = f"{self.next_seq:06d}"
        self.next_seq += 1
        write_atomically(
            os.path.join(self.directory, seq + ".json"),
            os.path.join(self.directory, ".tmp-" + seq),
            json.dumps(record, ensure_ascii=False, indent=2),
        )
        self.log_attempt("ok")
        return "250 2.0.0 OK"


async def serve(directory, port):
    handler = StoringHandler(directory)
    loop = asyncio.get_running_loop()
    try:
        # create_server directly (not aiosmtpd's Controller) so that port 0 works.
        server = await loop.create_server(
            lambda: SMTP(
                handler,
                decode_data=False,  # keep the bytes; we parse them ourselves
                enable_SMTPUTF8=True,  # advertise SMTPUTF8 (8BITMIME is always advertised)
                hostname="localhost",  # avoid a slow reverse lookup of the machine's name
                ident="Quartier test SMTP sink",
            ),
            "127.0.0.1",
            port,
        )
    except OSError as e:
        print(f"smtp_sink.py: cannot listen on 127.0.0.1:{port}: {e}", file=sys.stderr)
        sys.exit(4)
    actual_port = server.sockets[0].getsockname()[1]
    print(f"PORT {actual_port}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: python3 tests/smtp_sink.py <dir> [port]", file=sys.stderr)
        sys.exit(2)
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    os.makedirs(directory, exist_ok=True)
    try:
        asyncio.run(serve(directory, port))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
