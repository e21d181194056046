/* One CUnit suite from a table of tests, run in verbose mode: what every unit-test main()
 * needs. The table ends with {NULL, NULL}. */
#ifndef UNIT_RUN_H
#define UNIT_RUN_H

#include <CUnit/Basic.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
};

/* Returns 0 when every test passed, 1 when one failed, 2 when the registry could not be
 * built. setup and teardown run around each test and may be NULL. */
static inline int unit_run(const char *suite_name, const struct unit_test *tests,
                           void (*setup)(void), void (*teardown)(void))
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite s = CU_add_suite_with_setup_and_teardown(suite_name, NULL, NULL, setup, teardown);
    for (const struct unit_test *t = tests; s && t->name; t++)
        if (!CU_add_test(s, t->name, t->fn))
            s = NULL;
    if (!s) {
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

#endif
