/*
 * gen_recording.c - a long recording from a short one, for the replay
 * benchmark: gen_recording IN OUT N STEP writes N snapshots to OUT (its
 * codec by its name, as --output does), cycling through IN's snapshots,
 * the k-th stamped first + k x STEP seconds (in the index entry and in
 * each line's "time"). A week at -d 10 is N = 60480, STEP = 10.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "recfile.h"

int main(int argc, char **argv)
{
	struct recfile r;
	struct kerr err;
	struct sbuf text = { 0 }, fixed = { 0 }, packed = { 0 };
	FILE *out;
	unsigned long n;
	double step;

	if (argc != 5) {
		fprintf(stderr, "usage: gen_recording IN OUT N STEP\n");
		return 2;
	}
	n = strtoul(argv[3], NULL, 10);
	step = strtod(argv[4], NULL);
	if (recfile_open(&r, argv[1], &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	for (unsigned long k = 0; k < n; k++) {
		double t = r.s[0].time + (double)k * step;
		const char *p, *e;
		if (recfile_read(&r, k % r.n, &text, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		/* each line's time: the number after {"format":1,"time": */
		sbuf_reset(&fixed);
		for (p = text.s; (e = strstr(p, "\"time\":")); p = e) {
			sbuf_add(&fixed, p, (size_t)(e - p));
			sbuf_addf(&fixed, "\"time\":%.3f", t);
			e += 7;
			while (*e && *e != ',')
				e++;
		}
		sbuf_add(&fixed, p, strlen(p));
		sbuf_reset(&packed);
		codec_pack(codec_of_name(argv[2]), fixed.s, fixed.len, t,
			   &packed);
		if (fwrite(packed.s, 1, packed.len, out) != packed.len) {
			perror(argv[2]);
			return 1;
		}
	}
	recfile_close(&r);
	return fclose(out) ? 1 : 0;
}
