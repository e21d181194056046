/* assert() prints the failed expression on the console and aborts. */
#ifndef _TOCK_ASSERT_H
#define _TOCK_ASSERT_H

__attribute__((noreturn)) void __tock_assert_fail(const char *expr, const char *file,
                                                  int line, const char *func);

#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __tock_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
