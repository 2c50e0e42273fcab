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

/* The most a unit (a snapshot) may unpack to: a larger one is longer
 * than kmemtop writes, and refused (a hostile or broken file must not
 * take the memory or the time). kmemtop's largest snapshot: its four
 * views on a host at the cgroup view's cap of 100,000 cgroups (about 330
 * bytes a row: 33 MB) with 15,000 processes of 1.5 KB command lines (22
 * MB) and a few thousand slab and vmalloc rows (1 MB) is 56 MB; a
 * snapshot of three views is 113 KB on the build machine. */
#define CODEC_UNIT_MAX (64UL * 1024 * 1024)
/* The most a unit of ours (entry, header and compressed text) may be:
 * what CODEC_UNIT_MAX of text packs into at worst (incompressible text
 * grows by less than 1/128 in deflate and zstd), with room for the
 * headers. */
#define CODEC_PACKED_MAX (CODEC_UNIT_MAX + CODEC_UNIT_MAX / 64 + 4096)
/* The first bytes of a unit's text codec_scan keeps: a line's head
 * (recfile_head reads 512). */
#define CODEC_HEAD 512

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

/* The length of text the unit of ours at the start of p[0..n) declares:
 * zstd, its frame's content size (in the 64 bytes from the entry's
 * start); gzip, the ISIZE of its trailer, tail[0..4) (the unit's last 4
 * bytes; the length modulo 4 GiB, so a hint). UINT64_MAX when it
 * declares none. */
uint64_t codec_peek_text(enum codec c, const unsigned char *p, size_t n,
			 const unsigned char *tail);

/* Unpack the unit at the start of p[0..n) and append its text to out,
 * at most max bytes (at most CODEC_UNIT_MAX); *used: the unit's length.
 * Returns 0; -1 with err saying what is wrong (a cut unit: "ends after N
 * bytes"); -2 when its text is longer than max (nothing appended). */
int codec_unpack(enum codec c, const unsigned char *p, size_t n, size_t max,
		 size_t *used, struct sbuf *out, struct kerr *err);

/* Reads n bytes at off of the file being scanned into buf; the count
 * (less only at the end of the file). */
typedef size_t (*codec_read_fn)(void *ctx, void *buf, size_t n, uint64_t off);

/* What codec_scan learns of a unit. */
struct codec_unit {
	uint64_t len;	       /* in the file, bytes (0: not known) */
	uint64_t unpacked;     /* text unpacked to learn it, bytes */
	char head[CODEC_HEAD]; /* the text's first hlen bytes */
	size_t hlen;
};

/* The length and the first bytes of text of the unit at off (another
 * tool's: no index entry in front), read once, a window at a time,
 * through rd: a gzip member is inflated to its end (the text past the
 * head counted, not kept); a zstd frame's blocks are walked without
 * unpacking them, and its head alone unpacked. Returns 0; -1 with err
 * (damaged, cut, a zstd frame without its size); -2 with err when the
 * text is longer than max (u->len still set where the format says it,
 * zstd). Memory: two windows of 64 KiB, and a zstd decoder for the
 * head. */
int codec_scan(enum codec c, codec_read_fn rd, void *ctx, uint64_t off,
	       uint64_t max, struct codec_unit *u, struct kerr *err);

/* Where the next unit of ours starts in p[0..n) from off on (after a
 * damaged one), or n. */
size_t codec_resync(enum codec c, const unsigned char *p, size_t n, size_t off);

#endif
