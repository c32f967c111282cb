/*
 * The columns read through a handle to each process of a row's group: GDI and USER objects
 * (GetGuiResources), network bytes (ProcessNetworkIoCounters) and the GPU's engines and memory
 * (D3DKMTQueryStatistics, gdi32's kernel thunks looked up at run time, the adapters read once
 * per listing as System Informer's ExtendedTools gpumon.c reads them). GPU and Network are
 * sampled: a first reading, the handle kept, a second reading --interval later. And whether a
 * packaged process is frozen, for Status. Each value that cannot be had keeps its state.
 */
#ifndef WIN32_LEAN_AND_MEAN
#  define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/utf.h"
#include "win/facts.h"
#include "win/system_processes.h"

typedef LONG(NTAPI *query_process_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);

/* ------------------------------------------------------------------------------------------ */
/* Frozen: PROCESS_EXTENDED_BASIC_INFORMATION through ProcessBasicInformation (its size says
 * which form is asked for).
 * https://learn.microsoft.com/windows/win32/api/winternl/nf-winternl-ntqueryinformationprocess and
 * phnt's ntpsapi.h for the flags. */

#define LA_PROCESS_BASIC_INFORMATION 0
#define LA_EXTENDED_BASIC_IS_FROZEN 0x10u

typedef struct extended_basic_information {
  SIZE_T size;
  LONG exit_status;
  PVOID peb;
  ULONG_PTR affinity;
  LONG base_priority;
  ULONG_PTR pid;
  ULONG_PTR parent_pid;
  ULONG flags;
} extended_basic_information;

void la_read_frozen(void *process, int *state, int *frozen) {
  query_process_fn query = (query_process_fn)la_ntdll_function("NtQueryInformationProcess");
  extended_basic_information x;

  memset(&x, 0, sizeof x);
  x.size = sizeof x;
  *frozen = 0;
  /* Windows 8 and later answer the extended form; older systems and Wine refuse its size. */
  if (query == NULL || query(process, LA_PROCESS_BASIC_INFORMATION, &x, sizeof x, NULL) < 0 ||
      x.size != sizeof x) {
    *state = LISTAPPS_VALUE_UNSUPPORTED;
    return;
  }
  *frozen = (x.flags & LA_EXTENDED_BASIC_IS_FROZEN) != 0;
  *state = LISTAPPS_VALUE_PRESENT;
}

/* ------------------------------------------------------------------------------------------ */
/* D3DKMT: the x64 layouts of the WDK's d3dkmthk.h, as far as they are read here. */

typedef LONG(APIENTRY *kmt_fn)(void *);

typedef struct kmt_adapter_info {
  UINT adapter;
  LUID luid;
  ULONG sources;
  BOOL precise_present;
} kmt_adapter_info;

typedef struct kmt_enum_adapters2 {
  ULONG count;
  kmt_adapter_info *adapters;
} kmt_enum_adapters2;

typedef struct kmt_query_adapter_info {
  UINT adapter;
  UINT type;
  void *data;
  UINT size;
} kmt_query_adapter_info;

#define LA_KMTQAITYPE_NODEMETADATA 25

typedef struct kmt_node_metadata {
  UINT node_and_adapter; /* MAKEWORD(node, 0) */
  UINT engine_type;      /* DXGK_ENGINE_TYPE */
  WCHAR friendly_name[32];
  UINT flags;
  BOOLEAN gpu_mmu;
  BOOLEAN io_mmu;
} kmt_node_metadata;

/* D3DKMT_QUERYSTATISTICS: 0x328 bytes on x64; the result is a union of 0x308 bytes at 0x18 and
 * the query's parameter follows it at 0x320. */
typedef struct kmt_statistics {
  UINT type;
  LUID luid;
  HANDLE process;
  union {
    struct {
      ULONG segments;
      ULONG nodes;
    } adapter;
    struct {
      ULONGLONG running_time; /* 100 ns units */
    } process_node;
    struct {
      ULONGLONG budget;
      ULONGLONG requested;
      ULONGLONG usage;
    } process_segment_group;
    BYTE bytes[0x308];
  } result;
  ULONG parameter; /* the node, segment or segment group asked about */
  ULONG pad;
} kmt_statistics;

typedef char kmt_statistics_size_check[sizeof(kmt_statistics) == 0x328 ? 1 : -1];

#define LA_KMT_STATISTICS_ADAPTER 0
#define LA_KMT_STATISTICS_PROCESS_NODE 6
#define LA_KMT_STATISTICS_PROCESS_SEGMENT_GROUP 9
#define LA_KMT_SEGMENT_GROUP_LOCAL 0
#define LA_KMT_SEGMENT_GROUP_NON_LOCAL 1
#define LA_MAX_ADAPTERS 16

typedef struct gpu_adapter {
  LUID luid;
  unsigned nodes;
  unsigned first_engine; /* its first node's index in la_facts.gpu_engines */
} gpu_adapter;

struct la_handle_sample {
  HANDLE *handles; /* per f->procs, kept open between the two readings; NULL when not */
  size_t count;
  unsigned needs;
  kmt_fn query_statistics;
  gpu_adapter adapters[LA_MAX_ADAPTERS];
  size_t adapter_count;
  LARGE_INTEGER started;
  unsigned long own_session;
  int network; /* the system answers ProcessNetworkIoCounters */
};

static const char *engine_type_name(UINT type) {
  static const char *const names[] = {
      "Other",          "3D",   "Video Decode", "Video Encode", "Video Processing",
      "Scene Assembly", "Copy", "Overlay",      "Crypto"};
  return type < sizeof names / sizeof names[0] ? names[type] : "Other";
}

/* The name of node i of an adapter: the driver's friendly name, else its engine type's. */
static char *node_name(kmt_fn query_info, UINT adapter, unsigned node) {
  kmt_node_metadata m;
  kmt_query_adapter_info q;
  char *name = NULL;

  memset(&m, 0, sizeof m);
  m.node_and_adapter = MAKEWORD(node, 0);
  q.adapter = adapter;
  q.type = LA_KMTQAITYPE_NODEMETADATA;
  q.data = &m;
  q.size = sizeof m;
  if (query_info(&q) >= 0) {
    size_t n = 0;
    while (n < 32 && m.friendly_name[n] != 0) n++;
    if (n > 0 && la_utf16_to_utf8((const uint16_t *)m.friendly_name, n, &name, NULL) != 0)
      return NULL;
    if (name != NULL) return name;
    return la_strdup(engine_type_name(m.engine_type));
  }
  return la_strdup("Other");
}

/* The adapters and their engines, once per listing, into f->gpu_engines and s->adapters.
 * Unsupported where gdi32 lacks D3DKMTEnumAdapters2 or D3DKMTQueryAdapterInfo (Windows 7, Wine
 * 8), or where no adapter reports an engine (Wine's D3DKMTQueryStatistics is a stub that fills
 * nothing). */
static int read_gpu_engines(la_facts *f, la_handle_sample *s, la_error *e) {
  HMODULE gdi32 = GetModuleHandleW(L"gdi32.dll");
  kmt_fn enum_adapters = NULL;
  kmt_fn query_info = NULL;
  kmt_fn close_adapter = NULL;
  kmt_adapter_info adapters[LA_MAX_ADAPTERS];
  kmt_enum_adapters2 list;
  size_t i;
  int err = 0;

  f->gpu_state = LISTAPPS_VALUE_UNSUPPORTED;
  if (gdi32 == NULL) gdi32 = LoadLibraryW(L"gdi32.dll");
  if (gdi32 != NULL) {
    enum_adapters = (kmt_fn)(la_proc_fn)GetProcAddress(gdi32, "D3DKMTEnumAdapters2");
    query_info = (kmt_fn)(la_proc_fn)GetProcAddress(gdi32, "D3DKMTQueryAdapterInfo");
    close_adapter = (kmt_fn)(la_proc_fn)GetProcAddress(gdi32, "D3DKMTCloseAdapter");
    s->query_statistics = (kmt_fn)(la_proc_fn)GetProcAddress(gdi32, "D3DKMTQueryStatistics");
  }
  if (enum_adapters == NULL || query_info == NULL || close_adapter == NULL ||
      s->query_statistics == NULL)
    return 0;
  memset(adapters, 0, sizeof adapters);
  list.count = LA_MAX_ADAPTERS;
  list.adapters = adapters;
  if (enum_adapters(&list) < 0) return 0;
  f->gpu_engines = calloc(LA_GPU_MAX_ENGINES, sizeof *f->gpu_engines);
  if (f->gpu_engines == NULL) err = la_fail_nomem(e);
  for (i = 0; i < list.count && i < LA_MAX_ADAPTERS; i++) {
    kmt_statistics q;
    unsigned node;
    memset(&q, 0, sizeof q);
    q.type = LA_KMT_STATISTICS_ADAPTER;
    q.luid = adapters[i].luid;
    if (err == 0 && s->query_statistics(&q) >= 0 && q.result.adapter.nodes > 0) {
      gpu_adapter *a = &s->adapters[s->adapter_count];
      a->luid = adapters[i].luid;
      a->first_engine = (unsigned)f->gpu_engine_count;
      for (node = 0; node < q.result.adapter.nodes && f->gpu_engine_count < LA_GPU_MAX_ENGINES;
           node++) {
        la_gpu_engine *g = &f->gpu_engines[f->gpu_engine_count];
        g->adapter = (unsigned)s->adapter_count;
        g->node = node;
        g->name = node_name(query_info, adapters[i].adapter, node);
        if (g->name == NULL) {
          err = la_fail_nomem(e);
          break;
        }
        f->gpu_engine_count++;
        a->nodes++;
      }
      if (a->nodes > 0) s->adapter_count++;
    }
    close_adapter(&adapters[i].adapter);
  }
  if (err == 0 && f->gpu_engine_count > 0) f->gpu_state = LISTAPPS_VALUE_PRESENT;
  return err;
}

/* One reading of every engine's running time for one process. */
static int read_gpu_times(const la_handle_sample *s, HANDLE process, uint64_t *times) {
  size_t a;

  for (a = 0; a < s->adapter_count; a++) {
    unsigned node;
    for (node = 0; node < s->adapters[a].nodes; node++) {
      kmt_statistics q;
      memset(&q, 0, sizeof q);
      q.type = LA_KMT_STATISTICS_PROCESS_NODE;
      q.luid = s->adapters[a].luid;
      q.process = process;
      q.parameter = node;
      if (s->query_statistics(&q) < 0) return 0;
      times[s->adapters[a].first_engine + node] = q.result.process_node.running_time;
    }
  }
  return 1;
}

/* Dedicated and shared GPU memory: the local and non-local segment groups' usage (WDDM 2.1,
 * Windows 10 1607), summed over the adapters, as Task Manager's Details columns show them. */
static int read_gpu_memory(const la_handle_sample *s, HANDLE process, la_process_info *info) {
  size_t a;

  info->gpu_dedicated = 0;
  info->gpu_shared = 0;
  for (a = 0; a < s->adapter_count; a++) {
    int group;
    for (group = LA_KMT_SEGMENT_GROUP_LOCAL; group <= LA_KMT_SEGMENT_GROUP_NON_LOCAL; group++) {
      kmt_statistics q;
      memset(&q, 0, sizeof q);
      q.type = LA_KMT_STATISTICS_PROCESS_SEGMENT_GROUP;
      q.luid = s->adapters[a].luid;
      q.process = process;
      q.parameter = (ULONG)group;
      if (s->query_statistics(&q) < 0) return 0;
      if (group == LA_KMT_SEGMENT_GROUP_LOCAL)
        info->gpu_dedicated += q.result.process_segment_group.usage;
      else
        info->gpu_shared += q.result.process_segment_group.usage;
    }
  }
  return 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Network: ProcessNetworkIoCounters (class 114, Windows 11 24H2), as System Informer's
 * procprv.c reads it (PhGetProcessNetworkIoCounters, only from WINDOWS_11_24H2). */

#define LA_PROCESS_NETWORK_IO_COUNTERS 114
#define LA_BUILD_WINDOWS_11_24H2 26100u

typedef struct network_counters {
  ULONG64 bytes_in;
  ULONG64 bytes_out;
} network_counters;

static int system_has_network_counters(void) {
  typedef LONG(WINAPI * get_version_fn)(OSVERSIONINFOW *);
  get_version_fn get = (get_version_fn)la_ntdll_function("RtlGetVersion");
  OSVERSIONINFOW v;

  memset(&v, 0, sizeof v);
  v.dwOSVersionInfoSize = sizeof v;
  return get != NULL && get(&v) == 0 && v.dwMajorVersion == 10 &&
         v.dwBuildNumber >= LA_BUILD_WINDOWS_11_24H2;
}

static int read_network(HANDLE process, uint64_t *bytes) {
  query_process_fn query = (query_process_fn)la_ntdll_function("NtQueryInformationProcess");
  network_counters n;

  memset(&n, 0, sizeof n);
  if (query == NULL || query(process, LA_PROCESS_NETWORK_IO_COUNTERS, &n, sizeof n, NULL) < 0)
    return 0;
  *bytes = n.bytes_in + n.bytes_out;
  return 1;
}

/* ------------------------------------------------------------------------------------------ */

/* The state of a value read through a handle that failed: gone, or not let in. */
static int call_failure_state(HANDLE process) {
  DWORD exit_code = 0;
  if (GetExitCodeProcess(process, &exit_code) && exit_code != STILL_ACTIVE)
    return LISTAPPS_VALUE_EXITED;
  return LISTAPPS_VALUE_DENIED;
}

/* GetGuiResources counts only the caller's session's processes (its documentation: "The handle
 * must refer to a process in the current session"); Wine's is a stub that fails with
 * ERROR_CALL_NOT_IMPLEMENTED. */
static void read_gui_objects(HANDLE process, unsigned long session, unsigned long own_session,
                             la_process_info *info) {
  DWORD gdi;
  DWORD user;
  DWORD code;

  if (session != own_session) {
    info->gui_state = LISTAPPS_VALUE_UNSUPPORTED;
    return;
  }
  SetLastError(0);
  gdi = GetGuiResources(process, GR_GDIOBJECTS);
  code = gdi == 0 ? GetLastError() : 0;
  if (code == 0) {
    user = GetGuiResources(process, GR_USEROBJECTS);
    code = user == 0 ? GetLastError() : 0;
  }
  if (code == ERROR_CALL_NOT_IMPLEMENTED || code == ERROR_NOT_SUPPORTED) {
    info->gui_state = LISTAPPS_VALUE_UNSUPPORTED;
  } else if (code != 0) {
    info->gui_state =
        code == ERROR_ACCESS_DENIED ? LISTAPPS_VALUE_DENIED : call_failure_state(process);
  } else {
    info->gdi_objects = gdi;
    info->user_objects = user;
    info->gui_state = LISTAPPS_VALUE_PRESENT;
  }
}

/* Every reading needs asks for gets state (the process could not be opened). */
static void set_states(unsigned needs, int state, la_process_info *info) {
  if (needs & LA_NEED_GUI_OBJECTS) info->gui_state = state;
  if (needs & LA_NEED_NETWORK) info->network_state = state;
  if (needs & LA_NEED_GPU) info->gpu_state = state;
  if (needs & LA_NEED_GPU_MEMORY) info->gpu_memory_state = state;
}

/* One sampled reading (0 or 1) of GPU and Network through an open handle. */
static void read_sampled(const la_handle_sample *s, HANDLE process, int reading, la_facts *f,
                         la_process_info *info) {
  if ((s->needs & LA_NEED_NETWORK) && info->network_state == LISTAPPS_VALUE_PRESENT) {
    if (read_network(process, &info->network_bytes[reading]))
      info->network_seen[reading] = 1;
    else if (reading == 0)
      info->network_state = call_failure_state(process);
  }
  if ((s->needs & LA_NEED_GPU) && info->gpu_state == LISTAPPS_VALUE_PRESENT && info->gpu_time) {
    if (read_gpu_times(s, process, info->gpu_time + (size_t)reading * f->gpu_engine_count))
      info->gpu_seen[reading] = 1;
    else if (reading == 0)
      info->gpu_state = call_failure_state(process);
  }
}

int la_handle_columns_start(la_facts *f, unsigned needs, const unsigned char *wanted,
                            la_handle_sample **out, la_error *e, la_list_stats *stats) {
  la_handle_sample *s;
  DWORD own_session = 0;
  size_t i;
  int err = 0;

  *out = NULL;
  needs &= LA_NEED_THROUGH_HANDLE;
  if (needs == 0 || f->info == NULL) return 0;
  s = calloc(1, sizeof *s);
  if (s == NULL) return la_fail_nomem(e);
  s->needs = needs;
  s->count = f->proc_count;
  s->handles = calloc(f->proc_count > 0 ? f->proc_count : 1, sizeof *s->handles);
  if (s->handles == NULL) {
    free(s);
    return la_fail_nomem(e);
  }
  *out = s;
  ProcessIdToSessionId(GetCurrentProcessId(), &own_session);
  s->own_session = own_session;
  s->network = (needs & LA_NEED_NETWORK) && system_has_network_counters();
  if (needs & (LA_NEED_GPU | LA_NEED_GPU_MEMORY)) err = read_gpu_engines(f, s, e);
  QueryPerformanceCounter(&s->started);
  for (i = 0; i < f->proc_count && err == 0; i++) {
    la_process_info *info = &f->info[i];
    HANDLE process;

    if (!wanted[i]) continue;
    /* Supported until a call says otherwise. */
    set_states(needs, LISTAPPS_VALUE_PRESENT, info);
    if ((needs & LA_NEED_NETWORK) && !s->network) info->network_state = LISTAPPS_VALUE_UNSUPPORTED;
    if ((needs & LA_NEED_GPU) && f->gpu_state != LISTAPPS_VALUE_PRESENT)
      info->gpu_state = f->gpu_state;
    if ((needs & LA_NEED_GPU_MEMORY) && f->gpu_state != LISTAPPS_VALUE_PRESENT)
      info->gpu_memory_state = f->gpu_state;
    if ((needs & LA_NEED_GPU) && info->gpu_state == LISTAPPS_VALUE_PRESENT &&
        (info->gpu_time = calloc(2 * f->gpu_engine_count, sizeof *info->gpu_time)) == NULL) {
      err = la_fail_nomem(e);
      break;
    }
    /* Nothing this system can give: no handle. */
    if (!((needs & LA_NEED_GUI_OBJECTS) || info->network_state == LISTAPPS_VALUE_PRESENT ||
          info->gpu_state == LISTAPPS_VALUE_PRESENT ||
          info->gpu_memory_state == LISTAPPS_VALUE_PRESENT))
      continue;
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)f->procs[i].pid);
    if (stats != NULL) stats->probes++;
    if (process == NULL) {
      int state = la_open_failure_state(GetLastError());
      if ((needs & LA_NEED_GUI_OBJECTS)) info->gui_state = state;
      if (info->network_state == LISTAPPS_VALUE_PRESENT) info->network_state = state;
      if (info->gpu_state == LISTAPPS_VALUE_PRESENT) info->gpu_state = state;
      if (info->gpu_memory_state == LISTAPPS_VALUE_PRESENT) info->gpu_memory_state = state;
      continue;
    }
    if (needs & LA_NEED_GUI_OBJECTS)
      read_gui_objects(process, f->procs[i].session_id, s->own_session, info);
    if (info->gpu_memory_state == LISTAPPS_VALUE_PRESENT && !read_gpu_memory(s, process, info))
      info->gpu_memory_state = call_failure_state(process);
    read_sampled(s, process, 0, f, info);
    if (info->network_state == LISTAPPS_VALUE_PRESENT || info->gpu_state == LISTAPPS_VALUE_PRESENT)
      s->handles[i] = process;
    else
      CloseHandle(process);
  }
  return err;
}

void la_handle_sample_started(const la_handle_sample *s, void *started) {
  *(LARGE_INTEGER *)started = s->started;
}

void la_handle_columns_finish(la_facts *f, la_handle_sample *s) {
  LARGE_INTEGER now;
  LARGE_INTEGER frequency;
  size_t i;

  for (i = 0; i < s->count && i < f->proc_count; i++)
    if (s->handles[i] != NULL) read_sampled(s, s->handles[i], 1, f, &f->info[i]);
  QueryPerformanceFrequency(&frequency);
  QueryPerformanceCounter(&now);
  f->handle_interval =
      (uint64_t)((double)(now.QuadPart - s->started.QuadPart) * 1e7 / (double)frequency.QuadPart);
}

void la_handle_sample_free(la_handle_sample *s) {
  size_t i;

  if (s == NULL) return;
  for (i = 0; i < s->count; i++)
    if (s->handles[i] != NULL) CloseHandle(s->handles[i]);
  free(s->handles);
  free(s);
}
