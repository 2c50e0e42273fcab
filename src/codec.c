/*
 * codec.c - gzip members and zstd frames, one per snapshot, with
 * kmemtop's index entry in front (codec.h).
 *
 * zlib and libzstd do the compression; this file only frames it, and
 * bounds what a unit may unpack to (CODEC_UNIT_MAX, or less when the
 * caller's budget says so). Another tool's unit is scanned a window at
 * a time (codec_scan), never read whole. It must not open files, print
 * or exit.
 */
#include "codec.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

/* the index entry: the unit's length and the time, little-endian */
#define ENTRY_LEN 16
/* gzip: ID1 ID2 CM FLG(FEXTRA) MTIME(4) XFL OS XLEN(2) "KM" LEN(2) */
#define GZ_HEAD (10 + 2 + 4 + ENTRY_LEN)
/* zstd skippable frame: magic(4) size(4) "KMTP" entry */
#define ZS_MAGIC 0x184D2A5BU
#define ZS_HEAD	 (8 + 4 + ENTRY_LEN)

enum codec codec_of_name(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if (n > 3 && !strcmp(path + n - 3, ".gz"))
		return CODEC_GZIP;
	if (n > 4 && !strcmp(path + n - 4, ".zst"))
		return CODEC_ZSTD;
	return CODEC_NONE;
}

enum codec codec_of_magic(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return CODEC_GZIP;
	/* a zstd frame (28 B5 2F FD) or a skippable one (5? 2A 4D 18) */
	if (n >= 4 &&
	    ((p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) ||
	     ((p[0] & 0xf0) == 0x50 && p[1] == 0x2a && p[2] == 0x4d &&
	      p[3] == 0x18)))
		return CODEC_ZSTD;
	return CODEC_NONE;
}

const char *codec_name(enum codec c)
{
	return c == CODEC_GZIP ? "gzip" : c == CODEC_ZSTD ? "zstd" : "plain";
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_entry(unsigned char *p, uint64_t len, double time)
{
	uint64_t bits;

	memcpy(&bits, &time, sizeof(bits));
	put_le(p, len, 8);
	put_le(p + 8, bits, 8);
}

static void get_entry(const unsigned char *p, uint64_t *len, double *time)
{
	uint64_t bits = get_le(p + 8, 8);

	*len = get_le(p, 8);
	memcpy(time, &bits, sizeof(*time));
}

static void pack_gzip(const char *s, size_t n, double time, struct sbuf *out)
{
	size_t start = out->len, cap;
	z_stream z;
	unsigned char *h;
	uLong crc = crc32(0, (const Bytef *)s, (uInt)n);

	memset(&z, 0, sizeof(z));
	/* raw deflate: the gzip header is ours, with the index entry */
	deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	cap = deflateBound(&z, n);
	sbuf_fill(out, 0, GZ_HEAD);
	xgrow((void **)&out->s, &out->cap, out->len + cap + 9, 1);
	z.next_in = (Bytef *)(uintptr_t)s;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->s + out->len;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	out->len += z.total_out;
	deflateEnd(&z);
	xgrow((void **)&out->s, &out->cap, out->len + 9, 1);
	put_le((unsigned char *)out->s + out->len, crc, 4);
	put_le((unsigned char *)out->s + out->len + 4, (uint32_t)n, 4);
	out->len += 8;
	out->s[out->len] = '\0';
	h = (unsigned char *)out->s + start;
	h[0] = 0x1f, h[1] = 0x8b, h[2] = 8, h[3] = 4; /* FEXTRA */
	put_le(h + 4, 0, 4);			      /* no MTIME */
	h[8] = 0, h[9] = 3;			      /* Unix */
	put_le(h + 10, 4 + ENTRY_LEN, 2);
	h[12] = 'K', h[13] = 'M';
	put_le(h + 14, ENTRY_LEN, 2);
	put_entry(h + 16, out->len - start, time);
}

static void pack_zstd(const char *s, size_t n, double time, struct sbuf *out)
{
	size_t start = out->len, cap = ZSTD_compressBound(n), z;
	unsigned char *h;

	sbuf_fill(out, 0, ZS_HEAD);
	xgrow((void **)&out->s, &out->cap, out->len + cap + 1, 1);
	z = ZSTD_compress(out->s + out->len, cap, s, n, 3);
	if (ZSTD_isError(z))
		z = 0; /* cannot happen with a bound-sized buffer */
	out->len += z;
	out->s[out->len] = '\0';
	h = (unsigned char *)out->s + start;
	put_le(h, ZS_MAGIC, 4);
	put_le(h + 4, 4 + ENTRY_LEN, 4);
	memcpy(h + 8, "KMTP", 4);
	put_entry(h + 12, out->len - start, time);
}

void codec_pack(enum codec c, const char *s, size_t n, double time,
		struct sbuf *out)
{
	if (c == CODEC_GZIP)
		pack_gzip(s, n, time, out);
	else if (c == CODEC_ZSTD)
		pack_zstd(s, n, time, out);
	else
		sbuf_add(out, s, n);
}

bool codec_peek(enum codec c, const unsigned char *p, size_t n, uint64_t *len,
		double *time)
{
	if (c == CODEC_GZIP && n >= GZ_HEAD && p[0] == 0x1f && p[1] == 0x8b &&
	    p[2] == 8 && p[3] == 4 && get_le(p + 10, 2) == 4 + ENTRY_LEN &&
	    p[12] == 'K' && p[13] == 'M' && get_le(p + 14, 2) == ENTRY_LEN) {
		get_entry(p + 16, len, time);
		return *len >= GZ_HEAD + 8;
	}
	if (c == CODEC_ZSTD && n >= ZS_HEAD && get_le(p, 4) == ZS_MAGIC &&
	    get_le(p + 4, 4) == 4 + ENTRY_LEN && !memcmp(p + 8, "KMTP", 4)) {
		get_entry(p + 12, len, time);
		return *len >= ZS_HEAD;
	}
	return false;
}

bool codec_head_cut(enum codec c, const unsigned char *p, size_t n)
{
	/* the fixed bytes of our heads, as the pack functions write them */
	static const unsigned char gz[16] = {
		0x1f, 0x8b,	     8, 4,   0,	  0,	     0, 0, 0,
		3,    4 + ENTRY_LEN, 0, 'K', 'M', ENTRY_LEN, 0
	};
	static const unsigned char zs[12] = { 0x5b,	     0x2a, 0x4d, 0x18,
					      4 + ENTRY_LEN, 0,	   0,	 0,
					      'K',	     'M',  'T',	 'P' };
	const unsigned char *t = c == CODEC_GZIP ? gz : zs;
	size_t head = c == CODEC_GZIP ? GZ_HEAD : ZS_HEAD;
	size_t tn = c == CODEC_GZIP ? sizeof(gz) : sizeof(zs);

	if (c == CODEC_NONE || !n || n >= head)
		return false;
	return !memcmp(p, t, n < tn ? n : tn);
}

uint64_t codec_peek_text(enum codec c, const unsigned char *p, size_t n,
			 const unsigned char *tail)
{
	unsigned long long csz;
	uint64_t len;
	double t;

	if (!codec_peek(c, p, n, &len, &t))
		return UINT64_MAX;
	if (c == CODEC_GZIP)
		return tail ? get_le(tail, 4) : UINT64_MAX;
	if (c != CODEC_ZSTD || n <= ZS_HEAD)
		return UINT64_MAX;
	csz = ZSTD_getFrameContentSize(p + ZS_HEAD, n - ZS_HEAD);
	return csz == ZSTD_CONTENTSIZE_UNKNOWN || csz == ZSTD_CONTENTSIZE_ERROR
		       ? UINT64_MAX
		       : csz;
}

static int unpack_gzip(const unsigned char *p, size_t n, size_t max,
		       size_t *used, struct sbuf *out, struct kerr *err)
{
	z_stream z;
	int rc = Z_OK;
	size_t start = out->len;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + 15) != Z_OK) {
		kerr_set(err, "zlib cannot start");
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	while (rc == Z_OK) {
		xgrow((void **)&out->s, &out->cap, out->len + 65536 + 1, 1);
		z.next_out = (Bytef *)out->s + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = start + z.total_out;
		if (out->len - start > max)
			rc = Z_MEM_ERROR;
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			break;
		if (rc == Z_BUF_ERROR)
			rc = Z_OK;
	}
	*used = z.total_in;
	inflateEnd(&z);
	out->s[out->len] = '\0';
	if (rc == Z_STREAM_END)
		return 0;
	if (rc == Z_MEM_ERROR)
		kerr_set(err, "a snapshot larger than %zu MiB", max >> 20);
	else if (z.avail_in == 0)
		kerr_set(err, "a gzip member cut after %zu bytes", n);
	else
		kerr_set(err, "damaged gzip data");
	out->len = start;
	out->s[out->len] = '\0';
	return rc == Z_MEM_ERROR ? -2 : -1;
}

static int unpack_zstd(const unsigned char *p, size_t n, size_t max,
		       size_t *used, struct sbuf *out, struct kerr *err)
{
	size_t skip = 0, fsz, r;
	unsigned long long csz;

	/* skippable frames first (ours, or anyone's) */
	while (n - skip >= 8 && (get_le(p + skip, 4) & 0xFFFFFFF0U) ==
					(ZS_MAGIC & 0xFFFFFFF0U)) {
		uint64_t l = get_le(p + skip + 4, 4);
		if (l > n - skip - 8) {
			kerr_set(err, "a zstd frame cut after %zu bytes", n);
			return -1;
		}
		skip += 8 + (size_t)l;
	}
	fsz = ZSTD_findFrameCompressedSize(p + skip, n - skip);
	if (ZSTD_isError(fsz)) {
		kerr_set(err, "%s",
			 n - skip < 4 || codec_of_magic(p + skip, n - skip) ==
						 CODEC_ZSTD
				 ? "a zstd frame cut short"
				 : "damaged zstd data");
		return -1;
	}
	csz = ZSTD_getFrameContentSize(p + skip, fsz);
	if (csz == ZSTD_CONTENTSIZE_ERROR || csz == ZSTD_CONTENTSIZE_UNKNOWN) {
		kerr_set(
			err, "%s",
			csz == ZSTD_CONTENTSIZE_UNKNOWN
				? "a zstd frame without its size (not written by kmemtop)"
				: "damaged zstd data");
		return -1;
	}
	if (csz > max) {
		kerr_set(err, "a snapshot larger than %zu MiB", max >> 20);
		return -2;
	}
	xgrow((void **)&out->s, &out->cap, out->len + (size_t)csz + 1, 1);
	r = ZSTD_decompress(out->s + out->len, (size_t)csz, p + skip, fsz);
	if (ZSTD_isError(r)) {
		kerr_set(err, "damaged zstd data: %s", ZSTD_getErrorName(r));
		return -1;
	}
	out->len += r;
	out->s[out->len] = '\0';
	*used = skip + fsz;
	return 0;
}

int codec_unpack(enum codec c, const unsigned char *p, size_t n, size_t max,
		 size_t *used, struct sbuf *out, struct kerr *err)
{
	if (max > CODEC_UNIT_MAX)
		max = CODEC_UNIT_MAX;
	if (c == CODEC_GZIP)
		return unpack_gzip(p, n, max, used, out, err);
	if (c == CODEC_ZSTD)
		return unpack_zstd(p, n, max, used, out, err);
	if (n > max) {
		kerr_set(err, "a snapshot larger than %zu MiB", max >> 20);
		return -2;
	}
	sbuf_add(out, (const char *)p, n);
	*used = n;
	return 0;
}

size_t codec_resync(enum codec c, const unsigned char *p, size_t n, size_t off)
{
	uint64_t len;
	double t;

	/* candidates by their first byte (memchr: a long run of damage
	 * or zeros costs what reading it does) */
	unsigned char first = c == CODEC_GZIP ? 0x1f : ZS_MAGIC & 0xff;

	for (size_t i = off; i < n; i++) {
		const unsigned char *q = memchr(p + i, first, n - i);
		if (!q)
			break;
		i = (size_t)(q - p);
		if (codec_peek(c, p + i, n - i, &len, &t))
			return i;
	}
	return n;
}

/* ---- scanning another tool's unit, a window at a time ---------------- */

/* The window codec_scan reads the file through: a gzip member's input
 * and output go through one each, a zstd frame's block headers through
 * the first. 64 KiB: a read of the page cache's readahead size, half a
 * zstd block; memory stays at two of them. */
#define SCAN_WINDOW (64 * 1024)

struct scan_win {
	codec_read_fn rd;
	void *ctx;
	unsigned char *b;
	uint64_t at; /* the file offset of b[0] */
	size_t n;
};

/* At least need bytes at off (fewer at the end of the file): a pointer,
 * and the count in *have. */
static const unsigned char *win_get(struct scan_win *w, uint64_t off,
				    size_t need, size_t *have)
{
	if (off < w->at || off + need > w->at + w->n) {
		w->at = off;
		w->n = w->rd(w->ctx, w->b, SCAN_WINDOW, off);
	}
	*have = (size_t)(w->at + w->n - off);
	return w->b + (off - w->at);
}

static void keep_head(struct codec_unit *u, const unsigned char *p, size_t n)
{
	size_t c = sizeof(u->head) - u->hlen;

	if (c > n)
		c = n;
	memcpy(u->head + u->hlen, p, c);
	u->hlen += c;
}

static int scan_gzip(struct scan_win *w, uint64_t off, uint64_t max,
		     struct codec_unit *u, struct kerr *err)
{
	unsigned char *o = xmalloc(SCAN_WINDOW);
	uint64_t pos = off;
	z_stream z;
	int rc = Z_OK, stuck = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + 15) != Z_OK) {
		free(o);
		kerr_set(err, "zlib cannot start");
		return -1;
	}
	while (rc == Z_OK && stuck < 2) {
		size_t have, made;
		uLong in0 = z.total_in;

		if (!z.avail_in) {
			const unsigned char *p =
				win_get(w, pos, SCAN_WINDOW, &have);
			if (!have)
				break; /* the file ends in the member */
			z.next_in = (Bytef *)(uintptr_t)p;
			z.avail_in = (uInt)have;
			pos += have;
		}
		z.next_out = o;
		z.avail_out = SCAN_WINDOW;
		rc = inflate(&z, Z_NO_FLUSH);
		made = SCAN_WINDOW - z.avail_out;
		keep_head(u, o, made);
		u->unpacked += made;
		if (u->unpacked > max)
			break;
		/* no progress twice: damage inflate does not name */
		stuck = made || z.total_in != in0 ? 0 : stuck + 1;
		if (rc == Z_BUF_ERROR)
			rc = Z_OK;
	}
	free(o);
	u->len = z.total_in;
	inflateEnd(&z);
	if (u->unpacked > max) {
		u->len = 0; /* its end not reached */
		kerr_set(err, "a snapshot larger than %llu MiB",
			 (unsigned long long)(max >> 20));
		return -2;
	}
	if (rc == Z_STREAM_END)
		return 0;
	u->len = 0;
	if (rc == Z_OK)
		kerr_set(err, "a gzip member cut after %llu bytes",
			 (unsigned long long)(pos - off));
	else
		kerr_set(err, "damaged gzip data");
	return -1;
}

/* A zstd frame header's length (RFC 8878 3.1.1.1), from its descriptor
 * byte; *sum: a checksum follows the blocks. */
static size_t zstd_header_len(unsigned char d, bool *sum)
{
	static const size_t did[] = { 0, 1, 2, 4 }, fcs[] = { 0, 2, 4, 8 };
	bool single = d & 0x20;

	*sum = d & 0x04;
	return 4 + 1 + !single + did[d & 3] +
	       (d >> 6 ? fcs[d >> 6] : (size_t)single);
}

/* The most a zstd block holds (RFC 8878: 128 KiB). */
#define ZS_BLOCK_MAX (128 * 1024)

static int scan_zstd(struct scan_win *w, uint64_t off, uint64_t max,
		     struct codec_unit *u, struct kerr *err)
{
	uint64_t pos = off, start, csz;
	const unsigned char *p;
	size_t have, hl;
	bool sum, last = false;
	ZSTD_DCtx *d;
	ZSTD_inBuffer in;
	ZSTD_outBuffer out;

	/* skippable frames first (anyone's): each is skipped by its size */
	for (;;) {
		p = win_get(w, pos, 8, &have);
		if (have < 8) {
			kerr_set(err, "a zstd frame cut short");
			return -1;
		}
		if ((get_le(p, 4) & 0xFFFFFFF0U) != (ZS_MAGIC & 0xFFFFFFF0U))
			break;
		pos += 8 + get_le(p + 4, 4);
	}
	start = pos;
	p = win_get(w, pos, 18, &have);
	if (have < 5 || codec_of_magic(p, have) != CODEC_ZSTD) {
		kerr_set(err, "damaged zstd data");
		return -1;
	}
	hl = zstd_header_len(p[4], &sum);
	csz = have >= hl ? ZSTD_getFrameContentSize(p, hl)
			 : ZSTD_CONTENTSIZE_ERROR;
	if (csz == ZSTD_CONTENTSIZE_ERROR || csz == ZSTD_CONTENTSIZE_UNKNOWN) {
		kerr_set(
			err, "%s",
			have < hl ? "a zstd frame cut short"
			: csz == ZSTD_CONTENTSIZE_UNKNOWN
				? "a zstd frame without its size (not written by kmemtop)"
				: "damaged zstd data");
		return -1;
	}
	/* the blocks, by their 3-byte headers: the frame's end */
	pos += hl;
	while (!last) {
		uint64_t bh, size;
		p = win_get(w, pos, 3, &have);
		if (have < 3) {
			kerr_set(err, "a zstd frame cut short");
			return -1;
		}
		bh = get_le(p, 3);
		last = bh & 1;
		size = bh >> 3;
		if ((bh >> 1 & 3) == 3 || size > ZS_BLOCK_MAX) {
			kerr_set(err, "damaged zstd data");
			return -1;
		}
		pos += 3 + ((bh >> 1 & 3) == 1 ? 1 : size); /* RLE: 1 byte */
	}
	pos += sum ? 4 : 0;
	win_get(w, pos - 1, 1, &have);
	if (!have) {
		kerr_set(err, "a zstd frame cut short");
		return -1;
	}
	u->len = pos - off;
	if (csz > max) {
		kerr_set(err, "a snapshot larger than %llu MiB",
			 (unsigned long long)(max >> 20));
		return -2;
	}
	/* the head: the first block or two unpacked, no more */
	d = ZSTD_createDCtx();
	if (!d) {
		u->len = 0;
		kerr_set(err, "zstd cannot start");
		return -1;
	}
	out = (ZSTD_outBuffer){ u->head, sizeof(u->head), 0 };
	for (pos = start; out.pos < out.size && pos < start + u->len;) {
		size_t r, o0 = out.pos;
		p = win_get(w, pos, SCAN_WINDOW, &have);
		if (have > start + u->len - pos)
			have = (size_t)(start + u->len - pos);
		in = (ZSTD_inBuffer){ p, have, 0 };
		r = ZSTD_decompressStream(d, &out, &in);
		if (ZSTD_isError(r)) {
			ZSTD_freeDCtx(d);
			u->len = 0;
			kerr_set(err, "damaged zstd data: %s",
				 ZSTD_getErrorName(r));
			return -1;
		}
		pos += in.pos;
		if (!r || (!in.pos && out.pos == o0))
			break; /* the frame's end, or no progress */
	}
	ZSTD_freeDCtx(d);
	u->hlen = out.pos;
	u->unpacked = out.pos;
	return 0;
}

int codec_scan(enum codec c, codec_read_fn rd, void *ctx, uint64_t off,
	       uint64_t max, struct codec_unit *u, struct kerr *err)
{
	struct scan_win w = { rd, ctx, xmalloc(SCAN_WINDOW), 0, 0 };
	int rc;

	memset(u, 0, sizeof(*u));
	if (max > CODEC_UNIT_MAX)
		max = CODEC_UNIT_MAX;
	rc = c == CODEC_GZIP ? scan_gzip(&w, off, max, u, err)
			     : scan_zstd(&w, off, max, u, err);
	free(w.b);
	return rc;
}
