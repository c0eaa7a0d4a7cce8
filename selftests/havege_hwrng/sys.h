/* SPDX-License-Identifier: GPL-2.0 */
/* sysfs, module loading and environment checks for the selftests. */
#ifndef HH_SYS_H
#define HH_SYS_H

#include <stdbool.h>
#include <stddef.h>

#define SYS_RNG_DIR	"/sys/class/misc/hw_random"
#define SYS_MOD_NAME	"havege_hwrng"
#define SYS_MOD_PARAMS	"/sys/module/havege_hwrng/parameters"
#define SYS_DEV_DIR	"/sys/class/misc/havege_hwrng"

int sys_read(const char *path, char *buf, size_t size);
int sys_write(const char *path, const char *str);
int sys_read_uint(const char *path, unsigned long *val);
int sys_stat(const char *name, unsigned long *val);
bool sys_has_word(const char *text, const char *word);
int sys_rng_listed(const char *name);
int sys_rng_current(char *buf, size_t size);
bool sys_module_loaded(void);
int sys_module_load(void);
int sys_module_load_params(const char *params);
int sys_module_unload(void);
int sys_wait_device(bool present, unsigned int timeout_ms);
int sys_env_check(char *why, size_t size);
bool sys_tainted_by_warn(void);

#endif /* HH_SYS_H */
