/*
 * codec.h - layer 0: compressed recordings, one unit per snapshot.
 *
 * A recording (--output F.jsonl.gz or F.jsonl.zst) is a sequence of
 * units, each one snapshot (its JSON lines) compressed on its own, so a
 * file whose writer died ends with at most one cut unit and the others
 * read; and each unit starts with kmemtop's index entry (the unit's
 * length and the snapshot's time), so a reader finds the snapshots
 * without decompressing them:
 * - gzip: a member (RFC 1952) whose header has an extra field "KM"
 *   holding the entry; gzip -d reads the file as one text;
 * - zstd: a skippable frame (magic 0x184D2A5B) holding "KMTP" and the
 *   entry, then the zstd frame; zstd -d skips the first.
 * Units made by other tools (a plain gzip member, a zstd frame) are read
 * too, without the index entry.
 *
 * Bytes in, bytes out: no files, no prints.
 */
#ifndef KMEMTOP_CODEC_H
#define KMEMTOP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum codec { CODEC_NONE, CODEC_GZIP, CODEC_ZSTD };

/* The codec a file name asks for: ".gz" gzip, ".zst" zstd, else none. */
enum codec codec_of_name(const char *path);
/* The codec of a file that starts with p[0..n) (none: plain text). */
enum codec codec_of_magic(const unsigned char *p, size_t n);
const char *codec_name(enum codec c);

/* The most a unit may unpack to: a larger one is refused (a hostile or
 * broken file must not take the memory). */
#define CODEC_UNIT_MAX (256UL * 1024 * 1024)

/* Append to out the unit of s[0..n), the snapshot taken at time (Unix
 * seconds). */
void codec_pack(enum codec c, const char *s, size_t n, double time,
		struct sbuf *out);

/* kmemtop's index entry at the start of p[0..n): the unit's length
 * (header included) and time. False when p starts no unit of ours. */
bool codec_peek(enum codec c, const unsigned char *p, size_t n, uint64_t *len,
		double *time);

/* p[0..n) is the start of a unit of ours cut before its index entry
 * ends (n is shorter than the unit's head): a writer killed there. */
bool codec_head_cut(enum codec c, const unsigned char *p, size_t n);

/* Unpack the unit at the start of p[0..n) and append its text to out;
 * *used: the unit's length. Returns 0, or -1 with err saying what is
 * wrong (a cut unit: "ends after N bytes"). */
int codec_unpack(enum codec c, const unsigned char *p, size_t n, size_t *used,
		 struct sbuf *out, struct kerr *err);

/* Where the next unit of ours starts in p[0..n) from off on (after a
 * damaged one), or n. */
size_t codec_resync(enum codec c, const unsigned char *p, size_t n, size_t off);

#endif
