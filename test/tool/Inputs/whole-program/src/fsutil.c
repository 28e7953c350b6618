#include <fcntl.h>
#include <sys/stat.h>
#include "fsutil.h"

int util_chmod(const char *path, mode_t mode) { return chmod(path, mode); }

int util_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

int util_create(const char *path) {
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

int util_create_excl(const char *path) {
  return open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
}

int util_fchmod(int fd, mode_t mode) { return fchmod(fd, mode); }

/* Static: another file's function of the same name is another function. */
static int check_it(const char *path) { return access(path, F_OK) == 0; }

int make_checked(const char *path) {
  if (check_it(path))
    return -1;
  return util_create(path);
}
