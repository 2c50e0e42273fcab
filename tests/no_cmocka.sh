#!/bin/sh
# tests/no_cmocka.sh - stands for the unit tests when configure found no
# cmocka: they are skipped, and this says why.
echo "SKIP: unit tests: cmocka was not found by configure (install libcmocka-dev; ./bootstrap does)"
exit 77
