// RUN: %check_toctou_tidy %s toctou-path-check-then-use %t
// RUN: %expect_exit 1 %toctou_tidy %s --checks='-*,toctou-path-check-then-use' \
// RUN:   --config="{CheckOptions: {toctou-path-check-then-use.ReportRedundantChecks: true}}" -- \
// RUN:   | FileCheck --check-prefix=REDUNDANT --implicit-check-not=warning: %s

// A name fixed in a directory only root can write on every Linux system
// (/etc, /run, /var/lib, /usr/bin..., or a kernel-provided /proc/sys and
// /sys entry): nobody else can swap it between the check and the use, so
// the check is in the lower class, reported only with ReportRedundantChecks
// and saying why. A directory below those (a service's own), /run/lock,
// /var/mail, /usr/local and /tmp are not known to be root's alone.

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define REBOOT_FILE "/run/crond.reboot"

int rebootOnce(void) {
  if (access(REBOOT_FILE, F_OK) == 0)
    return 0;
  return creat(REBOOT_FILE, 0644);
}
// REDUNDANT: root-only-directories.c:[[@LINE-2]]:10: warning: 'creat' creates or truncates 'REBOOT_FILE' after 'access' checked it at line [[@LINE-4]] (existence: absent); only root can write '/run', the directory that holds it: nobody else can change it in between [toctou-path-check-then-use]

int trustedConfig(void) {
  static const char config_file[] = "/etc/app.conf";
  struct stat st;
  if (stat(config_file, &st) != 0 || st.st_uid != 0 || (st.st_mode & 022))
    return -1;
  FILE *f = fopen(config_file, "r");
  return f != NULL;
}
// REDUNDANT: root-only-directories.c:[[@LINE-3]]:13: warning: 'fopen' reads 'config_file' after 'stat' checked it at line [[@LINE-5]] (property st_uid, mode bits); only root can write '/etc', the directory that holds it: nobody else can change it in between [toctou-path-check-then-use]

int kernelSetting(void) {
  struct stat st;
  if (stat("/proc/sys/net/ipv4/ip_forward", &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  return open("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_TRUNC);
}
// REDUNDANT: root-only-directories.c:[[@LINE-2]]:10: warning: 'open' {{.*}} only root can write '/proc/sys/net/ipv4', the directory that holds it: nobody else can change it in between [toctou-path-check-then-use]

// Reported: directories others can write, or that a service may own.
int tmpLock(void) {
  if (access("/tmp/app.lock", F_OK) == 0)
    return 0;
  return creat("/tmp/app.lock", 0644);
  // CHECK-FIXES: return open("/tmp/app.lock", O_WRONLY | O_CREAT | O_EXCL, 0644);
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'creat' creates or truncates '"/tmp/app.lock"' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}
// REDUNDANT: root-only-directories.c:[[@LINE-4]]:10: warning: 'creat' creates or truncates '"/tmp/app.lock"'

int runLock(void) {
  if (access("/run/lock/app", F_OK) == 0)
    return 0;
  return creat("/run/lock/app", 0644);
  // CHECK-FIXES: return open("/run/lock/app", O_WRONLY | O_CREAT | O_EXCL, 0644);
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'creat' creates or truncates '"/run/lock/app"' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}
// REDUNDANT: root-only-directories.c:[[@LINE-4]]:10: warning: 'creat' creates or truncates '"/run/lock/app"'

int serviceDirectory(void) {
  if (access("/var/lib/app/state", F_OK) == 0)
    return 0;
  return creat("/var/lib/app/state", 0644);
  // CHECK-FIXES: return open("/var/lib/app/state", O_WRONLY | O_CREAT | O_EXCL, 0644);
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'creat' creates or truncates '"/var/lib/app/state"' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}
// REDUNDANT: root-only-directories.c:[[@LINE-4]]:10: warning: 'creat' creates or truncates '"/var/lib/app/state"'

// A name that is not fixed: a variable the code may change.
int notFixed(const char *name) {
  const char *p = "/etc/app.conf";
  if (name)
    p = name;
  if (access(p, F_OK) == 0)
    return 0;
  return creat(p, 0644);
  // CHECK-FIXES: return open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: 'creat' creates or truncates 'p' after 'access' checked it at line [[@LINE-4]] (existence: absent); another process can create it or plant a symbolic link there in between [toctou-path-check-then-use]
}
// REDUNDANT: root-only-directories.c:[[@LINE-4]]:10: warning: 'creat' creates or truncates 'p'
