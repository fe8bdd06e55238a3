/* ---- winsection export-c runtime, part 1: values, printing, memory access, calls ---- */
#define WIN32_LEAN_AND_MEAN
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
#include <windows.h>
#include <sddl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <io.h>
#include <fcntl.h>
#ifdef _MSC_VER
#pragma comment(lib, "advapi32.lib")
#endif
#ifdef __GNUC__
#pragma GCC diagnostic ignored "-Wunused-function" /* the runtime serves every scenario */
#endif

#define WS_S 512
#define WS_J 1024 /* a typed JSON value: SECTION_IMAGE_INFORMATION's 17 fields need ~600 bytes */
#define WS_MAX_ACCESS 0x4000000ULL /* 64 MiB: scenarios touch at most this much at once */
#ifndef STATUS_GUARD_PAGE_VIOLATION
#define STATUS_GUARD_PAGE_VIOLATION ((DWORD)0x80000001L)
#endif

/* The native structures the NT calls fill, as ntdll writes them on x64 (the SDK's winternl.h
   lacks them or declares them only in part): SECTION_BASIC_INFORMATION and
   SECTION_IMAGE_INFORMATION (Wine include/winternl.h; NtQuerySection), and
   PUBLIC_OBJECT_BASIC_INFORMATION (winternl.h, Microsoft Learn NtQueryObject). Addresses and
   sizes are integers here, so that every field reads the same way. */
typedef struct {
    ULONG_PTR BaseAddress;
    ULONG AllocationAttributes;
    LONGLONG MaximumSize;
} WS_SECTION_BASIC_INFORMATION;
typedef struct {
    ULONG_PTR TransferAddress;
    ULONG ZeroBits;
    SIZE_T MaximumStackSize;
    SIZE_T CommittedStackSize;
    ULONG SubSystemType;
    USHORT SubSystemMinorVersion;
    USHORT SubSystemMajorVersion;
    USHORT MajorOperatingSystemVersion;
    USHORT MinorOperatingSystemVersion;
    USHORT ImageCharacteristics;
    USHORT DllCharacteristics;
    USHORT Machine;
    BOOLEAN ImageContainsCode;
    UCHAR ImageFlags;
    ULONG LoaderFlags;
    ULONG ImageFileSize;
    ULONG CheckSum;
} WS_SECTION_IMAGE_INFORMATION;
typedef struct {
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG Reserved[10];
} WS_OBJECT_BASIC_INFORMATION;
#ifdef _WIN64
/* The sizes ntdll checks the buffer length against (STATUS_INFO_LENGTH_MISMATCH). */
typedef char ws_sbi_is_24_bytes[sizeof(WS_SECTION_BASIC_INFORMATION) == 24 ? 1 : -1];
typedef char ws_sii_is_64_bytes[sizeof(WS_SECTION_IMAGE_INFORMATION) == 64 ? 1 : -1];
typedef char ws_obi_is_56_bytes[sizeof(WS_OBJECT_BASIC_INFORMATION) == 56 ? 1 : -1];
#endif

enum { WS_INT, WS_BYTES, WS_MBI, WS_SI, WS_SBI, WS_SII, WS_OBI };
typedef struct {
    int kind;
    uint64_t n;
    unsigned char *b;
    size_t len;
    MEMORY_BASIC_INFORMATION mbi;
    SYSTEM_INFO si;
    WS_SECTION_BASIC_INFORMATION sbi;
    WS_SECTION_IMAGE_INFORMATION sii;
    WS_OBJECT_BASIC_INFORMATION obi;
} Val;

/* What a statement did: the fields of winsection's trace records. */
enum { WS_R_VALUE, WS_R_EXPECT, WS_R_UNHANDLED, WS_R_EXIT, WS_R_NOTRUN, WS_R_PROCESS, WS_R_DUMP,
       WS_R_MACHINE };
typedef struct {
    int kind, held, has_value, has_le, le_unchanged, has_result, has_left, has_right, has_detail, nouts;
    uint64_t value;
    uint32_t exit_code, pid;
    char result[WS_S], last_error[64], left[WS_S], right[WS_S], detail[WS_S], exception[256];
    char op[8]; /* a failed comparison's operator; empty for a value expectation */
    char out_var[4][64], out_val[4][WS_S];
    /* The typed JSON forms of left, right and the out values (winsection's trace_value.rs). */
    char left_json[WS_J], right_json[WS_J], out_json[4][WS_J];
    /* The exception, structured: code, name, access ("" if none), address (if has_address). */
    int has_exc, exc_has_address;
    uint32_t exc_code;
    uint64_t exc_address;
    char exc_name[64], exc_access[8];
} WsRec;

/* Return kinds (winsection's Ret). */
enum { R_HANDLE, R_FILEHANDLE, R_ADDRESS, R_BOOL, R_COUNT, R_WAIT, R_DWORD, R_ERRORCODE, R_INT,
       R_VOID, R_STATUS };
/* Out value display (winsection's OutKind::show; O_HANDLE prints as O_HEX, typed a handle). */
enum { O_DEC, O_HEX, O_PROT, O_HANDLE, O_OTHER };
/* Expectation annotations. */
enum { A_NONE, A_ERROR, A_PROT };

/* One scenario statement: what it is, whose it is, and the code that performs it. */
enum { S_MACHINE, S_PROCESS, S_ACT, S_DUMP };
typedef struct {
    int kind, line, proc, parent;
    const char *text;
    void (*fn)(void);
    const char *raises; /* `expect ... raises X`: X */
    int host_dependent; /* compares a handle value or address with a literal */
} WsStmt;

static Val ws_vars[WS_NVARS + 1];
static int ws_isset[WS_NVARS + 1];
static DWORD ws_pids[WS_NPROCS + 1];
static WCHAR ws_scratch[MAX_PATH];
static WsRec ws_rec;

/* The last function call: its return kind, value, last error and out values. */
static int ws_nc_ret, ws_nc_nouts;
static uint64_t ws_nc_val, ws_nc_fail;
static DWORD ws_nc_le;
static int ws_nc_le_unchanged; /* the call left the last error as it was (WS_LE_PROBE) */
/* Written as the last error just before a call (winsection's LAST_ERROR_PROBE): bit 29 marks
   an application-defined code, which Windows never sets, so if it is still there after the
   call, the call did not write the last error and the previous value is put back. */
#define WS_LE_PROBE 0x20005EC7UL
static char ws_nc_out_var[4][64], ws_nc_out_val[4][WS_S], ws_nc_out_json[4][WS_J];

/* How a statement stopped early: 1 a memory access faulted, 2 it cannot run. */
static volatile int ws_stop_kind, ws_armed;
static char ws_stop_reason[WS_S];
static DWORD ws_fault_code;
static uint64_t ws_fault_addr;
static int ws_fault_write;
#ifdef _MSC_VER
static jmp_buf ws_jmp;
#define WS_SETJMP() setjmp(ws_jmp)
#define WS_LONGJMP() longjmp(ws_jmp, 1)
#else
static void *ws_jmp[5];
#define WS_SETJMP() __builtin_setjmp(ws_jmp)
#define WS_LONGJMP() __builtin_longjmp(ws_jmp, 1)
#endif

static void ws_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void ws_notrun(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ws_stop_reason, sizeof ws_stop_reason, fmt, ap);
    va_end(ap);
    ws_stop_kind = 2;
    WS_LONGJMP();
}

static Val ws_int(uint64_t n)
{
    Val v;
    memset(&v, 0, sizeof v);
    v.kind = WS_INT;
    v.n = n;
    return v;
}

static Val ws_bytes(const void *p, size_t len)
{
    Val v;
    memset(&v, 0, sizeof v);
    v.kind = WS_BYTES;
    v.b = (unsigned char *)malloc(len + 1);
    if (!v.b) ws_notrun("out of memory");
    if (len) memcpy(v.b, p, len);
    v.b[len] = 0;
    v.len = len;
    return v;
}

static uint64_t ws_n(Val v) { return v.kind == WS_INT ? v.n : 0; }

static Val ws_getvar(int i)
{
    if (!ws_isset[i])
        ws_notrun("variable `%s` was never set (the statement that sets it did not run)",
                  ws_var_names[i]);
    return ws_vars[i];
}

static void ws_setvar(int i, Val v)
{
    ws_vars[i] = v;
    ws_isset[i] = 1;
}

/* ---- printing, as winsection's value.rs / calls.rs print ---- */

static void ws_show_int(uint64_t v, char *out)
{
    if (v < 10) sprintf(out, "%llu", (unsigned long long)v);
    else sprintf(out, "0x%llx", (unsigned long long)v);
}

static const char *ws_error_name(DWORD code, char *buf)
{
    size_t i;
    for (i = 0; i < sizeof ws_errors / sizeof ws_errors[0]; i++)
        if (ws_errors[i].code == code) return ws_errors[i].name;
    sprintf(buf, "ERROR_%lu", (unsigned long)code);
    return buf;
}

/* An NTSTATUS as winsection's Ret::Status prints it: STATUS_SUCCESS, a STATUS_* name the
   engine uses, or 0x%08x. */
static const char *ws_status_name(uint32_t code, char *buf)
{
    size_t i;
    if (code == 0) return "STATUS_SUCCESS";
    for (i = 0; i < sizeof ws_statuses / sizeof ws_statuses[0]; i++)
        if (ws_statuses[i].code == code) return ws_statuses[i].name;
    sprintf(buf, "0x%08lx", (unsigned long)code);
    return buf;
}

static void ws_show_prot(uint32_t p, char *out)
{
    const char *base;
    if (p == 0) { strcpy(out, "0"); return; }
    switch (p & 0xff) {
    case PAGE_NOACCESS: base = "PAGE_NOACCESS"; break;
    case PAGE_READONLY: base = "PAGE_READONLY"; break;
    case PAGE_READWRITE: base = "PAGE_READWRITE"; break;
    case PAGE_WRITECOPY: base = "PAGE_WRITECOPY"; break;
    case PAGE_EXECUTE: base = "PAGE_EXECUTE"; break;
    case PAGE_EXECUTE_READ: base = "PAGE_EXECUTE_READ"; break;
    case PAGE_EXECUTE_READWRITE: base = "PAGE_EXECUTE_READWRITE"; break;
    case PAGE_EXECUTE_WRITECOPY: base = "PAGE_EXECUTE_WRITECOPY"; break;
    default: sprintf(out, "0x%lx", (unsigned long)p); return;
    }
    strcpy(out, base);
    if (p & PAGE_GUARD) strcat(out, "|PAGE_GUARD");
    if (p & PAGE_NOCACHE) strcat(out, "|PAGE_NOCACHE");
    if (p & PAGE_WRITECOMBINE) strcat(out, "|PAGE_WRITECOMBINE");
}

static void ws_show_bytes(const unsigned char *b, size_t len, char *out)
{
    size_t i, shown = len < 32 ? len : 32;
    int text = 1;
    char *o = out;
    for (i = 0; i < len; i++)
        if (!((b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\n' || b[i] == '\t')) { text = 0; break; }
    if (text) {
        *o++ = '"';
        for (i = 0; i < shown; i++) {
            unsigned char c = b[i];
            if (c == '"') { *o++ = '\\'; *o++ = '"'; }
            else if (c == '\\') { *o++ = '\\'; *o++ = '\\'; }
            else if (c == '\n') { *o++ = '\\'; *o++ = 'n'; }
            else if (c == '\t') { *o++ = '\\'; *o++ = 't'; }
            else *o++ = (char)c;
        }
        *o++ = '"';
    } else {
        *o++ = 'x';
        *o++ = '"';
        for (i = 0; i < shown; i++) { sprintf(o, "%02x", b[i]); o += 2; }
        *o++ = '"';
    }
    *o = 0;
    if (len > 32) sprintf(o, "... (%llu bytes)", (unsigned long long)len);
}

static void ws_show_mbi(const MEMORY_BASIC_INFORMATION *m, char *out)
{
    char a[32], b[32], c[64], d[32], e[32], f[64], g[32];
    ws_show_int((uint64_t)(uintptr_t)m->BaseAddress, a);
    ws_show_int((uint64_t)(uintptr_t)m->AllocationBase, b);
    ws_show_prot(m->AllocationProtect, c);
    ws_show_int((uint64_t)m->RegionSize, d);
    if (m->State == MEM_COMMIT) strcpy(e, "MEM_COMMIT");
    else if (m->State == MEM_RESERVE) strcpy(e, "MEM_RESERVE");
    else if (m->State == MEM_FREE) strcpy(e, "MEM_FREE");
    else ws_show_int(m->State, e);
    ws_show_prot(m->Protect, f);
    if (m->Type == MEM_MAPPED) strcpy(g, "MEM_MAPPED");
    else if (m->Type == MEM_PRIVATE) strcpy(g, "MEM_PRIVATE");
    else if (m->Type == MEM_IMAGE) strcpy(g, "MEM_IMAGE");
    else ws_show_int(m->Type, g);
    sprintf(out, "{BaseAddress: %s, AllocationBase: %s, AllocationProtect: %s, RegionSize: %s, "
                 "State: %s, Protect: %s, Type: %s}", a, b, c, d, e, f, g);
}

/* The native structures, as winsection's value.rs prints them. */
static void ws_show_nt(const Val *v, char *out)
{
    char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
    if (v->kind == WS_SBI) {
        ws_show_int((uint64_t)v->sbi.BaseAddress, a);
        ws_show_int(v->sbi.AllocationAttributes, b);
        ws_show_int((uint64_t)v->sbi.MaximumSize, c);
        sprintf(out, "{BaseAddress: %s, AllocationAttributes: %s, MaximumSize: %s}", a, b, c);
    } else if (v->kind == WS_OBI) {
        ws_show_int(v->obi.GrantedAccess, a);
        sprintf(out, "{Attributes: %lu, GrantedAccess: %s, HandleCount: %lu, PointerCount: %lu}",
                (unsigned long)v->obi.Attributes, a, (unsigned long)v->obi.HandleCount,
                (unsigned long)v->obi.PointerCount);
    } else {
        ws_show_int((uint64_t)v->sii.TransferAddress, a);
        ws_show_int(v->sii.ImageCharacteristics, b);
        ws_show_int(v->sii.DllCharacteristics, c);
        ws_show_int(v->sii.Machine, d);
        ws_show_int(v->sii.ImageFlags, e);
        ws_show_int(v->sii.ImageFileSize, f);
        sprintf(g, "%lu", (unsigned long)v->sii.SubSystemType);
        sprintf(out, "{TransferAddress: %s, SubSystemType: %s, ImageCharacteristics: %s, "
                     "DllCharacteristics: %s, Machine: %s, ImageContainsCode: %u, ImageFlags: %s, "
                     "ImageFileSize: %s}", a, g, b, c, d, (unsigned)v->sii.ImageContainsCode, e, f);
    }
}

static void ws_show(Val v, char *out)
{
    char a[32], b[32], c[32], d[32];
    switch (v.kind) {
    case WS_INT: ws_show_int(v.n, out); break;
    case WS_BYTES: ws_show_bytes(v.b, v.len, out); break;
    case WS_MBI: ws_show_mbi(&v.mbi, out); break;
    case WS_SBI: case WS_SII: case WS_OBI: ws_show_nt(&v, out); break;
    default:
        ws_show_int(v.si.dwPageSize, a);
        ws_show_int(v.si.dwAllocationGranularity, b);
        ws_show_int((uint64_t)(uintptr_t)v.si.lpMinimumApplicationAddress, c);
        ws_show_int((uint64_t)(uintptr_t)v.si.lpMaximumApplicationAddress, d);
        sprintf(out, "{dwPageSize: %s, dwAllocationGranularity: %s, lpMinimumApplicationAddress: %s, "
                     "lpMaximumApplicationAddress: %s, dwNumberOfProcessors: %lu}",
                a, b, c, d, (unsigned long)v.si.dwNumberOfProcessors);
    }
}

static void ws_json_val(Val v, int handle, const char *name, char *out);

/* A side of a failed expectation, typed: an error code or protection named. */
static void ws_json_ann(Val v, int ann, char *out)
{
    char x[80];
    if (v.kind == WS_INT && ann == A_ERROR) ws_json_val(v, 0, ws_error_name((DWORD)v.n, x), out);
    else if (v.kind == WS_INT && ann == A_PROT) {
        ws_show_prot((uint32_t)v.n, x);
        ws_json_val(v, 0, x, out);
    } else {
        ws_json_val(v, 0, NULL, out);
    }
}

static void ws_show_ann(Val v, int ann, char *out)
{
    char n[32], x[80];
    if (v.kind == WS_INT && ann == A_ERROR) {
        ws_show_int(v.n, n);
        sprintf(out, "%s (%s)", n, ws_error_name((DWORD)v.n, x));
    } else if (v.kind == WS_INT && ann == A_PROT) {
        ws_show_int(v.n, n);
        ws_show_prot((uint32_t)v.n, x);
        sprintf(out, "%s (%s)", n, x);
    } else {
        ws_show(v, out);
    }
}

static int ws_ret_failed(int ret, uint64_t v, uint64_t fail)
{
    switch (ret) {
    case R_HANDLE: case R_ADDRESS: case R_BOOL: case R_COUNT: return v == 0;
    case R_FILEHANDLE: return v == UINT64_MAX;
    case R_WAIT: return v == (uint64_t)WAIT_FAILED;
    case R_DWORD: return v == fail;
    default: return 0;
    }
}

static void ws_show_ret(int ret, uint64_t v, uint64_t fail, char *out)
{
    char e[64];
    switch (ret) {
    case R_HANDLE: case R_ADDRESS: case R_FILEHANDLE:
        if (v == 0 && ret != R_FILEHANDLE) strcpy(out, "NULL");
        else if (v == UINT64_MAX && ret == R_FILEHANDLE) strcpy(out, "INVALID_HANDLE_VALUE");
        else if (ret != R_ADDRESS && v >= 0xFFFFFFFFFFFF0000ULL)
            sprintf(out, "(HANDLE)-%llu", (unsigned long long)(0 - v));
        else sprintf(out, "0x%llx", (unsigned long long)v);
        break;
    case R_BOOL: strcpy(out, v ? "TRUE" : "FALSE"); break;
    case R_COUNT: sprintf(out, "%llu", (unsigned long long)v); break;
    case R_WAIT:
        if (v == WAIT_OBJECT_0) strcpy(out, "WAIT_OBJECT_0");
        else if (v == WAIT_ABANDONED) strcpy(out, "WAIT_ABANDONED");
        else if (v == WAIT_TIMEOUT) strcpy(out, "WAIT_TIMEOUT");
        else if (v == WAIT_FAILED) strcpy(out, "WAIT_FAILED");
        else ws_show_int(v, out);
        break;
    case R_DWORD:
        if (v == fail) ws_show_int(v, out);
        else sprintf(out, "%llu", (unsigned long long)v);
        break;
    case R_ERRORCODE: strcpy(out, ws_error_name((DWORD)v, e)); break;
    case R_STATUS: strcpy(out, ws_status_name((uint32_t)v, e)); break;
    case R_INT: ws_show_int(v, out); break;
    default: strcpy(out, "(void)");
    }
}

/* ---- typed JSON values, as winsection's trace_value.rs writes them ---- */

/* A 64-bit number: a JSON number up to 2^53 - 1, a decimal string above (printer::js_u64). */
static int ws_json_u64(char *out, uint64_t v)
{
    return sprintf(out, v > 9007199254740991ULL ? "\"%llu\"" : "%llu", (unsigned long long)v);
}

/* A native structure as {"struct":"TYPE","fields":{...}}: every field, in the struct's order
   (winsection's trace_value.rs writes all fields of these, value.rs names them). */
static void ws_json_nt(const Val *v, char *out)
{
    const char *type, *names[17];
    uint64_t nums[17];
    int n = 0, i;
    char *o = out;
#define WS_F(name, value) (names[n] = name, nums[n++] = (uint64_t)(value))
    if (v->kind == WS_SBI) {
        type = "SECTION_BASIC_INFORMATION";
        WS_F("BaseAddress", v->sbi.BaseAddress);
        WS_F("AllocationAttributes", v->sbi.AllocationAttributes);
        WS_F("MaximumSize", v->sbi.MaximumSize);
    } else if (v->kind == WS_OBI) {
        type = "OBJECT_BASIC_INFORMATION";
        WS_F("Attributes", v->obi.Attributes);
        WS_F("GrantedAccess", v->obi.GrantedAccess);
        WS_F("HandleCount", v->obi.HandleCount);
        WS_F("PointerCount", v->obi.PointerCount);
    } else {
        type = "SECTION_IMAGE_INFORMATION";
        WS_F("TransferAddress", v->sii.TransferAddress);
        WS_F("ZeroBits", v->sii.ZeroBits);
        WS_F("MaximumStackSize", v->sii.MaximumStackSize);
        WS_F("CommittedStackSize", v->sii.CommittedStackSize);
        WS_F("SubSystemType", v->sii.SubSystemType);
        WS_F("SubSystemMinorVersion", v->sii.SubSystemMinorVersion);
        WS_F("SubSystemMajorVersion", v->sii.SubSystemMajorVersion);
        WS_F("MajorOperatingSystemVersion", v->sii.MajorOperatingSystemVersion);
        WS_F("MinorOperatingSystemVersion", v->sii.MinorOperatingSystemVersion);
        WS_F("ImageCharacteristics", v->sii.ImageCharacteristics);
        WS_F("DllCharacteristics", v->sii.DllCharacteristics);
        WS_F("Machine", v->sii.Machine);
        WS_F("ImageContainsCode", v->sii.ImageContainsCode);
        WS_F("ImageFlags", v->sii.ImageFlags);
        WS_F("LoaderFlags", v->sii.LoaderFlags);
        WS_F("ImageFileSize", v->sii.ImageFileSize);
        WS_F("CheckSum", v->sii.CheckSum);
    }
#undef WS_F
    o += sprintf(o, "{\"struct\":\"%s\",\"fields\":{", type);
    for (i = 0; i < n; i++) {
        o += sprintf(o, "%s\"%s\":", i ? "," : "", names[i]);
        o += ws_json_u64(o, nums[i]);
    }
    strcpy(o, "}}");
}

/* {"int":N[,"name":"NAME"]}, {"handle":N}, {"bytes":"HEX","len":N} (at most the first 64 bytes
   in hex) or {"struct":"TYPE","fields":{...}} (the fields the text form shows). `name` holds
   no character JSON escapes (constant names only). Needs at most ~800 bytes (WS_J). */
static void ws_json_val(Val v, int handle, const char *name, char *out)
{
    char *o = out;
    size_t i;
    switch (v.kind) {
    case WS_INT:
        o += sprintf(o, handle ? "{\"handle\":" : "{\"int\":");
        o += ws_json_u64(o, v.n);
        /* A name that is only a number (a protection of 0 prints as `0`) is left out. */
        if (name && !handle && name[0] >= 'A' && name[0] <= 'Z')
            o += sprintf(o, ",\"name\":\"%s\"", name);
        strcpy(o, "}");
        break;
    case WS_BYTES:
        o += sprintf(o, "{\"bytes\":\"");
        for (i = 0; i < v.len && i < 64; i++) o += sprintf(o, "%02x", v.b[i]);
        sprintf(o, "\",\"len\":%llu}", (unsigned long long)v.len);
        break;
    case WS_MBI:
        o += sprintf(o, "{\"struct\":\"MEMORY_BASIC_INFORMATION\",\"fields\":{\"BaseAddress\":");
        o += ws_json_u64(o, (uint64_t)(uintptr_t)v.mbi.BaseAddress);
        o += sprintf(o, ",\"AllocationBase\":");
        o += ws_json_u64(o, (uint64_t)(uintptr_t)v.mbi.AllocationBase);
        o += sprintf(o, ",\"AllocationProtect\":%lu,\"RegionSize\":", (unsigned long)v.mbi.AllocationProtect);
        o += ws_json_u64(o, (uint64_t)v.mbi.RegionSize);
        sprintf(o, ",\"State\":%lu,\"Protect\":%lu,\"Type\":%lu}}", (unsigned long)v.mbi.State,
                (unsigned long)v.mbi.Protect, (unsigned long)v.mbi.Type);
        break;
    case WS_SBI: case WS_SII: case WS_OBI: ws_json_nt(&v, out); break;
    default:
        o += sprintf(o, "{\"struct\":\"SYSTEM_INFO\",\"fields\":{\"dwPageSize\":%lu,"
                        "\"dwAllocationGranularity\":%lu,\"lpMinimumApplicationAddress\":",
                     (unsigned long)v.si.dwPageSize, (unsigned long)v.si.dwAllocationGranularity);
        o += ws_json_u64(o, (uint64_t)(uintptr_t)v.si.lpMinimumApplicationAddress);
        o += sprintf(o, ",\"lpMaximumApplicationAddress\":");
        o += ws_json_u64(o, (uint64_t)(uintptr_t)v.si.lpMaximumApplicationAddress);
        sprintf(o, ",\"dwNumberOfProcessors\":%lu}}", (unsigned long)v.si.dwNumberOfProcessors);
    }
}

static void ws_json_out(int how, Val v, char *out)
{
    char name[80];
    if (v.kind == WS_INT && how == O_PROT) {
        ws_show_prot((uint32_t)v.n, name);
        ws_json_val(v, 0, name, out);
    } else {
        ws_json_val(v, how == O_HANDLE, NULL, out);
    }
}

static void ws_show_out(int how, Val v, char *out)
{
    if (v.kind == WS_INT && how == O_DEC) sprintf(out, "%llu", (unsigned long long)v.n);
    else if (v.kind == WS_INT && (how == O_HEX || how == O_HANDLE))
        sprintf(out, "0x%llx", (unsigned long long)v.n);
    else if (v.kind == WS_INT && how == O_PROT) ws_show_prot((uint32_t)v.n, out);
    else ws_show(v, out);
}

/* ---- the call note: what the last function call returned ---- */

static void ws_note_call(int ret, uint64_t v, uint64_t fail, DWORD le)
{
    ws_nc_ret = ret;
    ws_nc_val = v;
    ws_nc_fail = fail;
    ws_nc_le = le;
    ws_nc_le_unchanged = 0;
    ws_nc_nouts = 0;
}

static void ws_note_out(const char *var, int how, Val v)
{
    if (ws_nc_nouts >= 4) return;
    ws_copy(ws_nc_out_var[ws_nc_nouts], 64, var);
    ws_show_out(how, v, ws_nc_out_val[ws_nc_nouts]);
    ws_json_out(how, v, ws_nc_out_json[ws_nc_nouts]);
    ws_nc_nouts++;
}

/* ---- records ---- */

static void ws_rec_reset(void)
{
    memset(&ws_rec, 0, sizeof ws_rec);
}

/* A statement whose top is a function call. */
static void ws_rec_call(void)
{
    char e[64];
    int i;
    ws_rec.kind = WS_R_VALUE;
    ws_show_ret(ws_nc_ret, ws_nc_val, ws_nc_fail, ws_rec.result);
    ws_rec.has_value = ws_nc_ret != R_VOID;
    ws_rec.value = ws_nc_val;
    ws_rec.has_le = 1;
    ws_copy(ws_rec.last_error, sizeof ws_rec.last_error, ws_error_name(ws_nc_le, e));
    ws_rec.le_unchanged = ws_nc_le_unchanged;
    if (!ws_ret_failed(ws_nc_ret, ws_nc_val, ws_nc_fail)) {
        for (i = 0; i < ws_nc_nouts; i++) {
            strcpy(ws_rec.out_var[i], ws_nc_out_var[i]);
            strcpy(ws_rec.out_val[i], ws_nc_out_val[i]);
            strcpy(ws_rec.out_json[i], ws_nc_out_json[i]);
        }
        ws_rec.nouts = ws_nc_nouts;
    }
}

/* A statement whose top is an expression (or read). */
static void ws_rec_plain(Val v)
{
    ws_rec.kind = WS_R_VALUE;
    ws_show(v, ws_rec.result);
    ws_rec.has_value = v.kind == WS_INT;
    ws_rec.value = v.n;
}

/* write / fill at the top. */
static void ws_rec_written(uint64_t n, const char *verb)
{
    ws_rec.kind = WS_R_VALUE;
    sprintf(ws_rec.result, "%llu byte%s %s", (unsigned long long)n, n == 1 ? "" : "s", verb);
    ws_rec.has_value = 1;
    ws_rec.value = 0;
}

/* A failed comparison or value expectation shows the last error (it often says why). */
static void ws_rec_expect_le(void)
{
    char e[64];
    ws_rec.has_le = 1;
    ws_copy(ws_rec.last_error, sizeof ws_rec.last_error, ws_error_name(GetLastError(), e));
}

static void ws_rec_expect_value(Val v, int ann)
{
    ws_rec.kind = WS_R_EXPECT;
    ws_rec.held = ws_n(v) != 0;
    if (!ws_rec.held) {
        ws_rec.has_left = 1;
        ws_show_ann(v, ann, ws_rec.left);
        ws_json_ann(v, ann, ws_rec.left_json);
        ws_rec_expect_le();
    }
}

static void ws_rec_expect_bin(int held, Val l, const Val *r, int ann, const char *op)
{
    ws_rec.kind = WS_R_EXPECT;
    ws_rec.held = held;
    if (!held) {
        /* has_right: the right side was evaluated (`&&` / `||` may decide on the left). */
        ws_rec.has_left = 1;
        ws_rec.has_right = r != NULL;
        ws_show_ann(l, ann, ws_rec.left);
        ws_json_ann(l, ann, ws_rec.left_json);
        if (r) {
            ws_show_ann(*r, ann, ws_rec.right);
            ws_json_ann(*r, ann, ws_rec.right_json);
        }
        ws_copy(ws_rec.op, sizeof ws_rec.op, op);
        ws_rec_expect_le();
    }
}

static void ws_rec_fails(const char *error, DWORD code)
{
    char got[64], shown[WS_S];
    int failed = ws_ret_failed(ws_nc_ret, ws_nc_val, ws_nc_fail);
    ws_rec.kind = WS_R_EXPECT;
    ws_rec.held = failed && ws_nc_le == code;
    ws_error_name(ws_nc_le, got);
    ws_show_ret(ws_nc_ret, ws_nc_val, ws_nc_fail, shown);
    ws_rec.has_result = 1;
    snprintf(ws_rec.result, WS_S, "%s [%s]", shown, ws_error_name(ws_nc_le, got));
    if (!ws_rec.held) {
        ws_rec.has_detail = 1;
        if (!failed) snprintf(ws_rec.detail, WS_S, "expected a failure with %s, got success", error);
        else snprintf(ws_rec.detail, WS_S, "expected %s, got %s", error, ws_error_name(ws_nc_le, got));
    }
}

/* `expect ACCESS raises X` when nothing was raised: the top was recorded as a value. */
static void ws_rec_no_exception(const char *exception)
{
    char shown[WS_S];
    strcpy(shown, ws_rec.result);
    ws_rec_reset();
    ws_rec.kind = WS_R_EXPECT;
    ws_rec.held = 0;
    ws_rec.has_result = 1;
    strcpy(ws_rec.result, shown);
    ws_rec.has_detail = 1;
    snprintf(ws_rec.detail, WS_S, "expected %s, got no exception", exception);
}

/* ---- memory access: real loads and stores, a fault caught and reported ---- */

static const char *ws_exception_name(DWORD code)
{
    switch (code) {
    case EXCEPTION_ACCESS_VIOLATION: return "EXCEPTION_ACCESS_VIOLATION";
    case STATUS_GUARD_PAGE_VIOLATION: return "EXCEPTION_GUARD_PAGE";
    case EXCEPTION_IN_PAGE_ERROR: return "EXCEPTION_IN_PAGE_ERROR";
    default: return "EXCEPTION_UNKNOWN";
    }
}

/* The structured exception of the record (winsection's trace_value::TraceException). */
static void ws_rec_exception(uint32_t code, const char *name, const char *access, int has_address,
                             uint64_t address)
{
    ws_rec.has_exc = 1;
    ws_rec.exc_code = code;
    ws_copy(ws_rec.exc_name, sizeof ws_rec.exc_name, name);
    ws_copy(ws_rec.exc_access, sizeof ws_rec.exc_access, access);
    ws_rec.exc_has_address = has_address;
    ws_rec.exc_address = address;
}

/* The fault of an armed access, structured. */
static void ws_rec_fault(void)
{
    ws_rec_exception(ws_fault_code, ws_exception_name(ws_fault_code),
                     ws_fault_code == STATUS_GUARD_PAGE_VIOLATION ? "" : ws_fault_write ? "write" : "read",
                     1, ws_fault_addr);
}

static void ws_exception_text(char *out)
{
    if (ws_fault_code == STATUS_GUARD_PAGE_VIOLATION)
        sprintf(out, "EXCEPTION_GUARD_PAGE at 0x%llx", (unsigned long long)ws_fault_addr);
    else
        sprintf(out, "%s (%s at 0x%llx)", ws_exception_name(ws_fault_code),
                ws_fault_write ? "write" : "read", (unsigned long long)ws_fault_addr);
}

/* Records an armed access's fault; 1 when it is one of ours. */
static int ws_take_fault(EXCEPTION_RECORD *er)
{
    DWORD c = er->ExceptionCode;
    if (!ws_armed) return 0;
    if (c != EXCEPTION_ACCESS_VIOLATION && c != STATUS_GUARD_PAGE_VIOLATION &&
        c != EXCEPTION_IN_PAGE_ERROR)
        return 0;
    ws_armed = 0;
    ws_fault_code = c;
    ws_fault_write = er->NumberParameters >= 1 && er->ExceptionInformation[0] == 1;
    ws_fault_addr = er->NumberParameters >= 2 ? (uint64_t)er->ExceptionInformation[1] : 0;
    ws_stop_kind = 1;
    return 1;
}

#ifdef _MSC_VER
static int ws_filter(EXCEPTION_POINTERS *ep)
{
    return ws_take_fault(ep->ExceptionRecord) ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}
#else
/* mingw has no __try: a vectored handler takes the fault of an armed access and jumps back to
   the statement runner (__builtin_longjmp restores the stack and registers, no unwinding). */
static LONG CALLBACK ws_veh(EXCEPTION_POINTERS *ep)
{
    if (!ws_take_fault(ep->ExceptionRecord)) return EXCEPTION_CONTINUE_SEARCH;
    WS_LONGJMP();
    return EXCEPTION_CONTINUE_SEARCH;
}
#endif

static void ws_check_len(const char *what, uint64_t len)
{
    if (len > WS_MAX_ACCESS)
        ws_notrun("%s of 0x%llx bytes: scenarios touch at most 0x%llx bytes at once", what,
                  (unsigned long long)len, (unsigned long long)WS_MAX_ACCESS);
}

static Val ws_read(uint64_t addr, uint64_t len)
{
    Val v;
    size_t i;
    volatile const unsigned char *p = (volatile const unsigned char *)(uintptr_t)addr;
    ws_check_len("read", len);
    v = ws_bytes("", 0);
    free(v.b);
    v.b = (unsigned char *)malloc((size_t)len + 1);
    if (!v.b) ws_notrun("out of memory");
    v.len = (size_t)len;
    ws_armed = 1;
    for (i = 0; i < (size_t)len; i++) v.b[i] = p[i];
    ws_armed = 0;
    return v;
}

static uint64_t ws_write(uint64_t addr, Val data)
{
    unsigned char le[8];
    const unsigned char *src;
    size_t n, i;
    volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)addr;
    if (data.kind == WS_BYTES) { src = data.b; n = data.len; }
    else { for (i = 0; i < 8; i++) le[i] = (unsigned char)(ws_n(data) >> (8 * i)); src = le; n = 8; }
    ws_armed = 1;
    for (i = 0; i < n; i++) p[i] = src[i];
    ws_armed = 0;
    return n;
}

static uint64_t ws_fill(uint64_t addr, uint64_t len, uint64_t byte)
{
    size_t i;
    volatile unsigned char *p = (volatile unsigned char *)(uintptr_t)addr;
    ws_check_len("fill", len);
    ws_armed = 1;
    for (i = 0; i < (size_t)len; i++) p[i] = (unsigned char)byte;
    ws_armed = 0;
    return len;
}

/* ---- operators (C unsigned semantics, bytes compare by content) ---- */

enum { B_OR, B_AND, B_BITOR, B_BITAND, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_SHL, B_SHR, B_ADD,
       B_SUB, B_MUL };

static uint64_t ws_binary(int op, Val l, Val r)
{
    uint64_t a = ws_n(l), b = ws_n(r);
    if (l.kind == WS_BYTES && r.kind == WS_BYTES) {
        int eq = l.len == r.len && (l.len == 0 || memcmp(l.b, r.b, l.len) == 0);
        return op == B_EQ ? (uint64_t)eq : op == B_NE ? (uint64_t)!eq : 0;
    }
    switch (op) {
    case B_OR: return a != 0 || b != 0;
    case B_AND: return a != 0 && b != 0;
    case B_BITOR: return a | b;
    case B_BITAND: return a & b;
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_SHL: return b < 64 ? a << b : 0;
    case B_SHR: return b < 64 ? a >> b : 0;
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    default: return a * b;
    }
}

/* ---- arguments ---- */

/* Bytes as a wide string: UTF-8 text as is, other bytes one char each (Latin-1). */
static LPCWSTR ws_wstr(Val v)
{
    WCHAR *w;
    size_t i;
    int n;
    if (v.kind != WS_BYTES) return NULL;
    w = (WCHAR *)calloc(v.len + 1, sizeof(WCHAR));
    if (!w) ws_notrun("out of memory");
    n = v.len ? MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)v.b, (int)v.len, w,
                                    (int)v.len) : 0;
    if (v.len && n <= 0) {
        for (i = 0; i < v.len; i++) w[i] = v.b[i];
        n = (int)v.len;
    }
    w[n] = 0;
    return w;
}

static LPCSTR ws_astr(Val v)
{
    return v.kind == WS_BYTES ? (LPCSTR)v.b : NULL;
}

/* A file path: `C:\rest` runs in the program's scratch directory (an unprivileged login cannot
   create files in C:\; see the header). */
static LPCWSTR ws_wpath(Val v)
{
    LPCWSTR w = ws_wstr(v);
    WCHAR *out;
    size_t n;
    if (!w || !(w[0] == L'C' || w[0] == L'c') || w[1] != L':' || w[2] != L'\\') return w;
    n = wcslen(ws_scratch) + wcslen(w) + 2;
    out = (WCHAR *)calloc(n, sizeof(WCHAR));
    if (!out) ws_notrun("out of memory");
    wcscpy(out, ws_scratch);
    wcscat(out, w + 2);
    return out;
}

static LPCSTR ws_apath(Val v)
{
    LPCWSTR w = ws_wpath(v);
    char *a;
    int n;
    if (!w) return NULL;
    n = WideCharToMultiByte(CP_ACP, 0, w, -1, NULL, 0, NULL, NULL);
    a = (char *)calloc((size_t)n + 1, 1);
    if (!a) ws_notrun("out of memory");
    WideCharToMultiByte(CP_ACP, 0, w, -1, a, n, NULL, NULL);
    return a;
}

/* SA(INHERIT[, "SDDL"]). */
static LPSECURITY_ATTRIBUTES ws_sa(SECURITY_ATTRIBUTES *sa, uint64_t inherit, const Val *sddl)
{
    memset(sa, 0, sizeof *sa);
    sa->nLength = sizeof *sa;
    sa->bInheritHandle = (DWORD)inherit != 0;
    if (sddl && sddl->kind == WS_BYTES) {
        DWORD le = GetLastError();
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(ws_wstr(*sddl), SDDL_REVISION_1,
                                                                  &sa->lpSecurityDescriptor, NULL))
            ws_notrun("the security descriptor could not be built (error %lu)",
                      (unsigned long)GetLastError());
        SetLastError(le);
    }
    return sa;
}

/* A process named in the scenario, as a handle with `access` for one call (closed after it):
   DuplicateHandle's processes (PROCESS_DUP_HANDLE), VirtualAllocEx's (PROCESS_VM_OPERATION)... */
static HANDLE ws_proc_open(int i, DWORD access)
{
    HANDLE h;
    DWORD le = GetLastError();
    if (!ws_pids[i]) ws_notrun("process %s was never started", ws_proc_names[i]);
    h = OpenProcess(access, FALSE, ws_pids[i]);
    SetLastError(le);
    return h;
}

static void ws_close_quietly(HANDLE h)
{
    DWORD le = GetLastError();
    if (h) CloseHandle(h);
    SetLastError(le);
}

static LARGE_INTEGER ws_li(uint64_t v)
{
    LARGE_INTEGER li;
    li.QuadPart = (LONGLONG)v;
    return li;
}

typedef BOOL(WINAPI *ws_compare_fn)(HANDLE, HANDLE);
static BOOL ws_CompareObjectHandles(HANDLE a, HANDLE b)
{
    static ws_compare_fn fn;
    if (!fn) {
        HMODULE m = GetModuleHandleW(L"kernelbase.dll");
        if (m) fn = (ws_compare_fn)(void *)GetProcAddress(m, "CompareObjectHandles");
        if (!fn && (m = GetModuleHandleW(L"kernel32.dll")) != NULL)
            fn = (ws_compare_fn)(void *)GetProcAddress(m, "CompareObjectHandles");
    }
    if (!fn) { SetLastError(ERROR_CALL_NOT_IMPLEMENTED); return FALSE; }
    return fn(a, b);
}

/* ---- Windows 8 / 10 additions: kernelbase's exports, looked up at run time (older SDKs and
   Wine 8 lack some: Wine 8 has no VirtualProtectFromApp) ---- */

/* `name` exported by ntdll (from_ntdll) or else by kernelbase (then kernel32), or NULL;
   looked up once, the last error kept. */
static FARPROC ws_export(const char *name, int from_ntdll)
{
    static struct { const char *name; FARPROC fn; } found[32];
    int i;
    DWORD le;
    HMODULE m;
    for (i = 0; i < 32 && found[i].name; i++)
        if (strcmp(found[i].name, name) == 0) return found[i].fn;
    if (i == 32) return NULL;
    le = GetLastError();
    found[i].name = name;
    if (from_ntdll) {
        if ((m = GetModuleHandleW(L"ntdll.dll")) != NULL) found[i].fn = GetProcAddress(m, name);
    } else {
        if ((m = GetModuleHandleW(L"kernelbase.dll")) != NULL) found[i].fn = GetProcAddress(m, name);
        if (!found[i].fn && (m = GetModuleHandleW(L"kernel32.dll")) != NULL)
            found[i].fn = GetProcAddress(m, name);
    }
    SetLastError(le);
    return found[i].fn;
}

static FARPROC ws_kb(const char *name) { return ws_export(name, 0); }
static FARPROC ws_nt(const char *name) { return ws_export(name, 1); }

/* Called before the last-error probe: a system without the call cannot run the statement
   (Wine 8 has no NtExtendSection and no VirtualProtectFromApp). */
static void ws_need_kb(const char *name)
{
    if (!ws_kb(name)) ws_notrun("%s is not exported by this system's kernelbase.dll", name);
}

static void ws_need_nt(const char *name)
{
    if (!ws_nt(name)) ws_notrun("%s is not exported by this system's ntdll.dll", name);
}

typedef BOOL(WINAPI *ws_unmap_ex_fn)(PVOID, ULONG);
typedef HANDLE(WINAPI *ws_create_from_app_fn)(HANDLE, PSECURITY_ATTRIBUTES, ULONG, ULONG64, PCWSTR);
typedef PVOID(WINAPI *ws_map_from_app_fn)(HANDLE, ULONG, ULONG64, SIZE_T);
typedef HANDLE(WINAPI *ws_open_from_app_fn)(ULONG, BOOL, PCWSTR);
typedef PVOID(WINAPI *ws_alloc_from_app_fn)(PVOID, SIZE_T, ULONG, ULONG);
typedef BOOL(WINAPI *ws_protect_from_app_fn)(PVOID, SIZE_T, ULONG, PULONG);
typedef HANDLE(WINAPI *ws_create2_fn)(HANDLE, PSECURITY_ATTRIBUTES, ULONG, ULONG, ULONG, ULONG64, PCWSTR,
                                      void *, ULONG);
typedef PVOID(WINAPI *ws_alloc2_fn)(HANDLE, PVOID, SIZE_T, ULONG, ULONG, void *, ULONG);
typedef PVOID(WINAPI *ws_map3_fn)(HANDLE, HANDLE, PVOID, ULONG64, SIZE_T, ULONG, ULONG, void *, ULONG);
typedef BOOL(WINAPI *ws_unmap2_fn)(HANDLE, PVOID, ULONG);

static BOOL ws_UnmapViewOfFileEx(PVOID p, ULONG flags)
{
    return ((ws_unmap_ex_fn)(void *)ws_kb("UnmapViewOfFileEx"))(p, flags);
}

static HANDLE ws_CreateFileMappingFromApp(HANDLE f, PSECURITY_ATTRIBUTES sa, ULONG prot, ULONG64 size,
                                          PCWSTR name)
{
    return ((ws_create_from_app_fn)(void *)ws_kb("CreateFileMappingFromApp"))(f, sa, prot, size, name);
}

static PVOID ws_MapViewOfFileFromApp(HANDLE s, ULONG access, ULONG64 offset, SIZE_T size)
{
    return ((ws_map_from_app_fn)(void *)ws_kb("MapViewOfFileFromApp"))(s, access, offset, size);
}

static HANDLE ws_OpenFileMappingFromApp(ULONG access, BOOL inherit, PCWSTR name)
{
    return ((ws_open_from_app_fn)(void *)ws_kb("OpenFileMappingFromApp"))(access, inherit, name);
}

static PVOID ws_VirtualAllocFromApp(PVOID p, SIZE_T size, ULONG type, ULONG prot)
{
    return ((ws_alloc_from_app_fn)(void *)ws_kb("VirtualAllocFromApp"))(p, size, type, prot);
}

static BOOL ws_VirtualProtectFromApp(PVOID p, SIZE_T size, ULONG prot, PULONG old)
{
    return ((ws_protect_from_app_fn)(void *)ws_kb("VirtualProtectFromApp"))(p, size, prot, old);
}

static HANDLE ws_CreateFileMapping2(HANDLE f, PSECURITY_ATTRIBUTES sa, ULONG access, ULONG prot, ULONG attrs,
                                    ULONG64 size, PCWSTR name, void *ext, ULONG count)
{
    return ((ws_create2_fn)(void *)ws_kb("CreateFileMapping2"))(f, sa, access, prot, attrs, size, name, ext,
                                                               count);
}

static PVOID ws_VirtualAlloc2(HANDLE proc, PVOID p, SIZE_T size, ULONG type, ULONG prot, void *ext,
                              ULONG count)
{
    return ((ws_alloc2_fn)(void *)ws_kb("VirtualAlloc2"))(proc, p, size, type, prot, ext, count);
}

static PVOID ws_MapViewOfFile3(HANDLE s, HANDLE proc, PVOID p, ULONG64 offset, SIZE_T size, ULONG type,
                               ULONG prot, void *ext, ULONG count)
{
    return ((ws_map3_fn)(void *)ws_kb("MapViewOfFile3"))(s, proc, p, offset, size, type, prot, ext, count);
}

static BOOL ws_UnmapViewOfFile2(HANDLE proc, PVOID p, ULONG flags)
{
    return ((ws_unmap2_fn)(void *)ws_kb("UnmapViewOfFile2"))(proc, p, flags);
}

/* ---- the native calls: ntdll's exports, looked up at run time (the SDK declares few) ---- */

typedef LONG WS_NTSTATUS;
typedef WS_NTSTATUS(NTAPI *ws_nt_query_fn)(HANDLE, ULONG, PVOID, SIZE_T, PSIZE_T);
typedef WS_NTSTATUS(NTAPI *ws_nt_query_object_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef WS_NTSTATUS(NTAPI *ws_nt_same_fn)(PVOID, PVOID);
typedef WS_NTSTATUS(NTAPI *ws_nt_extend_fn)(HANDLE, PLARGE_INTEGER);

static WS_NTSTATUS ws_NtQuerySection(HANDLE h, ULONG cls, PVOID info, SIZE_T len, PSIZE_T ret)
{
    return ((ws_nt_query_fn)(void *)ws_nt("NtQuerySection"))(h, cls, info, len, ret);
}

static WS_NTSTATUS ws_NtQueryObject(HANDLE h, ULONG cls, PVOID info, ULONG len, PULONG ret)
{
    return ((ws_nt_query_object_fn)(void *)ws_nt("NtQueryObject"))(h, cls, info, len, ret);
}

static WS_NTSTATUS ws_NtAreMappedFilesTheSame(PVOID a, PVOID b)
{
    return ((ws_nt_same_fn)(void *)ws_nt("NtAreMappedFilesTheSame"))(a, b);
}

static WS_NTSTATUS ws_NtExtendSection(HANDLE h, PLARGE_INTEGER size)
{
    return ((ws_nt_extend_fn)(void *)ws_nt("NtExtendSection"))(h, size);
}

/* A SID argument: "S-1-...", the scenario's default user `user` (the logged-in user), or an
   account name looked up on this system. */
static PSID ws_sid(Val v)
{
    PSID sid = NULL;
    DWORD le = GetLastError();
    LPCWSTR name = ws_wstr(v);
    if (!name) return NULL;
    if (name[0] == L'S' && name[1] == L'-') {
        if (!ConvertStringSidToSidW(name, &sid)) sid = NULL;
    } else if (wcscmp(name, L"user") == 0) {
        HANDLE token;
        DWORD size = 0;
        if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
            TOKEN_USER *tu;
            GetTokenInformation(token, TokenUser, NULL, 0, &size);
            tu = (TOKEN_USER *)malloc(size ? size : 1);
            if (tu && GetTokenInformation(token, TokenUser, tu, size, &size)) sid = tu->User.Sid;
            CloseHandle(token);
        }
    } else {
        DWORD size = 0, dsize = 0;
        SID_NAME_USE use;
        LookupAccountNameW(NULL, name, NULL, &size, NULL, &dsize, &use);
        if (size) {
            WCHAR *domain = (WCHAR *)calloc(dsize + 1, sizeof(WCHAR));
            sid = malloc(size);
            if (!sid || !domain || !LookupAccountNameW(NULL, name, sid, &size, domain, &dsize, &use))
                sid = NULL;
        }
    }
    if (!sid) ws_notrun("SID `%ls` is not known on this system", name);
    SetLastError(le);
    return sid;
}
