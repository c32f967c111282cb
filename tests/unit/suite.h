/* Each unit test file defines the one suite its executable runs. */
#ifndef LA_TEST_SUITE_H
#define LA_TEST_SUITE_H

#include <check.h>

Suite *la_test_suite(void);

#endif
