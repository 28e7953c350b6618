/* lstat says a regular file (not a link), then the file is opened for
 * writing by name: a link swapped in between is followed. Fixed by
 * O_NOFOLLOW (--fix). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void race_window(void);

int race_op(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
    return -1;
  race_window();
  int fd = open(path, O_WRONLY | O_TRUNC);
  if (fd < 0)
    return -1;
  return close(fd);
}
