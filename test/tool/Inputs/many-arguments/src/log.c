// A variadic function of another file, called with more than 64 arguments.
#include <stdarg.h>
int log_all(int n, ...) {
  va_list ap;
  va_start(ap, n);
  va_end(ap);
  return n;
}
