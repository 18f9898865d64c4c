#!/usr/bin/env bash
# Installs the Debian 12 packages sellerwatch needs to build, test and run the demo.
# The one place that lists system packages (DESIGN.md §2.4). Idempotent: only missing
# packages are installed, so a second run does nothing and needs no network.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ pkg-config ccache
  # clang 14 for the sanitizer build and the libFuzzer targets (runtimes, llvm-symbolizer)
  clang-14 libclang-rt-14-dev llvm-14
  # libraries (Boost 1.81: the 1.74 default lacks JSON/URL and breaks under C++20)
  libboost1.81-dev libboost-system1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-locale1.81-dev
  # message catalogs: msgfmt compiles daemon/i18n/po/*.po at build time (xgettext, msgmerge
  # for scripts/update-po.sh)
  gettext
  libcurl4-openssl-dev libssl-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libsqlite3-dev sqlite3 libsystemd-dev libhowardhinnant-date-dev libcli11-dev tzdata
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # real peers for integration tests (run aiosmtpd with /usr/bin/python3)
  python3-aiosmtpd prometheus prometheus-alertmanager
  # an IMAP server for the imap source's tests (each test starts its own on a free port)
  dovecot-imapd
  # wall-clock jumps under a running daemon (clock_jump_test)
  libfaketime
  # systemd-analyze verify/security for the unit file
  systemd
  # a real browser for the status page's tests (headless: DOM and screenshots)
  chromium fonts-dejavu-core
  # Chinese glyphs for the Chinese digest and page in that browser
  fonts-noto-cjk
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
