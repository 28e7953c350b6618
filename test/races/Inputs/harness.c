/* The victim side of a race: calls race_op(PATH) ITERATIONS times and, after
 * each call, looks whether VICTIM (a file the attacker must not be able to
 * change) was changed: its content, mode or owner. Each change is counted
 * and undone. Prints "<count> of <iterations>".
 *
 * race_op is the code under test, in its own file (the flagged form, or the
 * same file after toctou-tidy's fix-it); race_window() is what it calls
 * between the check and the use, a pause that makes the window wide enough
 * to lose in a bounded number of tries.
 *
 * usage: harness PATH VICTIM ITERATIONS
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int race_op(const char *path);

void race_window(void) {
  struct timespec ts = {0, 20000}; /* 20 microseconds */
  nanosleep(&ts, NULL);
}

static const char Original[] = "the victim's own content\n";

static int victim_changed(int dir, const char *name, const struct stat *was) {
  struct stat now;
  char buf[sizeof Original + 16];
  if (fstatat(dir, name, &now, AT_SYMLINK_NOFOLLOW) != 0)
    return 1;
  if (now.st_mode != was->st_mode || now.st_uid != was->st_uid ||
      now.st_gid != was->st_gid || now.st_size != was->st_size)
    return 1;
  int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW);
  if (fd < 0)
    return 1;
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  return n != (ssize_t)(sizeof Original - 1) ||
         memcmp(buf, Original, sizeof Original - 1) != 0;
}

static void restore(int dir, const char *name, const struct stat *was) {
  int fd = openat(dir, name, O_WRONLY | O_TRUNC | O_NOFOLLOW);
  if (fd >= 0) {
    if (write(fd, Original, sizeof Original - 1) < 0)
      perror("restore");
    if (fchmod(fd, was->st_mode & 07777) != 0 ||
        fchown(fd, was->st_uid, was->st_gid) != 0)
      perror("restore");
    close(fd);
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: harness PATH VICTIM ITERATIONS\n");
    return 2;
  }
  const char *path = argv[1];
  const char *victim = argv[2];
  long iterations = strtol(argv[3], NULL, 10);
  /* The victim is looked at through its directory, never by a name an
   * attacker could redirect. */
  char *slash = strrchr(victim, '/');
  if (!slash)
    return 2;
  *slash = '\0';
  int dir = open(victim, O_RDONLY | O_DIRECTORY);
  const char *name = slash + 1;
  int fd = dir < 0 ? -1
                   : openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
                            0644);
  if (fd < 0 || write(fd, Original, sizeof Original - 1) < 0 ||
      fchmod(fd, 0644) != 0) {
    perror("victim");
    return 2;
  }
  close(fd);
  struct stat was;
  if (fstatat(dir, name, &was, AT_SYMLINK_NOFOLLOW) != 0)
    return 2;
  long changed = 0;
  for (long i = 0; i < iterations; ++i) {
    race_op(path);
    if (victim_changed(dir, name, &was)) {
      ++changed;
      restore(dir, name, &was);
    }
  }
  printf("%ld of %ld\n", changed, iterations);
  return 0;
}
