#!/bin/bash -eu
# Builds every cargo-fuzz target of winsection with the sanitizer ClusterFuzzLite asks for
# (address) and copies the binaries and seed corpora to $OUT.
cd "$SRC/winsection"
cargo fuzz build -O --debug-assertions
release_dir=fuzz/target/x86_64-unknown-linux-gnu/release
for target in names ops scenario; do
  cp "$release_dir/$target" "$OUT/"
  if [ -d "fuzz/seeds/$target" ]; then
    (cd "fuzz/seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  fi
done
