//! The calls issue 10 added to the scenario language, each run from a script and checked by
//! its `expect` lines (exit status 0 means every expectation held).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use winsection::scenario;

fn run_ok(src: &str) {
    let script = scenario::load(src.as_bytes()).unwrap_or_else(|e| panic!("{}", e.display("test")));
    let result = scenario::run(&script);
    assert_eq!(result.exit_status(), 0, "{}", result.text());
    result.system.check().unwrap();
}

#[test]
fn nt_query_section_and_object() {
    run_ok(
        "process a\n\
         a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x10000, \"Q\")\n\
         a: expect NtQuerySection(s, 0, &info) == STATUS_SUCCESS\n\
         a: expect info.AllocationAttributes == SEC_RESERVE && info.MaximumSize == 0x10000\n\
         a: r = OpenFileMappingW(FILE_MAP_READ, FALSE, \"Q\")\n\
         a: expect NtQuerySection(r, 0, &info) == STATUS_ACCESS_DENIED\n\
         a: expect NtQueryObject(r, 0, &obj) == STATUS_SUCCESS\n\
         a: expect obj.GrantedAccess == SECTION_MAP_READ && obj.HandleCount == 2\n",
    );
}

#[test]
fn nt_are_mapped_files_the_same_and_extend_section() {
    run_ok(
        "process a\n\
         a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, NULL)\n\
         a: v = MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0)\n\
         a: v2 = MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0)\n\
         a: expect NtAreMappedFilesTheSame(v, v + 30) == STATUS_SUCCESS\n\
         a: expect NtAreMappedFilesTheSame(v, v2) == STATUS_NOT_SAME_DEVICE\n\
         a: expect NtAreMappedFilesTheSame(v, NULL) == STATUS_INVALID_ADDRESS\n\
         a: size = 0x30000\n\
         a: expect NtExtendSection(s, &size) == STATUS_ACCESS_DENIED\n\
         a: r = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x10000, NULL)\n\
         a: DuplicateHandle(GetCurrentProcess(), r, GetCurrentProcess(), &all, SECTION_ALL_ACCESS, FALSE, 0)\n\
         a: expect NtExtendSection(all, &size) == STATUS_SUCCESS\n\
         a: expect size == 0x30000\n",
    );
}

#[test]
fn process_memory_and_file_attributes() {
    run_ok(
        "process target\n\
         process dbg\n\
         target: p = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE)\n\
         target: write(p, \"hello\")\n\
         dbg: h = OpenProcess(PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | PROCESS_QUERY_INFORMATION, FALSE, target)\n\
         dbg: expect ReadProcessMemory(h, p, &buf, 5, &n) == TRUE\n\
         dbg: expect buf == \"hello\" && n == 5\n\
         dbg: expect WriteProcessMemory(h, p, \"HELLO\", 5, &n) == TRUE\n\
         target: expect read(p, 5) == \"HELLO\"\n\
         dbg: expect ReadProcessMemory(h, p + 0xFFE, &buf, 4, &n) fails ERROR_PARTIAL_COPY\n\
         dbg: expect VirtualQueryEx(h, p, &mbi) == 48\n\
         dbg: expect mbi.State == MEM_COMMIT\n\
         dbg: q = VirtualAllocEx(h, NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE)\n\
         dbg: expect VirtualProtectEx(h, q, 0x1000, PAGE_READONLY, &old) == TRUE\n\
         dbg: expect old == PAGE_READWRITE\n\
         dbg: expect VirtualFreeEx(h, q, 0, MEM_RELEASE) == TRUE\n\
         dbg: expect GetFileAttributesW(\"C:\\\\nope.txt\") fails ERROR_FILE_NOT_FOUND\n\
         dbg: expect VirtualAllocFromApp(NULL, 0x1000, MEM_COMMIT, PAGE_EXECUTE_READ) fails ERROR_INVALID_PARAMETER\n\
         dbg: m = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_EXECUTE_READ, 0, 4096, \"X\")\n\
         dbg: o = OpenFileMappingFromApp(FILE_MAP_EXECUTE, FALSE, \"X\")\n\
         dbg: expect NtQueryObject(o, 0, &info) == STATUS_SUCCESS\n\
         dbg: expect info.GrantedAccess == SECTION_MAP_EXECUTE\n",
    );
}
