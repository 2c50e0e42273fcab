/*
 * test_source.c - reading files in pieces of whole lines: a file many
 * times larger than the piece, with lines shorter and longer than it and
 * no newline at the end, comes back whole and in order, from a file on
 * disk (read(2) in pieces, lines carried over) and from memory.
 *
 * Writes through a held directory (source_dir_*): refused for a source
 * that never writes, a symbolic link anywhere on the path, a path that
 * leaves the root, a live directory outside sysfs, a file that is no
 * regular file, and from a replay's environment; made, to the directory
 * held, on a temporary tree that allows them.
 */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
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

/* ---- writes through a held directory ---------------------------------- */

/* A tree under /tmp: sys/kernel/slab/cache with "slabs" (12) and
 * "shrink" (0); ROOT/outside beside sys with "victim" (0). */
struct tree {
	char dir[64];
	char path[256];
};

static const char *at(struct tree *t, const char *rel)
{
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, rel);
	return t->path;
}

static void put(struct tree *t, const char *rel, const char *text)
{
	FILE *f = fopen(at(t, rel), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *got(struct tree *t, const char *rel)
{
	static char buf[64];
	FILE *f = fopen(at(t, rel), "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void make_tree(struct tree *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/kmemtop-test-dir.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	assert_int_equal(mkdir(at(t, "sys"), 0700), 0);
	assert_int_equal(mkdir(at(t, "sys/kernel"), 0700), 0);
	assert_int_equal(mkdir(at(t, "sys/kernel/slab"), 0700), 0);
	assert_int_equal(mkdir(at(t, "sys/kernel/slab/cache"), 0700), 0);
	put(t, "sys/kernel/slab/cache/slabs", "12 N0=12\n");
	put(t, "sys/kernel/slab/cache/shrink", "0");
	assert_int_equal(mkdir(at(t, "outside"), 0700), 0);
	put(t, "outside/victim", "0");
}

static void drop_tree(struct tree *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* The tree as a source that may be written (a test's: kmemtop never
 * clears no_writes of a capture). */
static void open_writable(struct tree *t, struct source *s)
{
	source_open(s, t->dir);
	assert_true(s->no_writes); /* a capture never writes */
	s->no_writes = false;
}

static void test_dir_write(void **state)
{
	struct tree t;
	struct source s;
	struct source_dir d = SOURCE_DIR_NONE;
	struct kerr err = { { 0 } };
	char buf[64];

	(void)state;
	make_tree(&t);
	open_writable(&t, &s);
	assert_int_equal(source_dir_hold(&s, "sys/kernel/slab/cache", &d, &err),
			 0);
	assert_int_equal(source_dir_read(&d, "slabs", buf, sizeof(buf), &err),
			 0);
	assert_string_equal(buf, "12 N0=12\n");
	assert_int_equal(source_dir_write(&d, "shrink", "1", 1, &err), 0);
	assert_string_equal(got(&t, "sys/kernel/slab/cache/shrink"), "1");
	/* a file is never created */
	assert_int_equal(source_dir_write(&d, "new", "1", 1, &err), ENOENT);
	assert_non_null(strstr(err.msg, "sys/kernel/slab/cache/new"));
	assert_int_equal(access(at(&t, "sys/kernel/slab/cache/new"), F_OK), -1);
	/* the directory held, not its name: one swapped in later gets
	 * nothing */
	{
		char old[256];
		snprintf(old, sizeof(old), "%s",
			 at(&t, "sys/kernel/slab/cache"));
		assert_int_equal(rename(old, at(&t, "sys/kernel/slab/was")), 0);
		assert_int_equal(mkdir(old, 0700), 0);
		put(&t, "sys/kernel/slab/cache/shrink", "0");
	}
	assert_int_equal(source_dir_write(&d, "shrink", "2", 1, &err), 0);
	assert_string_equal(got(&t, "sys/kernel/slab/was/shrink"), "2");
	assert_string_equal(got(&t, "sys/kernel/slab/cache/shrink"), "0");
	/* the directory gone: ENOENT, nothing written anywhere */
	unlink(at(&t, "sys/kernel/slab/was/shrink"));
	unlink(at(&t, "sys/kernel/slab/was/slabs"));
	assert_int_equal(rmdir(at(&t, "sys/kernel/slab/was")), 0);
	assert_int_equal(source_dir_write(&d, "shrink", "1", 1, &err), ENOENT);
	source_dir_release(&d);
	assert_int_equal(d.fd, -1);
	/* nothing held: refused */
	assert_int_equal(source_dir_write(&d, "shrink", "1", 1, &err), EBADF);
	source_close(&s);
	drop_tree(&t);
}

static void test_dir_refused(void **state)
{
	struct tree t;
	struct source s, mem;
	struct source_dir d = SOURCE_DIR_NONE;
	struct kerr err = { { 0 } };
	struct source_file file = { "sys/kernel/slab/cache/shrink", "0", 1,
				    NULL };

	(void)state;
	make_tree(&t);
	/* a capture as it is opened, and files in memory: never written */
	source_open(&s, t.dir);
	assert_int_equal(source_dir_hold(&s, "sys/kernel/slab/cache", &d, &err),
			 EROFS);
	assert_non_null(strstr(err.msg, "never written"));
	assert_int_equal(d.fd, -1);
	source_close(&s);
	source_open_files(&mem, "/mem", &file, 1);
	assert_int_equal(source_dir_hold(&mem, "sys/kernel/slab/cache", &d,
					 &err),
			 EROFS);

	open_writable(&t, &s);
	/* a symbolic link planted as the directory, on the way to it, or as
	 * the file */
	assert_int_equal(symlink("cache", at(&t, "sys/kernel/slab/link")), 0);
	assert_int_equal(source_dir_hold(&s, "sys/kernel/slab/link", &d, &err),
			 ELOOP);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(d.fd, -1);
	assert_int_equal(symlink("kernel", at(&t, "sys/k")), 0);
	assert_int_equal(source_dir_hold(&s, "sys/k/slab/cache", &d, &err),
			 ELOOP);
	assert_int_equal(symlink("../../../../outside/victim",
				 at(&t, "sys/kernel/slab/cache/planted")),
			 0);
	assert_int_equal(source_dir_hold(&s, "sys/kernel/slab/cache", &d, &err),
			 0);
	assert_int_equal(source_dir_write(&d, "planted", "1", 1, &err), ELOOP);
	assert_string_equal(got(&t, "outside/victim"), "0");
	/* not beneath the held directory, nor the root */
	assert_int_equal(source_dir_write(&d, "../../../../outside/victim", "1",
					  1, &err),
			 EXDEV);
	assert_int_equal(source_dir_write(&d, at(&t, "outside/victim"), "1", 1,
					  &err),
			 EXDEV);
	assert_string_equal(got(&t, "outside/victim"), "0");
	assert_int_equal(source_dir_hold(&s, "../outside", &d, &err), EXDEV);
	assert_non_null(strstr(err.msg, "not beneath the root"));
	assert_int_equal(source_dir_hold(&s, "/tmp", &d, &err), EXDEV);
	/* no regular file: a FIFO does not hang the open */
	assert_int_equal(source_dir_hold(&s, "sys/kernel/slab/cache", &d, &err),
			 0);
	assert_int_equal(mkfifo(at(&t, "sys/kernel/slab/cache/fifo"), 0600), 0);
	assert_int_equal(source_dir_write(&d, "fifo", "1", 1, &err),
			 ENXIO); /* no reader */
	{
		char buf[8];
		assert_int_equal(source_dir_read(&d, "fifo", buf, sizeof(buf),
						 &err),
				 EINVAL);
		assert_non_null(strstr(err.msg, "not a regular file"));
	}
	source_dir_release(&d);
	source_close(&s);

	/* the live system: a directory outside sysfs is refused */
	source_open(&s, "/");
	assert_true(s.live);
	assert_false(s.no_writes);
	assert_int_equal(source_dir_hold(&s,
					 at(&t, "sys/kernel/slab/cache") + 1,
					 &d, &err),
			 EMEDIUMTYPE);
	assert_non_null(strstr(err.msg, "not in sysfs"));
	assert_int_equal(d.fd, -1);
	{
		/* and sysfs's is held, where /sys is sysfs (nothing written) */
		struct statfs f;
		if (!statfs("/sys/kernel", &f) && f.f_type == SYSFS_MAGIC) {
			assert_int_equal(
				source_dir_hold(&s, "sys/kernel", &d, &err), 0);
			source_dir_release(&d);
		}
	}
	source_close(&s);
	drop_tree(&t);
}

/* A replay's environment never writes, though its root is the live
 * system's. */
static void test_replay_no_writes(void **state)
{
	struct options o = { .root = "/", .root_fd = -1, .replay = "x.jsonl" };
	struct view_env env;
	struct source_dir d = SOURCE_DIR_NONE;
	struct kerr err = { { 0 } };

	(void)state;
	view_env_init(&env, &o);
	assert_true(env.src.live);
	assert_true(env.src.no_writes);
	assert_int_equal(source_dir_hold(&env.src, "sys/kernel", &d, &err),
			 EROFS);
	view_env_free(&env);
	o.replay = NULL;
	view_env_init(&env, &o);
	assert_false(env.src.no_writes);
	view_env_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_pieces),
		cmocka_unit_test(test_memory_pieces),
		cmocka_unit_test(test_dir_write),
		cmocka_unit_test(test_dir_refused),
		cmocka_unit_test(test_replay_no_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
