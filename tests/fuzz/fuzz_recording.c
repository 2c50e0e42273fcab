/*
 * fuzz_recording.c - a recording (plain, gzip or zstd: the input's first
 * bytes decide) is indexed without failing; every snapshot indexed lies
 * in the file, in time order, reads back, and its lines parse into rows
 * whose identity, label and value the replay takes; a line kept by the
 * strict reading holds no value that is not finite or is past 2^64, and
 * one refused is counted and said.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "recfile.h"
#include "replay.h"

#include <json-c/json.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("recording", MFD_CLOEXEC);
	char path[64];
	struct recfile r;
	struct kerr err;
	struct sbuf id = { 0 };

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (recfile_open(&r, path, &err) == 0) {
		if (!r.n)
			abort();
		for (size_t i = 0; i < r.n && i < 64; i++) {
			struct replay_snap s;
			if (r.s[i].off + r.s[i].len > size ||
			    (i && r.s[i].time < r.s[i - 1].time))
				abort();
			if (replay_snap_load(&r, i, &s, &err))
				continue;
			if (s.skipped && !strstr(s.why.msg, " view skipped: "))
				abort();
			for (size_t k = 0; k < s.n; k++) {
				const struct replay_view *v = &s.views[k];
				size_t n = json_object_array_length(v->rows);
				for (size_t j = 0; j < n && j < 256; j++) {
					struct json_object *row =
						json_object_array_get_idx(
							v->rows, j);
					double x;
					replay_row_id(v->v, row, &id);
					replay_row_label(v->v, row, &id);
					if (replay_row_value(v->v, row, &x) &&
					    !(isfinite(x) && fabs(x) <= 0x1p64))
						abort();
				}
			}
			replay_snap_free(&s);
		}
		recfile_close(&r);
	}
	sbuf_free(&id);
	close(fd);
	return 0;
}
