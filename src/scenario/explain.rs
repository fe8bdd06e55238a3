//! `winsection explain`: what each Win32 error (and exception) means in the section model,
//! what in winsection produces it — or, honestly, that nothing does — and a minimal scenario
//! that shows it. The scenarios are run by the tests: each must pass.

use std::fmt::Write;

use crate::error::{NtStatus, Win32Error, WIN32_ERRORS};

/// Knowledge about one error or exception.
#[derive(Clone, Copy, Debug)]
pub struct Explanation {
    /// `ERROR_...` or `EXCEPTION_...`.
    pub name: &'static str,
    /// What produces it in the section model (with catalog references).
    pub produced_by: &'static str,
    /// A minimal scenario showing it (passes), when there is one.
    pub scenario: Option<&'static str>,
}

/// The table, one entry per error in `WIN32_ERRORS` plus the exceptions.
pub static EXPLANATIONS: &[Explanation] = &[
    Explanation {
        name: "ERROR_SUCCESS",
        produced_by: "CreateFileMapping* and the other Create* functions set it on success when \
            they made a new object: they touch the last error even when they succeed (catalog \
            A18, L3). Open*, MapViewOfFile*, CloseHandle and the BOOL functions leave it as it \
            was on success.",
        scenario: Some(
            "process a\n\
             a: SetLastError(ERROR_ACCESS_DENIED)\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Fresh\")\n\
             a: expect GetLastError() == ERROR_SUCCESS\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_FUNCTION",
        produced_by: "Nothing in winsection produces it: no section, memory or handle call \
            answers with it.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_FILE_NOT_FOUND",
        produced_by: "OpenFileMapping (and the other Open* calls) for a name that does not \
            exist (STATUS_OBJECT_NAME_NOT_FOUND) — including a name whose object still exists \
            because a view keeps it alive: the name goes with the last handle, not the last \
            view (catalog G1, M1). Also CreateFile for a missing file.",
        scenario: Some(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Gone\")\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: CloseHandle(h)\n\
             a: expect OpenFileMappingW(FILE_MAP_READ, FALSE, \"Gone\") fails ERROR_FILE_NOT_FOUND\n",
        ),
    },
    Explanation {
        name: "ERROR_PATH_NOT_FOUND",
        produced_by: "An object name through a directory that does not exist \
            (STATUS_OBJECT_PATH_NOT_FOUND), e.g. a lowercase \"global\\\\X\": prefixes are \
            case-sensitive (catalog A5, A12, M5).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"global\\\\X\") fails ERROR_PATH_NOT_FOUND\n",
        ),
    },
    Explanation {
        name: "ERROR_ACCESS_DENIED",
        produced_by: "A view larger than the section (STATUS_INVALID_VIEW_SIZE — typically after \
            CreateFileMapping opened someone else's smaller section: catalog F5, M2); a handle \
            without the rights the view needs (catalog E); creating a section in Global\\\\ from \
            session 1 without SeCreateGlobalPrivilege (catalog J1, M15); waiting on a section \
            (no SYNCHRONIZE right, B15).",
        scenario: Some(
            "process squatter\n\
             process app\n\
             squatter: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Shared\")\n\
             app: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x100000, \"Shared\")\n\
             app: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0x100000) fails ERROR_ACCESS_DENIED\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_HANDLE",
        produced_by: "A handle that is not open (closed twice, never valid, NULL); a handle of \
            the wrong type (STATUS_OBJECT_TYPE_MISMATCH); and — surprisingly — creating a file \
            mapping whose name an event, mutex, semaphore, timer or job already holds: all \
            these types share one namespace (catalog B1-B4, M3).",
        scenario: Some(
            "process a\n\
             a: e = CreateEventW(NULL, TRUE, FALSE, \"Taken\")\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Taken\") fails ERROR_INVALID_HANDLE\n",
        ),
    },
    Explanation {
        name: "ERROR_NOT_ENOUGH_MEMORY",
        produced_by: "STATUS_SECTION_TOO_BIG: a read-only file section larger than its file — not a \
            memory problem at all (catalog D5, M6); or STATUS_NO_MEMORY: no free range of the \
            address space is large enough for a view.",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: WriteFile(f, \"tiny\", 4, NULL, NULL)\n\
             a: expect CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0x10000, NULL) fails ERROR_NOT_ENOUGH_MEMORY\n",
        ),
    },
    Explanation {
        name: "ERROR_OUTOFMEMORY",
        produced_by: "STATUS_SECTION_NOT_EXTENDED: a file could not be extended to the size of \
            its section. Nothing in winsection produces it today.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_NOT_SAME_DEVICE",
        produced_by: "MoveFileEx to another volume without MOVEFILE_COPY_ALLOWED \
            (STATUS_NOT_SAME_DEVICE). Nothing in winsection produces it today: MoveFileW copies \
            across volumes, as MoveFile does on Windows.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_BAD_NETPATH",
        produced_by: "A \\\\server path without a share, or naming a host the network does not have \
            (STATUS_BAD_NETWORK_PATH).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileW(\"\\\\\\\\nowhere\\\\share\\\\f.bin\", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) fails ERROR_BAD_NETPATH\n",
        ),
    },
    Explanation {
        name: "ERROR_SHARING_VIOLATION",
        produced_by: "A CreateFile whose access or share mode conflicts with an open handle of the same \
            file (STATUS_SHARING_VIOLATION). A writable data section counts as an open that \
            shares nothing but read and write, so every later opener must share write (catalog \
            H1, H3, M12).",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: expect CreateFileW(\"C:\\\\data.bin\", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL) fails ERROR_SHARING_VIOLATION\n",
        ),
    },
    Explanation {
        name: "ERROR_LOCK_VIOLATION",
        produced_by: "LockFile on a range another handle has locked, and ReadFile / WriteFile through \
            another handle into a locked range (STATUS_FILE_LOCK_CONFLICT). Mapped views are \
            not stopped by byte-range locks (catalog H12, M13).",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: g = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL)\n\
             a: WriteFile(f, \"0123456789\", 10, NULL, NULL)\n\
             a: LockFile(f, 0, 0, 10, 0)\n\
             a: expect LockFile(g, 0, 0, 10, 0) fails ERROR_LOCK_VIOLATION\n",
        ),
    },
    Explanation {
        name: "ERROR_HANDLE_EOF",
        produced_by: "Nothing in winsection produces it: a synchronous ReadFile at the end of a file \
            returns TRUE with 0 bytes read.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_BAD_LENGTH",
        produced_by: "VirtualQuery with a buffer shorter than MEMORY_BASIC_INFORMATION (48 bytes \
            on x64).",
        scenario: Some(
            "process a\n\
             a: p = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)\n\
             a: expect VirtualQuery(p, &mbi, 47) fails ERROR_BAD_LENGTH\n",
        ),
    },
    Explanation {
        name: "ERROR_NOT_SUPPORTED",
        produced_by: "Nothing in the section model produces it today.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_FILE_EXISTS",
        produced_by: "CreateFile with CREATE_NEW for a file that exists.",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: CloseHandle(f)\n\
             a: expect CreateFileW(\"C:\\\\data.bin\", GENERIC_READ, 0, NULL, CREATE_NEW, 0, NULL) fails ERROR_FILE_EXISTS\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_PARAMETER",
        produced_by: "The catch-all of NtCreateSection / NtMapViewOfSection: a page-file section \
            of size 0 (catalog C3), an invalid protection or SEC_* combination (C1, C7), a view \
            protection the section does not allow (STATUS_SECTION_PROTECTION), VirtualProtect \
            beyond what the view allows (F14), VirtualFree on a view (F18).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL) fails ERROR_INVALID_PARAMETER\n",
        ),
    },
    Explanation {
        name: "ERROR_DISK_FULL",
        produced_by: "A file that must grow beyond the disk's capacity: WriteFile, SetEndOfFile, or \
            CreateFileMapping of a writable section larger than its file, which grows the file at \
            once (catalog D4, D6, M6).",
        scenario: Some(
            "machine disk=0x10000\n\
             process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: expect CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0x20000, NULL) fails ERROR_DISK_FULL\n",
        ),
    },
    Explanation {
        name: "ERROR_CALL_NOT_IMPLEMENTED",
        produced_by: "CreateFileForMapping called through the Rust facade on a windows-profile \
            machine (it exists only on Windows CE; in a scenario it is a script error naming the \
            profile).",
        scenario: None,
    },
    Explanation {
        name: "ERROR_INSUFFICIENT_BUFFER",
        produced_by: "GetAppContainerNamedObjectPath with a buffer shorter than the path and its \
            terminating NUL; ReturnLength says how many characters are needed (catalog J9).",
        scenario: Some(
            "process app appcontainer=Contoso\n\
             app: expect GetAppContainerNamedObjectPath(NULL, NULL, 10, &path, &len) fails ERROR_INSUFFICIENT_BUFFER\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_NAME",
        produced_by: "An object name with an empty component, such as \"Local\\\\\\\\X\" \
            (STATUS_OBJECT_NAME_INVALID; catalog A10), or a name of exactly 32767 UTF-16 units \
            (A17).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Local\\\\\\\\X\") fails ERROR_INVALID_NAME\n",
        ),
    },
    Explanation {
        name: "ERROR_NEGATIVE_SEEK",
        produced_by: "SetFilePointer(Ex) to a position before the start of the file.",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: expect SetFilePointerEx(f, -1, NULL, FILE_BEGIN) fails ERROR_NEGATIVE_SEEK\n",
        ),
    },
    Explanation {
        name: "ERROR_DIR_NOT_EMPTY",
        produced_by: "Nothing in winsection produces it today (there is no RemoveDirectory).",
        scenario: None,
    },
    Explanation {
        name: "ERROR_NOT_LOCKED",
        produced_by: "VirtualUnlock of pages that are not locked (STATUS_NOT_LOCKED); UnlockFile \
            of a range that is not locked.",
        scenario: Some(
            "process a\n\
             a: p = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)\n\
             a: expect VirtualUnlock(p, 4096) fails ERROR_NOT_LOCKED\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_LOCK_RANGE",
        produced_by: "LockFile / LockFileEx / UnlockFile(Ex) of a range whose last byte lies past \
            2^64 - 1 (STATUS_INVALID_LOCK_RANGE, MS-FSA 2.1.5.8; a range ending exactly at 2^64 \
            is valid; catalog H20).",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\l.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: expect LockFile(f, 0, 0x10000000, 0, 0xf0000000) == TRUE\n\
             a: expect LockFile(f, 0, 0x10000000, 1, 0xf0000000) fails ERROR_INVALID_LOCK_RANGE\n",
        ),
    },
    Explanation {
        name: "ERROR_BAD_PATHNAME",
        produced_by: "An object name starting with a backslash: Win32 names are relative to the \
            session's BaseNamedObjects directory (STATUS_OBJECT_PATH_SYNTAX_BAD; catalog A8).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"\\\\X\") fails ERROR_BAD_PATHNAME\n",
        ),
    },
    Explanation {
        name: "ERROR_ALREADY_EXISTS",
        produced_by: "A *successful* CreateFileMapping (or CreateEvent, CreateMutex, ...) that \
            opened an existing object of the same name instead of creating one: the handle is \
            valid and refers to the old object, with its old size (catalog A18, B8, M2, M4). \
            Check GetLastError() after every successful Create*.",
        scenario: Some(
            "process first\n\
             process second\n\
             first: a = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"Name\")\n\
             second: b = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x100000, \"Name\")\n\
             second: expect b != NULL && GetLastError() == ERROR_ALREADY_EXISTS\n",
        ),
    },
    Explanation {
        name: "ERROR_BAD_EXE_FORMAT",
        produced_by: "SEC_IMAGE on a section that is not backed by a valid image file (for a \
            page-file section: STATUS_INVALID_FILE_FOR_SECTION; catalog C7).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY | SEC_IMAGE, 0, 4096, NULL) fails ERROR_BAD_EXE_FORMAT\n",
        ),
    },
    Explanation {
        name: "ERROR_FILENAME_EXCED_RANGE",
        produced_by: "An ANSI (...A) object name of 260 bytes or more: kernel32 converts it \
            through a MAX_PATH buffer (STATUS_NAME_TOO_LONG; catalog A16).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\") fails ERROR_FILENAME_EXCED_RANGE   # 260 bytes\n",
        ),
    },
    Explanation {
        name: "ERROR_LOCKED",
        produced_by: "Nothing, on NT. ERROR_LOCKED (\"The segment is locked and cannot be \
            reallocated\") is a 16-bit-era code: no section, memory or file API of Windows NT \
            returns it, and no real NTSTATUS maps to it (catalog L2). Byte-range conflicts are \
            ERROR_LOCK_VIOLATION, unlocking an unlocked range ERROR_NOT_LOCKED, truncating a \
            mapped file ERROR_USER_MAPPED_FILE, share-mode conflicts ERROR_SHARING_VIOLATION.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_NOT_OWNER",
        produced_by: "ReleaseMutex by a process that does not own the mutex.",
        scenario: Some(
            "process a\n\
             a: m = CreateMutexW(NULL, FALSE, NULL)\n\
             a: expect ReleaseMutex(m) fails ERROR_NOT_OWNER\n",
        ),
    },
    Explanation {
        name: "ERROR_TOO_MANY_POSTS",
        produced_by: "ReleaseSemaphore past the semaphore's maximum count.",
        scenario: Some(
            "process a\n\
             a: s = CreateSemaphoreW(NULL, 1, 1, NULL)\n\
             a: expect ReleaseSemaphore(s, 1, NULL) fails ERROR_TOO_MANY_POSTS\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_ADDRESS",
        produced_by: "UnmapViewOfFile of an address that is not in a view (twice, or private \
            memory: STATUS_NOT_MAPPED_VIEW; catalog F11); MapViewOfFileEx at an address already \
            in use (STATUS_CONFLICTING_ADDRESSES); VirtualProtect of uncommitted pages \
            (STATUS_NOT_COMMITTED).",
        scenario: Some(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL)\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: UnmapViewOfFile(v)\n\
             a: expect UnmapViewOfFile(v) fails ERROR_INVALID_ADDRESS\n",
        ),
    },
    Explanation {
        name: "ERROR_NOACCESS",
        produced_by: "A NULL out pointer that the kernel probes: VirtualQuery with a NULL buffer, \
            VirtualProtect with a NULL lpflOldProtect (catalog F13, F14), GetHandleInformation \
            with a NULL flags pointer.",
        scenario: Some(
            "process a\n\
             a: p = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)\n\
             a: expect VirtualQuery(p, NULL) fails ERROR_NOACCESS\n",
        ),
    },
    Explanation {
        name: "ERROR_FILE_INVALID",
        produced_by: "Mapping an empty file without giving a size (STATUS_MAPPED_FILE_SIZE_ZERO; catalog \
            D2, M7). With an explicit size and a writable protection the file is grown instead \
            (D3).",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: expect CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0, NULL) fails ERROR_FILE_INVALID\n",
        ),
    },
    Explanation {
        name: "ERROR_MAPPED_ALIGNMENT",
        produced_by: "A view offset (or MapViewOfFileEx base address) that is not a multiple of \
            the allocation granularity, 64 KiB (catalog F2).",
        scenario: Some(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x20000, NULL)\n\
             a: expect MapViewOfFile(h, FILE_MAP_READ, 0, 4096, 0) fails ERROR_MAPPED_ALIGNMENT\n",
        ),
    },
    Explanation {
        name: "ERROR_USER_MAPPED_FILE",
        produced_by: "Truncating a file that a section maps — SetEndOfFile shrinking it at all, or \
            CREATE_ALWAYS / TRUNCATE_EXISTING — even when no view is left: the section itself \
            holds the file (STATUS_USER_MAPPED_FILE; catalog H4-H7, M11). Extending works.",
        scenario: Some(
            "process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: m = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0x10000, NULL)\n\
             a: SetFilePointer(f, 0, NULL, FILE_BEGIN)\n\
             a: expect SetEndOfFile(f) fails ERROR_USER_MAPPED_FILE\n",
        ),
    },
    Explanation {
        name: "ERROR_PARTIAL_COPY",
        produced_by: "ReadProcessMemory / WriteProcessMemory over a range that is not all \
            readable (writable) in the target process; winsection copies nothing then.",
        scenario: Some(
            "process target\n\
             process dbg\n\
             target: p = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE)\n\
             dbg: h = OpenProcess(PROCESS_VM_READ, FALSE, target)\n\
             dbg: expect ReadProcessMemory(h, p + 0xFFE, &buf, 4, &n) fails ERROR_PARTIAL_COPY\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_ACL",
        produced_by: "SDDL whose ACE names an unknown SID alias (`WX`): \
            ConvertStringSecurityDescriptorToSecurityDescriptor refuses it (wine \
            advapi32/tests/security.c test_ConvertStringSecurityDescriptor); nothing is created.",
        scenario: Some(
            "process a\n\
             a: expect CreateMutexW(SA(FALSE, \"D:(A;;GA;;;WX)\"), FALSE, \"M\") fails ERROR_INVALID_ACL\n",
        ),
    },
    Explanation {
        name: "ERROR_INVALID_SID",
        produced_by: "SDDL whose owner (`O:`) is an unknown SID alias.",
        scenario: Some(
            "process a\n\
             a: expect CreateMutexW(SA(FALSE, \"O:WX\"), FALSE, \"M\") fails ERROR_INVALID_SID\n",
        ),
    },
    Explanation {
        name: "ERROR_PRIVILEGE_NOT_HELD",
        produced_by: "SEC_LARGE_PAGES without SeLockMemoryPrivilege (catalog C10, J4); an open \
            asking for ACCESS_SYSTEM_SECURITY without SeSecurityPrivilege (wine sync.c test_mutex).",
        scenario: Some(
            "process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_COMMIT | SEC_LARGE_PAGES, 0, 0x200000, NULL) fails ERROR_PRIVILEGE_NOT_HELD\n",
        ),
    },
    Explanation {
        name: "ERROR_NO_SYSTEM_RESOURCES",
        produced_by: "A full handle table (2^24 handles in one process: \
            STATUS_INSUFFICIENT_RESOURCES). No short scenario reaches it.",
        scenario: None,
    },
    Explanation {
        name: "ERROR_COMMITMENT_LIMIT",
        produced_by: "A SEC_COMMIT section charges its whole size to the commit limit when it is \
            created; past the limit, CreateFileMapping fails (catalog C12, C13). SEC_RESERVE \
            sections charge only the pages committed later.",
        scenario: Some(
            "machine commit=0x100000\n\
             process a\n\
             a: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x200000, NULL) fails ERROR_COMMITMENT_LIMIT\n\
             a: r = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x200000, NULL)\n\
             a: expect r != NULL\n",
        ),
    },
    Explanation {
        name: "ERROR_NOT_SAME_OBJECT",
        produced_by: "CompareObjectHandles of two handles to different objects (catalog I15).",
        scenario: Some(
            "process a\n\
             a: x = CreateEventW(NULL, TRUE, FALSE, NULL)\n\
             a: y = CreateEventW(NULL, TRUE, FALSE, NULL)\n\
             a: expect CompareObjectHandles(x, y) fails ERROR_NOT_SAME_OBJECT\n",
        ),
    },
    Explanation {
        name: "EXCEPTION_ACCESS_VIOLATION",
        produced_by: "Touching memory the process may not touch that way: beyond the end of a \
            view (the squatting story, catalog M2), a write through a read-only view, reserved \
            pages of a SEC_RESERVE section, or a view that was unmapped. Outside `expect ... \
            raises` it ends the process.",
        scenario: Some(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, NULL)\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: expect write(v, \"x\") raises EXCEPTION_ACCESS_VIOLATION\n",
        ),
    },
    Explanation {
        name: "EXCEPTION_GUARD_PAGE",
        produced_by: "The first touch of a PAGE_GUARD page; the guard is then removed, so the \
            second touch succeeds (MS docs \"Creating Guard Pages\").",
        scenario: Some(
            "process a\n\
             a: p = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE | PAGE_GUARD)\n\
             a: expect read(p, 1) raises EXCEPTION_GUARD_PAGE\n\
             a: expect read(p, 1) == x\"00\"\n",
        ),
    },
];

/// Finds the explanation of `query`: `ERROR_X`, `X` (without the prefix, any case),
/// `EXCEPTION_X`, `STATUS_X` (explained as the Win32 error it becomes), or a number in any
/// form [`parse_number`] reads.
pub fn find(query: &str) -> Option<(&'static Explanation, Option<u32>)> {
    let (e, code, _) = resolve(query)?;
    Some((e, code))
}

/// A number written any usual way: decimal (`183`, and `-1073741819` as a signed 32-bit
/// NTSTATUS), hexadecimal with `0x`/`0X`, a `h` suffix (`B7h`) or, when it has a hex letter,
/// no marker at all (`C0000005`); `_` and `'` separators are ignored.
pub fn parse_number(text: &str) -> Option<u32> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && *c != '\'')
        .collect();
    if let Some(neg) = t.strip_prefix('-') {
        let v = neg.parse::<i64>().ok()?;
        return i32::try_from(-v).ok().map(|v| v as u32);
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if let Some(hex) = t.strip_suffix('h').or_else(|| t.strip_suffix('H')) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return t.parse::<u32>().ok();
    }
    if t.chars().all(|c| c.is_ascii_hexdigit()) {
        return u32::from_str_radix(&t, 16).ok();
    }
    None
}

/// What a query names: the explanation, its code, and the NTSTATUS it was given as (a
/// `STATUS_...` name or number explains the Win32 error `RtlNtStatusToDosError` makes of it;
/// catalog L1).
fn resolve(query: &str) -> Option<(&'static Explanation, Option<u32>, Option<NtStatus>)> {
    let q = query.trim();
    let by_name = |name: &str| EXPLANATIONS.iter().find(|e| e.name == name);
    let status_of = |s: NtStatus| {
        let w = s.to_win32();
        by_name(&w.name()).map(|e| (e, Some(w.code()), Some(s)))
    };
    if let Some(n) = parse_number(q) {
        // An exception code first (0xC0000005 is EXCEPTION_ACCESS_VIOLATION), then a Win32
        // error, then an NTSTATUS, then an HRESULT_FROM_WIN32 (0x8007xxxx).
        if let Some((c, _)) = crate::consts::CONSTANTS
            .iter()
            .find(|(c, v)| c.starts_with("EXCEPTION_") && *v == u64::from(n))
        {
            return by_name(c).map(|e| (e, Some(n), None));
        }
        if let Some((name, _, _)) = WIN32_ERRORS.iter().find(|(_, c, _)| *c == n) {
            return by_name(name).map(|e| (e, Some(n), None));
        }
        if let Some(s) = NtStatus::ALL.iter().find(|s| s.0 == n) {
            return status_of(*s);
        }
        if n & 0xFFFF_0000 == 0x8007_0000 {
            let code = n & 0xFFFF;
            let (name, _, _) = WIN32_ERRORS.iter().find(|(_, c, _)| *c == code)?;
            return by_name(name).map(|e| (e, Some(code), None));
        }
        return None;
    }
    let upper = q.to_ascii_uppercase();
    if upper.starts_with("STATUS_") {
        let s = NtStatus::ALL
            .iter()
            .find(|s| s.name().is_some_and(|n| n == upper))?;
        return status_of(*s);
    }
    let name = if upper.starts_with("ERROR_") || upper.starts_with("EXCEPTION_") {
        upper
    } else {
        format!("ERROR_{upper}")
    };
    let e = by_name(&name)?;
    let code = Win32Error::from_name(e.name)
        .map(|w| w.code())
        .or_else(|| crate::consts::constant(e.name).map(|v| v as u32));
    Some((e, code, None))
}

/// The name closest to an unknown query, for `did you mean`: errors, exceptions and the
/// NTSTATUS names, compared without case.
pub fn suggest(query: &str) -> Option<&'static str> {
    let upper = query.trim().to_ascii_uppercase();
    let names = || {
        EXPLANATIONS
            .iter()
            .map(|e| e.name)
            .chain(NtStatus::ALL.iter().filter_map(|s| s.name()))
    };
    crate::scenario::check::closest(&upper, names()).or_else(|| {
        // `ACESS_DENIED`: the name without its ERROR_ prefix.
        crate::scenario::check::closest(&format!("ERROR_{upper}"), names())
    })
}

/// The minimal scenario for a query (`winsection explain X --scenario | winsection run -`):
/// None when the query is unknown, Some(None) when nothing produces the error.
pub fn scenario(query: &str) -> Option<Option<&'static str>> {
    resolve(query).map(|(e, _, _)| e.scenario)
}

/// The text `winsection explain QUERY` prints, or None for an unknown query.
pub fn explain(query: &str) -> Option<String> {
    let (e, code, status) = resolve(query)?;
    let mut out = String::new();
    if let Some(s) = status {
        let _ = writeln!(
            out,
            "{} (0x{:08X}) is the NTSTATUS; kernel32 turns it into {} (RtlNtStatusToDosError; catalog L1).\n",
            s.name().unwrap_or("STATUS_?"),
            s.0,
            e.name
        );
    }
    let code = code.unwrap_or(0);
    let _ = writeln!(out, "{} ({code}, 0x{code:X})", e.name);
    if let Some(w) = Win32Error::from_name(e.name) {
        let _ = writeln!(out, "message: {}", w.message());
    } else {
        let _ = writeln!(out, "kind: a hardware exception raised by a memory access");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "in the section model:");
    for line in wrap(e.produced_by, 88) {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out);
    match e.scenario {
        Some(s) => {
            let _ = writeln!(
                out,
                "minimal scenario (run it: winsection explain {} --scenario | winsection run -):",
                e.name
            );
            for line in s.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        None => {
            let _ = writeln!(
                out,
                "no scenario: nothing in winsection's scenario language produces it today."
            );
        }
    }
    Some(out)
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_error_is_explained_once() {
        for (name, _, _) in WIN32_ERRORS {
            let n = EXPLANATIONS.iter().filter(|e| e.name == *name).count();
            assert_eq!(
                n, 1,
                "{name}: give it exactly one entry in EXPLANATIONS (src/scenario/explain.rs)"
            );
        }
        for e in EXPLANATIONS {
            assert!(
                Win32Error::from_name(e.name).is_some()
                    || crate::consts::constant(e.name).is_some(),
                "{} is not a known name",
                e.name
            );
        }
    }

    #[test]
    fn every_scenario_passes_and_shows_its_error() {
        for e in EXPLANATIONS {
            let Some(src) = e.scenario else { continue };
            let (out, status) = crate::scenario::run_source(e.name, src.as_bytes());
            assert_eq!(status, 0, "{}:\n{out}", e.name);
            assert!(
                out.contains(e.name),
                "{} does not show up in:\n{out}",
                e.name
            );
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(find("ERROR_ALREADY_EXISTS").unwrap().1, Some(183));
        assert_eq!(find("183").unwrap().0.name, "ERROR_ALREADY_EXISTS");
        assert_eq!(find("0xB7").unwrap().0.name, "ERROR_ALREADY_EXISTS");
        assert_eq!(
            find("already_exists").unwrap().0.name,
            "ERROR_ALREADY_EXISTS"
        );
        assert_eq!(
            find("0xC0000005").unwrap().0.name,
            "EXCEPTION_ACCESS_VIOLATION"
        );
        assert_eq!(find("b7h").unwrap().0.name, "ERROR_ALREADY_EXISTS");
        assert_eq!(find("0x800700B7").unwrap().0.name, "ERROR_ALREADY_EXISTS");
        assert_eq!(
            find("c0000040").unwrap().0.name,
            "ERROR_NOT_ENOUGH_MEMORY",
            "STATUS_SECTION_TOO_BIG by number"
        );
        assert_eq!(
            find("status_section_too_big").unwrap().0.name,
            "ERROR_NOT_ENOUGH_MEMORY"
        );
        assert_eq!(
            find("-1073741819").unwrap().0.name,
            "EXCEPTION_ACCESS_VIOLATION"
        );
        assert!(explain("STATUS_INVALID_VIEW_SIZE")
            .unwrap()
            .starts_with("STATUS_INVALID_VIEW_SIZE (0xC000001F) is the NTSTATUS; kernel32 turns it into ERROR_ACCESS_DENIED"));
        assert_eq!(suggest("error_acess_denied"), Some("ERROR_ACCESS_DENIED"));
        assert_eq!(suggest("ACESS_DENIED"), Some("ERROR_ACCESS_DENIED"));
        assert_eq!(
            suggest("STATUS_SECTION_TO_BIG"),
            Some("STATUS_SECTION_TOO_BIG")
        );
        assert!(find("ERROR_NOPE").is_none());
        assert!(find("99999").is_none());
        let locked = explain("ERROR_LOCKED").unwrap();
        assert!(locked.contains("Nothing, on NT"));
        assert!(locked.contains("no scenario"));
    }
}
