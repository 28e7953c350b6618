#include <fcntl.h>
#include <unistd.h>
int read_it(const char *path) {
  if (access(path, R_OK) != 0)
    return -1;
  return open(path, O_RDONLY);
}
