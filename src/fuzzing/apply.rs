//! [`apply`]: one [`Op`] run against a [`System`], its index operands resolved against the
//! machine's own live state (its running processes, a process's handles in value order, its
//! views in address order), through the Win32 facade. The same resolution rules as
//! `winsection-model`'s, which resolves ops against the reference model instead.

use super::op::*;
use crate::mm::address_space::Region;
use crate::ob::handle_table::Handle;
use crate::ob::object_type::ObjectType;
use crate::ps::{Pid, Privilege, ProcessSpec};
use crate::system::{Profile, System, SystemConfig};
use crate::win32::{
    HANDLE, INVALID_HANDLE_VALUE, MEMORY_BASIC_INFORMATION, MEM_COMMIT, SECURITY_ATTRIBUTES,
};

/// The capability the FromApp calls ask for executable memory (MS docs
/// "MapViewOfFileFromApp").
const CODE_GENERATION: &str = "codeGeneration";

/// A fresh machine of the profile, keeping the rest of `sys`'s configuration, with two
/// processes in session 1 (how the model's harness starts).
pub fn fresh_machine(sys: &System, ce: bool, name: &str) -> System {
    let profile = if ce { Profile::Ce } else { Profile::Windows };
    let mut fresh = System::with_config(SystemConfig {
        profile,
        ..sys.config().clone()
    });
    for _ in 0..2 {
        let _ = fresh.spawn(ProcessSpec::named(name));
    }
    fresh
}

/// Runs `op` on `sys` as the process it names (an op that needs a running process does
/// nothing when there is none). Failures are answers (a return value and a last error), never
/// panics; call [`System::check_touched`] after it to check the engine's invariants.
pub fn apply(sys: &mut System, op: &Op) {
    if let Op::Spawn {
        session,
        global_privilege,
        parent,
        inherit,
        app_container,
    } = op
    {
        let mut spec = ProcessSpec::named("fuzz");
        spec.session = u32::from(*session % 3);
        if *global_privilege {
            spec.privileges.insert(Privilege::CreateGlobal);
        }
        spec.parent = parent.and_then(|p| live_pid(sys, p));
        spec.inherit_handles = *inherit;
        if let Some(ac) = app_container.filter(|_| sys.config().profile != Profile::Ce) {
            spec.app_container = Some(ac.name().to_string());
            if ac.code_generation {
                spec.capabilities.insert(CODE_GENERATION.to_string());
            }
        }
        let _ = sys.spawn(spec);
        return;
    }
    if let Op::Machine { ce } = op {
        *sys = fresh_machine(sys, *ce, "fuzz");
        return;
    }
    let Some(pid) = op.proc().and_then(|p| live_pid(sys, p)) else {
        return;
    };
    let handle = |sys: &System, h: HandleRef| handle_value(sys, pid, h);
    let addr = |sys: &System, a: AddrRef| address(sys, pid, a);
    let sa = |inherit: bool| inherit.then(|| SECURITY_ATTRIBUTES::inherit(true));
    match op {
        Op::Spawn { .. } | Op::Machine { .. } => {}
        Op::Exit { .. } => sys.win32(pid).ExitProcess(0),
        Op::CreateMapping {
            file,
            protect,
            sec,
            size,
            name,
            inherit,
            ..
        } => {
            let file = file_value(sys, pid, *file);
            let size = size.get();
            sys.win32(pid).CreateFileMappingW(
                file,
                sa(*inherit).as_ref(),
                protect.get() | sec.get(),
                (size >> 32) as u32,
                size as u32,
                name.get(),
            );
        }
        Op::OpenMapping {
            access,
            inherit,
            name,
            ..
        } => {
            sys.win32(pid)
                .OpenFileMappingW(access.get(), i32::from(*inherit), name.get());
        }
        Op::CreateEvent { name, inherit, .. } => {
            sys.win32(pid)
                .CreateEventW(sa(*inherit).as_ref(), 0, 0, name.get());
        }
        Op::CreateMutex { name, inherit, .. } => {
            sys.win32(pid)
                .CreateMutexW(sa(*inherit).as_ref(), 0, name.get());
        }
        Op::OpenEvent { access, name, .. } => {
            sys.win32(pid).OpenEventW(access.get(), 0, name.get());
        }
        Op::CloseHandle { handle: h, .. } => {
            let h = handle(sys, *h);
            sys.win32(pid).CloseHandle(h);
        }
        Op::Duplicate {
            handle: h,
            target,
            access,
            inherit,
            options,
            ..
        } => {
            let h = handle(sys, *h);
            // GetCurrentProcess() or NULL as the target handle: the facade; another process:
            // the engine call behind DuplicateHandle (the model's rule too).
            let other = match target {
                TargetRef::Current => Err(-1),
                TargetRef::Null => Err(0),
                TargetRef::Live(k) => live_pid(sys, ProcRef(*k)).ok_or(0),
                TargetRef::Exited => sys.processes().find(|p| !sys.is_running(*p)).ok_or(0),
            };
            match other {
                Ok(t) => {
                    let r = sys.duplicate_between(
                        pid,
                        Handle(h as u64),
                        t,
                        access.get(),
                        *inherit,
                        options.get(),
                    );
                    // The facade's convention: the last error is set on failure only.
                    if let Err(e) = r {
                        sys.win32(pid).SetLastError(e.code());
                    }
                }
                Err(target_handle) => {
                    let mut out = 0;
                    sys.win32(pid).DuplicateHandle(
                        -1,
                        h,
                        target_handle,
                        Some(&mut out),
                        access.get(),
                        i32::from(*inherit),
                        options.get(),
                    );
                }
            }
        }
        Op::SetHandleInfo {
            handle: h, flags, ..
        } => {
            let h = handle(sys, *h);
            let (mask, flags) = flags.get();
            sys.win32(pid).SetHandleInformation(h, mask, flags);
        }
        Op::GetHandleInfo { handle: h, .. } => {
            let h = handle(sys, *h);
            let mut flags = 0;
            sys.win32(pid).GetHandleInformation(h, Some(&mut flags));
        }
        Op::MapView {
            handle: h,
            access,
            offset,
            size,
            base,
            ..
        } => {
            let h = handle(sys, *h);
            let offset = offset.get();
            sys.win32(pid).MapViewOfFileEx(
                h,
                access.get(),
                (offset >> 32) as u32,
                offset as u32,
                size.get(),
                base.get(),
            );
        }
        Op::Unmap { addr: a, .. } => {
            let a = addr(sys, *a);
            sys.win32(pid).UnmapViewOfFile(a);
        }
        Op::Query { addr: a, .. } => {
            let a = addr(sys, *a);
            let mut m = MEMORY_BASIC_INFORMATION::default();
            sys.win32(pid).VirtualQuery(a, Some(&mut m), 48);
        }
        Op::Protect {
            addr: a,
            size,
            protect,
            ..
        } => {
            let a = addr(sys, *a);
            let size = range(sys, pid, *size, a);
            let mut old = 0;
            sys.win32(pid)
                .VirtualProtect(a, size, protect.get(), Some(&mut old));
        }
        Op::Commit {
            addr: a,
            size,
            protect,
            ..
        } => {
            // Private allocations are outside the vocabulary: NULL becomes 0xDEADBEEF.
            let a = match addr(sys, *a) {
                0 => RawAddr::DeadBeef.value(),
                a => a,
            };
            let size = range(sys, pid, *size, a);
            sys.win32(pid)
                .VirtualAlloc(a, size, MEM_COMMIT, protect.get());
        }
        Op::Read { addr: a, .. } => {
            let a = addr(sys, *a);
            let _ = sys.win32(pid).read(a, 1);
        }
        Op::Write { addr: a, value, .. } => {
            let a = addr(sys, *a);
            let _ = sys.win32(pid).write(a, &[value.get()]);
        }
        Op::CreateFile {
            path,
            access,
            share,
            disposition,
            inherit,
            ..
        } => {
            sys.win32(pid).CreateFileW(
                path.get(),
                access.get(),
                share.get(),
                sa(*inherit).as_ref(),
                disposition.get(),
                0,
                0,
            );
        }
        Op::WriteFile {
            handle: h,
            value,
            len,
            ..
        } => {
            let h = handle(sys, *h);
            let data = [value.get(); 4];
            let n = 1 + u32::from(*len % 4);
            let mut written = 0;
            sys.win32(pid).WriteFile(h, &data, n, Some(&mut written));
        }
        Op::ReadFile { handle: h, len, .. } => {
            let h = handle(sys, *h);
            let mut buffer = [0u8; 4];
            let n = 1 + u32::from(*len % 4);
            let mut read = 0;
            sys.win32(pid).ReadFile(h, &mut buffer, n, Some(&mut read));
        }
        Op::Compare { first, second, .. } => {
            let (a, b) = (handle(sys, *first), handle(sys, *second));
            sys.win32(pid).CompareObjectHandles(a, b);
        }
        Op::Seek {
            handle: h,
            position,
            ..
        } => {
            let h = handle(sys, *h);
            let position = position.get();
            let mut high = (position >> 32) as i32;
            sys.win32(pid).SetFilePointer(
                h,
                position as u32 as i32,
                Some(&mut high),
                crate::consts::FILE_BEGIN,
            );
        }
        Op::SetEndOfFile { handle: h, .. } => {
            let h = handle(sys, *h);
            sys.win32(pid).SetEndOfFile(h);
        }
        Op::GetFileSize { handle: h, .. } => {
            let h = handle(sys, *h);
            let mut high = 0;
            sys.win32(pid).GetFileSize(h, Some(&mut high));
        }
        Op::DeleteFile { path, .. } => {
            sys.win32(pid).DeleteFileW(path.get());
        }
        Op::CreateFileForMapping {
            path,
            access,
            disposition,
            ..
        } => {
            sys.win32(pid).CreateFileForMapping(
                path.get(),
                access.get(),
                0,
                None,
                disposition.get(),
                0,
                0,
            );
        }
        Op::OpenMappingFromApp {
            access,
            inherit,
            name,
            ..
        } => {
            sys.win32(pid)
                .OpenFileMappingFromApp(access.get(), i32::from(*inherit), name.get());
        }
        Op::ProtectFromApp {
            addr: a,
            size,
            protect,
            ..
        } => {
            let a = addr(sys, *a);
            let size = range(sys, pid, *size, a);
            let mut old = 0;
            sys.win32(pid)
                .VirtualProtectFromApp(a, size, protect.get(), Some(&mut old));
        }
        Op::ExtendSection {
            handle: h, size, ..
        } => {
            let h = handle(sys, *h);
            let mut size = i64::try_from(size.get()).unwrap_or(-1);
            sys.win32(pid).NtExtendSection(h, Some(&mut size));
        }
        Op::QuerySection { handle: h, .. } => {
            let h = handle(sys, *h);
            let mut info = crate::win32::SECTION_BASIC_INFORMATION::default();
            sys.win32(pid).NtQuerySection(h, Some(&mut info));
        }
        Op::MappedFilesSame { first, second, .. } => {
            let (a, b) = (addr(sys, *first), addr(sys, *second));
            sys.win32(pid).NtAreMappedFilesTheSame(a, b);
        }
        Op::OpenProcess {
            target,
            access,
            inherit,
            ..
        } => {
            let target = match target {
                TargetRef::Current => pid.0,
                TargetRef::Null => 0,
                TargetRef::Live(k) => live_pid(sys, ProcRef(*k)).map_or(0, |p| p.0),
                TargetRef::Exited => sys
                    .processes()
                    .find(|p| !sys.is_running(*p))
                    .map_or(0, |p| p.0),
            };
            sys.win32(pid)
                .OpenProcess(access.get(), i32::from(*inherit), target);
        }
        Op::ProcessMemory {
            process,
            addr: a,
            write,
            ..
        } => {
            let (h, a) = (handle(sys, *process), addr(sys, *a));
            match write {
                Some(v) => {
                    let mut n = 0;
                    sys.win32(pid)
                        .WriteProcessMemory(h, a, &[v.get()], 1, Some(&mut n));
                }
                None => {
                    let (mut buffer, mut n) = ([0u8; 1], 0);
                    sys.win32(pid)
                        .ReadProcessMemory(h, a, &mut buffer, 1, Some(&mut n));
                }
            }
        }
        Op::QueryEx {
            process, addr: a, ..
        } => {
            let (h, a) = (handle(sys, *process), addr(sys, *a));
            let mut m = MEMORY_BASIC_INFORMATION::default();
            sys.win32(pid).VirtualQueryEx(h, a, Some(&mut m), 48);
        }
        Op::GetFileAttributes { path, .. } => {
            sys.win32(pid).GetFileAttributesW(path.get());
        }
        Op::MapView3 {
            handle: h,
            process,
            base,
            offset,
            size,
            allocation,
            protect,
            ..
        } => {
            let (h, process) = (handle(sys, *h), handle(sys, *process));
            sys.win32(pid).MapViewOfFile3(
                h,
                process,
                base.get(),
                offset.get(),
                size.get(),
                allocation.get(),
                protect.get(),
            );
        }
        Op::WriteImage {
            handle: h, image, ..
        } => {
            let h = handle(sys, *h);
            let bytes = image.bytes();
            let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            let (mut high, mut written) = (0, 0);
            let mut w = sys.win32(pid);
            w.SetFilePointer(h, 0, Some(&mut high), crate::consts::FILE_BEGIN);
            w.WriteFile(h, &bytes, len, Some(&mut written));
        }
        Op::QueryObject { handle: h, .. } => {
            let h = handle(sys, *h);
            let mut info = crate::win32::OBJECT_BASIC_INFORMATION::default();
            sys.win32(pid).NtQueryObject(h, Some(&mut info));
        }
        Op::QuerySectionImage { handle: h, .. } => {
            let h = handle(sys, *h);
            let mut info = crate::win32::SECTION_IMAGE_INFORMATION::default();
            sys.win32(pid).NtQuerySectionImage(h, Some(&mut info));
        }
        Op::CreateMappingFromApp {
            file,
            protect,
            sec,
            size,
            name,
            inherit,
            ..
        } => {
            let file = file_value(sys, pid, *file);
            sys.win32(pid).CreateFileMappingFromApp(
                file,
                sa(*inherit).as_ref(),
                protect.get() | sec.get(),
                size.get(),
                name.get(),
            );
        }
        Op::MapViewFromApp {
            handle: h,
            access,
            offset,
            size,
            ..
        } => {
            let h = handle(sys, *h);
            sys.win32(pid)
                .MapViewOfFileFromApp(h, access.get(), offset.get(), size.get());
        }
        Op::CommitFromApp {
            addr: a,
            size,
            protect,
            ..
        } => {
            let a = match addr(sys, *a) {
                0 => RawAddr::DeadBeef.value(),
                a => a,
            };
            let size = range(sys, pid, *size, a);
            sys.win32(pid)
                .VirtualAllocFromApp(a, size, MEM_COMMIT, protect.get());
        }
        Op::CopyFile {
            from,
            to,
            fail_if_exists,
            ..
        } => {
            sys.win32(pid)
                .CopyFileW(from.get(), to.get(), i32::from(*fail_if_exists));
        }
        Op::MoveFile {
            from, to, flags, ..
        } => {
            sys.win32(pid)
                .MoveFileExW(from.get(), to.get(), flags.get());
        }
        Op::LockFile {
            handle: h,
            flags,
            offset,
            length,
            ..
        } => {
            let h = handle(sys, *h);
            let length = length.get();
            sys.win32(pid).LockFileEx(
                h,
                flags.get(),
                0,
                length as u32,
                (length >> 32) as u32,
                offset.get(),
            );
        }
        Op::UnlockFile {
            handle: h,
            offset,
            length,
            ..
        } => {
            let h = handle(sys, *h);
            let length = length.get();
            sys.win32(pid)
                .UnlockFileEx(h, 0, length as u32, (length >> 32) as u32, offset.get());
        }
        Op::SetFileInfo {
            handle: h,
            info,
            size,
            ..
        } => {
            let h = handle(sys, *h);
            let (class, information) = info.get();
            sys.win32(pid)
                .SetFileInformationByHandle(h, class, &information, size.bytes(class));
        }
        Op::CreateFileDeleteOnClose {
            path,
            access,
            share,
            disposition,
            ..
        } => {
            sys.win32(pid).CreateFileW(
                path.get(),
                access.get(),
                share.get(),
                None,
                disposition.get(),
                crate::consts::FILE_FLAG_DELETE_ON_CLOSE,
                0,
            );
        }
        Op::Alloc {
            api,
            addr: a,
            size,
            allocation,
            protect,
            ..
        } => {
            let a = addr(sys, *a);
            let size = size.resolve_in(&layout(sys, pid).regions, a);
            let (allocation, protect) = (allocation.get(), protect.get());
            match api {
                AllocApi::Plain => {
                    sys.win32(pid).VirtualAlloc(a, size, allocation, protect);
                }
                AllocApi::Ex(h) => {
                    let h = handle(sys, *h);
                    sys.win32(pid)
                        .VirtualAllocEx(h, a, size, allocation, protect);
                }
                AllocApi::Two(h) => {
                    let h = handle(sys, *h);
                    sys.win32(pid)
                        .VirtualAlloc2(h, a, size, allocation, protect);
                }
            }
        }
        Op::Free {
            api,
            addr: a,
            size,
            free_type,
            ..
        } => {
            let a = addr(sys, *a);
            let size = range(sys, pid, *size, a);
            match api {
                FreeApi::Plain => {
                    sys.win32(pid).VirtualFree(a, size, free_type.get());
                }
                FreeApi::Ex(h) => {
                    let h = handle(sys, *h);
                    sys.win32(pid).VirtualFreeEx(h, a, size, free_type.get());
                }
            }
        }
        Op::MapView3At {
            handle: h,
            process,
            base,
            offset,
            size,
            allocation,
            protect,
            ..
        } => {
            let (h, process) = (handle(sys, *h), handle(sys, *process));
            let base = addr(sys, *base);
            let size = range(sys, pid, *size, base);
            sys.win32(pid).MapViewOfFile3(
                h,
                process,
                base,
                offset.get(),
                size,
                allocation.get(),
                protect.get(),
            );
        }
        Op::Unmap2 {
            process,
            addr: a,
            flags,
            ..
        } => {
            let (h, a) = (handle(sys, *process), addr(sys, *a));
            sys.win32(pid).UnmapViewOfFile2(h, a, flags.get());
        }
        Op::ProtectEx {
            process,
            addr: a,
            size,
            protect,
            ..
        } => {
            let (h, a) = (handle(sys, *process), addr(sys, *a));
            let size = range(sys, pid, *size, a);
            let mut old = 0;
            sys.win32(pid)
                .VirtualProtectEx(h, a, size, protect.get(), Some(&mut old));
        }
    }
}

/// A CreateFileMapping `hFile` operand's value.
fn file_value(sys: &System, pid: Pid, file: FileArg) -> HANDLE {
    match file {
        FileArg::PageFile => INVALID_HANDLE_VALUE,
        FileArg::Null => 0,
        FileArg::Handle(h) => handle_value(sys, pid, h),
    }
}

/// "The k-th running process", in creation order.
fn live_pid(sys: &System, p: ProcRef) -> Option<Pid> {
    let live: Vec<Pid> = sys.processes().filter(|p| sys.is_running(*p)).collect();
    pick(&live, p.0)
}

/// A handle operand's value: the k-th live handle (of a type), in value order.
fn handle_value(sys: &System, pid: Pid, h: HandleRef) -> HANDLE {
    let live: Vec<(u64, Option<ObjectType>)> = sys
        .processes
        .get(&pid)
        .map(|p| {
            p.handles
                .iter()
                .map(|(value, e)| {
                    let ty = sys
                        .hosts
                        .get(p.spec.host)
                        .and_then(|host| host.objects.get(e.object))
                        .map(|o| o.body.object_type());
                    (value.value(), ty)
                })
                .collect()
        })
        .unwrap_or_default();
    let all: Vec<u64> = live.iter().map(|(v, _)| *v).collect();
    let of = |ty: ObjectType| -> Vec<u64> {
        live.iter()
            .filter(|(_, t)| *t == Some(ty))
            .map(|(v, _)| *v)
            .collect()
    };
    let v = match h {
        HandleRef::Any(k) => pick(&all, k).unwrap_or(0),
        HandleRef::Section(k) => pick(&of(ObjectType::Section), k)
            .or_else(|| pick(&all, k))
            .unwrap_or(0),
        HandleRef::File(k) => pick(&of(ObjectType::File), k)
            .or_else(|| pick(&all, k))
            .unwrap_or(0),
        HandleRef::Process(k) => pick(&of(ObjectType::Process), k).unwrap_or(u64::MAX),
        HandleRef::Tagged(k, t) => pick(&all, k).unwrap_or(0) | u64::from(1 + t % 3),
        HandleRef::Null => 0,
        HandleRef::CurrentProcess => u64::MAX,
        HandleRef::CurrentThread => u64::MAX - 1,
        HandleRef::Never => NEVER_ALLOCATED,
    };
    v as HANDLE
}

/// A process's views and allocations, as the operands see them.
fn layout(sys: &System, pid: Pid) -> Layout {
    let Some(p) = sys.processes.get(&pid) else {
        return Layout::default();
    };
    let span = |r: &Region| (r.base(), r.size());
    Layout {
        views: p
            .address_space
            .iter()
            .filter(|r| matches!(r, Region::View(_)))
            .map(span)
            .collect(),
        regions: p.address_space.iter().map(span).collect(),
    }
}

/// An address operand's value.
fn address(sys: &System, pid: Pid, a: AddrRef) -> u64 {
    a.resolve_in(&layout(sys, pid))
}

/// A range-size operand's value at `address`.
fn range(sys: &System, pid: Pid, r: RangeSize, address: u64) -> u64 {
    r.resolve_in(&layout(sys, pid).regions, address)
}
