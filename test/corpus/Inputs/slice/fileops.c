/* Shapes of the Debian corpus (test/corpus/TRIAGE.md), written here: the
   true positives the corpus has and the false-positive patterns it taught.
   Analyzed by test/corpus/slice.test on every CI run. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* coreutils' dirchownmod: stat by name when there is no descriptor. */
int dir_chown(int fd, const char *dir, uid_t owner, gid_t group) {
  struct stat st;
  int result = fd < 0 ? stat(dir, &st) : fstat(fd, &st);
  if (result != 0 || !S_ISDIR(st.st_mode))
    return -1;
  if (owner != st.st_uid || group != st.st_gid)
    result = 0 <= fd ? fchown(fd, owner, group) : chown(dir, owner, group);
  return result;
}

/* dpkg's archive restore: the name is absent, so the backup is moved in. */
int restore_backup(const char *name, const char *tmpname) {
  struct stat st;
  if (lstat(name, &st) != 0)
    return rename(tmpname, name);
  return 0;
}

/* PostgreSQL's temporary-file removal: an entry that is not a directory is
   unlinked (not reported: unlink acts on the entry itself). */
void remove_tree(const char *path);
void remove_entries(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *de;
  char path[4096];
  while (d && (de = readdir(d)) != NULL) {
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (lstat(path, &st) < 0)
      continue;
    if (S_ISDIR(st.st_mode))
      remove_tree(path);
    else
      unlink(path);
  }
  if (d)
    closedir(d);
}

/* OpenSSH's subprocess: the helper's permissions checked, then run. */
int run_helper(char *const av[]) {
  struct stat st;
  if (stat(av[0], &st) == -1 || st.st_uid != 0 || (st.st_mode & 022) != 0)
    return -1;
  return execv(av[0], av);
}

/* Not reported: dpkg's method scripts (the buffer rebuilt through a
   pointer into it), sftp-server's rename (a type test of the entry picks
   link or rename), a single-threaded option named like an epoch. */
FILE *method_options(const char *base) {
  char *pathbuf = malloc(strlen(base) + 64);
  strcpy(pathbuf, base);
  char *pathinmeth = pathbuf + strlen(base);
  strcpy(pathinmeth, "/install");
  if (access(pathbuf, R_OK | X_OK))
    return NULL;
  strcpy(pathinmeth, "/names");
  return fopen(pathbuf, "r");
}

int move_entry(const char *oldpath, const char *newpath) {
  struct stat sb;
  if (lstat(oldpath, &sb) == -1)
    return -1;
  if (S_ISREG(sb.st_mode))
    return link(oldpath, newpath);
  return rename(oldpath, newpath);
}

static int version = 1;
void save_setting(int);
void parse_option(int value) {
  if (version > 0)
    save_setting(value);
  version = value;
}
