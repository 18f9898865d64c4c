#!/usr/bin/env python3
"""Fails when a human-facing source file builds English text outside the message catalog.

Every string literal in the files that write what sellers read (alerts, e-mail, chat, digest,
status page, `status`, `test-receiver`) must be a message id (Tr, TrC, TrN, N_) unless it is
machine text: markup, JSON keys, CSS, format fragments. xgettext lists every literal and the
message ids; a literal that is not a message id and still reads as English words is reported.
Intentional exceptions go in daemon/i18n/untranslated-allowlist.txt, one literal per line.
Run by ctest (i18n_no_english_literals); usage: scripts/check-i18n-literals.py [ROOT]
"""
import pathlib
import re
import subprocess
import sys
import tempfile

HUMAN_FACING = [
    "daemon/rules/alert_builder.cpp",
    "daemon/metrics/forecast_text.cpp",
    "daemon/core/human_format.cpp",
    "daemon/core/metric_words.cpp",
    "daemon/notify/render/alert_view.cpp",
    "daemon/notify/render/console_text.cpp",
    "daemon/notify/render/email_text.cpp",
    "daemon/notify/render/email_html.cpp",
    "daemon/notify/render/email_message.cpp",
    "daemon/notify/render/slack_payload.cpp",
    "daemon/notify/render/discord_payload.cpp",
    "daemon/notify/render/teams_payload.cpp",
    "daemon/notify/render/telegram_payload.cpp",
    "daemon/notify/render/mattermost_payload.cpp",
    "daemon/notify/render/google_chat_payload.cpp",
    "daemon/notify/render/digest_payloads.cpp",
    "daemon/digest/build_digest.cpp",
    "daemon/digest/digest_format.cpp",
    "daemon/digest/render_text.cpp",
    "daemon/digest/render_html.cpp",
    "daemon/digest/render_chat.cpp",
    "daemon/app/page_summary.cpp",
    "daemon/app/overview_page.cpp",
    "daemon/app/account_page.cpp",
    "daemon/app/page_html.cpp",
    "daemon/app/page_chart.cpp",
    "daemon/cli/status_command.cpp",
    "daemon/cli/test_receiver_command.cpp",
]

KEYWORDS = ["--keyword=", "--keyword=Tr:1", "--keyword=TrC:1c,2", "--keyword=TrN:1,2",
            "--keyword=N_:1"]


def unescape(po_string):
    """A .po string ("a\\n\\"b\\"") as the text it stands for."""
    return po_string.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def msgids(path, extract_all):
    with tempfile.NamedTemporaryFile(suffix=".pot") as out:
        args = ["xgettext", "--language=C++", "--from-code=UTF-8", "--no-wrap",
                "--force-po", "-o", out.name, str(path)]
        args += ["--extract-all"] if extract_all else KEYWORDS
        args += ["--msgid-bugs-address=sellerwatch-maintainers"]
        # --extract-all warns about every "" literal: not a problem here.
        subprocess.run(args, check=True, stderr=subprocess.DEVNULL if extract_all else None)
        text = pathlib.Path(out.name).read_text(encoding="utf-8")
    found = {}
    for block in text.split("\n\n"):
        where = re.findall(r"^#: (\S+)", block, re.M)
        ids = re.findall(r'^(?:msgid|msgid_plural|msgctxt) "(.*)"$', block, re.M)
        for msgid in ids:
            if msgid:
                found.setdefault(unescape(msgid), where)
    return found


def reads_as_english(literal):
    text = re.sub(r"<[^>]*>?", " ", literal)          # markup
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)      # entities
    text = re.sub(r"\{[^}]*\}", " ", text)            # fmt placeholders
    text = re.sub(r"%[A-Za-z]", " ", text)            # strftime fields
    if re.search(r"[;{}]\s*$|^[\w-]+\s*:", text.strip()):  # CSS and header lines
        return False
    return re.search(r"\b[A-Za-z][a-z]{2,}\b[ ,;:!?']+\b[A-Za-z]{2,}\b", text) is not None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    allow_file = root / "daemon/i18n/untranslated-allowlist.txt"
    allowed = set()
    if allow_file.exists():
        for line in allow_file.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                allowed.add(unescape(line))
    problems = []
    for name in HUMAN_FACING:
        path = root / name
        if not path.exists():
            problems.append(f"{name}: listed as human-facing but missing")
            continue
        translated = msgids(path, extract_all=False)
        for literal, where in msgids(path, extract_all=True).items():
            if literal in translated or literal in allowed or not reads_as_english(literal):
                continue
            problems.append(f"{where[0] if where else name}: English text outside the catalog: "
                            f"\"{literal}\"")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} literal(s): wrap them in tr.Tr/TrN/TrC (or i18n::N_ in a table), "
              f"or add machine text to {allow_file.relative_to(root)}")
        return 1
    print(f"check-i18n-literals: {len(HUMAN_FACING)} human-facing files, no English outside the "
          "catalog")
    return 0


if __name__ == "__main__":
    sys.exit(main())
