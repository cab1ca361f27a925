#!/usr/bin/env bash
# Builds the Atlas and a generated 1,000-note corpus with two atlas binaries and fails
# unless every output file is byte-identical. Use it around a change that must not
# change the output (a refactor):
#
#   bench/same_output.sh OLD_ATLAS_BINARY NEW_ATLAS_BINARY [CORPUS_DIR]
#
# CORPUS_DIR defaults to a fresh `gen_corpus.py --notes 1000 --flavor atlas` corpus
# (GEN=path/to/gen_corpus.py, default ../shared/bench/gen_corpus.py).
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${3:-}
if [ -z "$corpus" ]; then
  gen=${GEN:-$root/../shared/bench/gen_corpus.py}
  python3 "$gen" --notes 1000 --out "$work/corpus" --flavor atlas >/dev/null
  corpus=$work/corpus
fi
status=0
for site in atlas corpus; do
  if [ "$site" = atlas ]; then src=$root; else src=$corpus; fi
  # The Atlas's anchor record is an input too: both builds start from the same one.
  anchors=$(mktemp); cp "$src/content/.anchors.json" "$anchors" 2>/dev/null || : > "$anchors"
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    [ -s "$anchors" ] && cp "$anchors" "$src/content/.anchors.json"
    "$bin" build --root "$src" --output "$work/$site-$which" --quiet
  done
  [ -s "$anchors" ] && cp "$anchors" "$src/content/.anchors.json"
  rm -f "$anchors"
  if diff -rq "$work/$site-old" "$work/$site-new"; then
    echo "$site: $(find "$work/$site-new" -type f | wc -l) files, byte-identical"
  else
    echo "$site: output differs" >&2
    status=1
  fi
done
exit $status
