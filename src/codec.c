/*
 * codec.c - gzip members and zstd frames, one per snapshot, with
 * kmemtop's index entry in front (codec.h).
 *
 * zlib and libzstd do the compression; this file only frames it.
 */
#include "codec.h"

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

static int unpack_gzip(const unsigned char *p, size_t n, size_t *used,
		       struct sbuf *out, struct kerr *err)
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
		if (out->len - start > CODEC_UNIT_MAX)
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
		kerr_set(err, "a snapshot larger than %lu MiB",
			 CODEC_UNIT_MAX >> 20);
	else if (z.avail_in == 0)
		kerr_set(err, "a gzip member cut after %zu bytes", n);
	else
		kerr_set(err, "damaged gzip data");
	out->len = start;
	out->s[out->len] = '\0';
	return -1;
}

static int unpack_zstd(const unsigned char *p, size_t n, size_t *used,
		       struct sbuf *out, struct kerr *err)
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
	if (csz == ZSTD_CONTENTSIZE_ERROR || csz == ZSTD_CONTENTSIZE_UNKNOWN ||
	    csz > CODEC_UNIT_MAX) {
		kerr_set(
			err, "%s",
			csz == ZSTD_CONTENTSIZE_UNKNOWN
				? "a zstd frame without its size (not written by kmemtop)"
			: csz == ZSTD_CONTENTSIZE_ERROR
				? "damaged zstd data"
				: "a snapshot larger than 256 MiB");
		return -1;
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

int codec_unpack(enum codec c, const unsigned char *p, size_t n, size_t *used,
		 struct sbuf *out, struct kerr *err)
{
	if (c == CODEC_GZIP)
		return unpack_gzip(p, n, used, out, err);
	if (c == CODEC_ZSTD)
		return unpack_zstd(p, n, used, out, err);
	sbuf_add(out, (const char *)p, n);
	*used = n;
	return 0;
}

size_t codec_resync(enum codec c, const unsigned char *p, size_t n, size_t off)
{
	uint64_t len;
	double t;

	for (size_t i = off; i < n; i++)
		if (codec_peek(c, p + i, n - i, &len, &t))
			return i;
	return n;
}
