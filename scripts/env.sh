#!/usr/bin/env bash
# Creates (once) the two Python environments and prints nothing; sourced by the Makefile's scripts.
# Environments are cached outside the work tree, keyed by the hash of their pinned requirements,
# so a fresh clone on a machine that already built them starts at once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BTS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bts-inscription}"
mkdir -p "$CACHE"

find_python() {  # $1 = minor version, e.g. 3.10
  local v="$1" c
  for c in "python$v" "$HOME/.pyenv/versions/$v"*/bin/python "/usr/local/bin/python$v" "/usr/bin/python$v"; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c "import sys; assert sys.version_info[:2]==tuple(map(int,'$v'.split('.')))" 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}

make_venv() {  # $1 = name, $2 = python minor, $3 = requirements file; echoes the venv path
  local name="$1" pyver="$2" req="$3" hash dir py tmp lock
  hash=$(cat "$req" | sha256sum | cut -c1-12)
  dir="$CACHE/venv-$name-$hash"
  if [ ! -f "$dir/.complete" ]; then
    # One build at a time per environment: a second caller waits, then finds it complete.
    exec {lock}>"$dir.lock"
    flock "$lock"
  fi
  if [ ! -f "$dir/.complete" ] || [ ! -x "$dir/bin/python" ]; then
    if ! py=$(find_python "$pyver"); then
      echo "Python $pyver est introuvable / Python $pyver not found." >&2
      echo "Install it, e.g. 'pyenv install $pyver' (or apt-get install python$pyver python$pyver-venv), then retry." >&2
      exit 3
    fi
    echo ">> creating the $name environment (Python $pyver) in $dir" >&2
    tmp="$dir.tmp.$$"
    rm -rf "$tmp"
    "$py" -m venv "$tmp"
    "$tmp/bin/python" -m pip install -q --upgrade "pip<25" >&2
    "$tmp/bin/python" -m pip install -q -r "$req" >&2
    rm -rf "$dir"; mv "$tmp" "$dir"
    # venv scripts carry their absolute path: rewrite shebangs after the move
    grep -rl "$tmp" "$dir/bin" 2>/dev/null | xargs -r sed -i "s#$tmp#$dir#g"
    touch "$dir/.complete"
  fi
  if [ -n "${lock:-}" ]; then exec {lock}>&-; fi
  echo "$dir"
}

web_packages() {  # node_modules/ as package-lock.json says: the web chat's styles (DSFR), the browser tests' axe-core
  # Installed once per lock file in the cache (npm ci), then linked into each checkout: a fresh clone has them
  # at once; a checkout whose lock file changed gets the new set.
  [ -f "$ROOT/package-lock.json" ] || return 0
  local hash dir tmp lock
  hash=$(sha256sum <"$ROOT/package-lock.json" | cut -c1-12)
  [ -f "$ROOT/node_modules/.lock-$hash" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm est introuvable : la discussion web s'affichera sans le style de l'État (apt-get install npm)." >&2
    return 0
  fi
  dir="$CACHE/node-$hash"
  if [ ! -f "$dir/.complete" ]; then
    exec {lock}>"$dir.lock"
    flock "$lock"
    if [ ! -f "$dir/.complete" ]; then
      echo ">> npm ci (web chat styles) in $dir" >&2
      tmp="$dir.tmp.$$"
      rm -rf "$tmp"; mkdir -p "$tmp"
      cp "$ROOT/package.json" "$ROOT/package-lock.json" "$tmp/"
      (cd "$tmp" && npm ci --no-audit --no-fund --loglevel=error) >&2
      rm -rf "$dir"; mv "$tmp" "$dir"
      touch "$dir/.complete"
    fi
    exec {lock}>&-
  fi
  rm -rf "$ROOT/node_modules"
  # Hard links when the cache is on the same disk (instant, no space), a copy otherwise.
  cp -al "$dir/node_modules" "$ROOT/node_modules" 2>/dev/null || cp -a "$dir/node_modules" "$ROOT/node_modules"
  touch "$ROOT/node_modules/.lock-$hash"
}

prepare() {  # sets APP_VENV, RASA_VENV and MODEL (trained only when its inputs changed), cd to the project
  APP_VENV=$(make_venv app 3.11 "$ROOT/requirements/app.txt")
  RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
  MODEL=$("$ROOT/scripts/train.sh")
  web_packages
  cd "$ROOT"
  export APP_VENV RASA_VENV MODEL PYTHONPATH="$ROOT" BTS_CACHE_DIR="$CACHE"
}
