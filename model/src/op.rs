//! The operation vocabulary shared by the property test and the fuzz target.
//!
//! An [`Op`] names its operands mostly as indices into what is live ("the k-th running
//! process", "the k-th live section handle of that process", "the k-th view"), so that random
//! sequences stay meaningful and shrink well, and sometimes as raw values (garbage handles,
//! absurd sizes, odd names) to reach the error paths. [`Op::resolve`] turns it into a concrete
//! [`Call`] against the model's current state. Pools list the simplest value first, so that
//! shrinking (towards index 0) simplifies.

use std::fmt;

use arbitrary::Arbitrary;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};

use crate::spec::handles::value_of;
use crate::spec::*;

/// A pool of values picked by index (modulo its length).
macro_rules! pool {
    ($(#[$doc:meta])* $name:ident : $ty:ty, common $common:literal = [$first:expr $(, $v:expr)* $(,)?]) => {
        $(#[$doc])*
        #[derive(Arbitrary, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub u8);

        impl $name {
            /// The values to pick from.
            pub const POOL: &'static [$ty] = &[$first $(, $v)*];

            /// The picked value.
            pub fn get(self) -> $ty {
                let n = Self::POOL.len();
                let i = usize::from(self.0) % n;
                Self::POOL.get(i).copied().unwrap_or($first)
            }

            /// How many values at the start of the pool are the common ones.
            pub const COMMON: u8 = $common;

            /// A proptest strategy over the pool: mostly the common values, sometimes any.
            pub fn strategy() -> BoxedStrategy<Self> {
                let n = u8::try_from(Self::POOL.len()).unwrap_or(u8::MAX);
                let common = Self::COMMON.clamp(1, n.max(1));
                Union::new_weighted(vec![
                    (4, (0..common).prop_map($name).boxed()),
                    (1, (0..n).prop_map($name).boxed()),
                ])
                .boxed()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.get())
            }
        }
    };
}

pool! {
    /// Object names: common ones first, then prefixes, case, backslash rules (catalog A).
    Name: Option<&'static str>, common 4 = [
        Some("A"), Some("B"), Some("Local\\A"), Some(""), Some("A"), None, Some("Global\\A"),
        Some("Global\\B"), Some("Session\\1\\A"), Some("Session\\2\\A"), Some("Session\\0\\B"),
        Some("Session\\9\\A"), Some("global\\A"), Some("a"), Some("dir\\sub"), Some("\\A"),
        Some("A\\"), Some("Global\\\\A"), Some("a/b"), Some("Session"), Some("Global"),
        Some("Local\\Global\\B"),
    ]
}

pool! {
    /// CreateFileMapping protections, valid (C1) and not.
    SectionProtect: u32, common 7 = [
        PAGE_READWRITE, PAGE_READWRITE, PAGE_READONLY, PAGE_WRITECOPY, PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_NOACCESS, PAGE_EXECUTE, 0,
        PAGE_READWRITE | PAGE_GUARD, PAGE_READWRITE | 0x1_0000, PAGE_READWRITE | PAGE_READONLY,
    ]
}

pool! {
    /// SEC_* attribute combinations (C6-C10).
    SecFlags: u32, common 7 = [
        0, 0, SEC_COMMIT, SEC_RESERVE, SEC_RESERVE, SEC_COMMIT | SEC_NOCACHE,
        SEC_RESERVE | SEC_WRITECOMBINE, SEC_RESERVE | SEC_COMMIT, SEC_NOCACHE,
        SEC_COMMIT | SEC_LARGE_PAGES, SEC_IMAGE, SEC_FILE, 0x0010_0000, SEC_IMAGE | SEC_NOCACHE,
        SEC_COMMIT | SEC_NOCACHE | SEC_WRITECOMBINE, SEC_RESERVE | SEC_LARGE_PAGES,
        SEC_LARGE_PAGES, SEC_WRITECOMBINE, SEC_IMAGE | SEC_COMMIT, SEC_COMMIT | SEC_WRITECOMBINE,
        SEC_FILE | SEC_COMMIT,
    ]
}

pool! {
    /// Section sizes: 0, odd, page, granularity, multi-GiB, 1 TiB, overflowing (C3, C4, C12-C15).
    SectionSize: u64, common 6 = [
        0x1000, 0x10000, 0x21000, 5000, 0x3456, 0, 1, 0x20000, 100, 0x4000, 0x30000, 1 << 32,
        1 << 40, 16 << 30, 0xFFFF_FFFF_FFFF_F000, u64::MAX, 1 << 48, (1 << 48) + 1,
    ]
}

pool! {
    /// MapViewOfFile access masks (E8, E10).
    MapAccess: u32, common 5 = [
        FILE_MAP_WRITE, FILE_MAP_READ, FILE_MAP_COPY, FILE_MAP_ALL_ACCESS,
        FILE_MAP_READ | FILE_MAP_COPY, 0, FILE_MAP_WRITE | FILE_MAP_COPY,
        FILE_MAP_EXECUTE | FILE_MAP_READ, FILE_MAP_EXECUTE | FILE_MAP_WRITE,
        FILE_MAP_EXECUTE | FILE_MAP_COPY, FILE_MAP_EXECUTE, SECTION_MAP_EXECUTE | FILE_MAP_READ,
        SECTION_MAP_EXECUTE | FILE_MAP_COPY, FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_COPY,
        FILE_MAP_READ | 0x1_0000,
        FILE_MAP_READ | FILE_MAP_RESERVE,
    ]
}

pool! {
    /// View offsets (F2-F4).
    ViewOffset: u64, common 3 = [0, 0, 0x10000, 0x20000, 0x1000, 1, 1 << 32, 0x30000]
}

pool! {
    /// View sizes (C4, D8, F3, F5, F6).
    ViewSize: u64, common 4 = [
        0, 0, 1, 0x1000, 0x2000, 0x10000, 0x11000, 0x20000, 0x3456, 0x3457, 0x4000, 1 << 40,
        u64::MAX,
    ]
}

pool! {
    /// MapViewOfFileEx base addresses (F8, F9); 0 lets the system choose.
    ViewBase: u64, common 3 = [
        0, 0, 0, 0x2000_0000, 0x1000_0000, 0x1001_0000, 0x1000_1000, 0x5000,
        0x7FFF_FFFF_0000, 0x7FFF_FFFE_0000, 0x1_0000,
    ]
}

pool! {
    /// Access masks for Open* and DuplicateHandle (E1-E3, E11, I10).
    OpenAccess: u32, common 4 = [
        FILE_MAP_READ, FILE_MAP_WRITE, FILE_MAP_ALL_ACCESS, FILE_MAP_COPY, 0, GENERIC_READ,
        GENERIC_ALL, FILE_MAP_READ | FILE_MAP_EXECUTE, FILE_MAP_WRITE | FILE_MAP_READ,
        GENERIC_READ | GENERIC_WRITE, EVENT_ALL_ACCESS, SYNCHRONIZE,
        FILE_MAP_EXECUTE | FILE_MAP_WRITE,
    ]
}

pool! {
    /// DuplicateHandle options (I7-I9).
    DupOptions: u32, common 4 = [
        DUPLICATE_SAME_ACCESS, 0, DUPLICATE_CLOSE_SOURCE,
        DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE,
    ]
}

pool! {
    /// SetHandleInformation (mask, flags) (I12, I14).
    HandleFlags: (u32, u32), common 8 = [
        (HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT),
        (HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE),
        (HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), (HANDLE_FLAG_INHERIT, 0), (3, 3), (3, 0), (0, 3),
        (0x10, 0x10),
    ]
}

pool! {
    /// VirtualProtect / VirtualAlloc protections, valid and not (F14, F19, MS docs "Memory
    /// Protection Constants").
    PageProtect: u32, common 6 = [
        PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, PAGE_NOACCESS, PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE, PAGE_EXECUTE, PAGE_EXECUTE_WRITECOPY,
        PAGE_READWRITE | PAGE_GUARD, PAGE_READONLY | PAGE_NOCACHE, 0,
        PAGE_READWRITE | PAGE_READONLY, PAGE_NOACCESS | PAGE_GUARD,
        PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE,
    ]
}

pool! {
    /// File paths: two files under several spellings, and the error cases.
    FilePath: Option<&'static str>, common 5 = [
        Some("C:\\a.dat"), Some("C:\\b.dat"), Some("c:\\A.DAT"), Some("C:/b.dat"),
        Some("a.dat"), Some("C:\\nodir\\c.dat"), Some("C:\\"), Some(""), None,
        Some("C:\\bad<name"), Some("D:\\x.dat"),
    ]
}

pool! {
    /// CreateFile access (D9).
    FileAccess: u32, common 4 = [
        GENERIC_READ | GENERIC_WRITE, GENERIC_READ | GENERIC_WRITE, GENERIC_READ,
        GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE, GENERIC_WRITE, 0,
        GENERIC_READ | GENERIC_EXECUTE,
        FILE_READ_DATA,
    ]
}

pool! {
    /// CreateFile share modes (H1, H2, H9).
    ShareMode: u32, common 4 = [
        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_SHARE_READ, 0, FILE_SHARE_WRITE,
        FILE_SHARE_DELETE,
    ]
}

pool! {
    /// CreateFile dispositions, valid and not (H7).
    Disposition: u32, common 4 = [
        OPEN_ALWAYS, OPEN_ALWAYS, CREATE_ALWAYS, OPEN_EXISTING, CREATE_NEW, TRUNCATE_EXISTING, 0,
        6,
    ]
}

pool! {
    /// Bytes to write; none is 'M' or 'P', so no file ever becomes a PE image.
    ByteValue: u8, common 5 = [0x5A, 0xA5, 0x01, 0xFF, 0x00]
}

pool! {
    /// File pointer positions (H4-H8).
    FilePosition: u64, common 6 = [
        0, 100, 4096, 0x10000, 0x12345, 0x20000, 36, 0xFFFF_FFFF, 1 << 32, 0x4000, 0x3456,
    ]
}

/// "The k-th running process" (modulo their number).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProcRef(pub u8);

/// A handle operand.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandleRef {
    /// The k-th live handle of the process, of any type.
    Any(u8),
    /// The k-th live section handle (any handle if there is none).
    Section(u8),
    /// The k-th live file handle (any handle if there is none).
    File(u8),
    /// The k-th live handle with tag bits 1..=3 set (G8).
    Tagged(u8, u8),
    /// NULL.
    Null,
    /// `GetCurrentProcess()` (-1).
    CurrentProcess,
    /// `GetCurrentThread()` (-2).
    CurrentThread,
    /// A value never allocated (0x12340).
    Never,
}

/// CreateFileMapping's `hFile`.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileArg {
    /// INVALID_HANDLE_VALUE.
    PageFile,
    /// NULL (also the page file, D13).
    Null,
    /// A handle (usually a file).
    Handle(HandleRef),
}

/// Which page of a view.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageSel {
    First,
    Nth(u8),
    Last,
    /// The page just past the view.
    PastEnd,
}

/// A raw address.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RawAddr {
    Null,
    /// 0x1000_0000, where the first view goes.
    FirstPlacement,
    /// 0x5000, below user space.
    Low,
    /// The last page of user space.
    Top,
    /// Past user space.
    Beyond,
    /// 0xDEADBEEF.
    DeadBeef,
}

/// An address operand.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddrRef {
    /// A byte of a page of the k-th view of the process.
    View { view: u8, page: PageSel, byte: u16 },
    /// A raw address.
    Raw(RawAddr),
}

/// A range size for VirtualProtect / VirtualAlloc.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeSize {
    Page,
    One,
    TwoPages,
    /// From the address to the end of its view.
    Rest,
    Zero,
    /// 1 TiB.
    Big,
    /// Overflows.
    Huge,
}

/// A DuplicateHandle target process.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetRef {
    Current,
    /// The k-th running process.
    Live(u8),
    Null,
    /// An exited process (NULL if none).
    Exited,
}

/// One operation.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// Start a process in session 0/1/2 (`session % 3`), with or without
    /// SeCreateGlobalPrivilege, optionally inheriting from a running parent.
    Spawn {
        session: u8,
        global_privilege: bool,
        parent: Option<ProcRef>,
        inherit: bool,
    },
    /// `ExitProcess`.
    Exit { proc: ProcRef },
    /// `CreateFileMappingW`.
    CreateMapping {
        proc: ProcRef,
        file: FileArg,
        protect: SectionProtect,
        sec: SecFlags,
        size: SectionSize,
        name: Name,
        inherit: bool,
    },
    /// `OpenFileMappingW`.
    OpenMapping {
        proc: ProcRef,
        access: OpenAccess,
        inherit: bool,
        name: Name,
    },
    /// `CreateEventW`.
    CreateEvent {
        proc: ProcRef,
        name: Name,
        inherit: bool,
    },
    /// `CreateMutexW`.
    CreateMutex {
        proc: ProcRef,
        name: Name,
        inherit: bool,
    },
    /// `OpenEventW`.
    OpenEvent {
        proc: ProcRef,
        access: OpenAccess,
        name: Name,
    },
    /// `CloseHandle`.
    CloseHandle { proc: ProcRef, handle: HandleRef },
    /// `DuplicateHandle` from the process.
    Duplicate {
        proc: ProcRef,
        handle: HandleRef,
        target: TargetRef,
        access: OpenAccess,
        inherit: bool,
        options: DupOptions,
    },
    /// `SetHandleInformation`.
    SetHandleInfo {
        proc: ProcRef,
        handle: HandleRef,
        flags: HandleFlags,
    },
    /// `GetHandleInformation`.
    GetHandleInfo { proc: ProcRef, handle: HandleRef },
    /// `MapViewOfFileEx`.
    MapView {
        proc: ProcRef,
        handle: HandleRef,
        access: MapAccess,
        offset: ViewOffset,
        size: ViewSize,
        base: ViewBase,
    },
    /// `UnmapViewOfFile`.
    Unmap { proc: ProcRef, addr: AddrRef },
    /// `VirtualQuery`.
    Query { proc: ProcRef, addr: AddrRef },
    /// `VirtualProtect`.
    Protect {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// `VirtualAlloc(MEM_COMMIT)` (a NULL address becomes 0xDEADBEEF: private allocations are
    /// outside this vocabulary).
    Commit {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// Read a byte.
    Read { proc: ProcRef, addr: AddrRef },
    /// Write a byte.
    Write {
        proc: ProcRef,
        addr: AddrRef,
        value: ByteValue,
    },
    /// `CreateFileW`.
    CreateFile {
        proc: ProcRef,
        path: FilePath,
        access: FileAccess,
        share: ShareMode,
        disposition: Disposition,
        inherit: bool,
    },
    /// `WriteFile` of 1..=4 copies of a byte.
    WriteFile {
        proc: ProcRef,
        handle: HandleRef,
        value: ByteValue,
        len: u8,
    },
    /// `ReadFile` of 1..=4 bytes.
    ReadFile {
        proc: ProcRef,
        handle: HandleRef,
        len: u8,
    },
    /// `CompareObjectHandles`.
    Compare {
        proc: ProcRef,
        first: HandleRef,
        second: HandleRef,
    },
    /// `SetFilePointer(FILE_BEGIN)`.
    Seek {
        proc: ProcRef,
        handle: HandleRef,
        position: FilePosition,
    },
    /// `SetEndOfFile`.
    SetEndOfFile { proc: ProcRef, handle: HandleRef },
    /// `GetFileSize`.
    GetFileSize { proc: ProcRef, handle: HandleRef },
    /// `DeleteFileW`.
    DeleteFile { proc: ProcRef, path: FilePath },
}

/// A never-allocated handle value (catalog G7 uses 0x12340).
pub const NEVER_ALLOCATED: u64 = 0x12340;

impl ProcRef {
    fn pid(self, m: &Model) -> Option<u32> {
        let live = m.live_pids();
        if live.is_empty() {
            return None;
        }
        live.get(usize::from(self.0) % live.len()).copied()
    }
}

fn pick<T: Copy>(items: &[T], k: u8) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    items.get(usize::from(k) % items.len()).copied()
}

impl HandleRef {
    fn value(self, m: &Model, pid: u32) -> HANDLE {
        let handles: Vec<(u64, Option<Kind>)> = m
            .proc(pid)
            .map(|p| {
                p.handles
                    .iter()
                    .map(|(slot, e)| {
                        (
                            value_of(*slot),
                            m.objects.get(&e.object).map(|o| o.kind.kind()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let all: Vec<u64> = handles.iter().map(|(v, _)| *v).collect();
        let of = |kind: Kind| -> Vec<u64> {
            handles
                .iter()
                .filter(|(_, k)| *k == Some(kind))
                .map(|(v, _)| *v)
                .collect()
        };
        let v = match self {
            HandleRef::Any(k) => pick(&all, k).unwrap_or(0),
            HandleRef::Section(k) => pick(&of(Kind::Section), k)
                .or_else(|| pick(&all, k))
                .unwrap_or(0),
            HandleRef::File(k) => pick(&of(Kind::File), k)
                .or_else(|| pick(&all, k))
                .unwrap_or(0),
            HandleRef::Tagged(k, t) => pick(&all, k).unwrap_or(0) | u64::from(1 + t % 3),
            HandleRef::Null => 0,
            HandleRef::CurrentProcess => u64::MAX,
            HandleRef::CurrentThread => u64::MAX - 1,
            HandleRef::Never => NEVER_ALLOCATED,
        };
        v as HANDLE
    }
}

impl RawAddr {
    fn value(self) -> u64 {
        match self {
            RawAddr::Null => 0,
            RawAddr::FirstPlacement => 0x1000_0000,
            RawAddr::Low => 0x5000,
            RawAddr::Top => MAX_APPLICATION_ADDRESS & !(PAGE_SIZE - 1),
            RawAddr::Beyond => MAX_APPLICATION_ADDRESS + 1,
            RawAddr::DeadBeef => 0xDEAD_BEEF,
        }
    }
}

impl AddrRef {
    fn value(self, m: &Model, pid: u32) -> u64 {
        match self {
            AddrRef::Raw(r) => r.value(),
            AddrRef::View { view, page, byte } => {
                let views: Vec<(u64, u64)> = m
                    .proc(pid)
                    .map(|p| p.views.values().map(|v| (v.base, v.size)).collect())
                    .unwrap_or_default();
                let Some((base, size)) = pick(&views, view) else {
                    return RawAddr::FirstPlacement.value();
                };
                let pages = size / PAGE_SIZE;
                let index = match page {
                    PageSel::First => 0,
                    PageSel::Nth(n) => u64::from(n) % pages.max(1),
                    PageSel::Last => pages.saturating_sub(1),
                    PageSel::PastEnd => pages,
                };
                base.saturating_add(index.saturating_mul(PAGE_SIZE))
                    .saturating_add(u64::from(byte) % PAGE_SIZE)
            }
        }
    }
}

impl RangeSize {
    fn value(self, m: &Model, pid: u32, address: u64) -> u64 {
        match self {
            RangeSize::Page => PAGE_SIZE,
            RangeSize::One => 1,
            RangeSize::TwoPages => 2 * PAGE_SIZE,
            RangeSize::Zero => 0,
            RangeSize::Big => 1 << 40,
            RangeSize::Huge => u64::MAX - 0xFFF,
            RangeSize::Rest => m
                .proc(pid)
                .and_then(|p| p.views.range(..=address).next_back().map(|(_, v)| v))
                .filter(|v| address < v.end())
                .map_or(PAGE_SIZE, |v| v.end() - address),
        }
    }
}

impl Op {
    /// The concrete call this op makes against the model's current state (`Call::Noop` when
    /// it needs a running process and there is none).
    pub fn resolve(&self, m: &Model) -> Call {
        if let Op::Spawn {
            session,
            global_privilege,
            parent,
            inherit,
        } = self
        {
            return Call::Spawn {
                session: u32::from(*session % 3),
                create_global: *global_privilege,
                parent: parent.and_then(|p| p.pid(m)),
                inherit_handles: *inherit,
            };
        }
        let Some(pid) = self.proc().and_then(|p| p.pid(m)) else {
            return Call::Noop;
        };
        let name = |n: &Name| n.get().map(String::from);
        match self {
            Op::Spawn { .. } => Call::Noop,
            Op::Exit { .. } => Call::Exit { pid },
            Op::CreateMapping {
                file,
                protect,
                sec,
                size,
                name: n,
                inherit,
                ..
            } => Call::CreateFileMapping {
                pid,
                file: match file {
                    FileArg::PageFile => INVALID_HANDLE_VALUE,
                    FileArg::Null => 0,
                    FileArg::Handle(h) => h.value(m, pid),
                },
                fl_protect: protect.get() | sec.get(),
                size: size.get(),
                name: name(n),
                inherit: *inherit,
            },
            Op::OpenMapping {
                access,
                inherit,
                name: n,
                ..
            } => Call::OpenFileMapping {
                pid,
                access: access.get(),
                inherit: *inherit,
                name: name(n),
            },
            Op::CreateEvent {
                name: n, inherit, ..
            } => Call::CreateEvent {
                pid,
                name: name(n),
                inherit: *inherit,
            },
            Op::CreateMutex {
                name: n, inherit, ..
            } => Call::CreateMutex {
                pid,
                name: name(n),
                inherit: *inherit,
            },
            Op::OpenEvent {
                access, name: n, ..
            } => Call::OpenEvent {
                pid,
                access: access.get(),
                name: name(n),
            },
            Op::CloseHandle { handle, .. } => Call::CloseHandle {
                pid,
                handle: handle.value(m, pid),
            },
            Op::Duplicate {
                handle,
                target,
                access,
                inherit,
                options,
                ..
            } => Call::DuplicateHandle {
                pid,
                handle: handle.value(m, pid),
                target: match target {
                    TargetRef::Current => DupTarget::Current,
                    TargetRef::Null => DupTarget::Null,
                    TargetRef::Live(k) => {
                        ProcRef(*k).pid(m).map_or(DupTarget::Null, DupTarget::Pid)
                    }
                    TargetRef::Exited => m
                        .procs
                        .iter()
                        .find(|p| !p.alive)
                        .map_or(DupTarget::Null, |p| DupTarget::Pid(p.pid)),
                },
                access: access.get(),
                inherit: *inherit,
                options: options.get(),
            },
            Op::SetHandleInfo { handle, flags, .. } => {
                let (mask, flags) = flags.get();
                Call::SetHandleInformation {
                    pid,
                    handle: handle.value(m, pid),
                    mask,
                    flags,
                }
            }
            Op::GetHandleInfo { handle, .. } => Call::GetHandleInformation {
                pid,
                handle: handle.value(m, pid),
            },
            Op::MapView {
                handle,
                access,
                offset,
                size,
                base,
                ..
            } => Call::MapView {
                pid,
                handle: handle.value(m, pid),
                access: access.get(),
                offset: offset.get(),
                size: size.get(),
                base: base.get(),
            },
            Op::Unmap { addr, .. } => Call::Unmap {
                pid,
                address: addr.value(m, pid),
            },
            Op::Query { addr, .. } => Call::VirtualQuery {
                pid,
                address: addr.value(m, pid),
            },
            Op::Protect {
                addr,
                size,
                protect,
                ..
            } => {
                let address = addr.value(m, pid);
                Call::VirtualProtect {
                    pid,
                    address,
                    size: size.value(m, pid, address),
                    protect: protect.get(),
                }
            }
            Op::Commit {
                addr,
                size,
                protect,
                ..
            } => {
                // VirtualAlloc(NULL, ...) allocates private memory, which this vocabulary
                // leaves out: a NULL address becomes 0xDEADBEEF (never reserved).
                let address = match addr.value(m, pid) {
                    0 => RawAddr::DeadBeef.value(),
                    a => a,
                };
                Call::VirtualAlloc {
                    pid,
                    address,
                    size: size.value(m, pid, address),
                    protect: protect.get(),
                }
            }
            Op::Read { addr, .. } => Call::Read {
                pid,
                address: addr.value(m, pid),
            },
            Op::Write { addr, value, .. } => Call::Write {
                pid,
                address: addr.value(m, pid),
                value: value.get(),
            },
            Op::CreateFile {
                path,
                access,
                share,
                disposition,
                inherit,
                ..
            } => Call::CreateFile {
                pid,
                path: path.get().map(String::from),
                access: access.get(),
                share: share.get(),
                disposition: disposition.get(),
                inherit: *inherit,
            },
            Op::WriteFile {
                handle, value, len, ..
            } => Call::WriteFile {
                pid,
                handle: handle.value(m, pid),
                value: value.get(),
                len: 1 + u32::from(*len % 4),
            },
            Op::ReadFile { handle, len, .. } => Call::ReadFile {
                pid,
                handle: handle.value(m, pid),
                len: 1 + u32::from(*len % 4),
            },
            Op::Compare { first, second, .. } => Call::CompareObjectHandles {
                pid,
                first: first.value(m, pid),
                second: second.value(m, pid),
            },
            Op::Seek {
                handle, position, ..
            } => Call::SetFilePointer {
                pid,
                handle: handle.value(m, pid),
                position: position.get(),
            },
            Op::SetEndOfFile { handle, .. } => Call::SetEndOfFile {
                pid,
                handle: handle.value(m, pid),
            },
            Op::GetFileSize { handle, .. } => Call::GetFileSize {
                pid,
                handle: handle.value(m, pid),
            },
            Op::DeleteFile { path, .. } => Call::DeleteFile {
                pid,
                path: path.get().map(String::from),
            },
        }
    }

    /// The process an op acts as (None for `Spawn`).
    pub fn proc(&self) -> Option<ProcRef> {
        match self {
            Op::Spawn { .. } => None,
            Op::Exit { proc }
            | Op::CreateMapping { proc, .. }
            | Op::OpenMapping { proc, .. }
            | Op::CreateEvent { proc, .. }
            | Op::CreateMutex { proc, .. }
            | Op::OpenEvent { proc, .. }
            | Op::CloseHandle { proc, .. }
            | Op::Duplicate { proc, .. }
            | Op::SetHandleInfo { proc, .. }
            | Op::GetHandleInfo { proc, .. }
            | Op::MapView { proc, .. }
            | Op::Unmap { proc, .. }
            | Op::Query { proc, .. }
            | Op::Protect { proc, .. }
            | Op::Commit { proc, .. }
            | Op::Read { proc, .. }
            | Op::Write { proc, .. }
            | Op::CreateFile { proc, .. }
            | Op::WriteFile { proc, .. }
            | Op::ReadFile { proc, .. }
            | Op::Compare { proc, .. }
            | Op::Seek { proc, .. }
            | Op::SetEndOfFile { proc, .. }
            | Op::GetFileSize { proc, .. }
            | Op::DeleteFile { proc, .. } => Some(*proc),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// proptest strategies

/// Mostly the first running process, so that what one op makes the next can use.
fn proc_ref() -> BoxedStrategy<ProcRef> {
    Union::new_weighted(vec![
        (7, Just(ProcRef(0)).boxed()),
        (3, (0u8..4).prop_map(ProcRef).boxed()),
    ])
    .boxed()
}

fn small() -> BoxedStrategy<u8> {
    (0u8..8).boxed()
}

fn handle_ref() -> BoxedStrategy<HandleRef> {
    Union::new_weighted(vec![
        (6, small().prop_map(HandleRef::Section).boxed()),
        (4, small().prop_map(HandleRef::Any).boxed()),
        (3, small().prop_map(HandleRef::File).boxed()),
        (
            1,
            (small(), 0u8..3)
                .prop_map(|(k, t)| HandleRef::Tagged(k, t))
                .boxed(),
        ),
        (1, Just(HandleRef::Null).boxed()),
        (1, Just(HandleRef::CurrentProcess).boxed()),
        (1, Just(HandleRef::CurrentThread).boxed()),
        (1, Just(HandleRef::Never).boxed()),
    ])
    .boxed()
}

fn section_handle_ref() -> BoxedStrategy<HandleRef> {
    Union::new_weighted(vec![
        (8, small().prop_map(HandleRef::Section).boxed()),
        (2, handle_ref()),
    ])
    .boxed()
}

fn file_handle_ref() -> BoxedStrategy<HandleRef> {
    Union::new_weighted(vec![
        (8, small().prop_map(HandleRef::File).boxed()),
        (2, handle_ref()),
    ])
    .boxed()
}

fn file_arg() -> BoxedStrategy<FileArg> {
    Union::new_weighted(vec![
        (6, Just(FileArg::PageFile).boxed()),
        (1, Just(FileArg::Null).boxed()),
        (4, file_handle_ref().prop_map(FileArg::Handle).boxed()),
    ])
    .boxed()
}

fn page_sel() -> BoxedStrategy<PageSel> {
    Union::new_weighted(vec![
        (4, Just(PageSel::First).boxed()),
        (3, any::<u8>().prop_map(PageSel::Nth).boxed()),
        (2, Just(PageSel::Last).boxed()),
        (1, Just(PageSel::PastEnd).boxed()),
    ])
    .boxed()
}

fn raw_addr() -> BoxedStrategy<RawAddr> {
    prop::sample::select(vec![
        RawAddr::Null,
        RawAddr::FirstPlacement,
        RawAddr::Low,
        RawAddr::Top,
        RawAddr::Beyond,
        RawAddr::DeadBeef,
    ])
    .boxed()
}

fn addr_ref() -> BoxedStrategy<AddrRef> {
    let byte = prop_oneof![Just(0u16), Just(4095u16), 0u16..4096];
    Union::new_weighted(vec![
        (
            9,
            (small(), page_sel(), byte)
                .prop_map(|(view, page, byte)| AddrRef::View { view, page, byte })
                .boxed(),
        ),
        (1, raw_addr().prop_map(AddrRef::Raw).boxed()),
    ])
    .boxed()
}

fn range_size() -> BoxedStrategy<RangeSize> {
    Union::new_weighted(vec![
        (4, Just(RangeSize::Page).boxed()),
        (1, Just(RangeSize::One).boxed()),
        (2, Just(RangeSize::TwoPages).boxed()),
        (3, Just(RangeSize::Rest).boxed()),
        (1, Just(RangeSize::Zero).boxed()),
        (1, Just(RangeSize::Big).boxed()),
        (1, Just(RangeSize::Huge).boxed()),
    ])
    .boxed()
}

fn target_ref() -> BoxedStrategy<TargetRef> {
    Union::new_weighted(vec![
        (4, Just(TargetRef::Current).boxed()),
        (4, small().prop_map(TargetRef::Live).boxed()),
        (1, Just(TargetRef::Null).boxed()),
        (1, Just(TargetRef::Exited).boxed()),
    ])
    .boxed()
}

/// The proptest strategy over [`Op`], weighted towards sections, views and memory.
pub fn op_strategy() -> impl Strategy<Value = Op> {
    weighted_ops(true, true)
}

/// As [`op_strategy`], with weights tuned to the model's state: while the first running
/// process has no section handle, creating one is likelier; while it has no view, mapping is
/// likelier and memory operations rarer. Used by the property test's `transitions`.
pub fn op_strategy_for(m: &Model) -> BoxedStrategy<Op> {
    let first = m.live_pids().first().and_then(|pid| m.proc(*pid));
    let has_section = first.is_some_and(|p| {
        p.handles.values().any(|e| {
            m.objects
                .get(&e.object)
                .is_some_and(|o| o.kind.kind() == Kind::Section)
        })
    });
    let has_view = first.is_some_and(|p| !p.views.is_empty());
    weighted_ops(has_section, has_view).boxed()
}

fn weighted_ops(has_section: bool, has_view: bool) -> impl Strategy<Value = Op> {
    let (create_w, map_w, mem_w) = match (has_section, has_view) {
        (false, _) => (30, 4, 2),
        (true, false) => (10, 30, 2),
        (true, true) => (12, 10, 9),
    };
    let spawn = (
        0u8..3,
        any::<bool>(),
        prop::option::of(proc_ref()),
        any::<bool>(),
    )
        .prop_map(|(session, global_privilege, parent, inherit)| Op::Spawn {
            session,
            global_privilege,
            parent,
            inherit,
        });
    let exit = (0u8..4).prop_map(|k| Op::Exit { proc: ProcRef(k) });
    let create_mapping = (
        proc_ref(),
        file_arg(),
        SectionProtect::strategy(),
        SecFlags::strategy(),
        SectionSize::strategy(),
        Name::strategy(),
        any::<bool>(),
    )
        .prop_map(
            |(proc, file, protect, sec, size, name, inherit)| Op::CreateMapping {
                proc,
                file,
                protect,
                sec,
                size,
                name,
                inherit,
            },
        );
    let open_mapping = (
        proc_ref(),
        OpenAccess::strategy(),
        any::<bool>(),
        Name::strategy(),
    )
        .prop_map(|(proc, access, inherit, name)| Op::OpenMapping {
            proc,
            access,
            inherit,
            name,
        });
    let create_event =
        (proc_ref(), Name::strategy(), any::<bool>()).prop_map(|(proc, name, inherit)| {
            Op::CreateEvent {
                proc,
                name,
                inherit,
            }
        });
    let create_mutex =
        (proc_ref(), Name::strategy(), any::<bool>()).prop_map(|(proc, name, inherit)| {
            Op::CreateMutex {
                proc,
                name,
                inherit,
            }
        });
    let open_event = (proc_ref(), OpenAccess::strategy(), Name::strategy())
        .prop_map(|(proc, access, name)| Op::OpenEvent { proc, access, name });
    let close =
        (proc_ref(), handle_ref()).prop_map(|(proc, handle)| Op::CloseHandle { proc, handle });
    let duplicate = (
        proc_ref(),
        handle_ref(),
        target_ref(),
        OpenAccess::strategy(),
        any::<bool>(),
        DupOptions::strategy(),
    )
        .prop_map(
            |(proc, handle, target, access, inherit, options)| Op::Duplicate {
                proc,
                handle,
                target,
                access,
                inherit,
                options,
            },
        );
    let set_info =
        (proc_ref(), handle_ref(), HandleFlags::strategy()).prop_map(|(proc, handle, flags)| {
            Op::SetHandleInfo {
                proc,
                handle,
                flags,
            }
        });
    let get_info =
        (proc_ref(), handle_ref()).prop_map(|(proc, handle)| Op::GetHandleInfo { proc, handle });
    let map_view = (
        proc_ref(),
        section_handle_ref(),
        MapAccess::strategy(),
        ViewOffset::strategy(),
        ViewSize::strategy(),
        ViewBase::strategy(),
    )
        .prop_map(|(proc, handle, access, offset, size, base)| Op::MapView {
            proc,
            handle,
            access,
            offset,
            size,
            base,
        });
    let unmap = (proc_ref(), addr_ref()).prop_map(|(proc, addr)| Op::Unmap { proc, addr });
    let query = (proc_ref(), addr_ref()).prop_map(|(proc, addr)| Op::Query { proc, addr });
    let protect = (
        proc_ref(),
        addr_ref(),
        range_size(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, addr, size, protect)| Op::Protect {
            proc,
            addr,
            size,
            protect,
        });
    let commit = (
        proc_ref(),
        addr_ref(),
        range_size(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, addr, size, protect)| Op::Commit {
            proc,
            addr,
            size,
            protect,
        });
    let read = (proc_ref(), addr_ref()).prop_map(|(proc, addr)| Op::Read { proc, addr });
    let write = (proc_ref(), addr_ref(), ByteValue::strategy())
        .prop_map(|(proc, addr, value)| Op::Write { proc, addr, value });
    let create_file = (
        proc_ref(),
        FilePath::strategy(),
        FileAccess::strategy(),
        ShareMode::strategy(),
        Disposition::strategy(),
        any::<bool>(),
    )
        .prop_map(
            |(proc, path, access, share, disposition, inherit)| Op::CreateFile {
                proc,
                path,
                access,
                share,
                disposition,
                inherit,
            },
        );
    let write_file = (proc_ref(), file_handle_ref(), ByteValue::strategy(), 0u8..4).prop_map(
        |(proc, handle, value, len)| Op::WriteFile {
            proc,
            handle,
            value,
            len,
        },
    );
    let read_file = (proc_ref(), file_handle_ref(), 0u8..4)
        .prop_map(|(proc, handle, len)| Op::ReadFile { proc, handle, len });
    let compare =
        (proc_ref(), handle_ref(), handle_ref()).prop_map(|(proc, first, second)| Op::Compare {
            proc,
            first,
            second,
        });
    let seek = (proc_ref(), file_handle_ref(), FilePosition::strategy()).prop_map(
        |(proc, handle, position)| Op::Seek {
            proc,
            handle,
            position,
        },
    );
    let set_eof = (proc_ref(), file_handle_ref())
        .prop_map(|(proc, handle)| Op::SetEndOfFile { proc, handle });
    let get_size =
        (proc_ref(), file_handle_ref()).prop_map(|(proc, handle)| Op::GetFileSize { proc, handle });
    let delete =
        (proc_ref(), FilePath::strategy()).prop_map(|(proc, path)| Op::DeleteFile { proc, path });
    Union::new_weighted(vec![
        (2, spawn.boxed()),
        (1, exit.boxed()),
        (create_w, create_mapping.boxed()),
        (5, open_mapping.boxed()),
        (2, create_event.boxed()),
        (2, create_mutex.boxed()),
        (2, open_event.boxed()),
        (6, close.boxed()),
        (5, duplicate.boxed()),
        (2, set_info.boxed()),
        (2, get_info.boxed()),
        (map_w, map_view.boxed()),
        (mem_w.min(3), unmap.boxed()),
        (mem_w.min(5), query.boxed()),
        (mem_w.min(4), protect.boxed()),
        (mem_w.min(4), commit.boxed()),
        (mem_w, read.boxed()),
        (mem_w, write.boxed()),
        (8, create_file.boxed()),
        (5, write_file.boxed()),
        (3, read_file.boxed()),
        (2, compare.boxed()),
        (3, seek.boxed()),
        (4, set_eof.boxed()),
        (3, get_size.boxed()),
        (3, delete.boxed()),
    ])
}
