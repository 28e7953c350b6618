/* Helpers every other file calls; alphabetically last, so a run in the
   database's order would analyze every caller before their summaries. */
#include <fcntl.h>
#include <sys/stat.h>

int util_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

int util_create(const char *path) {
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}
