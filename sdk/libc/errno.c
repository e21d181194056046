/* The one errno of the process (apps are single-threaded). */
#include <errno.h>

int errno;
