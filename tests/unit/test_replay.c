/*
 * test_replay.c - recordings and what reads them: the codec's units
 * (gzip, zstd: round trip, index entry, a cut unit, resync), a recording
 * indexed with bad lines of every kind, the times a user types, the
 * chart's text, the live history's ring, and the plot (a PNG of the size
 * asked, not blank; an SVG naming its series).
 */
#include "testlib.h"

#include <cairo.h>
#include <fcntl.h>
#include <math.h>
#include <unistd.h>

#include "chart.h"
#include "codec.h"
#include "history.h"
#include "plot.h"
#include "recfile.h"
#include "replay.h"

static const char snap1[] =
	"{\"format\":1,\"time\":1000.5,\"view\":\"slab\",\"rows\":[]}\n";

static void test_codec(void **state)
{
	static const enum codec cs[] = { CODEC_GZIP, CODEC_ZSTD };

	(void)state;
	assert_int_equal(codec_of_name("a.jsonl.gz"), CODEC_GZIP);
	assert_int_equal(codec_of_name("a.zst"), CODEC_ZSTD);
	assert_int_equal(codec_of_name("a.jsonl"), CODEC_NONE);
	for (size_t k = 0; k < ARRAY_SIZE(cs); k++) {
		struct sbuf packed = { 0 }, out = { 0 };
		struct kerr err;
		uint64_t len;
		double t;
		size_t used, first;

		codec_pack(cs[k], snap1, strlen(snap1), 1000.5, &packed);
		first = packed.len;
		codec_pack(cs[k], snap1, strlen(snap1), 1001.5, &packed);
		assert_int_equal(codec_of_magic((const unsigned char *)packed.s,
						packed.len),
				 cs[k]);
		assert_true(codec_peek(cs[k], (const unsigned char *)packed.s,
				       packed.len, &len, &t));
		assert_int_equal(len, first);
		assert_true(t == 1000.5);
		/* unpack the second unit */
		assert_int_equal(
			codec_unpack(cs[k],
				     (const unsigned char *)packed.s + first,
				     packed.len - first, &used, &out, &err),
			0);
		assert_int_equal(used, packed.len - first);
		assert_string_equal(out.s, snap1);
		/* a unit cut short: an error, not a crash */
		sbuf_reset(&out);
		assert_int_equal(codec_unpack(cs[k],
					      (const unsigned char *)packed.s,
					      first - 5, &used, &out, &err),
				 -1);
		/* after damage, the next unit is found */
		assert_int_equal(codec_resync(cs[k],
					      (const unsigned char *)packed.s,
					      packed.len, 1),
				 first);
		sbuf_free(&packed);
		sbuf_free(&out);
	}
}

/* A temporary file holding text; its path in path (free it). */
static char *temp_file(const void *data, size_t n)
{
	char *path = xstrdup("/tmp/kmemtop-test-rec.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

static void test_recfile_bad(void **state)
{
	static const char text[] =
		"{\"format\":1,\"time\":10,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":10,\"view\":\"oom\",\"rows\":[]}\r\n"
		"garbage\n"
		"{\"time\":11,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":2,\"time\":12,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":20,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":15,\"view\":\"slab\",\"rows\":[]}\n"
		"\n"
		"{\"format\":1,\"time\":30,\"view\":\"slab\",\"rows\":[";
	struct recfile r;
	struct kerr err;
	struct sbuf out = { 0 };
	char *path = temp_file(text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(recfile_open(&r, path, &err), 0);
	/* 10 (two views, one snapshot) and 20 */
	assert_int_equal(r.n, 2);
	assert_true(r.s[0].time == 10 && r.s[1].time == 20);
	assert_int_equal(r.skipped, 5);
	assert_string_equal(r.why.msg, "line 3: not a JSON line of kmemtop");
	assert_int_equal(recfile_read(&r, 0, &out, &err), 0);
	assert_non_null(strstr(out.s, "\"oom\""));
	assert_int_equal(recfile_find(&r, 5), 0);
	assert_int_equal(recfile_find(&r, 19.9), 0);
	assert_int_equal(recfile_find(&r, 25), 1);
	recfile_close(&r);
	unlink(path);
	free(path);

	/* nothing of ours; empty */
	path = temp_file("hello\nworld\n", 12);
	assert_int_equal(recfile_open(&r, path, &err), -1);
	assert_non_null(strstr(err.msg, "not a kmemtop recording (line 1:"));
	unlink(path);
	free(path);
	path = temp_file("", 0);
	assert_int_equal(recfile_open(&r, path, &err), -1);
	assert_non_null(strstr(err.msg, "is empty"));
	unlink(path);
	free(path);
	sbuf_free(&out);
}

/* A compressed recording whose writer died: the last unit cut. */
static void test_recfile_cut(void **state)
{
	struct sbuf p = { 0 };
	struct recfile r;
	struct kerr err;
	char *path;

	(void)state;
	codec_pack(CODEC_ZSTD, snap1, strlen(snap1), 1000.5, &p);
	codec_pack(CODEC_ZSTD, snap1, strlen(snap1), 1001.5, &p);
	path = temp_file(p.s, p.len - 7);
	assert_int_equal(recfile_open(&r, path, &err), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.skipped, 1);
	assert_non_null(strstr(r.why.msg, "the last snapshot is cut"));
	recfile_close(&r);
	unlink(path);
	free(path);
	sbuf_free(&p);
}

static void test_times(void **state)
{
	struct kerr err;
	double t;
	/* 2026-11-29 20:00:00 UTC */
	const double start = 1795982400;

	(void)state;
	assert_int_equal(replay_parse_time("2026-11-29T21:30", start, &t, &err),
			 0);
	assert_true(t == start + 5400);
	assert_int_equal(
		replay_parse_time("2026-11-29 21:30:15Z", start, &t, &err), 0);
	assert_true(t == start + 5415);
	assert_int_equal(replay_parse_time("2026-11-29T22:30+01:00", start, &t,
					   &err),
			 0);
	assert_true(t == start + 5400);
	/* a time of day: the first one at or after the start */
	assert_int_equal(replay_parse_time("21:00", start + 60, &t, &err), 0);
	assert_true(t == start + 3600);
	assert_int_equal(replay_parse_time("19:00", start + 60, &t, &err), 0);
	assert_true(t == start + 23 * 3600);
	assert_int_equal(replay_parse_time("25:00", start, &t, &err), -1);
	assert_int_equal(replay_parse_time("yesterday", start, &t, &err), -1);
	assert_non_null(strstr(err.msg, "HH:MM[:SS]"));
}

static void test_chart(void **state)
{
	double t[] = { 0, 1, 2, 3 }, v[] = { 1, 2, NAN, 8 };
	struct sbuf s = { 0 };
	int lines = 0, stars = 0;

	(void)state;
	chart_text(t, v, 4, 40, 6, false, false, &s);
	for (const char *p = s.s; *p; p++) {
		lines += *p == '\n';
		stars += *p == '*';
	}
	assert_int_equal(lines, 7); /* 6 rows and the span */
	assert_true(stars >= 3);
	assert_non_null(strstr(s.s, "      8 |"));
	assert_non_null(strstr(s.s, "      1 |"));
	assert_non_null(strstr(s.s, "(3 s, 3 points)"));
	sbuf_reset(&s);
	chart_text(t, v, 4, 40, 6, true, false, &s);
	assert_non_null(strstr(s.s, "\xe2\xa0")); /* braille */
	sbuf_free(&s);
}

static void test_history(void **state)
{
	struct history h;
	double t[HISTORY_POINTS], v[HISTORY_POINTS];

	(void)state;
	history_init(&h);
	for (int i = 0; i < HISTORY_POINTS + 10; i++) {
		history_begin(&h, i);
		history_set(&h, "a", 1, i * 2);
		if (i % 2)
			history_set(&h, "b", 1, i);
	}
	assert_int_equal(history_get(&h, "a", 1, t, v), HISTORY_POINTS);
	assert_true(t[0] == 10 && v[0] == 20); /* the oldest kept */
	assert_true(v[HISTORY_POINTS - 1] == 2 * (HISTORY_POINTS + 9));
	assert_int_equal(history_get(&h, "b", 1, t, v), HISTORY_POINTS);
	assert_true(isnan(v[0]) && v[1] == 11);
	assert_int_equal(history_get(&h, "c", 1, t, v), 0);
	history_free(&h);
}

/* Process churn: HISTORY_ROWS rows seen once, then gone. Once they have
 * had no value for the whole ring they make room for new rows (the
 * least recently seen first); a row still in the ring is kept. */
static void test_history_churn(void **state)
{
	struct history h;
	double t[HISTORY_POINTS], v[HISTORY_POINTS];
	char id[32];
	int r = 0;

	(void)state;
	history_init(&h);
	history_begin(&h, 0);
	history_set(&h, "old", 3, 1);
	history_set(&h, "keep", 4, 1);
	for (int i = 0; i < HISTORY_ROWS; i++) {
		snprintf(id, sizeof(id), "pid %d", i);
		history_set(&h, id, strlen(id), i);
	}
	assert_true(h.full);
	/* "keep" goes on; the others vanish; after a ring of reads
	 * without them, 50 new rows a read (one churn of them) */
	for (r = 1; r <= HISTORY_POINTS + 20; r++) {
		history_begin(&h, r);
		history_set(&h, "keep", 4, r);
		if (r == HISTORY_POINTS - 1)
			history_set(&h, "old", 3, r); /* seen again once */
		for (int k = 0; k < 50 && r > HISTORY_POINTS; k++) {
			snprintf(id, sizeof(id), "new %d %d", r, k);
			history_set(&h, id, strlen(id), k);
		}
	}
	snprintf(id, sizeof(id), "new %d 49", HISTORY_POINTS + 20);
	assert_int_equal(history_get(&h, id, strlen(id), t, v), HISTORY_POINTS);
	assert_true(v[HISTORY_POINTS - 1] == 49);
	snprintf(id, sizeof(id), "new %d 0", HISTORY_POINTS + 1);
	assert_int_equal(history_get(&h, id, strlen(id), t, v), HISTORY_POINTS);
	assert_int_equal(history_get(&h, "keep", 4, t, v), HISTORY_POINTS);
	assert_true(v[HISTORY_POINTS - 1] == HISTORY_POINTS + 20);
	/* seen within the ring: kept, with its value */
	assert_int_equal(history_get(&h, "old", 3, t, v), HISTORY_POINTS);
	assert_true(v[HISTORY_POINTS - 1 - 21] == HISTORY_POINTS - 1);
	/* gone for the whole ring: evicted */
	assert_int_equal(history_get(&h, "pid 0", 5, t, v), 0);
	assert_true(h.nrows <= HISTORY_ROWS);
	assert_false(h.full); /* room for every row of the last read */
	history_free(&h);
}

/* The pixels of a PNG that are not white. */
static cairo_status_t from_mem(void *ctx, unsigned char *d, unsigned int n)
{
	struct sbuf *b = ctx;

	if (b->len < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(d, b->s, n);
	b->s += n;
	b->len -= n;
	return CAIRO_STATUS_SUCCESS;
}

static void test_plot(void **state)
{
	double t[] = { 0, 3600, 7200 };
	double v1[] = { 10, 20, 40 }, v2[] = { 5, NAN, 6 };
	char n1[] = "kmalloc-64", n2[] = "<evil>&";
	struct plot_series s[] = { { n1, v1 }, { n2, v2 } };
	struct plot p = { .title = "t",
			  .ylabel = "objects",
			  .t = t,
			  .npoints = 3,
			  .series = s,
			  .nseries = 2,
			  .width = 640,
			  .height = 400 };
	struct sbuf img = { 0 }, rd;
	struct kerr err;
	cairo_surface_t *sf;
	unsigned char *px;
	int stride, inked = 0;

	(void)state;
	assert_int_equal(plot_render(&p, false, &img, &err), 0);
	rd = img;
	sf = cairo_image_surface_create_from_png_stream(from_mem, &rd);
	assert_int_equal(cairo_surface_status(sf), CAIRO_STATUS_SUCCESS);
	assert_int_equal(cairo_image_surface_get_width(sf), 640);
	assert_int_equal(cairo_image_surface_get_height(sf), 400);
	px = cairo_image_surface_get_data(sf);
	stride = cairo_image_surface_get_stride(sf);
	for (int y = 0; y < 400; y++)
		for (int x = 0; x < 640; x++)
			inked += (*(uint32_t *)(px + y * stride + x * 4) &
				  0xffffff) != 0xffffff;
	assert_true(inked > 2000);
	cairo_surface_destroy(sf);
	assert_int_equal(plot_render(&p, true, &img, &err), 0);
	assert_non_null(
		strstr(img.s, "<desc>kmalloc-64; &lt;evil&gt;&amp;</desc>"));
	p.width = 10;
	assert_int_equal(plot_render(&p, false, &img, &err), -1);
	sbuf_free(&img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec),
		cmocka_unit_test(test_recfile_bad),
		cmocka_unit_test(test_recfile_cut),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_churn),
		cmocka_unit_test(test_plot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
