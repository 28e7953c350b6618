/* Check that the name is free, then create it: a symbolic link planted in
 * between makes the open write through it. Fixed by O_EXCL (--fix). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

void race_window(void);

int race_op(const char *path) {
  unlink(path);
  if (access(path, F_OK) == 0)
    return -1;
  race_window();
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return -1;
  const char data[] = "written by the victim program\n";
  if (write(fd, data, sizeof data - 1) < 0) {
    close(fd);
    return -1;
  }
  return close(fd);
}
