#include <fcntl.h>
#include "fsutil.h"

/* Recursion across two files: rec_a -> rec_b -> rec_a. */
int rec_a(const char *path, int depth) {
  int fd = open(path, O_WRONLY | O_CREAT, 0600);
  if (fd >= 0 && depth > 0)
    rec_b(path, depth - 1);
  return fd;
}
