/*
 * bench_strings.h - strings shared by bench.rc and the benchmark's C sources, so the version
 * resource and the check that every method found the hosts agree on the exact bytes. windres
 * reads this file too: keep it to plain #define lines.
 */
#ifndef LISTAPPS_BENCH_STRINGS_H
#define LISTAPPS_BENCH_STRINGS_H

/* The hosts' FileDescription, the name every method must find for each host process. */
#define BENCH_HOST_DESCRIPTION "listapps benchmark host"

#endif
