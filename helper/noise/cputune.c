// SPDX-License-Identifier: GPL-2.0
/*
 * cputune.c: find the L1 cache sizes the collector sizes itself to.
 *
 * Sources, lowest priority first: the compiled default, cpuid (Intel
 * deterministic cache parameters, leaf 4; AMD L1 descriptors, leaf
 * 0x80000005), sysfs (cpuN/cache/indexM/{level,type,size}) and the
 * command line.  A later source overwrites a value only when it actually
 * knows it, so a partial sysfs still leaves cpuid's answer for the rest.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cputune.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define CPUTUNE_MAX_SUBLEAF	32U	/* leaf 4 lists far fewer caches */
#define CPUTUNE_MAX_INDEX	32U	/* same for sysfs indexN */

enum cputune_type {
	CPUTUNE_TYPE_NONE = 0,
	CPUTUNE_TYPE_DATA = 1,
	CPUTUNE_TYPE_INSN = 2,
	CPUTUNE_TYPE_UNIFIED = 3,
};

static const char *const cputune_src_names[] = {
	[CPUTUNE_SRC_DEFAULT] = "default",
	[CPUTUNE_SRC_CPUID] = "cpuid",
	[CPUTUNE_SRC_SYSFS] = "sysfs",
	[CPUTUNE_SRC_OPTION] = "option",
};

/**
 * cputune_src_name() - printable name of a tuning source
 * @src: the source
 *
 * Return: "default", "cpuid", "sysfs", "option", or "?" when out of range.
 */
const char *cputune_src_name(enum cputune_src src)
{
	if ((unsigned int)src >= sizeof(cputune_src_names) / sizeof(char *))
		return "?";
	return cputune_src_names[src];
}

/**
 * cputune_defaults() - reset both sizes to the compiled defaults
 * @t: the tuning to reset
 */
void cputune_defaults(struct cputune *t)
{
	t->l1d.kib = CPUTUNE_DEFAULT_L1D_KIB;
	t->l1d.src = CPUTUNE_SRC_DEFAULT;
	t->l1i.kib = CPUTUNE_DEFAULT_L1I_KIB;
	t->l1i.src = CPUTUNE_SRC_DEFAULT;
}

static void cputune_set(struct cputune_value *v, uint32_t kib,
			enum cputune_src src)
{
	if (!kib || kib > CPUTUNE_MAX_KIB)
		return;
	v->kib = kib;
	v->src = src;
}

/* Store a level-1 cache of the given type into the matching value(s). */
static int cputune_take(struct cputune *t, unsigned int level,
			unsigned int type, uint32_t kib, enum cputune_src src)
{
	if (level != 1 || !kib)
		return 0;
	if (type == CPUTUNE_TYPE_DATA || type == CPUTUNE_TYPE_UNIFIED)
		cputune_set(&t->l1d, kib, src);
	if (type == CPUTUNE_TYPE_INSN || type == CPUTUNE_TYPE_UNIFIED)
		cputune_set(&t->l1i, kib, src);
	return 1;
}

/**
 * cputune_decode_leaf4() - decode one Intel leaf 4 (or AMD 0x8000001D)
 * @r: the registers cpuid returned for one subleaf
 * @out: level, type and size in bytes
 *
 * Size = ways * partitions * line size * sets, each stored minus one in
 * EBX[31:22], EBX[21:12], EBX[11:0] and ECX (Intel SDM, CPUID leaf 04H).
 *
 * Return: 0, or -ENOENT when the type field is 0 (no more caches).
 */
int cputune_decode_leaf4(const struct cputune_regs *r,
			 struct cputune_cache *out)
{
	uint64_t ways = ((r->ebx >> 22) & 0x3ffU) + 1;
	uint64_t parts = ((r->ebx >> 12) & 0x3ffU) + 1;
	uint64_t line = (r->ebx & 0xfffU) + 1;
	uint64_t sets = (uint64_t)r->ecx + 1;
	uint64_t bytes = ways * parts * line * sets;

	if ((r->eax & 0x1fU) == CPUTUNE_TYPE_NONE)
		return -ENOENT;
	out->type = r->eax & 0x1fU;
	out->level = (r->eax >> 5) & 0x7U;
	out->bytes = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
	return 0;
}

/**
 * cputune_decode_amd_l1() - decode AMD leaf 0x80000005
 * @r: the registers cpuid returned
 * @l1d_kib: ECX[31:24], L1 data cache size in KiB
 * @l1i_kib: EDX[31:24], L1 instruction cache size in KiB
 *
 * Return: 0, or -ENOENT if both sizes are zero.
 */
int cputune_decode_amd_l1(const struct cputune_regs *r, uint32_t *l1d_kib,
			  uint32_t *l1i_kib)
{
	*l1d_kib = r->ecx >> 24;
	*l1i_kib = r->edx >> 24;
	return (*l1d_kib || *l1i_kib) ? 0 : -ENOENT;
}

/**
 * cputune_cpuid_native() - run the cpuid instruction
 * @ctx: unused
 * @leaf: EAX input
 * @subleaf: ECX input
 * @out: the four output registers
 *
 * Return: 0, or -ENODEV off x86-64 or above the highest supported leaf.
 */
int cputune_cpuid_native(void *ctx, uint32_t leaf, uint32_t subleaf,
			 struct cputune_regs *out)
{
	(void)ctx;
#if defined(__x86_64__)
	unsigned int a, b, c, d;

	if (!__get_cpuid_count(leaf, subleaf, &a, &b, &c, &d))
		return -ENODEV;
	out->eax = a;
	out->ebx = b;
	out->ecx = c;
	out->edx = d;
	return 0;
#else
	(void)leaf;
	(void)subleaf;
	(void)out;
	return -ENODEV;
#endif
}

static int cputune_cpuid_intel(struct cputune *t, cputune_cpuid_fn fn,
			       void *ctx)
{
	struct cputune_cache c;
	struct cputune_regs r;
	uint32_t i;
	int found = 0;

	for (i = 0; i < CPUTUNE_MAX_SUBLEAF; i++) {
		if (fn(ctx, 4, i, &r) < 0 || cputune_decode_leaf4(&r, &c) < 0)
			break;
		found += cputune_take(t, c.level, c.type, c.bytes / 1024,
				      CPUTUNE_SRC_CPUID);
	}
	return found ? 0 : -ENOENT;
}

static int cputune_cpuid_amd(struct cputune *t, cputune_cpuid_fn fn,
			     void *ctx)
{
	struct cputune_regs r;
	uint32_t d, i;

	if (fn(ctx, 0x80000000U, 0, &r) < 0 || r.eax < 0x80000005U)
		return -ENOENT;
	if (fn(ctx, 0x80000005U, 0, &r) < 0 ||
	    cputune_decode_amd_l1(&r, &d, &i) < 0)
		return -ENOENT;
	cputune_set(&t->l1d, d, CPUTUNE_SRC_CPUID);
	cputune_set(&t->l1i, i, CPUTUNE_SRC_CPUID);
	return 0;
}

/**
 * cputune_apply_cpuid() - take the L1 sizes cpuid reports
 * @t: tuning to update
 * @fn: cpuid implementation (cputune_cpuid_native or a recording)
 * @ctx: passed to @fn
 *
 * The vendor string of leaf 0 picks the decoding: "GenuineIntel" uses
 * leaf 4, "AuthenticAMD" and "HygonGenuine" leaf 0x80000005.  Other
 * vendors are tried with leaf 4 when they report it.
 *
 * Return: 0 if cpuid gave a size, -ENODEV without cpuid, -ENOENT if it
 * knew nothing useful.
 */
int cputune_apply_cpuid(struct cputune *t, cputune_cpuid_fn fn, void *ctx)
{
	struct cputune_regs r;
	char vendor[13];

	if (fn(ctx, 0, 0, &r) < 0)
		return -ENODEV;
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	if (!strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine"))
		return cputune_cpuid_amd(t, fn, ctx);
	if (r.eax < 4)
		return -ENOENT;
	return cputune_cpuid_intel(t, fn, ctx);
}

/* KiB per unit of a size suffix, or 0 if @c is none (plain bytes). */
static unsigned long long cputune_suffix(char c)
{
	if (c == 'K' || c == 'k')
		return 1;
	if (c == 'M' || c == 'm')
		return 1024;
	if (c == 'G' || c == 'g')
		return 1024 * 1024;
	return 0;
}

/**
 * cputune_parse_size() - parse a cache size such as "32K" or "1M"
 * @s: the text; a number with an optional K, M or G suffix and newline
 * @kib: the size in KiB (a plain number is taken as bytes)
 *
 * Return: 0, or -EINVAL for anything else or a size under 1 KiB.
 */
int cputune_parse_size(const char *s, uint32_t *kib)
{
	unsigned long long v, mul;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -EINVAL;
	mul = cputune_suffix(*end);
	if (mul)
		end++;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	v = mul ? v * mul : v / 1024;
	if (!v || v > UINT32_MAX)
		return -EINVAL;
	*kib = (uint32_t)v;
	return 0;
}

/* Read the first line of dir/name into buf, without the newline. */
static int cputune_read_attr(const char *dir, const char *name, char *buf,
			     size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	int r = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f))
		r = -EIO;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return r;
}

static unsigned int cputune_type_of(const char *s)
{
	if (!strcmp(s, "Data"))
		return CPUTUNE_TYPE_DATA;
	if (!strcmp(s, "Instruction"))
		return CPUTUNE_TYPE_INSN;
	if (!strcmp(s, "Unified"))
		return CPUTUNE_TYPE_UNIFIED;
	return CPUTUNE_TYPE_NONE;
}

/* One indexN directory: 1 if it was an L1 cache we used, 0 if not. */
static int cputune_sysfs_index(struct cputune *t, const char *dir)
{
	char level[32], type[32], size[32];
	uint32_t kib;

	if (cputune_read_attr(dir, "level", level, sizeof(level)) < 0 ||
	    cputune_read_attr(dir, "type", type, sizeof(type)) < 0 ||
	    cputune_read_attr(dir, "size", size, sizeof(size)) < 0 ||
	    cputune_parse_size(size, &kib) < 0)
		return 0;
	if (strcmp(level, "1"))
		return 0;
	return cputune_take(t, 1, cputune_type_of(type), kib,
			    CPUTUNE_SRC_SYSFS);
}

/**
 * cputune_apply_sysfs() - take the L1 sizes from sysfs
 * @t: tuning to update
 * @root: the cpu directory (CPUTUNE_SYSFS_ROOT, or a fake tree in tests)
 * @cpu: which cpuN to read
 *
 * Unreadable or malformed index directories are skipped.
 *
 * Return: 0 if some L1 size was found, -ENOENT otherwise.
 */
int cputune_apply_sysfs(struct cputune *t, const char *root, unsigned int cpu)
{
	char dir[PATH_MAX];
	unsigned int i;
	int found = 0;

	for (i = 0; i < CPUTUNE_MAX_INDEX; i++) {
		if (snprintf(dir, sizeof(dir), "%s/cpu%u/cache/index%u", root,
			     cpu, i) >= (int)sizeof(dir))
			return -ENAMETOOLONG;
		found += cputune_sysfs_index(t, dir);
	}
	return found ? 0 : -ENOENT;
}

/**
 * cputune_apply_options() - take sizes given on the command line
 * @t: tuning to update
 * @l1d_kib: L1D size in KiB, or 0 when not given
 * @l1i_kib: L1I size in KiB, or 0 when not given
 *
 * Return: 0, or -EINVAL if a given size exceeds CPUTUNE_MAX_KIB.
 */
int cputune_apply_options(struct cputune *t, uint32_t l1d_kib,
			  uint32_t l1i_kib)
{
	if (l1d_kib > CPUTUNE_MAX_KIB || l1i_kib > CPUTUNE_MAX_KIB)
		return -EINVAL;
	cputune_set(&t->l1d, l1d_kib, CPUTUNE_SRC_OPTION);
	cputune_set(&t->l1i, l1i_kib, CPUTUNE_SRC_OPTION);
	return 0;
}

/**
 * cputune_probe() - run every source in priority order
 * @t: result
 * @o: sysfs root, cpu, command-line sizes and cpuid hook (all optional)
 *
 * A source that knows nothing is not an error; only a bad option is.
 *
 * Return: 0, or -EINVAL for an out-of-range command-line size.
 */
int cputune_probe(struct cputune *t, const struct cputune_opts *o)
{
	cputune_cpuid_fn fn = o->cpuid ? o->cpuid : cputune_cpuid_native;

	cputune_defaults(t);
	(void)cputune_apply_cpuid(t, fn, o->cpuid_ctx);
	(void)cputune_apply_sysfs(t, o->sysfs_root ? o->sysfs_root :
				  CPUTUNE_SYSFS_ROOT, o->cpu);
	return cputune_apply_options(t, o->l1d_kib, o->l1i_kib);
}
