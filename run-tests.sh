#!/usr/bin/env bash
# Runs Easel's whole test suite on a fresh machine: installs what the tests need where it can,
# says exactly what to install where it cannot, then runs the build.
#
# Beyond Java 17 and Maven 3.8+, the tests drive two programs of the operating system:
#   - Debian's Chromium at /usr/bin/chromium (the studio is tested in a real browser), and
#   - curl (the gateway is driven with the model page's own curl calls).
# Everything else (s3proxy, an embedded PostgreSQL, Playwright for Java) comes from Maven Central.
# Extra arguments go to Maven, e.g. ./run-tests.sh -pl core
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

missing=()
command -v java >/dev/null 2>&1 || missing+=("java (a JDK 17 or newer)")
command -v mvn >/dev/null 2>&1 || missing+=("mvn (Maven 3.8 or newer)")
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)

installable=()
for m in "${missing[@]}"; do
  case "$m" in chromium|curl) installable+=("$m") ;; esac
done

if [ ${#installable[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else sudo=(false); fi
  fi
  echo "run-tests: installing ${installable[*]} with apt-get" >&2
  if "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${installable[@]}" >/dev/null; then
    missing=()
    command -v java >/dev/null 2>&1 || missing+=("java (a JDK 17 or newer)")
    command -v mvn >/dev/null 2>&1 || missing+=("mvn (Maven 3.8 or newer)")
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "run-tests: the tests need programs this machine lacks and that could not be installed here:"
    for m in "${missing[@]}"; do echo "  - $m"; done
    echo "On Debian or Ubuntu, as root:  apt-get update && apt-get install -y chromium curl openjdk-17-jdk-headless maven"
    echo "Elsewhere: install a JDK 17+, Maven 3.8+, curl, and Chromium so that /usr/bin/chromium runs it"
    echo "(a symbolic link to your Chromium or Chrome binary is enough)."
  } >&2
  exit 1
fi

# Playwright for Java drives the system's Chromium: it must not download browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
java -version 2>&1 | head -1 >&2
mvn -B verify "$@"
