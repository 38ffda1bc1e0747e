#!/usr/bin/env bash
# A student's start: copies nnkit's notebooks from $NNKIT_ROOT/notebooks into
# $NNKIT_NOTEBOOKS, file by file, where the student has no file of that name, so that an
# edited notebook is never replaced and a new one still arrives (so does one the student
# deleted). The instructor versions of the exercises stay out.
#
# Zero to JupyterHub mounts each student's volume over the home, hiding whatever the
# image put there: the image runs this before every start (before-notebook.d), and the
# hub on one machine from its spawn hook.
set -euo pipefail
src=${NNKIT_ROOT:?NNKIT_ROOT, the nnkit checkout, is not set}/notebooks
dest=${NNKIT_NOTEBOOKS:?NNKIT_NOTEBOOKS, where the notebooks go, is not set}
[ -d "$src" ] || { echo "first-start.sh: $src is not a directory" >&2; exit 1; }
case "$dest" in
  /*) ;;
  *) echo "first-start.sh: NNKIT_NOTEBOOKS ($dest) must be an absolute path: a start hook's working directory is anyone's guess" >&2; exit 1 ;;
esac
case "$(realpath -m "$dest")/" in
  "$(realpath "$src")"/*) echo "first-start.sh: $dest is inside $src" >&2; exit 1 ;;
esac
mkdir -p "$dest"
# A file the student put where a folder of ours goes, or a full disk, skips that file with
# a warning; it never stops the student's server from starting.
copied=0 skipped=0
while IFS= read -r -d '' f; do
  if [ ! -e "$dest/$f" ] && [ ! -L "$dest/$f" ]; then
    if mkdir -p "$(dirname "$dest/$f")" 2>/dev/null && cp -p "$src/$f" "$dest/$f.nnkit-tmp" 2>/dev/null && mv "$dest/$f.nnkit-tmp" "$dest/$f"; then
      copied=$((copied + 1))
    else
      rm -f "$dest/$f.nnkit-tmp" 2>/dev/null || true
      echo "first-start.sh: warning: could not copy $f into $dest" >&2
      skipped=$((skipped + 1))
    fi
  fi
done < <(cd "$src" && find . \( -name .ipynb_checkpoints -o -path ./exercises/instructor \) -prune -o -type f -printf '%P\0')
if [ "$skipped" -gt 0 ]; then
  echo "first-start.sh: $copied new file(s) in $dest, $skipped skipped"
else
  echo "first-start.sh: $copied new file(s) in $dest"
fi
