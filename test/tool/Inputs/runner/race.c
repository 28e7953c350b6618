#include <fcntl.h>
#include <unistd.h>
int create(const char *path) {
  if (access(path, F_OK) == 0)
    return -1;
  return open(path, O_CREAT | O_WRONLY, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or writes to 'path'
  // CHECK-FIXES: return open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);
}
