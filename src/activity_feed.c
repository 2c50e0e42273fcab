/*
 * activity_feed.c - one run's live allocation activity: the event source
 * opened once, read at most once per refresh, its call sites named. It
 * draws nothing and knows no view.
 */
#include "activity_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "activity_src.h"
#include "bpf/activity_maps.h"

struct act_feed *act_feed_new(void)
{
	struct act_feed *f = xcalloc(1, sizeof(*f));

	act_model_init(&f->m);
	return f;
}

void act_feed_free(struct act_feed *f)
{
	if (!f)
		return;
	act_src_close(f->src);
	act_model_free(&f->m);
	kallsyms_free(&f->ks);
	source_buf_free(&f->buf);
	sbuf_free(&f->scratch);
	free(f);
}

bool act_feed_attached(const struct act_feed *f)
{
	return f && f->src;
}

/* The call sites named from /proc/kallsyms (read once: a module loaded
 * later has its sites named by address). */
static void name_sites(struct act_feed *f, const struct source *src,
		       struct act_reading *r)
{
	if (!f->ks_tried) {
		f->ks_tried = true;
		if (source_read(src, "proc/kallsyms", &f->buf, &f->ks_why))
			;
		else {
			kallsyms_parse(f->buf.data, f->buf.len, &f->ks);
			if (f->ks.hidden)
				kerr_set(
					&f->ks_why,
					"/proc/kallsyms shows no addresses (kptr_restrict; CAP_SYSLOG)");
			else if (!f->ks.n)
				kerr_set(&f->ks_why,
					 "/proc/kallsyms holds no symbol");
		}
	}
	for (size_t i = 0; i < r->nsites; i++) {
		sbuf_reset(&f->scratch);
		kallsyms_name(&f->ks, r->sites[i].key, &f->scratch);
		snprintf(r->sites[i].name, sizeof(r->sites[i].name), "%s",
			 f->scratch.s);
	}
}

/* the kmem events, in act_feed_layout's order */
static const char *const tp_events[4] = { "kmem_cache_alloc", "kmem_cache_free",
					  "kmalloc", "kfree" };

/* One field the program reads: its offset into *off, the record's
 * length to read grown to its end. need_loc: a __data_loc. */
static int tp_field(const struct tracefmt *t, const char *ev, const char *name,
		    bool need_loc, struct act_tp_event *e, __u32 *off,
		    struct kerr *why)
{
	const struct tracefmt_field *f = tracefmt_find(t, name);
	__u32 size = need_loc ? 4 : e->word;

	if (!f) {
		kerr_set(why, "the %s tracepoint has no %s field", ev, name);
		return -1;
	}
	if (f->data_loc != need_loc || f->size != size || f->offset % size ||
	    f->offset + size > ACT_TP_REC_MAX) {
		kerr_set(
			why,
			"the %s tracepoint's %s field is not as expected (offset %u, %u bytes%s)",
			ev, name, (unsigned)f->offset, (unsigned)f->size,
			f->data_loc ? ", __data_loc" : "");
		return -1;
	}
	*off = f->offset;
	if (e->len < f->offset + size)
		e->len = f->offset + size;
	return 0;
}

int act_feed_layout(const struct tracefmt fmt[4], struct act_tp_layout *out,
		    struct kerr *why)
{
	struct act_tp_event *ev[4] = { &out->cache_alloc, &out->cache_free,
				       &out->kmalloc, &out->kfree };

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		const struct tracefmt_field *p = tracefmt_find(&fmt[i], "ptr");
		struct act_tp_event *e = ev[i];
		const char *n = tp_events[i];

		/* the word: the pointer's size; the others alike */
		e->word = p && (p->size == 4 || p->size == 8) ? p->size : 8;
		if (tp_field(&fmt[i], n, "ptr", false, e, &e->ptr, why))
			return -1;
		if (i == 0 || i == 2) {
			if (tp_field(&fmt[i], n, "call_site", false, e,
				     &e->call_site, why) ||
			    tp_field(&fmt[i], n, "bytes_req", false, e,
				     &e->bytes_req, why) ||
			    tp_field(&fmt[i], n, "bytes_alloc", false, e,
				     &e->bytes_alloc, why))
				return -1;
		}
		if (i <= 1) {
			if (tp_field(&fmt[i], n, "name", true, e, &e->name,
				     why)) {
				kerr_set(
					why,
					"the %s tracepoint names no cache (a name field, Linux 6.1 on)",
					n);
				return -1;
			}
			e->has_name = 1;
		}
	}
	return 0;
}

/* The record layout from tracefs (live: /sys/kernel/tracing, or under
 * debugfs where it is mounted there only). */
static int read_layout(struct act_feed *f, const struct source *src,
		       struct act_tp_layout *out, struct kerr *why)
{
	struct tracefmt *fmt = xcalloc(4, sizeof(*fmt));
	static const char *const dirs[] = { "sys/kernel/tracing",
					    "sys/kernel/debug/tracing" };
	char path[128];
	int rc = 0;

	for (int i = 0; i < 4 && !rc; i++) {
		struct kerr e;
		int got = -1;

		for (int d = 0; d < 2 && got; d++) {
			snprintf(path, sizeof(path), "%s/events/kmem/%s/format",
				 dirs[d], tp_events[i]);
			got = source_read(src, path, &f->buf, &e);
		}
		if (got) {
			kerr_set(
				why,
				"no tracefs format file of kmem/%s (mount tracefs on /sys/kernel/tracing): %s",
				tp_events[i], e.msg);
			rc = -1;
			break;
		}
		tracefmt_parse(f->buf.data, f->buf.len, &fmt[i]);
	}
	if (!rc)
		rc = act_feed_layout(fmt, out, why);
	free(fmt);
	return rc;
}

/* The source opened as the mode asks: the classic tracepoints' layout
 * read first unless tp_btf alone is asked for. */
static struct act_src *open_src(struct act_feed *f, const struct source *src)
{
	struct act_tp_layout tp;
	struct kerr tp_why = { { 0 } };
	struct act_src_cfg cfg = { .mode = f->mode };

	if (f->mode != ACT_SOURCE_BTF) {
		if (!read_layout(f, src, &tp, &tp_why))
			cfg.tp = &tp;
		cfg.tp_why = tp_why.msg;
	}
	return act_src_open(&cfg, &f->why);
}

/* Attached on the first read of the live system (attaching costs every
 * allocation some 100 ns: only when a view asks); refused once, refused
 * for good (why says it). */
int act_feed_read(struct act_feed *f, const struct source *src, double now,
		  struct kerr *err)
{
	struct act_reading r = { 0 };

	if (!f->tried) {
		f->tried = true;
		if (!src->live)
			kerr_set(
				&f->why,
				"eBPF activity: only on the live system (a captured tree or a recording has no events)");
		else
			f->src = open_src(f, src);
	}
	if (!f->src) {
		*err = f->why;
		return 1;
	}
	if (f->have_last && now == f->last)
		return 0;
	if (act_src_read(f->src, &r, err) < 0) {
		act_reading_free(&r);
		return -1;
	}
	name_sites(f, src, &r);
	act_model_update(&f->m, &r, now);
	f->last = now;
	f->have_last = true;
	return 0;
}
