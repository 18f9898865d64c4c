#!/usr/bin/python3
"""Parses an email message with Python's email package and prints a JSON summary.

Usage: mime_summary.py MESSAGE_FILE        (or the message on stdin)

Output: {"headers": [[name, decoded value], ...]   every top-level header, in order
         "defects": [...]                          parser defects, top level and parts
         "content_type", "boundary",
         "parts": [{"content_type", "charset", "transfer_encoding",
                    "text": decoded str, "payload_hex": decoded bytes as hex}],
         "max_line_length": longest raw line in octets (without CRLF),
         "bare_lf": true if a LF not preceded by CR occurs,
         "bare_cr": true if a CR not followed by LF occurs}
Used by the email renderer tests as an independent MIME parser.
"""
import email
import email.policy
import json
import re
import sys


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], "rb") as f:
            raw = f.read()
    else:
        raw = sys.stdin.buffer.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    summary = {
        "headers": [[k, str(v)] for k, v in msg.items()],
        "defects": [type(d).__name__ for d in msg.defects],
        "content_type": msg.get_content_type(),
        "boundary": msg.get_boundary(),
        "parts": [],
        "max_line_length": max(len(line) for line in lines),
        "bare_lf": re.search(rb"(?<!\r)\n", raw) is not None,
        "bare_cr": re.search(rb"\r(?!\n)", raw) is not None,
    }
    parts = msg.iter_parts() if msg.is_multipart() else [msg]
    for part in parts:
        payload = part.get_payload(decode=True) or b""
        summary["defects"] += [type(d).__name__ for d in part.defects]
        summary["parts"].append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding", ""),
            "text": payload.decode(part.get_content_charset() or "ascii", errors="replace"),
            "payload_hex": payload.hex(),
        })
    json.dump(summary, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
