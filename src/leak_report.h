/*
 * leak_report.h - layer 6: what grew between two snapshots of a
 * recording: the rows of a view paired by identity, and the report of
 * kmemtop -o --replay.
 */
#ifndef KMEMTOP_LEAK_REPORT_H
#define KMEMTOP_LEAK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "options.h"
#include "replay.h"

/* A row of the span: its value at both ends, and over every snapshot
 * between them its peak and the intervals it grew in. */
struct leak_change {
	char *label, *id;
	double then, now, peak;
	bool had, has, has_peak;
	double last;   /* its value in the last snapshot added (0: absent) */
	size_t grew;   /* intervals in which it grew */
	bool reported; /* it changed between the ends */
};

/* The rows of a view in a and b (either NULL: the view not in it),
 * paired by identity (the k-th of an identity with the k-th), those
 * whose value changed, biggest growth first, into *out; their number.
 * Free with leak_report_changes_free. */
size_t leak_report_changes(const struct replay_cview *a,
			   const struct replay_cview *b,
			   struct leak_change **out);
void leak_report_changes_free(struct leak_change *c, size_t n);

/* kmemtop -o --replay FILE [--from T1] [--to T2]: per view (every view
 * the recording holds, or those --view names), the rows whose main value
 * changed between the two snapshots, biggest growth first, as text or
 * JSON (o->format). The two snapshots are read a row at a time (no tree
 * of a snapshot is held). Returns the exit status. */
int leak_report_print(const struct options *o, FILE *out);

#endif
