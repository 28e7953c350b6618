/* spoold: a toy spool daemon with the mistakes toctou-tidy finds. */
#ifndef SPOOLD_H
#define SPOOLD_H

#include <stdio.h>

int acquire_lock(const char *lock_path);
int acquire_lock_safely(const char *lock_path);
int write_default_config(const char *config_path);
FILE *open_config(const char *config_path);
int enqueue(const char *spool_dir, const char *job, const char *payload);
int wait_for_slot(const char *slot_path);

#endif
