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
#include "replay_time.h"

#include <inttypes.h>
#include <json-c/json.h>

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
				     packed.len - first, CODEC_UNIT_MAX, &used,
				     &out, &err),
			0);
		assert_int_equal(used, packed.len - first);
		assert_string_equal(out.s, snap1);
		/* a unit cut short: an error, not a crash */
		sbuf_reset(&out);
		assert_int_equal(codec_unpack(cs[k],
					      (const unsigned char *)packed.s,
					      first - 5, CODEC_UNIT_MAX, &used,
					      &out, &err),
				 -1);
		/* longer than the caller allows: -2, nothing appended */
		assert_int_equal(codec_unpack(cs[k],
					      (const unsigned char *)packed.s,
					      first, 10, &used, &out, &err),
				 -2);
		assert_int_equal(out.len, 0);
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

/* codec_scan's reader: a buffer */
static size_t mem_read(void *ctx, void *buf, size_t n, uint64_t off)
{
	const struct sbuf *b = ctx;

	if (off >= b->len)
		return 0;
	if (n > b->len - off)
		n = (size_t)(b->len - off);
	memcpy(buf, b->s + off, n);
	return n;
}

/* Another tool's unit scanned a window at a time: its length and head;
 * a text longer than allowed; damage. */
static void test_codec_scan(void **state)
{
	static const enum codec cs[] = { CODEC_GZIP, CODEC_ZSTD };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(cs); k++) {
		struct sbuf p = { 0 };
		struct codec_unit u;
		struct kerr err;
		size_t first;

		codec_pack(cs[k], snap1, strlen(snap1), 1000.5, &p);
		first = p.len;
		codec_pack(cs[k], snap1, strlen(snap1), 1001.5, &p);
		assert_int_equal(codec_scan(cs[k], mem_read, &p, first,
					    CODEC_UNIT_MAX, &u, &err),
				 0);
		assert_int_equal(u.len, p.len - first);
		assert_int_equal(u.hlen, strlen(snap1));
		assert_memory_equal(u.head, snap1, u.hlen);
		assert_int_equal(
			codec_scan(cs[k], mem_read, &p, 0, 10, &u, &err), -2);
		assert_non_null(strstr(err.msg, "a snapshot larger than"));
		/* zstd says the frame's length without unpacking it */
		assert_int_equal(u.len, cs[k] == CODEC_ZSTD ? first : 0);
		p.len -= 3; /* cut */
		assert_int_equal(codec_scan(cs[k], mem_read, &p, first,
					    CODEC_UNIT_MAX, &u, &err),
				 -1);
		assert_non_null(strstr(err.msg, "cut"));
		sbuf_free(&p);
	}
}

/* Times outside 1970 to 2200, on a line's head and in an index entry,
 * are skipped; the budget of a run stops reads with a message naming
 * the file and the cap, and the snapshots read before it stay read. */
static void test_recfile_limits(void **state)
{
	static const char text[] =
		"{\"format\":1,\"time\":10,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":1e13,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":1e999,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":-1,\"view\":\"slab\",\"rows\":[]}\n"
		"{\"format\":1,\"time\":20,\"view\":\"slab\",\"rows\":[]}\n";
	static const enum codec cs[] = { CODEC_NONE, CODEC_GZIP, CODEC_ZSTD };
	struct recfile r;
	struct kerr err;
	struct sbuf out = { 0 }, p = { 0 };
	char *path = temp_file(text, sizeof(text) - 1);

	(void)state;
	assert_int_equal(recfile_open(&r, path, &err), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.skipped, 3);
	assert_string_equal(r.why.msg,
			    "line 2: a \"time\" outside 1970 to 2200");
	recfile_close(&r);
	unlink(path);
	free(path);

	for (size_t k = 0; k < ARRAY_SIZE(cs); k++) {
		/* times: good, NaN and 1e20 (in index entries), good, good */
		static const double ts[] = { 1000.5, NAN, 1e20, 1001.5,
					     1002.5 };
		sbuf_reset(&p);
		for (size_t i = 0; i < ARRAY_SIZE(ts); i++) {
			char l[sizeof(snap1) + 8];
			snprintf(
				l, sizeof(l),
				"{\"format\":1,\"time\":%.1f,\"view\":\"slab\",\"rows\":[]}\n",
				i == 1 || i == 2 ? 1000.5 : ts[i]);
			if (cs[k] != CODEC_NONE ||
			    (isfinite(ts[i]) && ts[i] < 1e13))
				codec_pack(cs[k], l, strlen(l), ts[i], &p);
		}
		path = temp_file(p.s, p.len);
		assert_int_equal(recfile_open(&r, path, &err), 0);
		assert_int_equal(r.n, 3);
		if (cs[k] != CODEC_NONE) {
			assert_int_equal(r.skipped, 2);
			assert_non_null(
				strstr(r.why.msg, "a \"time\" outside"));
		}
		/* room for one snapshot and a half */
		r.budget->left = strlen(snap1) * 3 / 2;
		assert_int_equal(recfile_read(&r, 0, &out, &err), 0);
		assert_string_equal(out.s, snap1);
		assert_int_equal(recfile_read(&r, 1, &out, &err), -1);
		assert_non_null(strstr(err.msg, path));
		assert_non_null(strstr(
			err.msg,
			"the budget of 8192 MiB unpacked per run is spent: snapshot 2"));
		assert_int_equal(recfile_read(&r, 0, &out, &err), -1);
		recfile_close(&r);
		unlink(path);
		free(path);
	}
	sbuf_free(&out);
	sbuf_free(&p);
}

/* Load snapshot 0 of a one-snapshot recording of text: its views kept
 * (s->n) and those refused (s->skipped, the first in s->why). */
static void load_text(const char *text, size_t n, struct replay_snap *s)
{
	struct recfile r;
	struct kerr err;
	char *path = temp_file(text, n);

	assert_int_equal(recfile_open(&r, path, &err), 0);
	assert_int_equal(replay_snap_load(&r, 0, s, &err), 0);
	recfile_close(&r);
	unlink(path);
	free(path);
}

#define HEAD "{\"format\":1,\"time\":1795982400,\"view\":\"slab\",\"rows\":["

/* Numbers and nesting kmemtop never writes: the view's line refused,
 * counted, and said; what kmemtop writes is kept. */
static void test_strict(void **state)
{
	static const struct {
		const char *row;
		const char *why; /* NULL: kept */
	} cases[] = {
		{ "{\"name\":\"a\",\"active_objs\":5}", NULL },
		{ "{\"name\":\"a\",\"active_objs\":18446744073709551615}",
		  NULL },
		{ "{\"name\":\"a\",\"active_objs\":-9223372036854775808}",
		  NULL },
		{ "{\"name\":\"a\",\"active_objs\":1.5e3}", NULL },
		/* 8 levels: the line, its rows, the row, 5 lists */
		{ "{\"name\":\"a\",\"x\":[[[[[1]]]]]}", NULL },
		{ "{\"name\":\"a\",\"x\":[[[[[[1]]]]]]}", "nested deeper" },
		{ "{\"name\":\"a\",\"active_objs\":NaN}", "not JSON" },
		{ "{\"name\":\"a\",\"active_objs\":-Infinity}", "not JSON" },
		{ "{\"name\":\"a\",\"active_objs\":Infinity}", "not JSON" },
		{ "{\"name\":\"a\",\"active_objs\":1e999}", "a number past" },
		{ "{\"name\":\"a\",\"active_objs\":18446744073709551616}",
		  "a number past" },
		{ "{\"name\":\"a\",\"active_objs\":-9223372036854775809}",
		  "a number past" },
		{ "{\"name\":\"a\",\"x\":[[[[[[[[[[[[1]]]]]]]]]]]]}",
		  "nested deeper" },
		{ "{\"name\":'a'}", "not JSON" },
		{ "{\"name\":\"a\"}}", "not JSON" },
		{ "{\"name\":\"a\x01\"}", "not JSON" },
		{ "{\"name\":01}", "not JSON" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sbuf t = { 0 };
		struct replay_snap s;

		sbuf_addf(&t, HEAD "%s]}\n", cases[i].row);
		load_text(t.s, t.len, &s);
		if (!cases[i].why) {
			assert_int_equal(s.n, 1);
			assert_int_equal(s.skipped, 0);
		} else {
			if (s.n || !strstr(s.why.msg, cases[i].why))
				fail_msg("%s: n %zu, why '%s'", cases[i].row,
					 s.n, s.why.msg);
			assert_int_equal(s.skipped, 1);
			assert_non_null(strstr(s.why.msg, "slab"));
		}
		replay_snap_free(&s);
		sbuf_free(&t);
	}
}

/* More rows, or a longer row, than kmemtop writes: refused. */
static void test_row_bounds(void **state)
{
	struct sbuf t = { 0 };
	struct replay_snap s;

	(void)state;
	sbuf_addf(&t, HEAD);
	for (size_t i = 0; i < REPLAY_SLAB_ROWS_MAX + 1; i++)
		sbuf_addf(&t, "%s{\"name\":\"c%zu\"}", i ? "," : "", i);
	sbuf_addf(&t, "]}\n");
	load_text(t.s, t.len, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.skipped, 1);
	assert_non_null(strstr(s.why.msg, "more rows than kmemtop writes"));
	replay_snap_free(&s);

	sbuf_reset(&t);
	sbuf_addf(&t, HEAD "{\"name\":\"");
	for (size_t i = 0; i < REPLAY_ROW_MAX; i += 64)
		sbuf_addf(&t, "%064d", 0);
	sbuf_addf(&t, "\"}]}\n");
	load_text(t.s, t.len, &s);
	assert_int_equal(s.n, 0);
	assert_non_null(strstr(s.why.msg, "a row longer than kmemtop writes"));
	replay_snap_free(&s);
	sbuf_free(&t);
}

/* A label of one character is itself, not "?". */
static void test_label(void **state)
{
	struct replay_snap s;
	struct sbuf l = { 0 };
	static const char text[] = HEAD "{\"name\":\"a\"},{\"name\":\"\"}]}\n";

	(void)state;
	load_text(text, sizeof(text) - 1, &s);
	assert_int_equal(s.n, 1);
	replay_row_label(s.views[0].v,
			 json_object_array_get_idx(s.views[0].rows, 0), &l);
	assert_string_equal(l.s, "a");
	replay_row_label(s.views[0].v,
			 json_object_array_get_idx(s.views[0].rows, 1), &l);
	assert_string_equal(l.s, "?");
	sbuf_free(&l);
	replay_snap_free(&s);
}

/* A time past what gmtime and four-digit years can say is not printed
 * as a date. */
static void test_format_time(void **state)
{
	static const double bad[] = {
		1e300, -1e300, NAN, INFINITY, -62167219201.0, 253402300800.0
	};
	struct sbuf t = { 0 };

	(void)state;
	replay_format_time(1795982400, &t);
	assert_string_equal(t.s, "2026-11-29 20:00:00");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		sbuf_reset(&t);
		replay_format_time(bad[i], &t);
		assert_string_equal(t.s, "(no date)");
	}
	sbuf_free(&t);
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
	assert_non_null(strstr(
		img.s, "<desc>kmalloc-64; &lt;evil&gt;&amp;\n"
		       "y axis (objects): 0, 10, 20, 30, 40\n"
		       "x axis (UTC): 00:00, 01:00, 02:00</desc>"));
	p.width = 10;
	assert_int_equal(plot_render(&p, false, &img, &err), -1);
	sbuf_free(&img);
}

/* Is x (> 0) 1, 2 or 5 times a power of ten? */
static bool is125(double x)
{
	double e = pow(10, floor(log10(x) + 1e-9)), f = x / e;

	return fabs(f - 1) < 1e-9 || fabs(f - 2) < 1e-9 || fabs(f - 5) < 1e-9;
}

/* One axis from lo to hi: round steps in its unit, ends on them, at
 * most target + 2 intervals and at least 2 (bytes: 1 where a step of a
 * byte spans it), labels that say the value
 * exactly. */
static void check_axis(double lo, double hi, bool bytes)
{
	struct plot_axis ax;
	char b[64], *end;
	double n;

	plot_axis_fit(&ax, lo, hi, bytes, 6);
	n = (ax.hi - ax.lo) / ax.step;
	if (!is125(ax.step / ax.unit) || ax.lo > lo || ax.hi < hi || n > 8 ||
	    (n < 2 && !(bytes && ax.step == 1)) ||
	    (bytes && (ax.step < 1 ||
		       (ax.unit < 1099511627776.0 && ax.step / ax.unit > 500))))
		fail_msg("%g to %g%s: ticks %g to %g by %g (%g%s)", lo, hi,
			 bytes ? " bytes" : "", ax.lo, ax.hi, ax.step,
			 ax.step / ax.unit, ax.suffix);
	for (double v = ax.lo; v <= ax.hi + ax.step / 2; v += ax.step) {
		plot_axis_label(&ax, v, b, sizeof(b));
		n = strtod(b, &end);
		if (!(v == 0 ? !strcmp(b, "0")
			     : !strcmp(end, ax.suffix) &&
				       fabs(n * ax.unit - v) <= 1e-9 * fabs(v)))
			fail_msg("%g to %g: tick %.17g labelled '%s'", lo, hi,
				 v, b);
	}
}

/* the axes' ticks: 1, 2 or 5 times a power of ten in the axis's unit
 * (bytes in K, M, G, T, exact: 100M, never 95.4M); time in seconds,
 * minutes, hours and days a person reads */
static void test_plot_axis(void **state)
{
	struct plot_axis ax;
	char b[64];

	(void)state;
	/* the OOM plot that read 190.7M, 381.5M, 572.2M */
	plot_axis_fit(&ax, 0, 600e6, true, 6);
	assert_true(ax.step == 100 * 1048576.0);
	plot_axis_label(&ax, 2 * ax.step, b, sizeof(b));
	assert_string_equal(b, "200M");
	plot_axis_label(&ax, 0, b, sizeof(b));
	assert_string_equal(b, "0");
	plot_axis_fit(&ax, 0, 190000, false, 6);
	assert_true(ax.step == 50000 && ax.hi == 200000);
	plot_axis_label(&ax, ax.hi, b, sizeof(b));
	assert_string_equal(b, "200000");
	plot_axis_fit(&ax, 0, 1, false, 6);
	plot_axis_label(&ax, ax.step, b, sizeof(b));
	assert_string_equal(b, "0.2");
	plot_axis_fit(&ax, 0, 3e9, true, 6);
	plot_axis_label(&ax, ax.step, b, sizeof(b));
	assert_string_equal(b, "500M");
	plot_axis_fit(&ax, 0, 5, true, 6);
	assert_true(ax.step == 1); /* not half a byte */
	/* every decade and the values between, both kinds */
	for (double hi = 3; hi < 1e16; hi *= 1.37) {
		check_axis(0, hi, true);
		check_axis(0, hi, false);
		check_axis(hi * 0.7, hi, true);
		check_axis(hi * 0.7, hi, false);
	}
	check_axis(0.001, 0.0042, false);
	/* time: 3 min 31 s by 30 s, a night by an hour, a day by 3 hours */
	assert_true(plot_time_step(211, 8) == 30);
	assert_true(plot_time_step(8 * 3600, 8) == 3600);
	assert_true(plot_time_step(86400, 8) == 10800);
	assert_true(plot_time_step(100, 8) == 15);
	assert_true(plot_time_step(70 * 86400, 8) == 10 * 86400);
	assert_true(plot_time_step(1e13, 8) <= 1e13 / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec),
		cmocka_unit_test(test_recfile_bad),
		cmocka_unit_test(test_recfile_cut),
		cmocka_unit_test(test_codec_scan),
		cmocka_unit_test(test_recfile_limits),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_row_bounds),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_format_time),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_churn),
		cmocka_unit_test(test_plot),
		cmocka_unit_test(test_plot_axis),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
