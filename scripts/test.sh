#!/usr/bin/env bash
# `./foresight test`: installs what the tests need from Debian's packages when missing, then
# runs the whole test suite with Maven. Extra arguments go to Maven (e.g. -pl config).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the tests use, one per line in scripts/test-packages.txt (comments with #).
# A package may name its architecture (openjdk-17-jre-headless:arm64): it is then checked for that
# architecture only, and the architecture is added to dpkg's list before installing.
mapfile -t packages < <(grep -v '^\s*\(#\|$\)' "$ROOT/scripts/test-packages.txt" || true)
missing=()
architectures=()
for package in "${packages[@]}"; do
  package="${package//[[:space:]]/}"
  if ! dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q "^install ok installed$"; then
    missing+=("$package")
    if [[ "$package" == *:* ]]; then
      architecture="${package##*:}"
      if [[ "$architecture" != "$(dpkg --print-architecture)" ]] &&
        ! dpkg --print-foreign-architectures | grep -qx "$architecture"; then
        architectures+=("$architecture")
      fi
    fi
  fi
done
if ((${#missing[@]} > 0)); then
  echo "foresight test: installing ${missing[*]}" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  for architecture in $(printf '%s\n' "${architectures[@]}" | sort -u); do
    echo "foresight test: adding the $architecture architecture to dpkg" >&2
    $sudo dpkg --add-architecture "$architecture"
  done
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Kubernetes manifests' schema check (deploy/kubernetes/validate, run by launch's
# KubernetesManifestSchemaTest) needs its pinned npm packages: the schema ships in them.
validator="$ROOT/deploy/kubernetes/validate"
if command -v npm >/dev/null 2>&1 && [[ ! -d "$validator/node_modules/kubernetes-models" ]]; then
  echo "foresight test: installing the Kubernetes schema validator's npm packages" >&2
  npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >&2
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "foresight test: '$tool' not found on PATH, expected Java 17+ and Maven 3.8+" >&2
    exit 2
  fi
done

exec mvn -B -ntp -f "$ROOT/pom.xml" verify "$@"
