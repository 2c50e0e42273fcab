/*
 * test_oom.c - the OOM view's model and columns without a live system:
 * a process table built by hand, rows and kernel-thread hiding, %RAM,
 * deltas keyed by PID, the filter key, escaping of hostile commands in
 * text and JSON, oom_score_adj parsing, overcommit_memory parsing; and
 * procs_read on the live table (this very process must be in it);
 * VmPTE of a status text, and this process's fds and sockets.
 */
#include "testlib.h"

#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "oom_model.h"
#include "rowset.h"
#include "output.h"
#include "procs.h"
#include "view_oom.h"

static void add_started(struct oom_model *m, int pid, uint64_t start_time,
			int score, int adj, uint64_t rss, bool kthread,
			const char *cmd, size_t cmd_len)
{
	struct proc_entry e = { .pid = pid,
				.start_time = start_time,
				.oom_score = score,
				.oom_score_adj = adj,
				.rss = rss,
				.swap = 4096,
				.kthread = kthread };

	proc_table_add(oom_model_table(m), &e, "alice", cmd, cmd_len,
		       "testcomm", "/user.slice");
}

static void add(struct oom_model *m, int pid, int score, int adj, uint64_t rss,
		bool kthread, const char *cmd, size_t cmd_len)
{
	add_started(m, pid, 1000, score, adj, rss, kthread, cmd, cmd_len);
}

static void three(struct oom_model *m)
{
	proc_table_reset(oom_model_table(m));
	add(m, 2, 0, 0, 0, true, "[kthreadd]", 10);
	add(m, 100, 700, 50, 1 << 20, false, "eater --size 1G", 15);
	add(m, 101, 666, 0, 2 << 20, false, "sleep 600", 9);
}

static const struct oom_row *row_of(const struct oom_model *m, int pid)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].pid == pid)
			return &m->rows[i];
	return NULL;
}

/* the row of pid, failing the test when there is none */
static const struct oom_row *must(const struct oom_model *m, int pid)
{
	static const struct oom_row none;
	const struct oom_row *r = row_of(m, pid);

	if (!r) {
		fail_msg("no row for pid %d", pid);
		return &none;
	}
	return r;
}

/* The model's rows given to the row set as a reading at time t. */
static void give(struct rowset *rs, const struct oom_model *m, double t)
{
	rowset_update(rs, &oom_table, m->rows, m->nrows, m->nhidden,
		      sizeof(*m->rows), t, t, NULL, NULL, NULL);
}

static size_t index_of(struct oom_model *m, int pid)
{
	return (size_t)(must(m, pid) - m->rows);
}

/* Delta column key's value for process pid: INT64_MIN when absent. */
static int64_t delta(const struct rowset *rs, struct oom_model *m,
		     const char *key, int pid)
{
	int col = table_find_key(&oom_table, key);
	struct value v;

	assert_true(col >= 0);
	rowset_value(rs, &oom_table.cols[col], index_of(m, pid), &v);
	return v.kind == V_NONE ? INT64_MIN : v.i;
}

static void test_rows_and_kthreads(void **state)
{
	struct oom_model m;
	struct rowset rs;
	const struct oom_row *r;

	(void)state;
	oom_model_init(&m, false);
	rowset_init(&rs);
	three(&m);
	oom_model_update(&m, 4 << 20);
	give(&rs, &m, 1);
	assert_int_equal(m.nprocs, 3);
	assert_int_equal(m.nkthreads, 1);
	assert_int_equal(m.nrows, 2); /* kthreadd hidden */
	assert_null(row_of(&m, 2));
	r = must(&m, 100);
	assert_int_equal(r->oom_score, 700);
	assert_int_equal(r->oom_score_adj, 50);
	assert_string_equal(r->user, "alice");
	assert_string_equal(r->command, "eater --size 1G");
	/* the filter's text: "PID command", then the cgroup and a '/' */
	assert_string_equal(r->key, "100 eater --size 1G\n/user.slice/");
	assert_string_equal(r->cgroup, "/user.slice");
	assert_true(r->ram_pct > 24.99 && r->ram_pct < 25.01);
	/* first reading: no deltas */
	assert_int_equal(delta(&rs, &m, "delta_score", 100), INT64_MIN);
	assert_false(rowset_is_new(&rs, index_of(&m, 100)));

	/* K: kernel threads shown, and not new: they were there */
	m.show_kthreads = true;
	three(&m);
	oom_model_update(&m, 0);
	give(&rs, &m, 2);
	assert_int_equal(m.nrows, 3);
	assert_non_null(row_of(&m, 2));
	assert_false(rowset_is_new(&rs, index_of(&m, 2)));
	assert_int_equal(delta(&rs, &m, "delta_score", 2), 0);
	assert_int_equal(rs.ngone, 0);
	assert_true(must(&m, 100)->ram_pct == 0); /* MemTotal unknown */
	/* hidden again: not gone either */
	m.show_kthreads = false;
	three(&m);
	oom_model_update(&m, 0);
	give(&rs, &m, 3);
	assert_int_equal(m.nrows, 2);
	assert_int_equal(rs.ngone, 0);
	rowset_free(&rs);
	oom_model_free(&m);
}

/* Enter on cgroup /a: the processes of /a and below, by path exactly;
 * never a cgroup of another case, a longer name, one that holds /a
 * further down, or a command line that holds the path */
static void in_cgroup(struct oom_model *m, int pid, const char *cmd,
		      const char *cg)
{
	struct proc_entry e = { .pid = pid, .start_time = 1000 + pid };

	proc_table_add(oom_model_table(m), &e, "alice", cmd, strlen(cmd),
		       "sleep", cg);
}

static void test_cgroup_restriction(void **state)
{
	struct oom_model m;

	(void)state;
	assert_true(oom_cgroup_within("/a", "/a"));
	assert_true(oom_cgroup_within("/a/b", "/a"));
	assert_true(oom_cgroup_within("/a/b", "/a/"));
	assert_false(oom_cgroup_within("/ab", "/a"));
	assert_false(oom_cgroup_within("/A", "/a"));
	assert_false(oom_cgroup_within("/x/a", "/a"));
	assert_false(oom_cgroup_within("", "/a"));
	assert_true(oom_cgroup_within("/x", "/"));

	oom_model_init(&m, false);
	oom_model_set_cgroup(&m, "/a");
	in_cgroup(&m, 10, "in", "/a");
	in_cgroup(&m, 11, "below", "/a/b");
	in_cgroup(&m, 12, "case", "/A");
	in_cgroup(&m, 13, "longer", "/ab");
	in_cgroup(&m, 14, "further down", "/x/a");
	in_cgroup(&m, 15, "sh -c : /a/", "/");
	oom_model_update(&m, 0);
	assert_int_equal(m.nrows, 2);
	assert_non_null(row_of(&m, 10));
	assert_non_null(row_of(&m, 11));
	/* lifted: every process again */
	oom_model_set_cgroup(&m, NULL);
	for (int pid = 10; pid <= 15; pid++)
		in_cgroup(&m, pid, "again", "/z");
	oom_model_update(&m, 0);
	assert_int_equal(m.nrows, 6);
	oom_model_free(&m);
}

static void test_deltas_by_pid(void **state)
{
	struct oom_model m;
	struct rowset rs;

	(void)state;
	oom_model_init(&m, false);
	rowset_init(&rs);
	add(&m, 300, 700, 0, 8192, false, "a", 1);
	add(&m, 200, 500, 0, 8192, false, "b", 1);
	oom_model_update(&m, 1 << 30);
	give(&rs, &m, 1);
	proc_table_reset(oom_model_table(&m));
	/* 200 exits, 300 grows, 400 starts; order changed */
	add(&m, 400, 100, 0, 4096, false, "c", 1);
	add(&m, 300, 742, 0, 3 * 8192, false, "a", 1);
	oom_model_update(&m, 1 << 30);
	give(&rs, &m, 2);
	assert_int_equal(m.nrows, 2);
	assert_null(row_of(&m, 200));
	assert_false(rowset_is_new(&rs, index_of(&m, 300)));
	assert_int_equal(delta(&rs, &m, "delta_score", 300), 42);
	assert_int_equal(delta(&rs, &m, "delta_rss", 300), 2 * 8192);
	assert_int_equal(delta(&rs, &m, "delta_score", 400), INT64_MIN);
	assert_true(rowset_is_new(&rs, index_of(&m, 400)));
	/* the watch of the classic exercise: the rise since the start */
	proc_table_reset(oom_model_table(&m));
	add(&m, 300, 750, 0, 4 * 8192, false, "a", 1);
	oom_model_update(&m, 1 << 30);
	give(&rs, &m, 3);
	assert_int_equal(delta(&rs, &m, "delta_score", 300), 8);
	rowset_set_mode(&rs, DELTA_BASE);
	assert_int_equal(delta(&rs, &m, "delta_score", 300), 50);
	rowset_free(&rs);
	oom_model_free(&m);
}

/* A PID reused by another process (another start time) is a new row,
 * not a change of the old one, which is gone. */
static void test_pid_reuse(void **state)
{
	struct oom_model m;
	struct rowset rs;
	const struct oom_row *r;
	struct value v;

	(void)state;
	oom_model_init(&m, false);
	rowset_init(&rs);
	add_started(&m, 2408, 5000, 600, 0, 1 << 20, false, "victim", 6);
	oom_model_update(&m, 1 << 30);
	give(&rs, &m, 1);
	proc_table_reset(oom_model_table(&m));
	add_started(&m, 2408, 7000, 10, 0, 4096, false, "newcomer", 8);
	oom_model_update(&m, 1 << 30);
	give(&rs, &m, 2);
	r = must(&m, 2408);
	assert_string_equal(r->command, "newcomer");
	assert_true(rowset_is_new(&rs, index_of(&m, 2408)));
	assert_int_equal(delta(&rs, &m, "delta_score", 2408), INT64_MIN);
	assert_int_equal(rs.ngone, 1);
	rowset_gone_value(&rs, 0,
			  &oom_table.cols[table_find_key(&oom_table,
							 "start_time")],
			  &v);
	assert_int_equal(v.u, 5000); /* the victim, gone */
	rowset_free(&rs);
	oom_model_free(&m);
}

/* A command holding ESC, CSI, BEL and invalid UTF-8 never comes out raw:
 * \x escapes in the table, \u escapes (json-c) in JSON. */
static void test_hostile_command(void **state)
{
	static const char cmd[] = "evil\x1b[2J\x1b]0;t\x07 \x9b"
				  "31m \xff\xfe";
	struct oom_model m;
	struct sbuf b = { 0 };
	size_t idx[1] = { 0 };
	json_object *j, *rows, *row, *c;

	(void)state;
	oom_model_init(&m, false);
	add(&m, 7, 1, 0, 0, false, cmd, sizeof(cmd) - 1);
	oom_model_update(&m, 1 << 30);
	struct out_sink k = { .buf = &b };
	struct out_table t = { .table = &oom_table,
			       .rows = m.rows,
			       .row_size = sizeof(*m.rows),
			       .idx = idx,
			       .n = 1 };
	output_table_text(&t, &k);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char ch = (unsigned char)b.s[i];
		assert_false(ch < 0x20 && ch != '\n');
		assert_false(ch == 0x7f || ch >= 0x80);
	}
	assert_non_null(strstr(b.s, "evil\\x1b[2J\\x1b]0;t\\x07"));
	assert_non_null(strstr(b.s, "\\xff\\xfe"));

	sbuf_reset(&b);
	output_json(json_object_new_object(), &t, &k);
	for (size_t i = 0; i < b.len; i++)
		assert_false((unsigned char)b.s[i] == 0x1b);
	j = json_tokener_parse(b.s);
	assert_non_null(j);
	assert_true(json_object_object_get_ex(j, "rows", &rows));
	row = json_object_array_get_idx(rows, 0);
	assert_true(json_object_object_get_ex(row, "command", &c));
	/* the escape bytes survive as data, the invalid bytes as lone
	 * surrogates (\udcff) */
	assert_non_null(strstr(json_object_get_string(c), "evil\x1b[2J"));
	assert_non_null(strstr(b.s, "\\udcff\\udcfe"));
	json_object_put(j);
	sbuf_free(&b);
	oom_model_free(&m);
}

static void test_adj_parse(void **state)
{
	static const struct {
		const char *s;
		int ok, v;
	} cases[] = {
		{ "0", 1, 0 },
		{ "123", 1, 123 },
		{ "-1000", 1, -1000 },
		{ "1000", 1, 1000 },
		{ " +5 ", 1, 5 },
		{ "-0", 1, 0 },
		{ "1001", 0, 0 },
		{ "-1001", 0, 0 },
		{ "5000", 0, 0 },
		{ "", 0, 0 },
		{ "-", 0, 0 },
		{ "abc", 0, 0 },
		{ "12x", 0, 0 },
		{ "1 2", 0, 0 },
		{ "99999999999999999999", 0, 0 },
		{ "0x10", 0, 0 },
	};
	struct kerr err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int v = 4242;
		memset(&err, 0, sizeof(err));
		int rc = oom_adj_parse(cases[i].s, &v, &err);
		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(v, cases[i].v);
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(v, 4242); /* untouched */
			assert_true(err.msg[0] != '\0');
		}
	}
}

static void test_overcommit(void **state)
{
	(void)state;
	assert_int_equal(overcommit_parse("0\n", 2), 0);
	assert_int_equal(overcommit_parse("1\n", 2), 1);
	assert_int_equal(overcommit_parse("2", 1), 2);
	assert_int_equal(overcommit_parse("3\n", 2), -1);
	assert_int_equal(overcommit_parse("12\n", 3), -1);
	assert_int_equal(overcommit_parse("", 0), -1);
	assert_string_equal(overcommit_name(2), "never (strict)");
	assert_string_equal(overcommit_name(-1), "unknown");
}

/* The live table holds this process, with the values /proc shows. */
static void test_procs_read_live(void **state)
{
	struct proc_table t = { 0 };
	struct kerr err = { { 0 } };
	bool found = false;
	char path[64];
	FILE *f;
	int adj = 9999;

	(void)state;
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)getpid());
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &adj) != 1)
		skip();
	fclose(f);
	assert_int_equal(procs_read(&t, &err), 0);
	assert_true(t.n > 0);
	for (size_t i = 0; i < t.n; i++) {
		if (t.e[i].pid != getpid())
			continue;
		found = true;
		assert_int_equal(t.e[i].oom_score_adj, adj);
		assert_false(t.e[i].kthread);
		assert_true(t.e[i].rss > 0);
		assert_non_null(
			strstr(proc_text(&t, t.e[i].command_off), "test_oom"));
	}
	assert_true(found);
	proc_table_free(&t);
}

/* The memory cgroup of /proc/PID/cgroup: v1's memory line, else v2's. */
static void test_cgroup_path(void **state)
{
	static const char v1[] =
		"9:name=systemd:/\n4:memory:/docker/abc\n0::/\n";
	static const char v2[] = "0::/system.slice/sshd.service\n";
	static const char both[] = "0::/user.slice\n3:cpu,memory:/kube/pod1\n";
	struct sbuf p = { 0 };

	(void)state;
	procs_cgroup_path(v1, sizeof(v1) - 1, &p);
	assert_string_equal(p.s, "/docker/abc");
	procs_cgroup_path(v2, sizeof(v2) - 1, &p);
	assert_string_equal(p.s, "/system.slice/sshd.service");
	procs_cgroup_path(both, sizeof(both) - 1, &p);
	assert_string_equal(p.s, "/kube/pod1");
	procs_cgroup_path("junk", 4, &p);
	assert_string_equal(p.s, "");
	sbuf_free(&p);
}

/* VmPTE of a status text: bytes; a missing, malformed or unit-less
 * line is no value; a name that only starts the same is another line. */
static void test_status_kib(void **state)
{
	static const char st[] = "Name:\tpython3\nVmPTEx:\t 9 kB\n"
				 "VmPTE:\t      76 kB\nVmSwap:\t 0 kB\n";
	uint64_t b = 7;

	(void)state;
	assert_true(procs_status_kib(st, sizeof(st) - 1, "VmPTE", &b));
	assert_int_equal(b, 76 * 1024);
	assert_true(procs_status_kib(st, sizeof(st) - 1, "VmSwap", &b));
	assert_int_equal(b, 0);
	/* a kernel thread's status has no Vm lines */
	assert_false(procs_status_kib("Name:\tkthreadd\n", 15, "VmPTE", &b));
	assert_false(procs_status_kib("VmPTE:\t12\n", 10, "VmPTE", &b));
	assert_false(procs_status_kib("VmPTE:\tx kB\n", 12, "VmPTE", &b));
	assert_false(procs_status_kib("VmPTE:\t99999999999999999999 kB\n", 31,
				      "VmPTE", &b));
}

/* The live system: this test's own process holds an fd it opened, and a
 * socket; a PID with another start time gives nothing. */
static void test_kmem_live(void **state)
{
	struct proc_table t = { 0 };
	struct kerr err = { { 0 } };
	struct proc_kmem k, k2;
	int me = getpid(), sv[2];
	uint64_t start = 0;
	bool found = false;

	(void)state;
	if (procs_read(&t, &err))
		skip();
	for (size_t i = 0; i < t.n; i++)
		if (t.e[i].pid == me) {
			start = t.e[i].start_time;
			found = true;
		}
	assert_true(found);
	assert_int_equal(procs_kmem_read(me, start, &k), 0);
	assert_true(k.have_fds && k.have_socks && k.have_pte);
	assert_true(k.pte > 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(procs_kmem_read(me, start, &k2), 0);
	assert_int_equal(k2.fds, k.fds + 2);
	assert_int_equal(k2.socks, k.socks + 2);
	close(sv[0]);
	close(sv[1]);
	assert_int_equal(procs_kmem_read(me, start + 1, &k2), -1);
	assert_false(k2.have_fds || k2.have_socks || k2.have_pte);
	proc_table_free(&t);
}

/* The name the edit's prompt and question give a process. */
static void test_command_name(void **state)
{
	static const char *const cases[][2] = {
		{ "/root/.pyenv/versions/3.11.7/bin/python3 leak.py",
		  "python3 leak.py" },
		{ "/usr/bin/python3 -u /srv/app/leak.py --fast",
		  "python3 leak.py" },
		{ "/bin/sleep 300", "sleep 300" },
		{ "sleep", "sleep" },
		{ "  /usr/bin/perl  -w  ./x.pl", "perl x.pl" },
		{ "[kworker/0:1]", "[kworker/0:1]" },
		{ "/opt/app/", "app" },
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sbuf b = { 0 };
		oom_command_name(cases[i][0], &b);
		assert_string_equal(b.s ? b.s : "", cases[i][1]);
		sbuf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroup_path),
		cmocka_unit_test(test_status_kib),
		cmocka_unit_test(test_command_name),
		cmocka_unit_test(test_kmem_live),
		cmocka_unit_test(test_rows_and_kthreads),
		cmocka_unit_test(test_cgroup_restriction),
		cmocka_unit_test(test_deltas_by_pid),
		cmocka_unit_test(test_pid_reuse),
		cmocka_unit_test(test_hostile_command),
		cmocka_unit_test(test_adj_parse),
		cmocka_unit_test(test_overcommit),
		cmocka_unit_test(test_procs_read_live),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
