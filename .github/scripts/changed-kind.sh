#!/usr/bin/env bash
# Classifies a pull request's diff: prints `content` when every changed path is a note
# (content/**) or an image under static/, so the notes can be checked with a prebuilt
# atlas; prints `code` for anything else (and for an empty or unreadable diff), which
# runs the whole CI.
#
# usage: changed-kind.sh BASE [HEAD]   paths from `git diff --name-only BASE...HEAD`
#        changed-kind.sh < paths.txt   one path per line (for tests)
set -euo pipefail

if [ $# -ge 1 ]; then
  paths=$(git diff --name-only --no-renames "$1...${2:-HEAD}") || { echo code; exit 0; }
else
  paths=$(cat)
fi

kind=code
while IFS= read -r path; do
  [ -z "$path" ] && continue
  case "$path" in
    content/*) kind=content ;;
    static/*.png|static/*.jpg|static/*.jpeg|static/*.gif|static/*.webp|static/*.avif|static/*.svg|static/*.ico) kind=content ;;
    *) echo code; exit 0 ;;
  esac
done <<< "$paths"
echo "$kind"
