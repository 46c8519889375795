#!/usr/bin/env bash
# Bench setup (run by `npm run prebench`): unpacks Debian's OpenMP build of OpenBLAS
# (libopenblas0-openmp) into engine/bench/.openblas/, without installing it, so the system BLAS
# stays as it is; the bench loads it into its PyTorch peer alone through LD_LIBRARY_PATH.
# Skipped (the bench then says so) where /usr/bin/python3 has no torch or apt is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/.openblas"
lib="$dest/usr/lib/x86_64-linux-gnu/openblas-openmp"
if [ -e "$lib/libblas.so.3" ]; then exit 0; fi
if ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
  echo "bench setup: /usr/bin/python3 has no torch; the PyTorch column will be skipped" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench setup: no apt-get; PyTorch runs with the system BLAS" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt's sandbox user must be able to write where it downloads.
chmod 777 "$work"
cd "$work"
if ! apt-get download libopenblas0-openmp >/dev/null 2>&1; then
  apt-get update >/dev/null 2>&1 || true
  if ! apt-get download libopenblas0-openmp >/dev/null 2>&1; then
    echo "bench setup: could not download libopenblas0-openmp; PyTorch runs with the system BLAS" >&2
    exit 0
  fi
fi
mkdir -p "$dest"
dpkg-deb -x libopenblas0-openmp_*.deb "$dest"
echo "bench setup: OpenBLAS unpacked into $lib" >&2
