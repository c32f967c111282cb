/*
 * The system's process list as NtQuerySystemInformation(SystemProcessInformation) gives it: one
 * call for every process's PID, parent, image name, creation time, CPU times, memory and
 * threads. The process snapshot (process.c) and Task Manager's columns (process_info.c) both
 * read it.
 * https://learn.microsoft.com/windows/win32/api/winternl/nf-winternl-ntquerysysteminformation
 */
#ifndef LA_SYSTEM_PROCESSES_H
#define LA_SYSTEM_PROCESSES_H

#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "win/facts.h"

/* SYSTEM_PROCESS_INFORMATION and SYSTEM_THREAD_INFORMATION as the system lays them out (the
 * SDK's winternl.h hides most members as Reserved). */
typedef struct sys_thread {
  LARGE_INTEGER kernel_time;
  LARGE_INTEGER user_time;
  LARGE_INTEGER create_time;
  ULONG wait_time;
  PVOID start_address;
  HANDLE unique_process;
  HANDLE unique_thread;
  LONG priority;
  LONG base_priority;
  ULONG context_switches;
  ULONG thread_state;
  ULONG wait_reason;
} sys_thread;

typedef struct sys_process {
  ULONG next_entry_offset;
  ULONG thread_count;
  LARGE_INTEGER working_set_private_size;
  ULONG hard_fault_count;
  ULONG thread_count_high_watermark;
  ULONGLONG cycle_time;
  LARGE_INTEGER create_time;
  LARGE_INTEGER user_time;
  LARGE_INTEGER kernel_time;
  struct {
    USHORT length; /* bytes */
    USHORT maximum_length;
    PWSTR buffer;
  } image_name;
  LONG base_priority;
  HANDLE unique_process_id;
  HANDLE inherited_from_unique_process_id;
  ULONG handle_count;
  ULONG session_id;
  ULONG_PTR unique_process_key;
  SIZE_T peak_virtual_size;
  SIZE_T virtual_size;
  ULONG page_fault_count;
  SIZE_T peak_working_set_size;
  SIZE_T working_set_size;
  SIZE_T quota_peak_paged_pool_usage;
  SIZE_T quota_paged_pool_usage;
  SIZE_T quota_peak_non_paged_pool_usage;
  SIZE_T quota_non_paged_pool_usage;
  SIZE_T pagefile_usage;
  SIZE_T peak_pagefile_usage;
  SIZE_T private_page_count;
  LARGE_INTEGER io_counters[6];
} sys_process;

/* The entry after p in a list la_query_system_processes read; NULL after the last. */
const sys_process *la_next_system_process(const sys_process *p);

/* An ntdll function looked up by name; NULL when ntdll has none. */
la_proc_fn la_ntdll_function(const char *name);

/* Reads the system's process list into *buf (malloc'd; its first entry is *buf, the next ones
 * la_next_system_process's). Returns 0, LISTAPPS_ENOMEM, or LISTAPPS_EENUM when the system will not
 * give it, with the Win32 error in *code. */
int la_query_system_processes(void **buf, unsigned long *code);

#endif
