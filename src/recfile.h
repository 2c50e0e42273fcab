/*
 * recfile.h - layer 1: a recording written by kmemtop -b --json (plain
 * JSON Lines, or gzip/zstd units, codec.h), opened for replay: indexed,
 * not loaded. The index holds each snapshot's place in the file and its
 * time; a snapshot's text is read (and unpacked) when asked for.
 *
 * A snapshot is the lines of one time: one per view recorded. Each line
 * must start {"format":1,"time":T,"view":"V" (REC_FORMAT); lines that
 * do not, lines cut short, units that do not unpack and times that go
 * back are skipped and counted, the first of them described with its
 * line number (or byte offset), and the other snapshots still replay.
 *
 * The file is untrusted: it is read in pieces (a compressed file's index
 * entries alone, another tool's units a window at a time; a plain file
 * once, a window at a time), a line is never held whole while indexing
 * (a 1 GB line costs one pass), every pass is linear in the file. A
 * snapshot longer than kmemtop writes (CODEC_UNIT_MAX of text) and a
 * time outside REC_TIME_MIN to REC_TIME_MAX are skipped and counted as
 * other bad snapshots are; what a run unpacks and reads out of
 * snapshots, in all, stops at REC_BUDGET. Memory is the index: 32 bytes
 * a snapshot.
 */
#ifndef KMEMTOP_RECFILE_H
#define KMEMTOP_RECFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "util.h"

/* The version of the JSON Lines format ("format", first on each line):
 * lines of another are not replayed. 1: the first (kmemtop 0.1 wrote
 * none). */
#define REC_FORMAT 1

/* The times a recording may hold, Unix seconds: 1970-01-01 to
 * 2200-01-01 UTC. Outside them a time is no machine's clock but a
 * planted or damaged value, and would ask a plot's time axis for
 * millions of ticks. */
#define REC_TIME_MIN 0.0
#define REC_TIME_MAX 7258118400.0

/* What one run (a report, a plot, a replay screen) may unpack and read
 * out of a recording's snapshots in all, bytes, indexing included: past
 * it the snapshots left are refused with a message naming the file and
 * the cap, and those before stay usable. A report reads every snapshot
 * of its span (its two ends first, so THEN and NOW stay whole; about 70
 * days of three views at -d 60 fit, the rest is left out of PEAK and
 * GREW, said), a plot at most 2002 (PLOT_POINTS sampled, the first and the last) of a
 * year's or any longer recording: 2002 snapshots of 4 MiB (36 times the
 * 113 KB of three views on the build machine) fit; 8 GiB of planted
 * blanks cost about 20 s of CPU, no more. */
#define REC_BUDGET (8ULL * 1024 * 1024 * 1024)

/* The run's budget, shared by every read of a recording (the index is
 * const once made; this is not). */
struct rec_budget {
	uint64_t left; /* bytes */
};

struct rec_snap {
	uint64_t off, len; /* its lines (plain) or its unit (compressed) */
	double time;	   /* Unix seconds */
	uint64_t line;	   /* plain: the number of its first line */
};

struct recfile {
	const char *path; /* borrowed */
	enum codec codec;
	int fd;
	uint64_t size;
	struct rec_snap *s; /* in the file's order, times increasing */
	size_t n, cap;
	size_t skipped;	 /* lines or units left out */
	struct kerr why; /* the first of them: where and why (or where the
			    budget ran out while indexing: that first) */
	struct rec_budget *budget; /* REC_BUDGET at open */
};

/* Open and index path. Returns 0, or -1 with err (cannot open, empty,
 * not a kmemtop recording: no snapshot in it). Free with recfile_close. */
int recfile_open(struct recfile *r, const char *path, struct kerr *err);
void recfile_close(struct recfile *r);

/* The text of snapshot i (its JSON lines, each ending "\n") into out
 * (reset first), counted against r->budget. Returns 0, or -1 with err
 * (damaged; longer than CODEC_UNIT_MAX; the budget spent: the message
 * names the file and REC_BUDGET). */
int recfile_read(const struct recfile *r, size_t i, struct sbuf *out,
		 struct kerr *err);

/* The index of the last snapshot taken at or before t (0 when t is before
 * the first). */
size_t recfile_find(const struct recfile *r, double t);

/* A JSON line's head: the format version, time and view of the line
 * s[0..n). False when it is no kmemtop line, or its time is not a
 * finite number from REC_TIME_MIN to REC_TIME_MAX (why says which). */
bool recfile_head(const char *s, size_t n, int *format, double *time,
		  char *view, size_t view_size, const char **why);

#endif
