// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t

// A C++ file that declares the C library's functions itself, without
// `extern "C"` and without the system headers (as CodeQL's CWE-367 test
// does): a function of the global namespace, not a member and not static,
// whose parameters are the library's, is the library's function whatever
// its linkage. One in a named namespace, a member, or a static function of
// the file is the program's own.

typedef unsigned int mode_t;
struct stat { unsigned st_mode; long st_size; };
struct FILE;
int open(const char *, int, ...);
int stat(const char *, struct stat *);
int access(const char *, int);
FILE *fopen(const char *, const char *);
int fclose(FILE *);
int chmod(const char *, mode_t);
int close(int);
#define O_WRONLY 01
#define O_CREAT 0100
#define O_EXCL 0200
#define F_OK 0

int create_new(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0)
    return -1;
  return open(path, O_WRONLY | O_CREAT, 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'open' creates or truncates 'path' after 'stat' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'stat' checked 'path' here
  // CHECK-FIXES: return open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
}

void write_new(const char *path) {
  if (access(path, F_OK) == 0)
    return;
  FILE *f = fopen(path, "w");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'fopen' creates or truncates 'path' after 'access' checked it at line [[@LINE-3]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'access' checked 'path' here
  // CHECK-FIXES: FILE *f = fopen(path, "wx");
  if (f)
    fclose(f);
}

// The program's own functions of the same names: silent.
namespace app {
int open(const char *, int, ...);
}
struct Store {
  int open(const char *, int);
};

int app_open(const char *path, Store &s) {
  struct stat st;
  if (stat(path, &st) == 0)
    return -1;
  s.open(path, O_WRONLY | O_CREAT);
  return app::open(path, O_WRONLY | O_CREAT, 0600);
}

// A global function whose parameters are not the library's is the
// program's own.
struct Settings;
int chmod(const Settings &, int);
int apply_settings(const char *path, const Settings &s) {
  if (access(path, F_OK) != 0)
    return -1;
  return chmod(s, 0600);
}

static int rmdir(const char *) { return 0; }
int remove_dir(const char *path) {
  if (access(path, F_OK) != 0)
    return -1;
  return rmdir(path);
}
