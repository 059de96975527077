/* PLACEHOLDER main, replaced shortly. */
#include "book.h"
int main(void) { return 0; }
