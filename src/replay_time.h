/*
 * replay_time.h - layer 6: the times of a replay: a time the user gives
 * (--from, --to, the screen's go-to), a recorded time as text (UTC), and
 * the snapshots --from and --to name.
 */
#ifndef KMEMTOP_REPLAY_TIME_H
#define KMEMTOP_REPLAY_TIME_H

#include <stddef.h>

#include "options.h"
#include "recfile.h"
#include "util.h"

/* A time given by the user (--from, --to, the screen's go-to): an ISO
 * 8601 date and time ("2026-11-29T03:00", "2026-11-29 03:00:00Z", an
 * offset "+01:00"), or a time of day "HH:MM[:SS]": the first such
 * moment at or after start. UTC unless an offset is given. Returns 0,
 * or -1 with err. */
int replay_parse_time(const char *s, double start, double *out,
		      struct kerr *err);

/* "2026-11-29 03:00:00" (UTC); "(no date)" for a time gmtime cannot
 * take or whose year has not four digits. */
void replay_format_time(double t, struct sbuf *out);

/* A time the user gave (opt: "--from", "--to") outside the recording r
 * (of file): the snapshot taken instead, said in notes after prefix. */
void replay_span_note(const char *prefix, const char *opt, double t,
		      const struct recfile *r, const char *file,
		      struct sbuf *notes);

/* The snapshots --from and --to name in r, *a and *b (default: the first
 * and the last); a time outside the recording is said in notes. Returns
 * 0, or -1 with err (a time that is none, --to before --from). */
int replay_span(const struct options *o, const struct recfile *r, size_t *a,
		size_t *b, struct sbuf *notes, struct kerr *err);

#endif
