#include "spoold.h"

#include <sys/stat.h>
#include <unistd.h>

/* Writes a default configuration unless one exists. Between stat() and
   fopen() an attacker can plant a symlink named config_path. */
int write_default_config(const char *config_path) {
  struct stat st;
  if (stat(config_path, &st) == 0)
    return 0;
  FILE *f = fopen(config_path, "w");
  if (!f)
    return -1;
  fputs("workers = 4\n", f);
  return fclose(f);
}

/* The daemon runs as root and trusts only a configuration that root owns
   and no one else may write. The check is about the file stat() saw, not
   necessarily the one fopen() opens. */
FILE *open_config(const char *config_path) {
  struct stat st;
  if (stat(config_path, &st) != 0 || st.st_uid != 0 ||
      (st.st_mode & (S_IWGRP | S_IWOTH)))
    return NULL;
  return fopen(config_path, "r");
}
