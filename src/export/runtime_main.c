/* ---- winsection export-c runtime, part 2: one real process per scenario process ---- */

enum { OP_RUN = 1, OP_SPAWN, OP_QUIT, OP_READY, OP_INIT, OP_DONE };

typedef struct { unsigned char *p; size_t len, cap; } WsBuf;

/* The longest one statement may take in a real process. */
#define WS_STATEMENT_TIMEOUT_MS 10000

/* Handle values below 4 * WS_RESERVED_HANDLES are left to the scenario. */
#define WS_RESERVED_HANDLES 1024

static void ws_put(WsBuf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 64;
        unsigned char *q = (unsigned char *)realloc(b->p, cap);
        if (!q) { fputs("winsection export: out of memory\n", stderr); ExitProcess(3); }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static int ws_write_all(HANDLE h, const void *p, size_t n)
{
    const unsigned char *c = (const unsigned char *)p;
    while (n) {
        DWORD done = 0;
        if (!WriteFile(h, c, n > 0x10000 ? 0x10000 : (DWORD)n, &done, NULL) || !done) return 0;
        c += done;
        n -= done;
    }
    return 1;
}

static int ws_read_all(HANDLE h, void *p, size_t n)
{
    unsigned char *c = (unsigned char *)p;
    while (n) {
        DWORD done = 0;
        if (!ReadFile(h, c, n > 0x10000 ? 0x10000 : (DWORD)n, &done, NULL) || !done) return 0;
        c += done;
        n -= done;
    }
    return 1;
}

/* A message: its length, then its bytes. */
static int ws_send(HANDLE h, WsBuf *b)
{
    uint32_t n = (uint32_t)b->len;
    return ws_write_all(h, &n, 4) && ws_write_all(h, b->p, b->len);
}

static int ws_recv(HANDLE h, WsBuf *b)
{
    uint32_t n;
    b->len = 0;
    if (!ws_read_all(h, &n, 4)) return 0;
    if (n > b->cap) {
        unsigned char *q = (unsigned char *)realloc(b->p, n);
        if (!q) return 0;
        b->p = q;
        b->cap = n;
    }
    b->len = n;
    return ws_read_all(h, b->p, n);
}

/* Variables travel as numbers and bytes, as the scenario language says. */
static void ws_put_vars(WsBuf *b)
{
    int i;
    for (i = 0; i <= WS_NVARS; i++) {
        uint32_t set = (uint32_t)ws_isset[i];
        ws_put(b, &set, 4);
        ws_put(b, &ws_vars[i], sizeof(Val));
        if (ws_vars[i].kind == WS_BYTES && ws_vars[i].len) ws_put(b, ws_vars[i].b, ws_vars[i].len);
    }
    ws_put(b, ws_pids, sizeof ws_pids);
}

static const unsigned char *ws_get_vars(const unsigned char *p)
{
    int i;
    for (i = 0; i <= WS_NVARS; i++) {
        uint32_t set;
        memcpy(&set, p, 4);
        p += 4;
        ws_isset[i] = (int)set;
        memcpy(&ws_vars[i], p, sizeof(Val));
        p += sizeof(Val);
        if (ws_vars[i].kind == WS_BYTES) {
            unsigned char *copy = (unsigned char *)malloc(ws_vars[i].len + 1);
            if (!copy) ExitProcess(3);
            if (ws_vars[i].len) memcpy(copy, p, ws_vars[i].len);
            copy[ws_vars[i].len] = 0;
            p += ws_vars[i].len;
            ws_vars[i].b = copy;
        } else {
            ws_vars[i].b = NULL;
        }
    }
    memcpy(ws_pids, p, sizeof ws_pids);
    return p + sizeof ws_pids;
}

static HANDLE ws_reply_pipe;
static int ws_current_stmt;

/* An exception raised inside a real call (not by an armed access) and not handled there: the
   statement is reported as an unhandled exception and the process ends, as it would, but
   without the system debugger (Wine's winedbg would write to the trace's stdout). */
static LONG WINAPI ws_unhandled_filter(EXCEPTION_POINTERS *ep)
{
    DWORD code = ep->ExceptionRecord->ExceptionCode;
    WsBuf out = {0};
    uint32_t op = OP_DONE;
    ws_rec_reset();
    ws_rec.kind = WS_R_UNHANDLED;
    if (code == 0x80000100) {
        strcpy(ws_rec.exception, "EXCEPTION_WINE_STUB (the call is not implemented)");
        ws_rec_exception(code, "EXCEPTION_WINE_STUB", "", 0, 0);
    } else {
        char name[32];
        snprintf(ws_rec.exception, sizeof ws_rec.exception, "EXCEPTION_0x%08lx (raised inside the call)",
                 (unsigned long)code);
        snprintf(name, sizeof name, "EXCEPTION_0x%08lx", (unsigned long)code);
        ws_rec_exception(code, name, "", 0, 0);
    }
    ws_rec.exit_code = code;
    ws_put(&out, &op, 4);
    ws_put(&out, &ws_rec, sizeof ws_rec);
    ws_put_vars(&out);
    ws_send(ws_reply_pipe, &out);
    TerminateProcess(GetCurrentProcess(), code);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* Runs statement `idx` in this process; fills ws_rec. */
static void ws_run_stmt(int idx)
{
    ws_rec_reset();
    ws_stop_kind = 0;
    ws_armed = 0;
    if (WS_SETJMP() == 0) {
#ifdef _MSC_VER
        __try {
            ws_script[idx].fn();
        } __except (ws_filter(GetExceptionInformation())) {
            ws_stop_kind = 1;
        }
#else
        ws_script[idx].fn();
#endif
    }
    ws_armed = 0;
    if (ws_stop_kind == 2) {
        ws_rec_reset();
        ws_rec.kind = WS_R_NOTRUN;
        strcpy(ws_rec.detail, ws_stop_reason);
    } else if (ws_stop_kind == 1) {
        char text[256];
        ws_exception_text(text);
        ws_rec_reset();
        if (ws_script[idx].raises) {
            ws_rec.kind = WS_R_EXPECT;
            ws_rec.held = strcmp(ws_exception_name(ws_fault_code), ws_script[idx].raises) == 0;
            ws_rec.has_result = 1;
            strcpy(ws_rec.result, text);
            ws_rec_fault();
            ws_rec.has_detail = 1;
            snprintf(ws_rec.detail, WS_S, "expected %s, got %s", ws_script[idx].raises,
                     ws_exception_name(ws_fault_code));
        } else {
            ws_rec.kind = WS_R_UNHANDLED;
            strcpy(ws_rec.exception, text);
            ws_rec_fault();
            ws_rec.exit_code = ws_fault_code;
        }
    }
}

static int ws_worker(const WCHAR *args)
{
    int idx = 0;
    unsigned long ctl_pid = 0;
    unsigned long long hc = 0, hr = 0;
    HANDLE ctl, cmd = NULL, reply = NULL;
    WsBuf in = {0}, out = {0};
    DWORD saved_le = 0;
    uint32_t op;
    static HANDLE placeholders[WS_RESERVED_HANDLES];
    int reserved;
    if (swscanf(args, L"%d %lu %llu %llu", &idx, &ctl_pid, &hc, &hr) != 4) return 3;
    /* The coordination pipes are the controller's: take copies, inheritable by no one. They
       are placed above WS_RESERVED_HANDLES placeholder handles, so that they never take a
       value the scenario's handles use (a child must see an uninherited parent value as
       invalid, not as a pipe); the placeholders close highest first, so the scenario's
       handles reuse the low values in order, as on a fresh process. */
    for (reserved = 0; reserved < WS_RESERVED_HANDLES; reserved++)
        if (!DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(),
                             &placeholders[reserved], 0, FALSE, DUPLICATE_SAME_ACCESS))
            break;
    ctl = OpenProcess(PROCESS_DUP_HANDLE, FALSE, ctl_pid);
    if (!ctl) return 3;
    if (!DuplicateHandle(ctl, (HANDLE)(uintptr_t)hc, GetCurrentProcess(), &cmd, 0, FALSE,
                         DUPLICATE_SAME_ACCESS) ||
        !DuplicateHandle(ctl, (HANDLE)(uintptr_t)hr, GetCurrentProcess(), &reply, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return 3;
    CloseHandle(ctl);
    while (reserved > 0) CloseHandle(placeholders[--reserved]);
    ws_reply_pipe = reply;
    SetUnhandledExceptionFilter(ws_unhandled_filter);
#ifndef _MSC_VER
    AddVectoredExceptionHandler(1, ws_veh);
#endif
    op = OP_READY;
    ws_put(&out, &op, 4);
    if (!ws_send(reply, &out)) return 3;
    SetLastError(0);
    for (;;) {
        const unsigned char *p;
        uint32_t arg;
        if (!ws_recv(cmd, &in) || in.len < 8) return 3;
        memcpy(&op, in.p, 4);
        memcpy(&arg, in.p + 4, 4);
        p = in.p + 8;
        out.len = 0;
        if (op == OP_INIT) {
            memcpy(ws_scratch, p, sizeof ws_scratch);
            continue;
        }
        if (op == OP_QUIT) return 0;
        if (op == OP_SPAWN) {
            /* `process CHILD inherit=ME`: a real CreateProcess with bInheritHandles=TRUE. */
            STARTUPINFOW si;
            PROCESS_INFORMATION pi;
            uint32_t pid = 0, err = 0;
            WCHAR exe[MAX_PATH];
            memset(&si, 0, sizeof si);
            si.cb = sizeof si;
            GetModuleFileNameW(NULL, exe, MAX_PATH);
            SetLastError(saved_le);
            if (CreateProcessW(exe, (WCHAR *)p, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
                pid = pi.dwProcessId;
                CloseHandle(pi.hThread);
                CloseHandle(pi.hProcess);
            } else {
                err = GetLastError();
            }
            SetLastError(saved_le);
            op = OP_DONE;
            ws_put(&out, &op, 4);
            ws_put(&out, &pid, 4);
            ws_put(&out, &err, 4);
            if (!ws_send(reply, &out)) return 3;
            continue;
        }
        ws_get_vars(p);
        SetLastError(saved_le);
        ws_current_stmt = (int)arg;
        ws_run_stmt((int)arg);
        saved_le = GetLastError();
        op = OP_DONE;
        ws_put(&out, &op, 4);
        ws_put(&out, &ws_rec, sizeof ws_rec);
        ws_put_vars(&out);
        if (!ws_send(reply, &out)) return 3;
        /* `exit` and an unhandled exception end this real process, its handles and views. */
        if (ws_rec.kind == WS_R_EXIT || ws_rec.kind == WS_R_UNHANDLED)
            TerminateProcess(GetCurrentProcess(), ws_rec.exit_code);
    }
}

/* ---- the controller: runs the statements in order, prints the trace ---- */

typedef struct {
    int state; /* 0 never started, 1 running, 2 ended */
    HANDLE proc, cmd, reply;
    char why[WS_S];
} WsProc;

static WsProc ws_procs[WS_NPROCS + 1];
static int ws_json;
static WCHAR ws_exe[MAX_PATH];
static struct { unsigned statements, held, not_held, not_run, unhandled; } ws_sum;

static void ws_json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"') fputs("\\\"", stdout);
        else if (c == '\\') fputs("\\\\", stdout);
        else if (c == '\n') fputs("\\n", stdout);
        else if (c == '\t') fputs("\\t", stdout);
        else if (c == '\r') fputs("\\r", stdout);
        else if (c == 8) fputs("\\b", stdout);
        else if (c == 12) fputs("\\f", stdout);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void ws_json_field(const char *key, const char *value)
{
    printf(",\"%s\":", key);
    ws_json_str(value);
}

/* The record's exception, structured as winsection's trace_value::TraceException writes it:
   code, name, access (an access violation's) and address (a string above 2^53 - 1). */
static void ws_json_exception(const WsRec *r)
{
    char n[32];
    if (!r->has_exc) return;
    printf(",\"exception\":{\"code\":%lu", (unsigned long)r->exc_code);
    ws_json_field("name", r->exc_name);
    if (r->exc_access[0]) ws_json_field("access", r->exc_access);
    if (r->exc_has_address) {
        ws_json_u64(n, r->exc_address);
        printf(",\"address\":%s", n);
    }
    putchar('}');
}

static void ws_print(int idx, const WsRec *r)
{
    const WsStmt *s = &ws_script[idx];
    const char *pname = s->kind == S_ACT ? ws_proc_names[s->proc] : NULL;
    int i;
    ws_sum.statements++;
    if (r->kind == WS_R_EXPECT && r->held) ws_sum.held++;
    if (r->kind == WS_R_EXPECT && !r->held) ws_sum.not_held++;
    if (r->kind == WS_R_NOTRUN) ws_sum.not_run++;
    if (r->kind == WS_R_UNHANDLED) ws_sum.unhandled++;
    if (ws_json) {
        printf("{\"line\":%d", s->line);
        if (pname) ws_json_field("process", pname);
        ws_json_field("statement", s->text);
        switch (r->kind) {
        case WS_R_MACHINE:
            printf(",\"kind\":\"machine\",\"profile\":\"windows\",\"commit_limit\":null,\"disk_capacity\":null");
            break;
        case WS_R_PROCESS:
            printf(",\"kind\":\"process\",\"pid\":%lu,\"host\":\"local\"", (unsigned long)r->pid);
            break;
        case WS_R_VALUE:
            printf(",\"kind\":\"value\"");
            ws_json_field("result", r->result);
            /* Above 2^53 - 1 a decimal string, as winsection writes it (printer::js_u64). */
            if (r->has_value)
                printf(r->value > 9007199254740991ULL ? ",\"value\":\"%llu\"" : ",\"value\":%llu",
                       (unsigned long long)r->value);
            if (r->has_le) ws_json_field("last_error", r->last_error);
            if (r->has_le && r->le_unchanged) printf(",\"last_error_unchanged\":true");
            if (r->nouts) {
                printf(",\"outs\":[");
                for (i = 0; i < r->nouts; i++) {
                    printf(i ? ",{\"var\":" : "{\"var\":");
                    ws_json_str(r->out_var[i]);
                    printf(",\"value\":%s}", r->out_json[i]);
                }
                putchar(']');
            }
            break;
        case WS_R_EXPECT:
            printf(",\"kind\":\"expect\",\"held\":%s", r->held ? "true" : "false");
            if (r->has_result) ws_json_field("result", r->result);
            if (r->has_left) printf(",\"left\":%s", r->left_json);
            if (r->has_right) printf(",\"right\":%s", r->right_json);
            if (r->has_detail) ws_json_field("detail", r->detail);
            ws_json_exception(r);
            if (r->op[0]) ws_json_field("comparison", r->op);
            if (r->has_le) ws_json_field("last_error", r->last_error);
            if (s->host_dependent) printf(",\"host_dependent\":true");
            break;
        case WS_R_UNHANDLED:
            printf(",\"kind\":\"unhandled\"");
            ws_json_exception(r);
            printf(",\"exit_code\":%lu", (unsigned long)r->exit_code);
            break;
        case WS_R_EXIT:
            printf(",\"kind\":\"exit\",\"exit_code\":%lu", (unsigned long)r->exit_code);
            break;
        case WS_R_NOTRUN:
            printf(",\"kind\":\"not_run\"");
            ws_json_field("reason", r->detail);
            break;
        default:
            printf(",\"kind\":\"dump\",\"text\":\"(not exported: a real system has no dump)\\n\"");
        }
        printf(",\"trace_version\":%d}\n", WS_TRACE_VERSION);
    } else {
        printf("%d %s", s->line, s->text);
        switch (r->kind) {
        case WS_R_MACHINE: printf(" -> profile windows, no commit limit, no disk limit"); break;
        case WS_R_PROCESS: printf(" -> pid %lu on local", (unsigned long)r->pid); break;
        case WS_R_VALUE:
            printf(" -> %s", r->result);
            if (r->has_le) printf(r->le_unchanged ? " [%s, unchanged]" : " [%s]", r->last_error);
            for (i = 0; i < r->nouts; i++) printf(" %s = %s", r->out_var[i], r->out_val[i]);
            break;
        case WS_R_EXPECT:
            if (r->has_result) printf(" -> %s", r->result);
            if (r->held) {
                printf("  ok");
            } else {
                const char *sep = "";
                printf("  FAILED: ");
                if (r->has_detail) { printf("%s", r->detail); sep = "; "; }
                if (r->has_left && r->op[0])
                    printf("%sleft %s, right %s (expected left %s right)", sep, r->left,
                           r->has_right ? r->right : "(not evaluated)", r->op);
                else if (r->has_left) printf("%svalue %s (expected nonzero)", sep, r->left);
                if (r->has_le) printf("; last error %s", r->last_error);
            }
            break;
        case WS_R_UNHANDLED:
            printf(" -> %s, unhandled: process %s ended (exit code 0x%lx)", r->exception, pname,
                   (unsigned long)r->exit_code);
            break;
        case WS_R_EXIT: printf(" -> exited with code %lu", (unsigned long)r->exit_code); break;
        case WS_R_NOTRUN: printf(" -> NOT RUN: %s", r->detail); break;
        default: printf("\n(not exported: a real system has no dump)");
        }
        printf("\n");
    }
    fflush(stdout);
}

static void ws_not_run(WsRec *r, const char *fmt, ...)
{
    va_list ap;
    memset(r, 0, sizeof *r);
    r->kind = WS_R_NOTRUN;
    va_start(ap, fmt);
    vsnprintf(r->detail, WS_S, fmt, ap);
    va_end(ap);
}

static void ws_why(int p, char *out)
{
    if (ws_procs[p].state == 2) snprintf(out, WS_S, "process %s %s", ws_proc_names[p], ws_procs[p].why);
    else if (ws_procs[p].why[0]) snprintf(out, WS_S, "process %s %s", ws_proc_names[p], ws_procs[p].why);
    else snprintf(out, WS_S, "process %s was never started", ws_proc_names[p]);
}

static void ws_cmd(WsBuf *b, uint32_t op, uint32_t arg)
{
    b->len = 0;
    ws_put(b, &op, 4);
    ws_put(b, &arg, 4);
}

/* The worker died without a word (or the pipe broke): it is over. */
static void ws_lost(int p, int line)
{
    DWORD code = 0;
    WaitForSingleObject(ws_procs[p].proc, 5000);
    GetExitCodeProcess(ws_procs[p].proc, &code);
    ws_procs[p].state = 2;
    snprintf(ws_procs[p].why, WS_S, "has ended (line %d: the real process ended, exit code 0x%lx)",
             line, (unsigned long)code);
    fprintf(stderr, "winsection export: process %s ended unexpectedly at line %d (exit code 0x%lx)\n",
            ws_proc_names[p], line, (unsigned long)code);
}

static void ws_start(int idx, WsRec *r)
{
    const WsStmt *s = &ws_script[idx];
    int p = s->proc;
    HANDLE cr, cw, rr, rw;
    WCHAR cmdline[MAX_PATH + 128];
    DWORD pid = 0, waited = 0;
    WsBuf b = {0};
    uint32_t op = 0;
    char why[WS_S];
    memset(r, 0, sizeof *r);
    if (s->parent >= 0 && ws_procs[s->parent].state != 1) {
        char reason[WS_S];
        ws_why(s->parent, why);
        snprintf(reason, WS_S, "its parent could not create it: %s", why);
        ws_not_run(r, "%s", reason);
        snprintf(ws_procs[p].why, WS_S, "was never started (%s)", reason);
        return;
    }
    if (!CreatePipe(&cr, &cw, NULL, 0) || !CreatePipe(&rr, &rw, NULL, 0)) {
        ws_not_run(r, "the process could not start: no pipe (error %lu)", (unsigned long)GetLastError());
        return;
    }
    swprintf(cmdline, sizeof cmdline / sizeof cmdline[0], L"\"%ls\" --ws-worker %d %lu %llu %llu",
             ws_exe, p, (unsigned long)GetCurrentProcessId(), (unsigned long long)(uintptr_t)cr,
             (unsigned long long)(uintptr_t)rw);
    if (s->parent < 0) {
        STARTUPINFOW si;
        PROCESS_INFORMATION pi;
        memset(&si, 0, sizeof si);
        si.cb = sizeof si;
        if (CreateProcessW(ws_exe, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
            pid = pi.dwProcessId;
            ws_procs[p].proc = pi.hProcess;
            CloseHandle(pi.hThread);
        }
    } else {
        WsProc *parent = &ws_procs[s->parent];
        uint32_t got = 0, err = 0;
        ws_cmd(&b, OP_SPAWN, (uint32_t)p);
        ws_put(&b, cmdline, (wcslen(cmdline) + 1) * sizeof(WCHAR));
        if (ws_send(parent->cmd, &b) && ws_recv(parent->reply, &b) && b.len >= 12) {
            memcpy(&got, b.p + 4, 4);
            memcpy(&err, b.p + 8, 4);
        }
        pid = got;
        if (pid) ws_procs[p].proc = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    }
    if (!pid || !ws_procs[p].proc) {
        ws_not_run(r, "the process could not start (error %lu)", (unsigned long)GetLastError());
        snprintf(ws_procs[p].why, WS_S, "was never started (%s)", r->detail);
        return;
    }
    /* Wait for READY, watching the process in case it dies first. */
    for (;;) {
        DWORD avail = 0;
        if (PeekNamedPipe(rr, NULL, 0, NULL, &avail, NULL) && avail >= 8) break;
        if (WaitForSingleObject(ws_procs[p].proc, 1) == WAIT_OBJECT_0 || ++waited > 30000) {
            ws_not_run(r, "the process could not start (it ended before it was ready)");
            snprintf(ws_procs[p].why, WS_S, "was never started (%s)", r->detail);
            return;
        }
    }
    ws_procs[p].cmd = cw;
    ws_procs[p].reply = rr;
    if (!ws_recv(rr, &b) || (memcpy(&op, b.p, 4), op != OP_READY)) {
        ws_not_run(r, "the process could not start (no handshake)");
        return;
    }
    /* The worker holds its own copies now: a broken pipe means it ended. */
    CloseHandle(cr);
    CloseHandle(rw);
    ws_cmd(&b, OP_INIT, 0);
    ws_put(&b, ws_scratch, sizeof ws_scratch);
    ws_send(cw, &b);
    ws_procs[p].state = 1;
    ws_pids[p] = pid;
    r->kind = WS_R_PROCESS;
    r->pid = pid;
}

static void ws_act(int idx, WsRec *r)
{
    const WsStmt *s = &ws_script[idx];
    int p = s->proc;
    WsProc *w = &ws_procs[p];
    WsBuf b = {0};
    char why[WS_S];
    if (w->state != 1) {
        ws_why(p, why);
        ws_not_run(r, "%s", why);
        return;
    }
    ws_cmd(&b, OP_RUN, (uint32_t)idx);
    ws_put_vars(&b);
    if (!ws_send(w->cmd, &b)) {
        ws_lost(p, s->line);
        ws_why(p, why);
        ws_not_run(r, "%s", why);
        return;
    }
    /* A real call may block where winsection's never does (a wait on an unsignalled object):
       after WS_STATEMENT_TIMEOUT_MS the process is ended and the statement reported. */
    {
        DWORD start = GetTickCount(), avail = 0;
        while (PeekNamedPipe(w->reply, NULL, 0, NULL, &avail, NULL) && avail < 4) {
            if (WaitForSingleObject(w->proc, 1) == WAIT_OBJECT_0) break;
            if (GetTickCount() - start > WS_STATEMENT_TIMEOUT_MS) {
                TerminateProcess(w->proc, 0xB10C);
                WaitForSingleObject(w->proc, 5000);
                w->state = 2;
                snprintf(w->why, WS_S, "has ended (line %d: the real call blocked; ended after %d ms)",
                         s->line, WS_STATEMENT_TIMEOUT_MS);
                ws_not_run(r, "the real call blocked for %d ms (winsection's calls never block); "
                              "process %s was ended", WS_STATEMENT_TIMEOUT_MS, ws_proc_names[p]);
                return;
            }
        }
    }
    if (!ws_recv(w->reply, &b) || b.len < 4 + sizeof(WsRec)) {
        ws_lost(p, s->line);
        ws_why(p, why);
        ws_not_run(r, "%s", why);
        return;
    }
    memcpy(r, b.p + 4, sizeof(WsRec));
    ws_get_vars(b.p + 4 + sizeof(WsRec));
    if (r->kind == WS_R_EXIT || r->kind == WS_R_UNHANDLED) {
        /* The real exit code, read from the ended process. */
        DWORD code = r->exit_code;
        WaitForSingleObject(w->proc, 10000);
        GetExitCodeProcess(w->proc, &code);
        r->exit_code = code;
        w->state = 2;
        if (r->kind == WS_R_EXIT) snprintf(w->why, WS_S, "has exited (line %d)", s->line);
        else {
            char name[64] = "";
            sscanf(r->exception, "%63s", name);
            snprintf(w->why, WS_S, "has ended (line %d: %s)", s->line, name);
        }
    }
}

static void ws_cleanup_scratch(void)
{
    WIN32_FIND_DATAW fd;
    WCHAR pat[MAX_PATH + 4], path[2 * MAX_PATH];
    HANDLE f;
    swprintf(pat, sizeof pat / sizeof pat[0], L"%ls\\*", ws_scratch);
    f = FindFirstFileW(pat, &fd);
    if (f != INVALID_HANDLE_VALUE) {
        do {
            swprintf(path, sizeof path / sizeof path[0], L"%ls\\%ls", ws_scratch, fd.cFileName);
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) RemoveDirectoryW(path);
            else DeleteFileW(path);
        } while (FindNextFileW(f, &fd));
        FindClose(f);
    }
    RemoveDirectoryW(ws_scratch);
}

static int ws_controller(void)
{
    int i, n = (int)(sizeof ws_script / sizeof ws_script[0]);
    WCHAR tmp[MAX_PATH];
    WsRec r;
    WsBuf b = {0};
    GetModuleFileNameW(NULL, ws_exe, MAX_PATH);
    GetTempPathW(MAX_PATH, tmp);
    swprintf(ws_scratch, MAX_PATH, L"%lswinsection-%lu-%lu", tmp, (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetTickCount());
    CreateDirectoryW(ws_scratch, NULL);
    for (i = 0; i < n; i++) {
        const WsStmt *s = &ws_script[i];
        memset(&r, 0, sizeof r);
        if (s->kind == S_MACHINE) r.kind = WS_R_MACHINE;
        else if (s->kind == S_DUMP) r.kind = WS_R_DUMP;
        else if (s->kind == S_PROCESS) ws_start(i, &r);
        else ws_act(i, &r);
        ws_print(i, &r);
    }
    for (i = 0; i <= WS_NPROCS; i++) {
        if (ws_procs[i].state == 1) {
            ws_cmd(&b, OP_QUIT, 0);
            ws_send(ws_procs[i].cmd, &b);
            WaitForSingleObject(ws_procs[i].proc, 5000);
        }
    }
    ws_cleanup_scratch();
    {
        int status = ws_sum.not_held == 0 && ws_sum.not_run == 0 ? 0 : 1;
        if (ws_json) {
            printf("{\"kind\":\"summary\",\"statements\":%u,\"held\":%u,\"not_held\":%u,\"not_run\":%u,"
                   "\"unhandled_exceptions\":%u,\"exit_status\":%d,\"trace_version\":%d,"
                   "\"producer\":\"export-c\"}\n",
                   ws_sum.statements, ws_sum.held, ws_sum.not_held, ws_sum.not_run, ws_sum.unhandled,
                   status, WS_TRACE_VERSION);
        } else {
            printf("end: %u statement%s, %u expectation%s held, %u not held, %u not run, %u unhandled "
                   "exception%s\n",
                   ws_sum.statements, ws_sum.statements == 1 ? "" : "s", ws_sum.held,
                   ws_sum.held == 1 ? "" : "s", ws_sum.not_held, ws_sum.not_run, ws_sum.unhandled,
                   ws_sum.unhandled == 1 ? "" : "s");
        }
        return status;
    }
}

int main(int argc, char **argv)
{
    const WCHAR *line = GetCommandLineW();
    const WCHAR *worker = wcsstr(line, L" --ws-worker ");
    int i;
    if (worker) return ws_worker(worker + 13);
    _setmode(_fileno(stdout), _O_BINARY); /* "\n", not "\r\n": the trace is the same bytes everywhere */
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) ws_json = 1;
        else {
            fprintf(stderr, "usage: %s [--json]\n", argv[0]);
            return 2;
        }
    }
    return ws_controller();
}
