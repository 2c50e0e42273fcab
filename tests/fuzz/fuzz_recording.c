/*
 * fuzz_recording.c - a recording (plain, gzip or zstd: the input's first
 * bytes decide) is indexed without failing; every snapshot indexed lies
 * in the file, in time order, at a time from 1970 to 2200, no longer
 * than a snapshot may be; reads stay within the run's budget (a small
 * one for inputs of odd length, so that its refusals run too) and a
 * read refused for the budget leaves every later read refused; what
 * reads back parses into rows whose identity, label and value the
 * replay takes; a line kept by the strict reading holds no value that
 * is not finite or is past 2^64, and one refused is counted and said;
 * and the plot's axes are drawn for the snapshots' times and values,
 * whatever they are.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "plot.h"
#include "recfile.h"
#include "replay.h"

#include <json-c/json.h>

/* The most snapshots one input reads and plots: enough for the paths,
 * few enough for speed. */
#define FUZZ_SNAPS 64

/* A budget small enough that a few snapshots spend it. */
#define FUZZ_BUDGET 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("recording", MFD_CLOEXEC);
	char path[64];
	struct recfile r;
	struct kerr err;
	struct sbuf id = { 0 }, text = { 0 }, img = { 0 };

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (recfile_open(&r, path, &err) == 0) {
		double t[FUZZ_SNAPS], v[FUZZ_SNAPS];
		char name[] = "row";
		struct plot_series ser = { name, v };
		struct plot p = { .title = "fuzz",
				  .ylabel = "objects",
				  .t = t,
				  .series = &ser,
				  .nseries = 1,
				  .width = 200,
				  .height = 150 };
		uint64_t budget = size & 1 ? FUZZ_BUDGET : REC_BUDGET, read = 0;
		bool spent = false;

		if (!r.n || r.budget->left > REC_BUDGET)
			abort();
		if (budget < r.budget->left)
			r.budget->left = budget;
		budget = r.budget->left;
		for (size_t i = 0; i < r.n && i < FUZZ_SNAPS; i++) {
			struct replay_snap s;
			if (r.s[i].off + r.s[i].len > size ||
			    (i && r.s[i].time < r.s[i - 1].time) ||
			    !(r.s[i].time >= REC_TIME_MIN &&
			      r.s[i].time < REC_TIME_MAX) ||
			    r.s[i].len > CODEC_PACKED_MAX)
				abort();
			t[i] = r.s[i].time;
			v[i] = NAN;
			if (recfile_read(&r, i, &text, &err)) {
				spent = spent || !r.budget->left;
				continue;
			}
			if (spent) /* the budget never comes back */
				abort();
			/* plain adds a missing last newline */
			read += text.len - (r.codec == CODEC_NONE);
			if (read > budget || text.len > CODEC_UNIT_MAX + 1)
				abort();
			if (replay_snap_load(&r, i, &s, &err))
				continue;
			if (s.skipped && !strstr(s.why.msg, " view skipped: "))
				abort();
			for (size_t k = 0; k < s.n; k++) {
				const struct replay_view *rv = &s.views[k];
				size_t n = json_object_array_length(rv->rows);
				for (size_t j = 0; j < n && j < 256; j++) {
					struct json_object *row =
						json_object_array_get_idx(
							rv->rows, j);
					double x;
					replay_row_id(rv->v, row, &id);
					replay_row_label(rv->v, row, &id);
					if (!replay_row_value(rv->v, row, &x))
						continue;
					if (!(isfinite(x) && fabs(x) <= 0x1p64))
						abort();
					if (isnan(v[i]))
						v[i] = x;
				}
			}
			replay_snap_free(&s);
		}
		p.npoints = r.n < FUZZ_SNAPS ? r.n : FUZZ_SNAPS;
		plot_render(&p, true, &img, &err); /* ends, is all */
		recfile_close(&r);
	}
	sbuf_free(&id);
	sbuf_free(&text);
	sbuf_free(&img);
	close(fd);
	return 0;
}
