#!/usr/bin/env bash
# `./foresight test`: installs what the tests need from Debian's packages when missing, then
# runs the whole test suite with Maven. Extra arguments go to Maven (e.g. -pl config).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the tests use, one per line in scripts/test-packages.txt (comments with #).
mapfile -t packages < <(grep -v '^\s*\(#\|$\)' "$ROOT/scripts/test-packages.txt" || true)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "foresight test: installing ${missing[*]}" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "foresight test: '$tool' not found on PATH, expected Java 17+ and Maven 3.8+" >&2
    exit 2
  fi
done

exec mvn -B -ntp -f "$ROOT/pom.xml" verify "$@"
