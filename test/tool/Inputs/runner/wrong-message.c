#include <fcntl.h>
#include <unistd.h>
int create(const char *path) {
  if (access(path, R_OK) != 0)
    return -1;
  return open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' acts on 'file'
}
