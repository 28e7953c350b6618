#include <fcntl.h>
#include <unistd.h>

int take(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT, 0600);
}
