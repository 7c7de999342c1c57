#!/bin/sh
# Reproducible training run (Debian bookworm: python3-torch python3-onnx libopenblas0-pthread libjemalloc2 python3-doc).
set -e
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
export MALLOC_CONF=retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1
/usr/bin/python3 build_corpus.py
/usr/bin/python3 train.py 2800 2000
/usr/bin/python3 export.py
