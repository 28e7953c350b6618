int f(void) { return undeclared_identifier; }
