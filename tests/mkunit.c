/*
 * mkunit.c - a test helper: packs the text on standard input into one
 * recording unit of kmemtop's (codec_pack: the index entry, then a gzip
 * member or a zstd frame) and writes it to standard output, COUNT times.
 * The tests plant units with hostile times and sizes this way; it is
 * never installed and writes no file itself.
 *
 * mkunit gzip|zstd TIME [COUNT [BLANKS]]: with BLANKS, the text is that
 * many spaces instead of standard input (a planted unit of blanks
 * without pushing it through pipes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

int main(int argc, char **argv)
{
	struct sbuf in = { 0 }, out = { 0 };
	enum codec c;
	char buf[65536];
	size_t n;
	long count = argc > 3 ? atol(argv[3]) : 1;

	if (argc < 3 || (strcmp(argv[1], "gzip") && strcmp(argv[1], "zstd"))) {
		fprintf(stderr, "usage: mkunit gzip|zstd TIME [COUNT [BLANKS]]\n");
		return 2;
	}
	c = strcmp(argv[1], "gzip") ? CODEC_ZSTD : CODEC_GZIP;
	if (argc > 4)
		sbuf_fill(&in, ' ', strtoul(argv[4], NULL, 10));
	else
		while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
			sbuf_add(&in, buf, n);
	codec_pack(c, in.s ? in.s : "", in.len, strtod(argv[2], NULL), &out);
	for (long i = 0; i < count; i++)
		if (fwrite(out.s, 1, out.len, stdout) != out.len)
			return 1;
	sbuf_free(&in);
	sbuf_free(&out);
	return fflush(stdout) ? 1 : 0;
}
