/*
 * view.c - what every view shares: the environment of a refresh
 * (source, read buffer, /proc/meminfo) and the -s lookup in a table.
 *
 * It knows no view: they are in view_*.c, listed in views.c.
 */
#include "view.h"

#include <ctype.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>

#include "activity_feed.h"

void view_env_init(struct view_env *env, const struct options *o)
{
	memset(env, 0, sizeof(*env));
	env->opt = o;
	source_open_at(&env->src, o->root, o->root_fd);
	/* a replay shows a recording: nothing live is written from it */
	if (o->replay)
		env->src.no_writes = true;
}

void view_env_free(struct view_env *env)
{
	act_feed_free(env->act);
	source_buf_free(&env->buf);
	source_close(&env->src);
}

struct act_feed *view_env_activity(struct view_env *env)
{
	if (!env->act) {
		env->act = act_feed_new();
		if (env->opt)
			env->act->mode = env->opt->activity_source;
	}
	return env->act;
}

bool view_env_meminfo(struct view_env *env)
{
	env->have_mi = source_read(&env->src, "proc/meminfo", &env->buf,
				   &env->mi_err) == 0;
	if (env->have_mi)
		meminfo_parse(env->buf.data, env->buf.len, &env->mi);
	return env->have_mi;
}

bool view_env_host(const struct view_env *env, struct sbuf *out)
{
	struct source_budget b = { HOSTNAME_READ_MAX, false };
	struct source_buf buf = { 0 };
	struct kerr err = { { 0 } };
	bool ok = source_read_within(&env->src, "proc/sys/kernel/hostname",
				     &buf, HOSTNAME_READ_MAX, &b, &err) == 0;
	size_t n = 0;

	sbuf_reset(out);
	if (ok) {
		n = strcspn(buf.data ? buf.data : "", "\n");
		n = n < buf.len ? n : buf.len;
		sbuf_add(out, buf.data, n);
	}
	source_buf_free(&buf);
	return ok && n;
}

void view_meminfo_line(const struct view_env *env, const struct rowset *rs,
		       const enum mi_field *f, size_t n, struct sbuf *out)
{
	if (!env->have_mi) {
		sbuf_addf(out, "meminfo: not available\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t now = env->mi.bytes[f[i]];
		double change;
		bool rate;

		if (!env->mi.have[f[i]])
			continue;
		sbuf_addf(out, "%s: %" PRIu64 "K", meminfo_name(f[i]),
			  now / 1024);
		if (rs && rowset_mi_change(rs, f[i], &change, &rate))
			output_change(out, (int64_t)(change / 1024),
				      rate ? "K/s" : "K");
		sbuf_add(out, "  ", 2);
	}
	sbuf_addc(out, '\n');
}

size_t view_skipped_none(const void *st, struct sbuf *note)
{
	(void)st, (void)note;
	return 0;
}

void view_skipped_note(size_t n, const char *file, size_t first,
		       struct sbuf *note)
{
	if (n)
		sbuf_addf(
			note,
			"%zu malformed line(s) skipped in %s (first: line %zu)",
			n, file, first);
}

bool view_json_u64(json_object *o, const char *key, uint64_t *out)
{
	json_object *f;

	if (!o || !json_object_object_get_ex(o, key, &f) ||
	    !json_object_is_type(f, json_type_int) ||
	    json_object_get_int64(f) < 0)
		return false;
	*out = json_object_get_uint64(f);
	return true;
}

void view_rowset_update(const struct view *v, void *st,
			const struct view_env *env, enum view_use use,
			struct rowset *rs, double mono, double wall)
{
	struct out_table t;
	uint64_t tot[RS_TOTALS] = { 0 };
	bool have[RS_TOTALS] = { 0 };
	const struct meminfo *mi = env->have_mi ? &env->mi : NULL;

	if (v->update_rowset) {
		v->update_rowset(st, rs);
		return;
	}
	v->rows(st, use, &t);
	if (v->totals)
		v->totals(st, tot, have);
	rowset_update(rs, t.table, t.rows, t.nrows, t.nhidden, t.row_size,
		      mono, wall, mi, tot, have);
}

const struct view *view_find(const char *name, size_t len)
{
	for (size_t i = 0; i < nviews; i++)
		if (strlen(views[i]->name) == len &&
		    !memcmp(views[i]->name, name, len))
			return views[i];
	return NULL;
}

size_t view_index(const struct view *v)
{
	for (size_t i = 0; i < nviews; i++)
		if (views[i] == v)
			return i;
	return SIZE_MAX;
}

int view_sort_key(const struct table *t, const char *key, int *col, bool *desc)
{
	int c = -1;

	/* a letter as given, else in the other case (slabtop's are lower
	 * case; kmemtop's own, which differ from them in any case, upper) */
	if (key[0] && !key[1]) {
		c = table_find_letter(t, key[0]);
		if (c < 0)
			c = table_find_letter(
				t, (char)tolower((unsigned char)key[0]));
		if (c < 0)
			c = table_find_letter(
				t, (char)toupper((unsigned char)key[0]));
	}
	if (c < 0)
		c = table_find_key(t, key);
	if (c < 0)
		return -1;
	*col = c;
	*desc = !(t->cols[c].flags & COL_ASC);
	return 0;
}

void view_sort_keys(const struct table *t, struct sbuf *out)
{
	for (size_t i = 0; i < t->ncols; i++) {
		sbuf_addf(out, "%s%s", i ? ", " : "", t->cols[i].key);
		if (t->cols[i].letter)
			sbuf_addf(out, " (%c)", t->cols[i].letter);
	}
}

void view_sort_default(const struct table *t, int *col, bool *desc)
{
	*col = (int)t->default_sort;
	*desc = !t->default_asc;
}
