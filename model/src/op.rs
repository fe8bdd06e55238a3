//! The operation vocabulary, resolved against the reference model.
//!
//! The vocabulary itself ([`Op`] and its operands) is the `winsection` crate's
//! (`winsection::fuzzing`, feature `arbitrary`), so that the model, the fuzz targets and users'
//! own fuzzers speak one language. Here: [`Resolve::resolve`] turns an op into a concrete
//! [`Call`] against the model's current state, and [`op_strategy`] generates ops for proptest.

use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};

pub use winsection::fuzzing::op::*;

use crate::spec::handles::value_of;
use crate::spec::*;

/// Resolution of an op against the model.
pub trait Resolve {
    /// The concrete call this op makes against the model's current state (`Call::Noop` when
    /// it needs a running process and there is none).
    fn resolve(&self, m: &Model) -> Call;
}

/// A proptest strategy over a pool: mostly the common values, sometimes any.
pub trait PoolStrategy: Sized {
    /// The strategy.
    fn strategy() -> BoxedStrategy<Self>;
}

macro_rules! pool_strategy {
    ($($name:ident),* $(,)?) => {$(
        impl PoolStrategy for $name {
            fn strategy() -> BoxedStrategy<Self> {
                let n = u8::try_from(Self::POOL.len()).unwrap_or(u8::MAX);
                let common = Self::COMMON.clamp(1, n.max(1));
                Union::new_weighted(vec![
                    (4, (0..common).prop_map($name).boxed()),
                    (1, (0..n).prop_map($name).boxed()),
                ])
                .boxed()
            }
        }
    )*};
}

pool_strategy!(
    Name,
    SectionProtect,
    SecFlags,
    SectionSize,
    MapAccess,
    ViewOffset,
    ViewSize,
    ViewBase,
    OpenAccess,
    DupOptions,
    HandleFlags,
    PageProtect,
    FilePath,
    FileAccess,
    ShareMode,
    Disposition,
    ByteValue,
    FilePosition,
    ProcessAccess,
    MapAllocation,
    MoveFlags,
    LockFlags,
    LockOffset,
    LockLength,
    FileInformation,
    InfoSize,
    AllocType,
    AllocSize,
    FreeType,
    UnmapFlags,
);

trait ProcPid {
    fn pid(self, m: &Model) -> Option<u32>;
}

trait HandleValue {
    fn value(self, m: &Model, pid: u32) -> HANDLE;
}

trait AddrValue {
    fn value(self, m: &Model, pid: u32) -> u64;
}

trait RangeValue {
    fn value(self, m: &Model, pid: u32, address: u64) -> u64;
}

impl ProcPid for ProcRef {
    fn pid(self, m: &Model) -> Option<u32> {
        pick_from(m.procs.iter().filter(|p| p.alive).map(|p| p.pid), self.0)
    }
}

impl HandleValue for HandleRef {
    fn value(self, m: &Model, pid: u32) -> HANDLE {
        let handles = m.proc(pid).into_iter().flat_map(|p| p.handles.iter());
        let all = handles.clone().map(|(slot, _)| value_of(*slot));
        let of = |kind: Kind| {
            handles
                .clone()
                .filter(move |(_, e)| m.objects.get(&e.object).map(|o| o.kind.kind()) == Some(kind))
                .map(|(slot, _)| value_of(*slot))
        };
        let v = match self {
            HandleRef::Any(k) => pick_from(all, k).unwrap_or(0),
            HandleRef::Section(k) => pick_from(of(Kind::Section), k)
                .or_else(|| pick_from(all, k))
                .unwrap_or(0),
            HandleRef::File(k) => pick_from(of(Kind::File), k)
                .or_else(|| pick_from(all, k))
                .unwrap_or(0),
            HandleRef::Process(k) => pick_from(of(Kind::Process), k).unwrap_or(u64::MAX),
            HandleRef::Tagged(k, t) => pick_from(all, k).unwrap_or(0) | u64::from(1 + t % 3),
            other => fixed_value(other).unwrap_or(0),
        };
        v as HANDLE
    }
}

/// A `VirtualAlloc` address: VirtualAlloc(NULL, ...) allocates private memory, which this
/// vocabulary leaves out, so a NULL address becomes 0xDEADBEEF (never reserved).
fn commit_address(addr: AddrRef, m: &Model, pid: u32) -> u64 {
    match addr.value(m, pid) {
        0 => RawAddr::DeadBeef.value(),
        a => a,
    }
}

/// A CreateFileMapping `hFile` operand's value.
fn file_value(file: FileArg, m: &Model, pid: u32) -> HANDLE {
    match file {
        FileArg::PageFile => INVALID_HANDLE_VALUE,
        FileArg::Null => 0,
        FileArg::Handle(h) => h.value(m, pid),
    }
}

/// The value of a handle operand that names no live handle.
fn fixed_value(h: HandleRef) -> Option<u64> {
    match h {
        HandleRef::Null => Some(0),
        HandleRef::CurrentProcess => Some(u64::MAX),
        HandleRef::CurrentThread => Some(u64::MAX - 1),
        HandleRef::Never => Some(NEVER_ALLOCATED),
        _ => None,
    }
}

/// A process's views and allocations, as the operands see them.
fn layout(m: &Model, pid: u32) -> Layout {
    Layout {
        views: m
            .proc(pid)
            .map(|p| p.views.values().map(|v| (v.base, v.size)).collect())
            .unwrap_or_default(),
        regions: m
            .regions(pid)
            .into_iter()
            .map(|(b, e)| (b, e.saturating_sub(b)))
            .collect(),
    }
}

impl AddrValue for AddrRef {
    fn value(self, m: &Model, pid: u32) -> u64 {
        self.resolve_in(&layout(m, pid))
    }
}

impl RangeValue for RangeSize {
    fn value(self, m: &Model, pid: u32, address: u64) -> u64 {
        self.resolve_in(&layout(m, pid).regions, address)
    }
}

impl Resolve for Op {
    /// The concrete call this op makes against the model's current state (`Call::Noop` when
    /// it needs a running process and there is none).
    fn resolve(&self, m: &Model) -> Call {
        if let Op::Spawn {
            session,
            global_privilege,
            parent,
            inherit,
            app_container,
        } = self
        {
            return Call::Spawn {
                session: u32::from(*session % 3),
                create_global: *global_privilege,
                parent: parent.and_then(|p| p.pid(m)),
                inherit_handles: *inherit,
                // CE has no app containers: the vocabulary asks for none there.
                app_container: app_container
                    .filter(|_| !m.ce)
                    .map(|a| (a.index(), a.code_generation)),
            };
        }
        if let Op::Machine { ce } = self {
            return Call::Machine { ce: *ce };
        }
        let Some(pid) = self.proc().and_then(|p| p.pid(m)) else {
            return Call::Noop;
        };
        let name = |n: &Name| n.get().map(String::from);
        match self {
            Op::Spawn { .. } | Op::Machine { .. } => Call::Noop,
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
                file: file_value(*file, m, pid),
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
                let address = commit_address(*addr, m, pid);
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
            Op::CreateFileForMapping {
                path,
                access,
                disposition,
                ..
            } => Call::CreateFileForMapping {
                pid,
                path: path.get().map(String::from),
                access: access.get(),
                disposition: disposition.get(),
            },
            Op::OpenMappingFromApp {
                access,
                inherit,
                name: n,
                ..
            } => Call::OpenFileMappingFromApp {
                pid,
                access: access.get(),
                inherit: *inherit,
                name: name(n),
            },
            Op::ProtectFromApp {
                addr,
                size,
                protect,
                ..
            } => {
                let address = addr.value(m, pid);
                Call::VirtualProtectFromApp {
                    pid,
                    address,
                    size: size.value(m, pid, address),
                    protect: protect.get(),
                }
            }
            Op::ExtendSection { handle, size, .. } => Call::ExtendSection {
                pid,
                handle: handle.value(m, pid),
                size: i64::try_from(size.get()).unwrap_or(-1),
            },
            Op::QuerySection { handle, .. } => Call::QuerySection {
                pid,
                handle: handle.value(m, pid),
            },
            Op::MappedFilesSame { first, second, .. } => Call::MappedFilesSame {
                pid,
                first: first.value(m, pid),
                second: second.value(m, pid),
            },
            Op::OpenProcess {
                target,
                access,
                inherit,
                ..
            } => Call::OpenProcess {
                pid,
                target: match target {
                    TargetRef::Current => pid,
                    TargetRef::Null => 0,
                    TargetRef::Live(k) => ProcRef(*k).pid(m).unwrap_or(0),
                    TargetRef::Exited => m.procs.iter().find(|p| !p.alive).map_or(0, |p| p.pid),
                },
                access: access.get(),
                inherit: *inherit,
            },
            Op::ProcessMemory {
                process,
                addr,
                write,
                ..
            } => {
                let (process, address) = (process.value(m, pid), addr.value(m, pid));
                match write {
                    Some(v) => Call::WriteProcessMemory {
                        pid,
                        process,
                        address,
                        value: v.get(),
                    },
                    None => Call::ReadProcessMemory {
                        pid,
                        process,
                        address,
                    },
                }
            }
            Op::QueryEx { process, addr, .. } => Call::VirtualQueryEx {
                pid,
                process: process.value(m, pid),
                address: addr.value(m, pid),
            },
            Op::GetFileAttributes { path, .. } => Call::GetFileAttributes {
                pid,
                path: path.get().map(String::from),
            },
            Op::MapView3 {
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
                ..
            } => Call::MapView3 {
                pid,
                handle: handle.value(m, pid),
                process: process.value(m, pid),
                base: base.get(),
                offset: offset.get(),
                size: size.get(),
                allocation: allocation.get(),
                protect: protect.get(),
            },
            Op::CopyFile {
                from,
                to,
                fail_if_exists,
                ..
            } => Call::CopyFile {
                pid,
                from: from.get().map(String::from),
                to: to.get().map(String::from),
                fail_if_exists: *fail_if_exists,
            },
            Op::MoveFile {
                from, to, flags, ..
            } => Call::MoveFileEx {
                pid,
                from: from.get().map(String::from),
                to: to.get().map(String::from),
                flags: flags.get(),
            },
            Op::LockFile {
                handle,
                flags,
                offset,
                length,
                ..
            } => Call::LockFileEx {
                pid,
                handle: handle.value(m, pid),
                flags: flags.get(),
                offset: offset.get(),
                length: length.get(),
            },
            Op::UnlockFile {
                handle,
                offset,
                length,
                ..
            } => Call::UnlockFileEx {
                pid,
                handle: handle.value(m, pid),
                offset: offset.get(),
                length: length.get(),
            },
            Op::SetFileInfo {
                handle, info, size, ..
            } => {
                let (class, info) = info.get();
                Call::SetFileInformation {
                    pid,
                    handle: handle.value(m, pid),
                    class,
                    info,
                    size: size.bytes(class),
                }
            }
            Op::CreateFileDeleteOnClose {
                path,
                access,
                share,
                disposition,
                ..
            } => Call::CreateFileDeleteOnClose {
                pid,
                path: path.get().map(String::from),
                access: access.get(),
                share: share.get(),
                disposition: disposition.get(),
            },
            Op::WriteImage { handle, image, .. } => Call::WriteImage {
                pid,
                handle: handle.value(m, pid),
                image: *image,
            },
            Op::QueryObject { handle, .. } => Call::QueryObject {
                pid,
                handle: handle.value(m, pid),
            },
            Op::QuerySectionImage { handle, .. } => Call::QuerySectionImage {
                pid,
                handle: handle.value(m, pid),
            },
            Op::CreateMappingFromApp {
                file,
                protect,
                sec,
                size,
                name: n,
                inherit,
                ..
            } => Call::CreateFileMappingFromApp {
                pid,
                file: file_value(*file, m, pid),
                protect: protect.get() | sec.get(),
                size: size.get(),
                name: name(n),
                inherit: *inherit,
            },
            Op::MapViewFromApp {
                handle,
                access,
                offset,
                size,
                ..
            } => Call::MapViewFromApp {
                pid,
                handle: handle.value(m, pid),
                access: access.get(),
                offset: offset.get(),
                size: size.get(),
            },
            Op::CommitFromApp {
                addr,
                size,
                protect,
                ..
            } => {
                let address = commit_address(*addr, m, pid);
                Call::VirtualAllocFromApp {
                    pid,
                    address,
                    size: size.value(m, pid, address),
                    protect: protect.get(),
                }
            }
            Op::Alloc {
                api,
                addr,
                size,
                allocation,
                protect,
                ..
            } => Call::Alloc {
                pid,
                api: match api {
                    AllocApi::Plain => AllocCall::Plain,
                    AllocApi::Ex(h) => AllocCall::Ex(h.value(m, pid)),
                    AllocApi::Two(h) => AllocCall::Two(h.value(m, pid)),
                },
                address: addr.value(m, pid),
                size: size.resolve_in(&layout(m, pid).regions, addr.value(m, pid)),
                allocation: allocation.get(),
                protect: protect.get(),
            },
            Op::Free {
                api,
                addr,
                size,
                free_type,
                ..
            } => {
                let address = addr.value(m, pid);
                Call::Free {
                    pid,
                    process: match api {
                        FreeApi::Plain => None,
                        FreeApi::Ex(h) => Some(h.value(m, pid)),
                    },
                    address,
                    size: size.value(m, pid, address),
                    free_type: free_type.get(),
                }
            }
            Op::MapView3At {
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
                ..
            } => {
                let base = base.value(m, pid);
                Call::MapView3 {
                    pid,
                    handle: handle.value(m, pid),
                    process: process.value(m, pid),
                    base,
                    offset: offset.get(),
                    size: size.value(m, pid, base),
                    allocation: allocation.get(),
                    protect: protect.get(),
                }
            }
            Op::Unmap2 {
                process,
                addr,
                flags,
                ..
            } => Call::Unmap2 {
                pid,
                process: process.value(m, pid),
                address: addr.value(m, pid),
                flags: flags.get(),
            },
            Op::ProtectEx {
                process,
                addr,
                size,
                protect,
                ..
            } => {
                let address = addr.value(m, pid);
                Call::VirtualProtectEx {
                    pid,
                    process: process.value(m, pid),
                    address,
                    size: size.value(m, pid, address),
                    protect: protect.get(),
                }
            }
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
        (1, small().prop_map(HandleRef::Process).boxed()),
    ])
    .boxed()
}

fn process_handle_ref() -> BoxedStrategy<HandleRef> {
    Union::new_weighted(vec![
        (5, small().prop_map(HandleRef::Process).boxed()),
        (3, Just(HandleRef::CurrentProcess).boxed()),
        (2, handle_ref()),
    ])
    .boxed()
}

/// MapViewOfFile3's process: mostly NULL (the caller) or `GetCurrentProcess()`.
fn view_process_ref() -> BoxedStrategy<HandleRef> {
    Union::new_weighted(vec![
        (4, Just(HandleRef::Null).boxed()),
        (3, Just(HandleRef::CurrentProcess).boxed()),
        (2, small().prop_map(HandleRef::Process).boxed()),
        (1, handle_ref()),
    ])
    .boxed()
}

fn app_container_ref() -> BoxedStrategy<Option<AppContainerRef>> {
    Union::new_weighted(vec![
        (3, Just(None).boxed()),
        (
            2,
            (0u8..2, any::<bool>())
                .prop_map(|(package, code_generation)| {
                    Some(AppContainerRef {
                        package,
                        code_generation,
                    })
                })
                .boxed(),
        ),
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
        (4, region_addr()),
    ])
    .boxed()
}

/// A byte of an allocation (view or private region), mostly a page's first.
fn region_addr() -> BoxedStrategy<AddrRef> {
    let byte = prop_oneof![4 => Just(0u16), 1 => 0u16..4096];
    (small(), page_sel(), byte)
        .prop_map(|(region, page, byte)| AddrRef::Region { region, page, byte })
        .boxed()
}

/// Where an allocation goes: mostly NULL (the system chooses) or an existing allocation.
fn alloc_addr() -> BoxedStrategy<AddrRef> {
    Union::new_weighted(vec![
        (5, Just(AddrRef::Raw(RawAddr::Null)).boxed()),
        (4, region_addr()),
        (1, addr_ref()),
    ])
    .boxed()
}

fn alloc_api() -> BoxedStrategy<AllocApi> {
    Union::new_weighted(vec![
        (4, Just(AllocApi::Plain).boxed()),
        (4, Just(AllocApi::Two(HandleRef::Null)).boxed()),
        (1, process_handle_ref().prop_map(AllocApi::Two).boxed()),
        (2, process_handle_ref().prop_map(AllocApi::Ex).boxed()),
    ])
    .boxed()
}

fn free_api() -> BoxedStrategy<FreeApi> {
    Union::new_weighted(vec![
        (5, Just(FreeApi::Plain).boxed()),
        (2, process_handle_ref().prop_map(FreeApi::Ex).boxed()),
    ])
    .boxed()
}

/// MapViewOfFile3's allocation type where the base is an allocation: mostly
/// MEM_REPLACE_PLACEHOLDER.
fn replace_allocation() -> BoxedStrategy<MapAllocation> {
    let replace = pool_index(MapAllocation::POOL, MEM_REPLACE_PLACEHOLDER);
    Union::new_weighted(vec![
        (4, Just(MapAllocation(replace)).boxed()),
        (1, MapAllocation::strategy()),
    ])
    .boxed()
}

/// The index of `value` in a pool (0 if it is not there).
fn pool_index<T: PartialEq>(pool: &[T], value: T) -> u8 {
    pool.iter()
        .position(|v| *v == value)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(0)
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
        (1, (0u8..4).prop_map(RangeSize::Span).boxed()),
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

/// The indices of `SEC_IMAGE` and `SEC_IMAGE | SEC_NOCACHE` in [`SecFlags::POOL`].
const IMAGE_SEC_FLAGS: [u8; 2] = [10, 13];

/// The index of FILE_MAP_READ in [`MapAccess::POOL`]: every image section grants it.
const IMAGE_MAP_READ: u8 = 1;

/// Mostly the valid PE32+ image.
fn pe_image() -> BoxedStrategy<PeImage> {
    prop_oneof![
        6 => Just(PeImage::Valid),
        2 => Just(PeImage::ValidPe32),
        1 => Just(PeImage::BadSignature),
        1 => Just(PeImage::Truncated),
        1 => Just(PeImage::NotMz),
    ]
    .boxed()
}

/// The proptest strategy over [`Op`], weighted towards sections, views and memory.
pub fn op_strategy() -> impl Strategy<Value = Op> {
    weighted_ops(true, true, false, ImageWeights::default(), false)
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
    let has_placeholder = first.is_some_and(|p| {
        p.private
            .values()
            .any(|r| r.role == private_memory::Role::Placeholder)
            || p.views.values().any(|v| v.placeholder)
    });
    weighted_ops(
        has_section,
        has_view,
        m.ce,
        ImageWeights::for_model(m),
        has_placeholder,
    )
    .boxed()
}

/// The strategies of a CreateFileMapping's security attributes, SEC_* attributes and
/// protection: on a CE machine mostly what CE accepts, so that its sections get made (NULL
/// attributes, SEC_COMMIT or nothing, PAGE_READWRITE or PAGE_READONLY: catalog K1-K4).
fn mapping_strategies(
    ce: bool,
) -> (
    BoxedStrategy<bool>,
    BoxedStrategy<SecFlags>,
    BoxedStrategy<SectionProtect>,
) {
    if !ce {
        return (
            any::<bool>().boxed(),
            SecFlags::strategy(),
            SectionProtect::strategy(),
        );
    }
    let mostly = |common: std::ops::Range<u8>, any: BoxedStrategy<_>| {
        Union::new_weighted(vec![(8, common.boxed()), (2, any)]).boxed()
    };
    (
        Union::new_weighted(vec![(9, Just(false).boxed()), (1, Just(true).boxed())]).boxed(),
        mostly(0..3, SecFlags::strategy().prop_map(|s| s.0).boxed())
            .prop_map(SecFlags)
            .boxed(),
        mostly(0..3, SectionProtect::strategy().prop_map(|p| p.0).boxed())
            .prop_map(SectionProtect)
            .boxed(),
    )
}

/// The weights of `WriteImage` and of `CreateFileMappingW(SEC_IMAGE)`: an image section needs
/// a file handle, then a PE image written through it, then the create, so each step is
/// likelier once the one before it is done (else image views are rare, issue 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ImageWeights {
    write: u32,
    create: u32,
    /// The first process's first image section, as a `HandleRef::Section` index, to map.
    section: Option<u8>,
}

impl Default for ImageWeights {
    fn default() -> Self {
        ImageWeights {
            write: 3,
            create: 4,
            section: None,
        }
    }
}

impl ImageWeights {
    fn for_model(m: &Model) -> Self {
        let Some(first) = m.live_pids().first().and_then(|pid| m.proc(*pid)) else {
            return ImageWeights::default();
        };
        if m.ce {
            // CE has no image sections (K4): keep the error path, not more.
            return ImageWeights {
                write: 1,
                create: 1,
                section: None,
            };
        }
        let section = first
            .handles
            .values()
            .filter_map(|e| match m.objects.get(&e.object).map(|o| &o.kind) {
                Some(ObjKind::Section(s)) => Some(s.image),
                _ => None,
            })
            .position(|image| image)
            .and_then(|i| u8::try_from(i).ok());
        let file_of = |e: &handles::HandleEntry| match m.objects.get(&e.object).map(|o| &o.kind) {
            Some(ObjKind::File(f)) => Some(f.node),
            _ => None,
        };
        let files: Vec<u64> = first.handles.values().filter_map(file_of).collect();
        if files.is_empty() {
            return ImageWeights {
                section,
                ..ImageWeights::default()
            };
        }
        let pe = files.iter().any(|node| {
            m.files
                .get(node)
                .is_some_and(|n| n.bytes.get(&0) == Some(&b'M'))
        });
        if pe {
            ImageWeights {
                write: 2,
                create: 14,
                section,
            }
        } else {
            ImageWeights {
                write: 12,
                create: 4,
                section,
            }
        }
    }
}

/// With `placeholder` (the first process holds a placeholder, or a view that replaced one),
/// splitting, replacing, coalescing and preserving unmaps are likelier.
fn weighted_ops(
    has_section: bool,
    has_view: bool,
    ce: bool,
    image: ImageWeights,
    placeholder: bool,
) -> impl Strategy<Value = Op> {
    let (mapping_inherit, mapping_sec, mapping_protect) = mapping_strategies(ce);
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
        app_container_ref(),
    )
        .prop_map(
            |(session, global_privilege, parent, inherit, app_container)| Op::Spawn {
                session,
                global_privilege,
                parent,
                inherit,
                app_container,
            },
        );
    let machine = any::<bool>().prop_map(|ce| Op::Machine { ce });
    let exit = (0u8..4).prop_map(|k| Op::Exit { proc: ProcRef(k) });
    let create_mapping = (
        proc_ref(),
        file_arg(),
        mapping_protect,
        mapping_sec,
        SectionSize::strategy(),
        Name::strategy(),
        mapping_inherit,
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
    let file_for_mapping = (
        proc_ref(),
        FilePath::strategy(),
        FileAccess::strategy(),
        Disposition::strategy(),
    )
        .prop_map(
            |(proc, path, access, disposition)| Op::CreateFileForMapping {
                proc,
                path,
                access,
                disposition,
            },
        );
    let open_from_app = (
        proc_ref(),
        OpenAccess::strategy(),
        any::<bool>(),
        Name::strategy(),
    )
        .prop_map(|(proc, access, inherit, name)| Op::OpenMappingFromApp {
            proc,
            access,
            inherit,
            name,
        });
    let protect_from_app = (
        proc_ref(),
        addr_ref(),
        range_size(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, addr, size, protect)| Op::ProtectFromApp {
            proc,
            addr,
            size,
            protect,
        });
    let extend = (proc_ref(), section_handle_ref(), SectionSize::strategy())
        .prop_map(|(proc, handle, size)| Op::ExtendSection { proc, handle, size });
    let query_section = (proc_ref(), section_handle_ref())
        .prop_map(|(proc, handle)| Op::QuerySection { proc, handle });
    let same_files = (proc_ref(), addr_ref(), addr_ref()).prop_map(|(proc, first, second)| {
        Op::MappedFilesSame {
            proc,
            first,
            second,
        }
    });
    let open_process = (
        proc_ref(),
        target_ref(),
        ProcessAccess::strategy(),
        any::<bool>(),
    )
        .prop_map(|(proc, target, access, inherit)| Op::OpenProcess {
            proc,
            target,
            access,
            inherit,
        });
    let process_memory = (
        proc_ref(),
        process_handle_ref(),
        addr_ref(),
        prop::option::of(ByteValue::strategy()),
    )
        .prop_map(|(proc, process, addr, write)| Op::ProcessMemory {
            proc,
            process,
            addr,
            write,
        });
    let query_ex =
        (proc_ref(), process_handle_ref(), addr_ref()).prop_map(|(proc, process, addr)| {
            Op::QueryEx {
                proc,
                process,
                addr,
            }
        });
    let attributes = (proc_ref(), FilePath::strategy())
        .prop_map(|(proc, path)| Op::GetFileAttributes { proc, path });
    let map_view3 = (
        (proc_ref(), section_handle_ref(), view_process_ref()),
        (
            ViewBase::strategy(),
            ViewOffset::strategy(),
            ViewSize::strategy(),
            MapAllocation::strategy(),
            PageProtect::strategy(),
        ),
    )
        .prop_map(
            |((proc, handle, process), (base, offset, size, allocation, protect))| Op::MapView3 {
                proc,
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
            },
        );
    // The image ops act mostly as the first process, whose files ImageWeights looks at.
    let first_proc = || prop_oneof![4 => Just(ProcRef(0)), 1 => proc_ref()];
    let write_image =
        (first_proc(), file_handle_ref(), pe_image()).prop_map(|(proc, handle, image)| {
            Op::WriteImage {
                proc,
                handle,
                image,
            }
        });
    // CreateFileMappingW(SEC_IMAGE) over a file, more often than SecFlags' own weight gives.
    let create_image = (
        first_proc(),
        file_handle_ref(),
        SectionProtect::strategy(),
        prop_oneof![4 => Just(SecFlags(IMAGE_SEC_FLAGS[0])), 1 => Just(SecFlags(IMAGE_SEC_FLAGS[1]))],
        SectionSize::strategy(),
        Name::strategy(),
        any::<bool>(),
    )
        .prop_map(
            |(proc, handle, protect, sec, size, name, inherit)| Op::CreateMapping {
                proc,
                file: FileArg::Handle(handle),
                protect,
                sec,
                size,
                name,
                inherit,
            },
        );
    // A view of the first process's image section, when it has one.
    let map_image = (
        prop_oneof![
            2 => Just(MapAccess(IMAGE_MAP_READ)),
            1 => MapAccess::strategy(),
        ],
        ViewOffset::strategy(),
        ViewSize::strategy(),
    )
        .prop_map(move |(access, offset, size)| Op::MapView {
            proc: ProcRef(0),
            handle: HandleRef::Section(image.section.unwrap_or(0)),
            access,
            offset,
            size,
            base: ViewBase(0),
        });
    let map_image_w = if image.section.is_some() { 20 } else { 1 };
    let query_object =
        (proc_ref(), handle_ref()).prop_map(|(proc, handle)| Op::QueryObject { proc, handle });
    let query_image = (proc_ref(), section_handle_ref())
        .prop_map(|(proc, handle)| Op::QuerySectionImage { proc, handle });
    let (app_inherit, app_sec, app_protect) = mapping_strategies(ce);
    let create_from_app = (
        proc_ref(),
        file_arg(),
        app_protect,
        app_sec,
        SectionSize::strategy(),
        Name::strategy(),
        app_inherit,
    )
        .prop_map(
            |(proc, file, protect, sec, size, name, inherit)| Op::CreateMappingFromApp {
                proc,
                file,
                protect,
                sec,
                size,
                name,
                inherit,
            },
        );
    let map_from_app = (
        proc_ref(),
        section_handle_ref(),
        MapAccess::strategy(),
        ViewOffset::strategy(),
        ViewSize::strategy(),
    )
        .prop_map(|(proc, handle, access, offset, size)| Op::MapViewFromApp {
            proc,
            handle,
            access,
            offset,
            size,
        });
    let commit_from_app = (
        proc_ref(),
        addr_ref(),
        range_size(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, addr, size, protect)| Op::CommitFromApp {
            proc,
            addr,
            size,
            protect,
        });
    let copy = (
        proc_ref(),
        FilePath::strategy(),
        FilePath::strategy(),
        any::<bool>(),
    )
        .prop_map(|(proc, from, to, fail_if_exists)| Op::CopyFile {
            proc,
            from,
            to,
            fail_if_exists,
        });
    let move_file = (
        proc_ref(),
        FilePath::strategy(),
        FilePath::strategy(),
        MoveFlags::strategy(),
    )
        .prop_map(|(proc, from, to, flags)| Op::MoveFile {
            proc,
            from,
            to,
            flags,
        });
    let lock = (
        proc_ref(),
        file_handle_ref(),
        LockFlags::strategy(),
        LockOffset::strategy(),
        LockLength::strategy(),
    )
        .prop_map(|(proc, handle, flags, offset, length)| Op::LockFile {
            proc,
            handle,
            flags,
            offset,
            length,
        });
    let unlock = (
        proc_ref(),
        file_handle_ref(),
        LockOffset::strategy(),
        LockLength::strategy(),
    )
        .prop_map(|(proc, handle, offset, length)| Op::UnlockFile {
            proc,
            handle,
            offset,
            length,
        });
    let file_info = (
        proc_ref(),
        file_handle_ref(),
        FileInformation::strategy(),
        InfoSize::strategy(),
    )
        .prop_map(|(proc, handle, info, size)| Op::SetFileInfo {
            proc,
            handle,
            info,
            size,
        });
    let delete_on_close = (
        proc_ref(),
        FilePath::strategy(),
        FileAccess::strategy(),
        ShareMode::strategy(),
        Disposition::strategy(),
    )
        .prop_map(
            |(proc, path, access, share, disposition)| Op::CreateFileDeleteOnClose {
                proc,
                path,
                access,
                share,
                disposition,
            },
        );
    let alloc = (
        proc_ref(),
        alloc_api(),
        alloc_addr(),
        prop_oneof![
            3 => AllocSize::strategy().prop_map(AllocSizeArg::Fixed),
            1 => range_size().prop_map(AllocSizeArg::Range),
        ],
        AllocType::strategy(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, api, addr, size, allocation, protect)| Op::Alloc {
            proc,
            api,
            addr,
            size,
            allocation,
            protect,
        });
    // A placeholder of one to three granules (wine test_VirtualAlloc2's first step).
    let granules = prop_oneof![2 => Just(0u8), 1 => 0u8..3];
    let reserve_placeholder = (proc_ref(), granules).prop_map(|(proc, granules)| Op::Alloc {
        proc,
        api: AllocApi::Two(HandleRef::Null),
        addr: AddrRef::Raw(RawAddr::Null),
        size: AllocSizeArg::Fixed(AllocSize(pool_index(
            AllocSize::POOL,
            u64::from(granules + 1) * 0x10000,
        ))),
        allocation: AllocType(pool_index(
            AllocType::POOL,
            MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
        )),
        protect: PageProtect(pool_index(PageProtect::POOL, PAGE_NOACCESS)),
    });
    // Memory exactly over an allocation (a placeholder when there is one).
    let replace_placeholder = (
        proc_ref(),
        region_addr(),
        any::<bool>(),
        PageProtect::strategy(),
    )
        .prop_map(|(proc, addr, commit, protect)| Op::Alloc {
            proc,
            api: AllocApi::Two(HandleRef::Null),
            addr,
            size: AllocSizeArg::Range(RangeSize::Rest),
            allocation: AllocType(pool_index(
                AllocType::POOL,
                MEM_RESERVE | MEM_REPLACE_PLACEHOLDER | if commit { MEM_COMMIT } else { 0 },
            )),
            protect,
        });
    let free = (
        proc_ref(),
        free_api(),
        prop_oneof![3 => region_addr(), 1 => addr_ref()],
        // Size 0 (MEM_RELEASE) and whole allocations more often.
        prop_oneof![
            2 => Just(RangeSize::Zero),
            2 => Just(RangeSize::Rest),
            1 => (0u8..4).prop_map(RangeSize::Span),
            3 => range_size(),
        ],
        FreeType::strategy(),
    )
        .prop_map(|(proc, api, addr, size, free_type)| Op::Free {
            proc,
            api,
            addr,
            size,
            free_type,
        });
    let map_view3_at = (
        (proc_ref(), section_handle_ref(), view_process_ref()),
        (
            region_addr(),
            prop_oneof![3 => Just(ViewOffset(0)), 1 => ViewOffset::strategy()],
            prop_oneof![3 => Just(RangeSize::Rest), 1 => range_size()],
            replace_allocation(),
            prop_oneof![
                2 => Just(PageProtect(pool_index(PageProtect::POOL, PAGE_READWRITE))),
                1 => Just(PageProtect(pool_index(PageProtect::POOL, PAGE_READONLY))),
                2 => PageProtect::strategy(),
            ],
        ),
    )
        .prop_map(
            |((proc, handle, process), (base, offset, size, allocation, protect))| Op::MapView3At {
                proc,
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
            },
        );
    let unmap2 = (
        proc_ref(),
        prop_oneof![3 => Just(HandleRef::CurrentProcess), 1 => process_handle_ref()],
        addr_ref(),
        UnmapFlags::strategy(),
    )
        .prop_map(|(proc, process, addr, flags)| Op::Unmap2 {
            proc,
            process,
            addr,
            flags,
        });
    let protect_ex = (
        (proc_ref(), process_handle_ref(), addr_ref()),
        (range_size(), PageProtect::strategy()),
    )
        .prop_map(|((proc, process, addr), (size, protect))| Op::ProtectEx {
            proc,
            process,
            addr,
            size,
            protect,
        });
    let (free_w, replace_w) = if placeholder { (14, 8) } else { (4, 1) };
    Union::new_weighted(vec![
        (2, delete_on_close.boxed()),
        (2, copy.boxed()),
        (2, move_file.boxed()),
        (4, lock.boxed()),
        (2, unlock.boxed()),
        (4, file_info.boxed()),
        (image.write, write_image.boxed()),
        (image.create, create_image.boxed()),
        (map_image_w, map_image.boxed()),
        (2, query_object.boxed()),
        (1, query_image.boxed()),
        (create_w.min(4), create_from_app.boxed()),
        (map_w.min(4), map_from_app.boxed()),
        (mem_w.min(2), commit_from_app.boxed()),
        (6, alloc.boxed()),
        (3, reserve_placeholder.boxed()),
        (replace_w, replace_placeholder.boxed()),
        (free_w, free.boxed()),
        (map_w.min(2).max(replace_w), map_view3_at.boxed()),
        (mem_w.min(3).max(replace_w / 2), unmap2.boxed()),
        (1, machine.boxed()),
        (2, file_for_mapping.boxed()),
        (2, open_from_app.boxed()),
        (mem_w.min(2), protect_from_app.boxed()),
        (2, extend.boxed()),
        (1, query_section.boxed()),
        (mem_w.min(2), same_files.boxed()),
        (2, open_process.boxed()),
        (mem_w.min(3), process_memory.boxed()),
        (mem_w.min(2), query_ex.boxed()),
        (mem_w.min(2), protect_ex.boxed()),
        (1, attributes.boxed()),
        (map_w.min(6), map_view3.boxed()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pool indices the image strategies name are the values they mean.
    #[test]
    fn image_pool_indices_name_their_values() {
        assert_eq!(SecFlags(IMAGE_SEC_FLAGS[0]).get(), SEC_IMAGE);
        assert_eq!(SecFlags(IMAGE_SEC_FLAGS[1]).get(), SEC_IMAGE | SEC_NOCACHE);
        assert_eq!(MapAccess(IMAGE_MAP_READ).get(), FILE_MAP_READ);
    }
}
