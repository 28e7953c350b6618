/* A file created (exclusively), then its mode set by name while it is
 * still open: the name can be swapped for a link in between (CERT
 * FIO01-C). Fixed by fchmod on the descriptor (--fix-notes). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void race_window(void);

int race_op(const char *path) {
  unlink(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    return -1;
  race_window();
  chmod(path, 0666);
  return close(fd);
}
