/* Calls no helper: first wave, with the helpers. */
#include <stdio.h>

void hello(void) { puts("hello"); }
