/* kv_trusted: reader.c built with read permission for kv_writer's id. */
#define READER "kv_trusted"
#include "reader.c"
