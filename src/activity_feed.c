/*
 * activity_feed.c - one run's live allocation activity: the event source
 * opened once, read at most once per refresh, its call sites named. It
 * draws nothing and knows no view.
 */
#include "activity_feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity_src.h"

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
			f->src = act_src_open(&f->why);
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
