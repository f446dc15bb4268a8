#!/usr/bin/env bash
# Trains the Rasa model only when its inputs changed; the model is cached by the hash of its inputs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
RASA_VENV=$(make_venv rasa 3.10 "$ROOT/requirements/rasa.txt")
cd "$ROOT"
hash=$( (cat requirements/rasa.txt config.yml domain.yml rasa_addons/nlu.py; find data -type f -name '*.yml' | sort | xargs cat) | sha256sum | cut -c1-16)
mkdir -p "$CACHE/models" models
cached="$CACHE/models/bts-$hash.tar.gz"
# One training at a time: a second caller (another checkout, a test run) waits and takes the cached model.
exec 9>"$CACHE/models/train.lock"
flock 9
if [ ! -f "$cached" ]; then
  echo ">> training the Rasa model ($hash)" >&2
  start=$(date +%s)
  "$RASA_VENV/bin/rasa" train --fixed-model-name "bts-$hash" --out "$CACHE/models.tmp.$$" >&2
  mv "$CACHE/models.tmp.$$/bts-$hash.tar.gz" "$cached"; rm -rf "$CACHE/models.tmp.$$"
  echo "$(( $(date +%s) - start ))" > "$cached.seconds"
fi
rm -f models/current.tar.gz
cp "$cached" models/current.tar.gz
echo "$ROOT/models/current.tar.gz"
