#include <fcntl.h>
#include <unistd.h>
int write_it(const char *path) {
  if (access(path, W_OK) != 0)
    return -1;
  return open(path, O_RDWR);
}
