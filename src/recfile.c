/*
 * recfile.c - a kmemtop recording indexed for replay (recfile.h).
 *
 * Reads the file with pread, a window at a time; every pass is linear in
 * the file and every unpacked byte counts against the run's budget.
 * Never writes, never prints, never exits.
 */
#include "recfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A time a recording may hold (NaN is none) */
static bool time_ok(double t)
{
	return t >= REC_TIME_MIN && t < REC_TIME_MAX;
}

#define TIME_RANGE "a \"time\" outside 1970 to 2200"

/* p starts with the literal lit: advance past it */
static bool skip_lit(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

bool recfile_head(const char *s, size_t n, int *format, double *time,
		  char *view, size_t view_size, const char **why)
{
	const char *p = s, *end = s + (n < 512 ? n : 512);
	char num[64], *q;
	uint64_t f;
	size_t k;

	if (!skip_lit(&p, end, "{\"format\":") || !parse_u64(&p, end, &f)) {
		*why = n && *s == '{'
			       ? "a JSON line without kmemtop's \"format\" first"
			       : "not a JSON line of kmemtop";
		return false;
	}
	*format = f > 1000 ? 1000 : (int)f;
	if (!skip_lit(&p, end, ",\"time\":")) {
		*why = "no \"time\" after \"format\"";
		return false;
	}
	for (k = 0;
	     p < end && k + 1 < sizeof(num) && strchr("0123456789.eE+-", *p);
	     p++)
		num[k++] = *p;
	num[k] = '\0';
	*time = strtod(num, &q);
	if (!k || *q || *time != *time) {
		*why = "a \"time\" that is not a number";
		return false;
	}
	if (!time_ok(*time)) {
		*why = TIME_RANGE;
		return false;
	}
	if (!skip_lit(&p, end, ",\"view\":\"")) {
		*why = "no \"view\" after \"time\"";
		return false;
	}
	for (k = 0; p < end && *p != '"' && k + 1 < view_size; p++)
		view[k++] = *p;
	view[k] = '\0';
	if (p >= end || *p != '"' || !k) {
		*why = "a \"view\" name that does not end";
		return false;
	}
	return true;
}

/* The first problem is described; all are counted. */
static void skip_note(struct recfile *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void skip_note(struct recfile *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->skipped++) {
		va_start(ap, fmt);
		vsnprintf(r->why.msg, sizeof(r->why.msg), fmt, ap);
		va_end(ap);
	}
}

static void add_snap(struct recfile *r, uint64_t off, uint64_t len, double t,
		     uint64_t line)
{
	xgrow((void **)&r->s, &r->cap, r->n + 1, sizeof(*r->s));
	r->s[r->n++] = (struct rec_snap){ off, len, t, line };
}

/* A snapshot of a plain recording refused as too long: the lines of
 * its time that follow it are left out too. */
struct plain_drop {
	bool on;
	double time;
	uint64_t end; /* where its last line ends */
};

/* A line of a plain recording at off: len bytes of text (without its
 * CR LF or LF), span bytes to the next line; head holds the first hlen,
 * last is the last byte of the text. It joins the open snapshot of its
 * time, or starts one; a snapshot that grows past CODEC_UNIT_MAX is
 * dropped whole. */
static void index_line(struct recfile *r, struct plain_drop *drop, uint64_t off,
		       uint64_t len, uint64_t span, const char *head,
		       size_t hlen, char last, uint64_t line)
{
	const char *why;
	char view[64];
	int format;
	double t;

	if (!len)
		return;
	if (!recfile_head(head, hlen, &format, &t, view, sizeof(view), &why)) {
		skip_note(r, "line %llu: %s", (unsigned long long)line, why);
		return;
	}
	if (format != REC_FORMAT) {
		skip_note(r, "line %llu: format %d (this kmemtop reads %d)",
			  (unsigned long long)line, format, REC_FORMAT);
		return;
	}
	if (last != '}') {
		skip_note(r, "line %llu: cut short (the writer stopped in it?)",
			  (unsigned long long)line);
		return;
	}
	if (drop->on && t == drop->time && drop->end == off) {
		skip_note(r, "line %llu: in a snapshot larger than %lu MiB",
			  (unsigned long long)line, CODEC_UNIT_MAX >> 20);
		drop->end += span;
		return;
	}
	drop->on = false;
	if (r->n && t == r->s[r->n - 1].time &&
	    r->s[r->n - 1].off + r->s[r->n - 1].len == off) {
		if (r->s[r->n - 1].len + span > CODEC_UNIT_MAX) {
			skip_note(r,
				  "line %llu: a snapshot larger than %lu MiB",
				  (unsigned long long)r->s[r->n - 1].line,
				  CODEC_UNIT_MAX >> 20);
			r->n--;
			*drop = (struct plain_drop){ true, t, off + span };
			return;
		}
		r->s[r->n - 1].len += span;
		return;
	}
	if (r->n && t < r->s[r->n - 1].time) {
		skip_note(r, "line %llu: its time goes back (%.3f after %.3f)",
			  (unsigned long long)line, t, r->s[r->n - 1].time);
		return;
	}
	if (span > CODEC_UNIT_MAX) {
		skip_note(r, "line %llu: a snapshot larger than %lu MiB",
			  (unsigned long long)line, CODEC_UNIT_MAX >> 20);
		*drop = (struct plain_drop){ true, t, off + span };
		return;
	}
	add_snap(r, off, span, t, line);
}

/* pread all of n bytes at off (less at the end of the file); the count */
static size_t read_at(const struct recfile *r, void *buf, size_t n,
		      uint64_t off)
{
	return pread_full(r->fd, buf, n, off);
}

#define WINDOW (1024 * 1024)
#define HEAD   512

/* One pass, a window at a time: each line's offset, its first bytes and
 * its last. */
static void index_plain(struct recfile *r)
{
	char *w = xmalloc(WINDOW), head[HEAD], l1 = 0, l2 = 0;
	struct plain_drop drop = { 0 };
	uint64_t off = 0, start = 0, line = 1;
	size_t hlen = 0, n;

	while ((n = read_at(r, w, WINDOW, off)) > 0) {
		for (size_t i = 0; i < n;) {
			const char *nl = memchr(w + i, '\n', n - i);
			size_t end = nl ? (size_t)(nl - w) : n;
			size_t take = end - i;

			if (hlen < HEAD) {
				size_t c = take < HEAD - hlen ? take
							      : HEAD - hlen;
				memcpy(head + hlen, w + i, c);
				hlen += c;
			}
			/* the line's last two bytes so far */
			if (take >= 2)
				l2 = w[end - 2], l1 = w[end - 1];
			else if (take == 1)
				l2 = l1, l1 = w[end - 1];
			if (!nl)
				break;
			{ /* a line ends; CR LF counts as LF */
				uint64_t len = off + end - start;
				bool cr = len && l1 == '\r';
				index_line(r, &drop, start, cr ? len - 1 : len,
					   len + 1, head,
					   cr && hlen == len ? hlen - 1 : hlen,
					   cr ? l2 : l1, line);
			}
			line++;
			start = off + end + 1;
			hlen = 0;
			l1 = l2 = 0;
			i = end + 1;
		}
		off += n;
	}
	if (start < off) /* a last line without its newline */
		index_line(r, &drop, start, off - start, off - start, head,
			   hlen, l1, line);
	free(w);
}

/* codec_scan's reader: the file */
static size_t scan_read(void *ctx, void *buf, size_t n, uint64_t off)
{
	return read_at(ctx, buf, n, off);
}

/* Where the next unit of ours starts at or after from (after damage),
 * or the file's size: one pass, a window at a time, each window
 * overlapping the last by an index entry's length. */
static uint64_t next_unit(const struct recfile *r, uint64_t from)
{
	unsigned char *w = xmalloc(WINDOW);
	uint64_t at = from;
	size_t n;

	while (at < r->size && (n = read_at(r, w, WINDOW, at)) > 0) {
		size_t i = codec_resync(r->codec, w, n, 0);
		if (i < n) {
			free(w);
			return at + i;
		}
		if (n <= HEAD)
			break;
		at += n - HEAD; /* an entry across the windows' seam */
	}
	free(w);
	return r->size;
}

static void budget_take(struct recfile *r, uint64_t n)
{
	r->budget->left -= n < r->budget->left ? n : r->budget->left;
}

/* Units: by kmemtop's index entry where they have one (28 bytes read, or
 * 64 with a zstd frame's header, a snapshot); a unit without one
 * (another tool's) is scanned to learn its length and time, once. */
static void index_units(struct recfile *r)
{
	uint64_t off = 0;

	while (off < r->size) {
		unsigned char h[64];
		size_t got = read_at(r, h, sizeof(h), off);
		struct codec_unit u;
		uint64_t len, max;
		double t;
		struct kerr err;
		const char *why;
		char view[64];
		int format, rc;

		if (codec_peek(r->codec, h, got, &len, &t)) {
			unsigned char tail[4];
			uint64_t csz;
			bool have;
			if (len > r->size - off) {
				skip_note(
					r,
					"byte %llu: the last snapshot is cut (the writer stopped while writing it)",
					(unsigned long long)off);
				break;
			}
			/* gzip: the length is in the trailer */
			have = r->codec == CODEC_GZIP &&
			       read_at(r, tail, 4, off + len - 4) == 4;
			csz = codec_peek_text(r->codec, h, got,
					      have ? tail : NULL);
			if (!time_ok(t))
				skip_note(r, "byte %llu: " TIME_RANGE,
					  (unsigned long long)off);
			else if (len > CODEC_PACKED_MAX ||
				 (csz != UINT64_MAX && csz > CODEC_UNIT_MAX))
				skip_note(
					r,
					"byte %llu: a snapshot larger than %lu MiB",
					(unsigned long long)off,
					CODEC_UNIT_MAX >> 20);
			else if (r->n && t < r->s[r->n - 1].time)
				skip_note(
					r,
					"byte %llu: its time goes back (%.3f after %.3f)",
					(unsigned long long)off, t,
					r->s[r->n - 1].time);
			else
				add_snap(r, off, len, t, 0);
			off += len;
			continue;
		}
		/* another tool's unit, or damage: scan it, once */
		max = r->budget->left < CODEC_UNIT_MAX ? r->budget->left
						       : CODEC_UNIT_MAX;
		rc = codec_scan(r->codec, scan_read, r, off, max, &u, &err);
		budget_take(r, u.unpacked);
		if (rc == -2 && max < CODEC_UNIT_MAX) {
			r->skipped++;
			kerr_set(
				&r->why,
				"byte %llu: the budget of %llu MiB unpacked per run is spent: it and what follows are left out",
				(unsigned long long)off, REC_BUDGET >> 20);
			break;
		}
		if (rc) {
			skip_note(r, "byte %llu: %s", (unsigned long long)off,
				  err.msg);
			off = u.len ? off + u.len : next_unit(r, off + 1);
			continue;
		}
		if (recfile_head(u.head, u.hlen, &format, &t, view,
				 sizeof(view), &why) &&
		    format == REC_FORMAT && (!r->n || t >= r->s[r->n - 1].time))
			add_snap(r, off, u.len, t, 0);
		else
			skip_note(
				r,
				"byte %llu: not a snapshot of kmemtop's format %d",
				(unsigned long long)off, REC_FORMAT);
		off += u.len;
	}
}

int recfile_open(struct recfile *r, const char *path, struct kerr *err)
{
	struct stat st;
	int fd;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		kerr_set(err, "cannot read %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		kerr_set(err, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (st.st_size == 0) {
		kerr_set(err, "%s is empty: no snapshot to replay", path);
		close(fd);
		return -1;
	}
	r->size = (uint64_t)st.st_size;
	r->fd = fd;
	r->budget = xmalloc(sizeof(*r->budget));
	r->budget->left = REC_BUDGET;
	{
		unsigned char m[4];
		size_t got = read_at(r, m, sizeof(m), 0);
		r->codec = codec_of_magic(m, got);
	}
	if (r->codec == CODEC_NONE)
		index_plain(r);
	else
		index_units(r);
	if (!r->n) {
		kerr_set(err, "%s: not a kmemtop recording (%s)", path,
			 r->skipped ? r->why.msg : "no snapshot in it");
		recfile_close(r);
		return -1;
	}
	return 0;
}

void recfile_close(struct recfile *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->s);
	free(r->budget);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}

/* The budget is spent: what to say */
static int budget_spent(const struct recfile *r, size_t i, struct kerr *err)
{
	r->budget->left = 0;
	kerr_set(
		err,
		"%s: the budget of %llu MiB unpacked per run is spent: snapshot %zu and those after it are left out",
		r->path, REC_BUDGET >> 20, i + 1);
	return -1;
}

int recfile_read(const struct recfile *r, size_t i, struct sbuf *out,
		 struct kerr *err)
{
	const struct rec_snap *s = &r->s[i];
	size_t used, len = (size_t)s->len, max;
	unsigned char *unit;
	int rc;

	sbuf_reset(out);
	if (s->len >
	    (r->codec == CODEC_NONE ? CODEC_UNIT_MAX : CODEC_PACKED_MAX)) {
		kerr_set(err,
			 "%s: a snapshot of %llu bytes (more than %lu MiB)",
			 r->path, (unsigned long long)s->len,
			 CODEC_UNIT_MAX >> 20);
		return -1;
	}
	max = r->budget->left < CODEC_UNIT_MAX ? (size_t)r->budget->left
					       : CODEC_UNIT_MAX;
	if (r->codec == CODEC_NONE) {
		if (len > max)
			return budget_spent(r, i, err);
		xgrow((void **)&out->s, &out->cap, len + 2, 1);
		out->len = read_at(r, out->s, len, s->off);
		out->s[out->len] = '\0';
		if (!out->len || out->s[out->len - 1] != '\n')
			sbuf_addc(out, '\n');
		r->budget->left -= len; /* len <= max <= left */
		return 0;
	}
	if (!max)
		return budget_spent(r, i, err);
	unit = xmalloc(len ? len : 1);
	len = read_at(r, unit, len, s->off);
	rc = codec_unpack(r->codec, unit, len, max, &used, out, err);
	free(unit);
	if (rc == -2 && max < CODEC_UNIT_MAX)
		return budget_spent(r, i, err);
	if (rc) {
		char why[512];
		snprintf(why, sizeof(why), "%s", err->msg);
		kerr_set(err, "%s, byte %llu: %s", r->path,
			 (unsigned long long)s->off, why);
		return -1;
	}
	r->budget->left -= out->len < max ? out->len : max;
	return 0;
}

size_t recfile_find(const struct recfile *r, double t)
{
	size_t lo = 0, hi = r->n;

	/* the first snapshot after t, less one */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->s[mid].time <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}
