#include <fcntl.h>
#include <unistd.h>
int create(const char *path) {
  if (access(path, W_OK) != 0)
    return -1;
  return open(path, O_RDWR);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' writes to 'file'
}
