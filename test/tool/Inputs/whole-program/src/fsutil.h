#ifndef FSUTIL_H
#define FSUTIL_H
#include <sys/types.h>
#include <unistd.h>

int util_chmod(const char *path, mode_t mode);
int util_exists(const char *path);
int util_create(const char *path);
int util_create_excl(const char *path);
int util_fchmod(int fd, mode_t mode);
int layer2_exists(const char *path);
int layer3_exists(const char *path);
int rec_a(const char *path, int n);
int rec_b(const char *path, int n);

/* A helper defined in the header: every unit that includes it has it. */
static inline int header_exists(const char *path) {
  return access(path, F_OK) == 0;
}
#endif
