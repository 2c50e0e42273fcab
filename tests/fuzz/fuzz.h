/*
 * fuzz.h - the one entry point every fuzz target defines. Built two
 * ways: with libFuzzer (./configure --enable-fuzzing CC=clang, make
 * fuzz-run) and with replay.c's main under make check, which runs every
 * seed and every saved crasher through the same function.
 */
#ifndef KMEMTOP_FUZZ_H
#define KMEMTOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
