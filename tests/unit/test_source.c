/*
 * test_source.c - reading files in pieces of whole lines: a file many
 * times larger than the piece, with lines shorter and longer than it and
 * no newline at the end, comes back whole and in order, from a file on
 * disk (read(2) in pieces, lines carried over) and from memory.
 */
#include "testlib.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

struct collect {
	struct sbuf text;
	size_t calls;
	bool whole; /* every piece ended at a line's end (or the file's) */
};

static void on_lines(const char *text, size_t len, void *ctx)
{
	struct collect *c = ctx;

	sbuf_add(&c->text, text, len);
	c->calls++;
	if (len && text[len - 1] != '\n')
		c->whole = false;
}

/* Lines of 0 to 60 bytes, then one of 500 and a last without newline. */
static void make_text(struct sbuf *b)
{
	for (int i = 0; i < 400; i++) {
		sbuf_fill(b, (char)('a' + i % 26), (size_t)(i * 7 % 61));
		sbuf_addc(b, '\n');
	}
	sbuf_fill(b, 'L', 500);
	sbuf_addc(b, '\n');
	sbuf_add(b, "last line, no newline", 21);
}

static void check(const struct sbuf *want, struct collect *c, size_t chunk)
{
	assert_int_equal(c->text.len, want->len);
	assert_memory_equal(c->text.s, want->s, want->len);
	/* many pieces, each of whole lines but the file's last */
	assert_true(c->calls > want->len / (chunk + 61));
	sbuf_free(&c->text);
}

static void test_file_pieces(void **state)
{
	char dir[] = "/tmp/kmemtop-test-source.XXXXXX";
	char path[256];
	struct sbuf want = { 0 };
	struct source s;
	struct source_buf buf = { 0 };
	struct kerr err;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/proc/vmallocinfo", dir);
	make_text(&want);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(want.s, 1, want.len, f), want.len);
	fclose(f);
	source_open(&s, dir);
	for (size_t chunk = 7; chunk <= 4096; chunk *= 8) {
		struct collect c = { .whole = true };
		/* the last piece may lack its newline: the file's last line */
		assert_int_equal(source_read_lines(&s, "proc/vmallocinfo", &buf,
						   chunk, on_lines, &c, &err),
				 0);
		check(&want, &c, chunk);
	}
	source_close(&s);
	source_buf_free(&buf);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc", dir);
	rmdir(path);
	rmdir(dir);
	sbuf_free(&want);
}

static void test_memory_pieces(void **state)
{
	struct sbuf want = { 0 };
	struct source s;
	struct source_buf buf = { 0 };
	struct kerr err;
	struct source_file file;

	(void)state;
	make_text(&want);
	file = (struct source_file){ "proc/vmallocinfo", want.s, want.len };
	source_open_files(&s, "/mem", &file, 1);
	for (size_t chunk = 7; chunk <= 4096; chunk *= 8) {
		struct collect c = { .whole = true };
		assert_int_equal(source_read_lines(&s, "proc/vmallocinfo", &buf,
						   chunk, on_lines, &c, &err),
				 0);
		check(&want, &c, chunk);
	}
	/* a file it was not given is missing, with its name */
	assert_int_equal(source_read(&s, "proc/slabinfo", &buf, &err), ENOENT);
	assert_non_null(strstr(err.msg, "/mem/proc/slabinfo"));
	source_close(&s);
	source_buf_free(&buf);
	sbuf_free(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_pieces),
		cmocka_unit_test(test_memory_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
