#!/usr/bin/env python3
"""Writes the seed corpora (tests/fuzz/corpus/<target>/) and dictionaries (tests/fuzz/<target>.dict).

Seeds come from tests/data, config/ and a few hand-written inputs below; the marketplace
fixtures of the shared research folder are used when it is there (SELLERWATCH_FIXTURES, default
/work/shared/fixtures). Run it again after adding a target or test data; it rewrites only the
seeds it makes (named seed-*), never the regression inputs added by hand (regress-*) or
merged from campaigns. Targets that pick a parser by the first byte get that byte ('0', '1', ...)
in front of each seed.
"""

import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "tests" / "fuzz"
DATA = ROOT / "tests" / "data"
FIXTURES = Path(os.environ.get("SELLERWATCH_FIXTURES", "/work/shared/fixtures"))
SECRETS = "/tmp/sellerwatch-fuzz-secrets"  # made by config_fuzz at start-up
MAX_SEED = 64 * 1024

corpus = {}  # target -> {name: bytes}


def add(target, name, content):
    if isinstance(content, str):
        content = content.encode()
    if len(content) > MAX_SEED:
        return
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)[:80]
    corpus.setdefault(target, {})["seed-" + safe] = content


def read(path):
    return Path(path).read_bytes()


def data_files(*patterns):
    seen = {}
    for base in (DATA, FIXTURES):
        if not base.is_dir():
            continue
        for pattern in patterns:
            for p in sorted(base.glob(pattern)):
                seen.setdefault(p.name, p)  # tests/data wins over the fixtures' copy
    return list(seen.values())


def variants(path):
    """A fixture file that lists several answers by name ({"shape": {...}, ...})."""
    doc = json.loads(read(path))
    return {k: json.dumps(v, indent=1) for k, v in doc.items() if isinstance(v, (dict, list))}


# ---------------------------------------------------------------------------------- config
def config_seeds():
    for p in sorted(DATA.glob("*.yaml")) + [ROOT / "config" / "demo.yaml"]:
        add("config", p.name, read(p))
    example = (ROOT / "config" / "sellerwatch.example.yaml").read_text()
    # The example's credentials as the target's secret folder and environment provide them.
    names = iter(["token", "smtp", "crlf"] * 20)
    example = re.sub(r"\$\{credential:[^}]+\}", lambda m: "${credential:%s}" % next(names), example)
    add("config", "example-credentials.yaml", example)
    example_files = re.sub(r"\$\{credential:([^}]+)\}", "${file:%s/token}" % SECRETS, example)
    add("config", "example-files.yaml", example_files)
    add("config", "secrets.yaml", f"""\
daemon:
  state_dir: /tmp/sellerwatch-fuzz
  listen: 127.0.0.1:9187
  listen_token: ${{API_TOKEN}}
accounts:
  - id: shop-us
    marketplace: amazon
    sources:
      - type: amazon-sp-api
        client_id: ${{file:{SECRETS}/token}}
        client_secret: ${{credential:smtp}}
        refresh_token: "$${{literal}}${{SP_SECRET}}"
receivers:
  - name: mail
    email:
      smtp_url: smtps://smtp.example.com:465
      username: alerts@example.com
      password: ${{file:{SECRETS}/crlf}}
      from: sellerwatch <alerts@example.com>
      to: [ops@example.com]
  - name: hook
    webhook:
      url: https://hooks.example.com/x
      secret: ${{file:{SECRETS}/whsec}}
routes:
  - receivers: [mail, hook]
""")
    add("config", "bad-references.yaml", f"""\
daemon: {{state_dir: "${{MISSING}}", listen_token: "${{file:}}${{file:{SECRETS}/dir}}${{x:y}}"}}
accounts: [{{id: "${{credential:../x}}", marketplace: "${{EMPTY}}${{credential:empty}}"}}]
receivers: [{{name: c, console: {{}}}}]
""")


# ---------------------------------------------------------------------------------- events
EVENTS = [
    '{"type":"order","account":"acme-us","id":"111-2223334-5556667","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant","ship_by":"2026-11-03T07:59:59Z","shipped_at":"2026-11-02T16:00:00Z","tracking_valid":true,"deliver_by":"2026-11-08T07:59:59Z","delivered_at":null,"cancelled_at":null,"cancel_initiator":null,"updated_at":"2026-11-02T16:05:00Z"}',
    '{"type":"feedback","account":"acme-us","id":"fb-1","order_id":"111","rating":1,"received_at":"2026-11-09T08:00:00Z","comment":"arrived broken","removed":false}',
    '{"type":"claim","account":"ae","id":"5001","order_id":"8001","kind":"dispute","opened_at":"2026-11-10T00:00:00Z","status":"closed","reason":"Item not received","respond_by":"2026-11-15T00:00:00Z","escalated":true,"decided_at":"2026-11-20T00:00:00Z","decided_by":"platform","refund":12.5}',
    '{"type":"message","id":"m-1","thread":"t-1","order_id":"111","received_at":"2026-11-10T09:00:00Z","replied_at":"2026-11-10T20:00:00Z"}',
    '{"type":"platform","account":"acme-us","id":"platform.account_status","value":"AT_RISK","reported_at":"2026-11-10T09:00:00+01:00","extra":{"k":[1,2]},"note":"x"}',
    '{"type":"order","id":1001,"purchased_at":"2026-11-01T10:00:00.123456Z","status":"cancelled","cancel_initiator":"buyer","cancel_reason":"ship_timeout","fulfillment":"platform"}',
]


def event_seeds():
    for p in data_files("*.jsonl", "*/*.jsonl"):
        add("event_jsonl", p.name, read(p))
    add("event_jsonl", "one-of-each.jsonl", "\n".join(EVENTS) + "\n")
    for i, e in enumerate(EVENTS):
        add("event_jsonl", f"line-{i}.json", e)
    add("event_jsonl", "errors.jsonl", '\n{"type":"order"}\r\n  \n{"type":"bad","account":"badshop"}\nnot json\n')


# ---------------------------------------------------------------------------------- sources
FEEDBACK_TSV = (
    "Date\tRating\tComments\tArrived on Time\tItem as Described\tCustomer Service\tOrder ID\t"
    "Rater Email\tRater Role\r\n"
    "2026-11-09\t1\tarrived broken\tNo\tNo\tNo\t111-2223334-5556667\tx@example.com\tBuyer\r\n"
    "11/10/26\t3\t\"fine\"\tYes\tYes\tYes\t111-0000000-0000001\ty@example.com\tBuyer\r\n"
    "2026-11-10T08:00:00Z\t5\t<b>great</b> \xe2\x80\xae\t\t\t\t111-0000000-0000002\t\t\r\n"
)

GERMAN_CSV = (
    "Bestellnummer;Bestelldatum;Status;Versand bis;Versanddatum;Sendungsnummer vorhanden;"
    "Storniert von;Summe\n"
    "1001;01.11.2026 10:30;Versandt;2026-11-03 18:00;02.11.2026 09:00;1;;\"19,99\"\n"
    "1002;01.11.2026 11:00;Storniert;2026-11-03T18:00:00+01:00;;;Kunde;5,00\n"
    "\"1003\";02.11.2026 08:00;offen;04.11.2026 18:00;;;;\"1,\"\"00\"\"\n2\"\n"
)


def source_seeds():
    for p in data_files("amazon/orders_2026*.json"):
        add("amazon", "0-" + p.name, b"0" + read(p))
    for p in data_files("amazon/orders_v0*.json"):
        add("amazon", "1-" + p.name, b"1" + read(p))
    for p in data_files("amazon/seller_performance_report*.json"):
        add("amazon", "2-" + p.name, b"2" + read(p))
        add("amazon", "4-gz-" + p.name, b"4" + gzip.compress(read(p), mtime=0))
    add("amazon", "3-feedback.tsv", "3" + FEEDBACK_TSV)
    add("amazon", "4-gz-feedback.tsv", b"4" + gzip.compress(FEEDBACK_TSV.encode(), mtime=0))

    for p in data_files("ebay/fulfillment_getOrders*.json"):
        add("ebay", "0-" + p.name, b"0" + read(p))
    for p in data_files("ebay/shipping_fulfillments*.json"):
        add("ebay", "1-" + p.name, b"1" + read(p))
    for p in data_files("ebay/postorder_cancellation*.json"):
        add("ebay", "2-" + p.name, b"2" + read(p))
    for p in data_files("ebay/seller_standards*.json"):
        add("ebay", "3-" + p.name, b"3" + read(p))
    for p in data_files("ebay/customer_service*.json"):
        add("ebay", "4-" + p.name, b"4" + read(p))
    for v in ["0.14", "3.00", "-0.5", "12"]:
        add("ebay", "5-percent-" + v, "5" + v)

    for p in data_files("shopify/*.json"):
        add("shopify", p.name, read(p))
    add("shopify", "rest-refusal.json", '{"errors":"[API] Invalid API key or access token"}')

    ae = {"0": "trade_seller_orderlist", "1": "solution_order_info", "2": "issue_issuelist",
          "3": "issue_detail", "4": "evaluation_listorderevaluation",
          "5": "solution_merchant_profile"}
    for mode, stem in ae.items():
        for p in data_files(f"aliexpress/{stem}*.json"):
            add("aliexpress", f"{mode}-{p.name}", mode.encode() + read(p))
    for p in data_files("aliexpress/error_responses*.json"):
        for name, body in variants(p).items():
            add("aliexpress", "0-error-" + name, "0" + body)
    for t in ["2026-03-08 02:30:00", "2026-11-01 01:30:00", "2026-07-01 12:00:00"]:
        add("aliexpress", "6-" + t, "6" + t)

    for p in data_files("http_json/*.json"):
        add("http_json", "0-" + p.name, b"0" + read(p))
    add("http_json", "1-reviews.json", "1" + json.dumps([
        {"review": {"id": 77}, "order": "SO-1", "stars": 2, "at": "2026-11-01 10:00",
         "text": "late <b>", "visibility": "hidden"},
        {"review": {"id": "78"}, "stars": "5", "at": "2026-11-02T10:00:00Z"}]))
    for n in ["?page=3", "https://erp.example.com:8443/api/v2/orders?cursor=a%20b",
              "//evil.example/x", "/api/v1/orders?cursor=abc#frag", "../x?y=1"]:
        add("http_json", "2-" + n, "2" + n)
    for t in ["abc", "a b&c=d#e", "%zz"]:
        add("http_json", "3-" + t, "3" + t)
    for t in ["/data/orders", "/a~1b/0", "https://x.example/{since}?p={page}&o={offset}",
              "%d.%m.%Y %H:%M", "unix_ms", "auto", "%Y-%m-%dT%H:%M:%S%z"]:
        add("http_json", "4-" + t, "4" + t)

    for p in data_files("amazon/all_orders_report*.txt"):
        add("flat_files", "0-" + p.name, b"0" + read(p))
    add("flat_files", "0-feedback.tsv", "0" + FEEDBACK_TSV)
    add("flat_files", "0-german.csv", "0\ufeff" + GERMAN_CSV)
    add("flat_files", "1-feedback.tsv", "1" + FEEDBACK_TSV)
    add("flat_files", "2-german.csv", "2" + GERMAN_CSV)


# ---------------------------------------------------------------------------------- imap
def imap_seeds():
    h1 = "Date: Tue, 1 Dec 2026 09:30:00 +0000\r\nFrom: x@y\r\n\r\n"
    h2 = "Subject: (Order: 1) \"quoted\" {5}\r\n\r\n"
    add("imap", "0-fetch", "0* 1 FETCH (UID 4 INTERNALDATE \"01-Dec-2026 09:30:05 +0000\" "
        f"BODY[HEADER.FIELDS (DATE FROM)] {{{len(h1)}}}\r\n{h1})\r\n"
        f"* 2 FETCH (FLAGS (\\Seen) UID 9 BODY[HEADER.FIELDS (SUBJECT)] {{{len(h2)}}}\r\n{h2}"
        " INTERNALDATE \" 2-Dec-2026 10:00:00 -0700\")\r\nA3 OK Fetch completed.\r\n")
    add("imap", "0-examine",
        "0* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.\r\nA001 OK Logged in\r\n"
        "* FLAGS (\\Answered \\Seen)\r\n* 7 EXISTS\r\n* 0 RECENT\r\n"
        "* OK [UIDVALIDITY 1733300000] UIDs valid\r\n* OK [UIDNEXT 12] next\r\n"
        "A002 OK [READ-ONLY] Examine completed.\r\n")
    add("imap", "0-search-list",
        "0* SEARCH 5 3 4 9\r\n* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
        "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n"
        "* LIST (\\Sent) \"/\" {5}\r\na\r\nb\r\n* LIST (\\Noselect) NIL \"\"\r\nA1 OK done\r\n")
    buyer = ("From: \"Jane\" <abc123@marketplace.amazon.com>\r\n"
             "To: seller@example.com\r\nDate: Tue, 1 Dec 2026 09:30:00 +0100 (CET)\r\n"
             "Subject: =?UTF-8?B?T3JkZXIgMTExLTIyMjMzMzQtNTU1NjY2Nw==?= question\r\n"
             "Message-ID: <m1@amazon.com>\r\n\r\n")
    seller = ("From: seller@example.com\r\nTo: abc123@marketplace.amazon.com\r\n"
              "Date: Tue, 1 Dec 2026 11:00:00 +0000\r\nSubject: Re: Order 111-2223334-5556667\r\n"
              "In-Reply-To: <m1@amazon.com>\r\nReferences: <m0@x> <m1@amazon.com>\r\n"
              "Auto-Submitted: no\r\n\r\n")
    add("imap", "1-buyer", "1" + buyer)
    add("imap", "1-seller", "1" + seller)
    add("imap", "1-folded", "1Subject: =?iso-8859-1?Q?a=E9_b?=\r\n  folded\r\nFrom: a@members.ebay.de "
        "(Buyer)\r\nPrecedence: bulk\r\nDate: 1 Dec 26 09:30 EST\r\n\r\n")
    body = buyer + seller
    add("imap", "0-two-mails", "0* 1 FETCH (UID 1 INTERNALDATE \"01-Dec-2026 09:30:05 +0000\" "
        f"BODY[HEADER] {{{len(buyer)}}}\r\n{buyer})\r\n* 2 FETCH (UID 2 BODY[HEADER] "
        f"{{{len(seller)}}}\r\n{seller} INTERNALDATE \"01-Dec-2026 11:00:00 +0000\")\r\n")
    del body


# ---------------------------------------------------------------------------------- net
def net_seeds():
    for v in ["120", " 1.5 ", "-5", "Sun, 06 Nov 1994 08:49:37 GMT",
              "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
              "Fri, 31 Dec 2027 23:59:60 GMT"]:
        add("retry_after", "0-" + v, "0" + v)
    # status byte * 3 + second byte % 3: 'C'=67 -> 201+... ; the channel byte picks the receiver type
    for name, status, channel, body in [
            ("discord-429", 429, 3, '{"retry_after": 1.5, "global": false}'),
            ("telegram-429", 429, 6, '{"ok":false,"error_code":429,"description":"Too Many",'
                                     '"parameters":{"retry_after":3}}'),
            ("telegram-200", 200, 6, '{"ok":false,"error_code":400,"description":"chat not found"}'),
            ("slack-503", 503, 1, "upstream down"), ("webhook-204", 204, 7, "")]:
        b0, b1 = divmod(status, 3)
        add("retry_after", "1-" + name, bytes([ord("1"), b0, b1, channel]) + body.encode())
    for v in ["30", "Wed, 21 Oct 2026 07:28:00 GMT", ""]:
        add("retry_after", "2-" + v, "2" + v)

    for p in data_files("*/oauth*.json", "*/*token*response*.json"):
        add("api_errors", "0-" + p.name, b"0" + read(p))
    add("api_errors", "0-refusal", '0{"error":"invalid_grant","error_description":"The request has an invalid grant parameter : refresh_token"}')
    add("api_errors", "0-expires", '0{"access_token":"Atza|x","token_type":"bearer","expires_in":3600.5}')
    for p in data_files("ebay/error_shapes*.json"):
        for name, body in variants(p).items():
            add("api_errors", "1-" + name, "1" + body)
    for p in data_files("amazon/orders_v0_getOrders_400*.json"):
        add("api_errors", "1-" + p.name, b"1" + read(p))
    add("api_errors", "1-http-json", '1{"error":{"message":"quota exceeded","code":7},"detail":"x","title":"y"}')
    for p in data_files("shopify/graphql_throttled*.json"):
        add("api_errors", "2-" + p.name, b"2" + read(p))
    add("api_errors", "2-rest", '2{"errors":"[API] Invalid API key or access token"}')
    for p in data_files("aliexpress/*token*response*.json"):
        add("api_errors", "4-" + p.name, b"4" + read(p))
    add("api_errors", "4-relative", '4{"access_token":"50000a","refresh_token":"50001b",'
        '"expires_in":86400,"refresh_expires_in":0,"code":"0"}')
    for code, text in [(250, "2.0.0 Ok: queued"), (450, "4.2.0 mailbox busy"),
                       (552, "5.3.4 message too big")]:
        add("api_errors", f"3-smtp-{code}", bytes([ord("3"), code // 3]) + text.encode())

    requests = {
        "healthz": "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "metrics-token": "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fuzz-t0ken\r\n\r\n",
        "overview": "GET /?marketplace=amazon&status=attention&page=2 HTTP/1.1\r\nHost: x\r\n"
                    "Authorization: Basic eDpmdXp6LXQwa2Vu\r\n\r\n",
        "account-page": "GET /accounts/shop%2Da HTTP/1.1\r\nHost: x\r\n\r\n",
        "status-head": "HEAD /api/v1/status?account=shop-a HTTP/1.1\r\nauthorization: bearer fuzz-t0ken\r\n\r\n",
        "status-unknown": "GET /api/v1/status?account=%3Cnope%3E HTTP/1.0\r\nAuthorization: Bearer fuzz-t0ken\r\n\r\n",
        "status-broken": "GET /api/v1/status?account=broken HTTP/1.1\r\nAuthorization: Bearer fuzz-t0ken\r\nConnection: close\r\n\r\n",
        "pipelined": "GET /healthz HTTP/1.1\r\n\r\nGET /readyz HTTP/1.1\r\nAuthorization: Bearer fuzz-t0ken\r\n\r\nPOST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        "chunked": "POST /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "bad": "GET metrics HTTP/1.1\r\n\r\nGARBAGE\r\n\r\n",
        "big-length": "PUT / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
    }
    for name, r in requests.items():
        add("http_endpoint", name, r)


# ---------------------------------------------------------------------------------- renderers
HOSTILE = (
    "Terrible seller!\r\nBcc: x@example.com\r\nSubject: pwned\n<script>alert(1)</script> "
    "<!channel> <!here|here> <@U123> @everyone @here @channel @all <users/all> "
    "[click](http://evil.example) *bold* _it_ `code` ~~strike~~ ||spoiler|| \n# heading\n"
    "> quote &amp; &lt;b&gt; \u202edesrever\u202c \x01\x7f = =3D trailing   - + <zz\n.\nFrom me"
).encode() + b"\xff\xc3 \xf0\x9f\x98\x80 <zz"


def render_seeds():
    for target in ("render", "digest"):
        add(target, "hostile", HOSTILE * 3)
        add(target, "markers", b"<zz" * 300)
        add(target, "mixed", bytes(range(256)) * 8)
        add(target, "plain", b"acme-us order_defect_rate 1.20% (12 of 1000) " * 40)


# ---------------------------------------------------------------------------------- dictionaries
JSON_TOKENS = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"\\\\u0000"', '"\\\\ud800"',
               '"true"', '"false"', '"null"', '"1e400"', '"-0"', '"18446744073709551616"',
               '"9223372036854775807"', '"0.1e-999"']


def json_keys(blobs):
    keys = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                keys.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for b in blobs:
        try:
            walk(json.loads(b.lstrip(b"0123456789")))
        except (ValueError, UnicodeDecodeError):
            continue
    return keys


def quote(s):
    """A libFuzzer dictionary entry: printable ASCII as is, everything else as \\xNN."""
    out = ""
    for b in s.encode():
        c = chr(b)
        if c in '\\"':
            out += "\\" + c
        elif 0x20 <= b < 0x7F:
            out += c
        else:
            out += "\\x%02X" % b
    return '"' + out + '"'


def write_dict(target, tokens):
    tokens = sorted(set(tokens))
    (FUZZ / f"{target}.dict").write_text(
        f"# Tokens for {target}_fuzz (made by make_corpus.py).\n" + "\n".join(tokens) + "\n")


def dictionaries():
    for target in ("event_jsonl", "amazon", "ebay", "shopify", "aliexpress", "http_json",
                   "api_errors"):
        keys = json_keys(corpus.get(target, {}).values())
        write_dict(target, JSON_TOKENS + [quote('"%s"' % k) for k in keys if len(k) < 60])
    yaml_keys = set()
    for blob in corpus["config"].values():
        for m in re.finditer(rb"^\s*-?\s*([A-Za-z_][A-Za-z0-9_]*):", blob, re.M):
            yaml_keys.add(m.group(1).decode())
    write_dict("config", [quote(k + ":") for k in yaml_keys] +
               [quote(t) for t in ["${", "$${", "}", "${file:", "${credential:", SECRETS + "/token",
                                   "- ", ": ", "{", "[", "&a", "*a", "!!str", "---", "|\n", "'", "\""]])
    write_dict("flat_files", [quote(t) for t in [
        "\t", ";", "\"", "\"\"", "\r\n", "\ufeff", "amazon-order-id", "purchase-date",
        "last-updated-date", "order-status", "fulfillment-channel",
        "is-buyer-requested-cancellation", "Date", "Rating", "Comments", "Order ID",
        "Shipped - Delivered to Buyer", "Cancelled", "Pending", "Merchant", "Amazon",
        "Bestellnummer", "Bestelldatum", "Versand bis", "Storniert von", "2026-11-01T10:00:00+00:00",
        "11/10/26", "01.11.2026 10:30"]])
    write_dict("imap", [quote(t) for t in [
        "* ", "\r\n", "FETCH", "UID", "INTERNALDATE", "BODY[HEADER]", "BODY[HEADER.FIELDS (", "{",
        "}\r\n", "NIL", "LIST", "SEARCH", "EXISTS", "[UIDVALIDITY ", "[UIDNEXT ", "\\Sent",
        "From: ", "To: ", "Date: ", "Subject: ", "Message-ID: ", "In-Reply-To: ", "References: ",
        "Auto-Submitted: ", "Precedence: bulk", "=?UTF-8?B?", "=?utf-8?Q?", "?=",
        "@marketplace.amazon.com", "@members.ebay.com", "111-2223334-5556667", "12-12345-12345",
        "+0100", "(CET)", "01-Dec-2026 09:30:05 +0000"]])
    write_dict("http_endpoint", [quote(t) for t in [
        "GET ", "HEAD ", "POST ", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "\r\n\r\n", "/healthz", "/readyz",
        "/metrics", "/api/v1/status", "?account=", "shop-a", "broken", "Authorization: Bearer ",
        "fuzz-t0ken", "Connection: close\r\n", "Connection: keep-alive\r\n", "Content-Length: ",
        "Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n", "%00", "%2F", "/accounts/",
        "/?", "page=", "&status=", "label=", "Authorization: Basic ", "eDpmdXp6LXQwa2Vu"]])
    write_dict("retry_after", [quote(t) for t in [
        "GMT", "Sun, ", "Sunday, ", "Nov", "-Nov-", " 08:49:37 ", "1994", ".", "-", "+",
        "1e308", "99999999999999999999", '"retry_after":', '"parameters":', '"error_code":',
        '"ok":false']])
    write_dict("render", [quote(t) for t in [
        "<zz", "<", ">", "&", "&amp;", "\"", "'", "`", "\\", "*", "_", "~", "|", "#", "[", "]",
        "@channel", "@everyone", "<!channel>", "<@U1>", "\r\n", "\n.", "\nFrom ", "=", "=?",
        "\u202e", "\u2028", "\xff", "\U0001F600", "- ", "+ "]])
    (FUZZ / "digest.dict").write_text((FUZZ / "render.dict").read_text().replace(
        "render_fuzz", "digest_fuzz"))


def main():
    config_seeds()
    event_seeds()
    source_seeds()
    imap_seeds()
    net_seeds()
    render_seeds()
    for target, seeds in corpus.items():
        d = FUZZ / "corpus" / target
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("seed-*"):
            old.unlink()
        for name, content in seeds.items():
            (d / name).write_bytes(content)
    dictionaries()
    total = sum(len(c) for s in corpus.values() for c in s.values())
    print(f"{sum(len(s) for s in corpus.values())} seeds for {len(corpus)} targets, "
          f"{total // 1024} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
