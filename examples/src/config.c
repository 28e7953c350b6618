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

/* The permission check says nothing about the file fopen() will open. */
FILE *open_config(const char *config_path) {
  if (access(config_path, R_OK) != 0)
    return NULL;
  return fopen(config_path, "r");
}
