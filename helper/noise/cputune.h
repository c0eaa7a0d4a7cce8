/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cputune.h: L1 data and instruction cache sizes for the collector.
 *
 * Each size comes from the highest-priority source that knows it:
 * compiled default < cpuid < sysfs < command-line option.  The winning
 * source is kept next to each value so the daemon can report it.
 *
 * The cpuid decoding works on recorded register values (struct
 * cputune_regs) and the cpuid instruction sits behind a function pointer,
 * so tests can replay Intel and AMD register dumps on any machine.
 */
#ifndef HAVEGE_CPUTUNE_H
#define HAVEGE_CPUTUNE_H

#include <stdint.h>

#define CPUTUNE_DEFAULT_L1D_KIB	32U
#define CPUTUNE_DEFAULT_L1I_KIB	32U
#define CPUTUNE_MAX_KIB		4096U	/* sanity bound for any L1 size */
#define CPUTUNE_SYSFS_ROOT	"/sys/devices/system/cpu"

enum cputune_src {
	CPUTUNE_SRC_DEFAULT,
	CPUTUNE_SRC_CPUID,
	CPUTUNE_SRC_SYSFS,
	CPUTUNE_SRC_OPTION,
};

struct cputune_value {
	uint32_t kib;
	enum cputune_src src;
};

struct cputune {
	struct cputune_value l1d;
	struct cputune_value l1i;
};

struct cputune_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Executes (or replays) cpuid; returns 0, or -ENODEV if there is none. */
typedef int (*cputune_cpuid_fn)(void *ctx, uint32_t leaf, uint32_t subleaf,
				struct cputune_regs *out);

/* What one cache descriptor (Intel leaf 4 / AMD 0x8000001D) says. */
struct cputune_cache {
	unsigned int level;
	unsigned int type;	/* 1 data, 2 instruction, 3 unified */
	uint32_t bytes;
};

struct cputune_opts {
	const char *sysfs_root;	/* NULL: CPUTUNE_SYSFS_ROOT */
	unsigned int cpu;	/* which cpuN directory to read */
	uint32_t l1d_kib;	/* 0: not given on the command line */
	uint32_t l1i_kib;
	cputune_cpuid_fn cpuid;	/* NULL: cputune_cpuid_native */
	void *cpuid_ctx;
};

const char *cputune_src_name(enum cputune_src src);
void cputune_defaults(struct cputune *t);
int cputune_decode_leaf4(const struct cputune_regs *r,
			 struct cputune_cache *out);
int cputune_decode_amd_l1(const struct cputune_regs *r, uint32_t *l1d_kib,
			  uint32_t *l1i_kib);
int cputune_cpuid_native(void *ctx, uint32_t leaf, uint32_t subleaf,
			 struct cputune_regs *out);
int cputune_apply_cpuid(struct cputune *t, cputune_cpuid_fn fn, void *ctx);
int cputune_parse_size(const char *s, uint32_t *kib);
int cputune_apply_sysfs(struct cputune *t, const char *root, unsigned int cpu);
int cputune_apply_options(struct cputune *t, uint32_t l1d_kib,
			  uint32_t l1i_kib);
int cputune_probe(struct cputune *t, const struct cputune_opts *o);

#endif /* HAVEGE_CPUTUNE_H */
