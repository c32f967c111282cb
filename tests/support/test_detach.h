/*
 * test_detach.h - run a test program outside the process tree that started it.
 *
 * listapps puts every process under the topmost App among its ancestors, as Task Manager nests
 * child apps under their launcher. A test started from a console whose window is visible (a
 * user's, or a CI runner's) descends from that App, and so would every fixture it starts: each
 * would be a member of the console's group, with no row of its own, and every "the fixture is
 * listed" assertion would fail for a reason that has nothing to do with the code under test.
 *
 * test_detach_from_launcher() makes the test the root of a tree of its own. Called first thing,
 * it runs this same program again, with the same command line, standard handles, console,
 * environment and token, but with PROC_THREAD_ATTRIBUTE_PARENT_PROCESS naming a stub: a
 * suspended copy of this program that we start a moment earlier, which never runs an
 * instruction and which we end before the copy starts. So the copy's recorded parent is a
 * process that has exited, and the grouping (like Task Manager) stops there: the copy and the
 * fixtures it starts are in no launcher's group, wherever the run began. The caller waits for
 * the copy and exits with its exit code.
 *
 * Why a stub of our own and not some long-lived process that is in no App's group (a service,
 * the shell): the parent attribute also hands the child the parent's token, job and handles.
 * The stub was made by us an instant before, so it has exactly our token (never another user's,
 * never an elevated one), it is in our jobs, and the only handles it can pass on are the three
 * standard handles we put into it for that purpose. The copy differs from an ordinary child
 * only in the parent PID it records. A later process that reuses the stub's PID was created
 * after the copy, so it is not the copy's parent either (la_is_real_parent).
 *
 * The caller holds the copy in a job that kills it when the caller ends, so a test runner that
 * kills the test on a timeout (its process tree, as ctest does, which cannot find the copy by
 * its parent PID) ends the copy and its fixtures too.
 */
#ifndef TEST_DETACH_H
#define TEST_DETACH_H

/* The variable that marks the copy: it holds the PID of the process that started it (decimal),
 * and a program that finds it set runs in place. The copy's children inherit it. */
#define TEST_DETACHED_VARIABLE L"LISTAPPS_TEST_DETACHED"

/* In the program as started: runs the detached copy (see above), waits for it and exits with
 * its exit code; it does not return. In the copy (TEST_DETACHED_VARIABLE set): returns at once.
 * When the copy cannot be started it says why on stderr, in one line, and returns, so the
 * test runs in place as it would have without this call. */
void test_detach_from_launcher(void);

/* The PID of the process this copy was detached from, or 0 when this process is not such a
 * copy. */
unsigned long test_detached_from(void);

/* tests/fixtures/windowed_parent.c, the App the windowed_* tests run a suite under: the title
 * of its window (ASCII), and the variable through which it tells the suite its PID. */
#define TEST_WINDOWED_PARENT_TITLE "listapps tests: an App above the test"
#define TEST_WINDOWED_PARENT_VARIABLE L"LISTAPPS_TEST_WINDOWED_PARENT"

/* The PID of the windowed parent above this process, or 0 when it was not run under one. */
unsigned long test_windowed_parent(void);

#endif
