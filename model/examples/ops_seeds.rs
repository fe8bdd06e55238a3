//! Writes the named seeds of the `ops` fuzz target (`fuzz/seeds/ops/seed-*-profile*`,
//! `regression_*`): op sequences encoded in the byte format `Op::arbitrary` decodes
//! (arbitrary 1.x: an enum variant is `(u32 LE * variants) >> 32`, integers little-endian,
//! `bool` the low bit of a byte, `Option` a `bool` then the value, fields in order). Each seed
//! is decoded back and compared with the ops it was made from, so a change of the vocabulary
//! that would change a seed's meaning fails here instead.
//!
//! `cargo run -p winsection-model --example ops_seeds` (then commit fuzz/seeds/ops).

use arbitrary::{Arbitrary, Unstructured};
use winsection_model::op::*;

/// The byte encoding of values of the vocabulary.
trait Encode {
    fn encode(&self, out: &mut Vec<u8>);
}

/// The u32 that selects variant `index` of `count`.
fn variant(index: u64, count: u64, out: &mut Vec<u8>) {
    let v = (index << 32).div_ceil(count);
    out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
}

impl Encode for u8 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
}

impl Encode for u16 {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
}

impl Encode for bool {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut Vec<u8>) {
        self.is_some().encode(out);
        if let Some(v) = self {
            v.encode(out);
        }
    }
}

macro_rules! newtype {
    ($($t:ident),*) => {$(
        impl Encode for $t {
            fn encode(&self, out: &mut Vec<u8>) {
                out.push(self.0);
            }
        }
    )*};
}

newtype!(
    ProcRef,
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
    UnmapFlags
);

impl Encode for AppContainerRef {
    fn encode(&self, out: &mut Vec<u8>) {
        self.package.encode(out);
        self.code_generation.encode(out);
    }
}

impl Encode for HandleRef {
    fn encode(&self, out: &mut Vec<u8>) {
        let n = 9;
        match self {
            HandleRef::Any(k) => (variant(0, n, out), k.encode(out)),
            HandleRef::Section(k) => (variant(1, n, out), k.encode(out)),
            HandleRef::File(k) => (variant(2, n, out), k.encode(out)),
            HandleRef::Process(k) => (variant(3, n, out), k.encode(out)),
            HandleRef::Tagged(k, t) => (variant(4, n, out), (k.encode(out), t.encode(out)).1),
            HandleRef::Null => (variant(5, n, out), ()),
            HandleRef::CurrentProcess => (variant(6, n, out), ()),
            HandleRef::CurrentThread => (variant(7, n, out), ()),
            HandleRef::Never => (variant(8, n, out), ()),
        };
    }
}

impl Encode for FileArg {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            FileArg::PageFile => variant(0, 3, out),
            FileArg::Null => variant(1, 3, out),
            FileArg::Handle(h) => {
                variant(2, 3, out);
                h.encode(out);
            }
        }
    }
}

impl Encode for PageSel {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            PageSel::First => variant(0, 4, out),
            PageSel::Nth(k) => {
                variant(1, 4, out);
                k.encode(out);
            }
            PageSel::Last => variant(2, 4, out),
            PageSel::PastEnd => variant(3, 4, out),
        }
    }
}

impl Encode for RawAddr {
    fn encode(&self, out: &mut Vec<u8>) {
        let i = match self {
            RawAddr::Null => 0,
            RawAddr::FirstPlacement => 1,
            RawAddr::Low => 2,
            RawAddr::Top => 3,
            RawAddr::Beyond => 4,
            RawAddr::DeadBeef => 5,
        };
        variant(i, 6, out);
    }
}

impl Encode for AddrRef {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            AddrRef::View { view, page, byte } => {
                variant(0, 3, out);
                view.encode(out);
                page.encode(out);
                byte.encode(out);
            }
            AddrRef::Raw(r) => {
                variant(1, 3, out);
                r.encode(out);
            }
            AddrRef::Region { region, page, byte } => {
                variant(2, 3, out);
                region.encode(out);
                page.encode(out);
                byte.encode(out);
            }
        }
    }
}

impl Encode for AllocApi {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            AllocApi::Plain => variant(0, 3, out),
            AllocApi::Ex(h) => {
                variant(1, 3, out);
                h.encode(out);
            }
            AllocApi::Two(h) => {
                variant(2, 3, out);
                h.encode(out);
            }
        }
    }
}

impl Encode for AllocSizeArg {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            AllocSizeArg::Fixed(s) => {
                variant(0, 2, out);
                s.encode(out);
            }
            AllocSizeArg::Range(r) => {
                variant(1, 2, out);
                r.encode(out);
            }
        }
    }
}

impl Encode for FreeApi {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            FreeApi::Plain => variant(0, 2, out),
            FreeApi::Ex(h) => {
                variant(1, 2, out);
                h.encode(out);
            }
        }
    }
}

impl Encode for RangeSize {
    fn encode(&self, out: &mut Vec<u8>) {
        let i = match self {
            RangeSize::Page => 0,
            RangeSize::One => 1,
            RangeSize::TwoPages => 2,
            RangeSize::Rest => 3,
            RangeSize::Zero => 4,
            RangeSize::Big => 5,
            RangeSize::Huge => 6,
            RangeSize::Span(k) => {
                variant(7, 8, out);
                k.encode(out);
                return;
            }
        };
        variant(i, 8, out);
    }
}

impl Encode for TargetRef {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            TargetRef::Current => variant(0, 4, out),
            TargetRef::Live(k) => {
                variant(1, 4, out);
                k.encode(out);
            }
            TargetRef::Null => variant(2, 4, out),
            TargetRef::Exited => variant(3, 4, out),
        }
    }
}

impl Encode for PeImage {
    fn encode(&self, out: &mut Vec<u8>) {
        let i = match self {
            PeImage::Valid => 0,
            PeImage::ValidPe32 => 1,
            PeImage::BadSignature => 2,
            PeImage::Truncated => 3,
            PeImage::NotMz => 4,
        };
        variant(i, 5, out);
    }
}

/// Encodes the fields in order.
macro_rules! fields {
    ($out:ident; $($f:expr),*) => {{ $( $f.encode($out); )* }};
}

/// How many variants `Op` has.
const OPS: u64 = 55;

impl Encode for Op {
    fn encode(&self, out: &mut Vec<u8>) {
        let v = |i: u64, out: &mut Vec<u8>| variant(i, OPS, out);
        match self {
            Op::Spawn {
                session,
                global_privilege,
                parent,
                inherit,
                app_container,
            } => {
                v(0, out);
                fields!(out; session, global_privilege, parent, inherit, app_container);
            }
            Op::Machine { ce } => (v(1, out), fields!(out; ce)).1,
            Op::Exit { proc } => (v(2, out), fields!(out; proc)).1,
            Op::CreateMapping {
                proc,
                file,
                protect,
                sec,
                size,
                name,
                inherit,
            } => {
                (
                    v(3, out),
                    fields!(out; proc, file, protect, sec, size, name, inherit),
                )
                    .1
            }
            Op::OpenMapping {
                proc,
                access,
                inherit,
                name,
            } => (v(4, out), fields!(out; proc, access, inherit, name)).1,
            Op::CreateEvent {
                proc,
                name,
                inherit,
            } => (v(5, out), fields!(out; proc, name, inherit)).1,
            Op::CloseHandle { proc, handle } => (v(8, out), fields!(out; proc, handle)).1,
            Op::MapView {
                proc,
                handle,
                access,
                offset,
                size,
                base,
            } => {
                (
                    v(12, out),
                    fields!(out; proc, handle, access, offset, size, base),
                )
                    .1
            }
            Op::Query { proc, addr } => (v(14, out), fields!(out; proc, addr)).1,
            Op::Protect {
                proc,
                addr,
                size,
                protect,
            } => (v(15, out), fields!(out; proc, addr, size, protect)).1,
            Op::Commit {
                proc,
                addr,
                size,
                protect,
            } => (v(16, out), fields!(out; proc, addr, size, protect)).1,
            Op::Read { proc, addr } => (v(17, out), fields!(out; proc, addr)).1,
            Op::Write { proc, addr, value } => (v(18, out), fields!(out; proc, addr, value)).1,
            Op::CreateFile {
                proc,
                path,
                access,
                share,
                disposition,
                inherit,
            } => {
                (
                    v(19, out),
                    fields!(out; proc, path, access, share, disposition, inherit),
                )
                    .1
            }
            Op::WriteFile {
                proc,
                handle,
                value,
                len,
            } => (v(20, out), fields!(out; proc, handle, value, len)).1,
            Op::ReadFile { proc, handle, len } => (v(21, out), fields!(out; proc, handle, len)).1,
            Op::Seek {
                proc,
                handle,
                position,
            } => (v(23, out), fields!(out; proc, handle, position)).1,
            Op::GetFileSize { proc, handle } => (v(25, out), fields!(out; proc, handle)).1,
            Op::CreateFileForMapping {
                proc,
                path,
                access,
                disposition,
            } => (v(27, out), fields!(out; proc, path, access, disposition)).1,
            Op::OpenMappingFromApp {
                proc,
                access,
                inherit,
                name,
            } => (v(28, out), fields!(out; proc, access, inherit, name)).1,
            Op::ProtectFromApp {
                proc,
                addr,
                size,
                protect,
            } => (v(29, out), fields!(out; proc, addr, size, protect)).1,
            Op::ExtendSection { proc, handle, size } => {
                (v(30, out), fields!(out; proc, handle, size)).1
            }
            Op::QuerySection { proc, handle } => (v(31, out), fields!(out; proc, handle)).1,
            Op::MappedFilesSame {
                proc,
                first,
                second,
            } => (v(32, out), fields!(out; proc, first, second)).1,
            Op::OpenProcess {
                proc,
                target,
                access,
                inherit,
            } => (v(33, out), fields!(out; proc, target, access, inherit)).1,
            Op::ProcessMemory {
                proc,
                process,
                addr,
                write,
            } => (v(34, out), fields!(out; proc, process, addr, write)).1,
            Op::QueryEx {
                proc,
                process,
                addr,
            } => (v(35, out), fields!(out; proc, process, addr)).1,
            Op::GetFileAttributes { proc, path } => (v(36, out), fields!(out; proc, path)).1,
            Op::MapView3 {
                proc,
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
            } => {
                v(37, out);
                fields!(out; proc, handle, process, base, offset, size, allocation, protect);
            }
            Op::CopyFile {
                proc,
                from,
                to,
                fail_if_exists,
            } => (v(44, out), fields!(out; proc, from, to, fail_if_exists)).1,
            Op::MoveFile {
                proc,
                from,
                to,
                flags,
            } => (v(45, out), fields!(out; proc, from, to, flags)).1,
            Op::LockFile {
                proc,
                handle,
                flags,
                offset,
                length,
            } => {
                (
                    v(46, out),
                    fields!(out; proc, handle, flags, offset, length),
                )
                    .1
            }
            Op::UnlockFile {
                proc,
                handle,
                offset,
                length,
            } => (v(47, out), fields!(out; proc, handle, offset, length)).1,
            Op::SetFileInfo {
                proc,
                handle,
                info,
                size,
            } => (v(48, out), fields!(out; proc, handle, info, size)).1,
            Op::CreateFileDeleteOnClose {
                proc,
                path,
                access,
                share,
                disposition,
            } => {
                (
                    v(49, out),
                    fields!(out; proc, path, access, share, disposition),
                )
                    .1
            }
            Op::WriteImage {
                proc,
                handle,
                image,
            } => (v(38, out), fields!(out; proc, handle, image)).1,
            Op::QueryObject { proc, handle } => (v(39, out), fields!(out; proc, handle)).1,
            Op::QuerySectionImage { proc, handle } => (v(40, out), fields!(out; proc, handle)).1,
            Op::CreateMappingFromApp {
                proc,
                file,
                protect,
                sec,
                size,
                name,
                inherit,
            } => {
                v(41, out);
                fields!(out; proc, file, protect, sec, size, name, inherit);
            }
            Op::MapViewFromApp {
                proc,
                handle,
                access,
                offset,
                size,
            } => (v(42, out), fields!(out; proc, handle, access, offset, size)).1,
            Op::CommitFromApp {
                proc,
                addr,
                size,
                protect,
            } => (v(43, out), fields!(out; proc, addr, size, protect)).1,
            Op::Alloc {
                proc,
                api,
                addr,
                size,
                allocation,
                protect,
            } => {
                v(50, out);
                fields!(out; proc, api, addr, size, allocation, protect);
            }
            Op::Free {
                proc,
                api,
                addr,
                size,
                free_type,
            } => (v(51, out), fields!(out; proc, api, addr, size, free_type)).1,
            Op::MapView3At {
                proc,
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
            } => {
                v(52, out);
                fields!(out; proc, handle, process, base, offset, size, allocation, protect);
            }
            Op::Unmap2 {
                proc,
                process,
                addr,
                flags,
            } => (v(53, out), fields!(out; proc, process, addr, flags)).1,
            Op::ProtectEx {
                proc,
                process,
                addr,
                size,
                protect,
            } => (v(54, out), fields!(out; proc, process, addr, size, protect)).1,
            other => panic!("no encoding written for {other:?}"),
        }
    }
}

/// The index of `value` in a pool.
fn at<T: PartialEq + std::fmt::Debug>(pool: &[T], value: T) -> u8 {
    let i = pool
        .iter()
        .position(|v| *v == value)
        .unwrap_or_else(|| panic!("{value:?} is not in the pool"));
    u8::try_from(i).unwrap_or(u8::MAX)
}

fn name(n: &str) -> Name {
    Name(at(Name::POOL, Some(n)))
}

const P0: ProcRef = ProcRef(0);
const P1: ProcRef = ProcRef(1);
const P2: ProcRef = ProcRef(2);

fn view0() -> AddrRef {
    AddrRef::View {
        view: 0,
        page: PageSel::First,
        byte: 0,
    }
}

/// A page-file mapping of `size` with PAGE_READWRITE and `sec`, no inherit.
fn pagefile(proc: ProcRef, sec: u32, size: u64, n: Option<&str>) -> Op {
    Op::CreateMapping {
        proc,
        file: FileArg::PageFile,
        protect: SectionProtect(at(SectionProtect::POOL, winsection::consts::PAGE_READWRITE)),
        sec: SecFlags(at(SecFlags::POOL, sec)),
        size: SectionSize(at(SectionSize::POOL, size)),
        name: Name(at(Name::POOL, n)),
        inherit: false,
    }
}

fn map(proc: ProcRef, handle: HandleRef, access: u32) -> Op {
    Op::MapView {
        proc,
        handle,
        access: MapAccess(at(MapAccess::POOL, access)),
        offset: ViewOffset(0),
        size: ViewSize(0),
        base: ViewBase(0),
    }
}

fn open(proc: ProcRef, access: u32, n: &str) -> Op {
    Op::OpenMapping {
        proc,
        access: OpenAccess(at(OpenAccess::POOL, access)),
        inherit: false,
        name: name(n),
    }
}

/// `MapViewOfFile3(handle, NULL, NULL, 0, 0, allocation, protect)` as the first process.
fn view3(handle: HandleRef, allocation: u32, protect: u32) -> Op {
    Op::MapView3 {
        proc: P0,
        handle,
        process: HandleRef::Null,
        base: ViewBase(0),
        offset: ViewOffset(0),
        size: ViewSize(0),
        allocation: MapAllocation(at(MapAllocation::POOL, allocation)),
        protect: PageProtect(at(PageProtect::POOL, protect)),
    }
}

/// `CreateFileMappingW` over the first process's first file handle: unnamed, not inheritable,
/// no SEC_* attribute.
fn first_file_section(protect: u32, size: u64) -> Op {
    Op::CreateMapping {
        proc: P0,
        file: FileArg::Handle(HandleRef::File(0)),
        protect: SectionProtect(at(SectionProtect::POOL, protect)),
        sec: SecFlags(0),
        size: SectionSize(at(SectionSize::POOL, size)),
        name: Name(at(Name::POOL, None)),
        inherit: false,
    }
}

/// `LockFileEx` as the first process.
fn lock_op(handle: HandleRef, flags: u32, offset: u64, length: u64) -> Op {
    Op::LockFile {
        proc: P0,
        handle,
        flags: LockFlags(at(LockFlags::POOL, flags)),
        offset: LockOffset(at(LockOffset::POOL, offset)),
        length: LockLength(at(LockLength::POOL, length)),
    }
}

/// `CopyFileW` of the `from`-th path of the pool to the `to`-th, as the first process.
fn copy_op(from: u8, to: u8, fail_if_exists: bool) -> Op {
    Op::CopyFile {
        proc: P0,
        from: FilePath(from),
        to: FilePath(to),
        fail_if_exists,
    }
}

/// `MoveFileExW` of the `from`-th path of the pool to the `to`-th, as the first process.
fn move_op(from: u8, to: u8, flags: u32) -> Op {
    Op::MoveFile {
        proc: P0,
        from: FilePath(from),
        to: FilePath(to),
        flags: MoveFlags(at(MoveFlags::POOL, flags)),
    }
}

/// `SetFileInformationByHandle` on the first process's first file handle; `size` None is the
/// class's structure size.
fn info_op(class: u32, info: winsection::win32::FILE_INFO, size: Option<u32>) -> Op {
    Op::SetFileInfo {
        proc: P0,
        handle: HandleRef::File(0),
        info: FileInformation(at(FileInformation::POOL, (class, info))),
        size: InfoSize(at(InfoSize::POOL, size)),
    }
}

/// A byte 0 of a page of the first process's `k`-th allocation.
fn region(k: u8, page: PageSel) -> AddrRef {
    AddrRef::Region {
        region: k,
        page,
        byte: 0,
    }
}

/// `VirtualAlloc*(NULL, size, allocation, protect)` as the first process.
fn alloc(api: AllocApi, size: u64, allocation: u32, protect: u32) -> Op {
    Op::Alloc {
        proc: P0,
        api,
        addr: AddrRef::Raw(RawAddr::Null),
        size: AllocSizeArg::Fixed(AllocSize(at(AllocSize::POOL, size))),
        allocation: AllocType(at(AllocType::POOL, allocation)),
        protect: PageProtect(at(PageProtect::POOL, protect)),
    }
}

/// `VirtualAlloc2(NULL, addr, size, allocation, protect)` as the first process.
fn alloc2(addr: AddrRef, size: u64, allocation: u32, protect: u32) -> Op {
    Op::Alloc {
        proc: P0,
        api: AllocApi::Two(HandleRef::Null),
        addr,
        size: AllocSizeArg::Fixed(AllocSize(at(AllocSize::POOL, size))),
        allocation: AllocType(at(AllocType::POOL, allocation)),
        protect: PageProtect(at(PageProtect::POOL, protect)),
    }
}

/// `VirtualFree(addr, size, free_type)` as the first process.
fn free(addr: AddrRef, size: RangeSize, free_type: u32) -> Op {
    Op::Free {
        proc: P0,
        api: FreeApi::Plain,
        addr,
        size,
        free_type: FreeType(at(FreeType::POOL, free_type)),
    }
}

fn seeds() -> Vec<(&'static str, Vec<Op>)> {
    use winsection::consts::*;
    use winsection::win32::FILE_INFO;
    let ac = Op::Spawn {
        session: 1,
        global_privilege: false,
        parent: None,
        inherit: false,
        app_container: Some(AppContainerRef {
            package: 0,
            code_generation: false,
        }),
    };
    let contoso = "AppContainerNamedObjects\\S-1-15-2-1903927298-1054517408-1178744923-402480562-3803318752-2591745356-1835341329\\A";
    // The first path, read, written and deleted, every access shared.
    let deleting_file = |disposition| Op::CreateFile {
        proc: P0,
        path: FilePath(0),
        access: FileAccess(at(FileAccess::POOL, GENERIC_READ | GENERIC_WRITE | DELETE)),
        share: ShareMode(at(
            ShareMode::POOL,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        )),
        disposition: Disposition(at(Disposition::POOL, disposition)),
        inherit: false,
    };
    let file = |proc, disposition| Op::CreateFile {
        proc,
        path: FilePath(0),
        access: FileAccess(0),
        share: ShareMode(0),
        disposition: Disposition(at(Disposition::POOL, disposition)),
        inherit: false,
    };
    let image_section = |protect| Op::CreateMapping {
        proc: P0,
        file: FileArg::Handle(HandleRef::File(0)),
        protect: SectionProtect(at(SectionProtect::POOL, protect)),
        sec: SecFlags(at(SecFlags::POOL, SEC_IMAGE)),
        size: SectionSize(at(SectionSize::POOL, 0)),
        name: Name(at(Name::POOL, None)),
        inherit: false,
    };
    let write_image = |image| Op::WriteImage {
        proc: P0,
        handle: HandleRef::File(0),
        image,
    };
    let from_app = |protect| Op::CreateMappingFromApp {
        proc: P2,
        file: FileArg::PageFile,
        protect: SectionProtect(at(SectionProtect::POOL, protect)),
        sec: SecFlags(0),
        size: SectionSize(at(SectionSize::POOL, 0x10000)),
        name: Name(at(Name::POOL, None)),
        inherit: false,
    };
    let view_from_app = |access| Op::MapViewFromApp {
        proc: P2,
        handle: HandleRef::Section(0),
        access: MapAccess(at(MapAccess::POOL, access)),
        offset: ViewOffset(0),
        size: ViewSize(0),
    };
    let commit_from_app = |protect| Op::CommitFromApp {
        proc: P2,
        addr: view0(),
        size: RangeSize::Page,
        protect: PageProtect(at(PageProtect::POOL, protect)),
    };
    vec![
        (
            // An image section over a PE file (issue 10): MEM_IMAGE view with read-only pages,
            // PAGE_READWRITE turned into PAGE_WRITECOPY, a private write, the image's headers,
            // the handle's counts, FILE_WRITE_DATA refused while the image lives, then a
            // broken image refused (ERROR_BAD_EXE_FORMAT).
            "seed-image-section",
            vec![
                file(P0, OPEN_ALWAYS),
                write_image(PeImage::Valid),
                image_section(PAGE_READONLY),
                map(P0, HandleRef::Section(0), FILE_MAP_READ),
                Op::Query {
                    proc: P0,
                    addr: view0(),
                },
                Op::Protect {
                    proc: P0,
                    addr: view0(),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
                Op::Write {
                    proc: P0,
                    addr: view0(),
                    value: ByteValue(0),
                },
                Op::QuerySectionImage {
                    proc: P0,
                    handle: HandleRef::Section(0),
                },
                Op::QueryObject {
                    proc: P0,
                    handle: HandleRef::Section(0),
                },
                Op::CreateFile {
                    proc: P1,
                    path: FilePath(0),
                    access: FileAccess(at(FileAccess::POOL, GENERIC_WRITE)),
                    share: ShareMode(0),
                    disposition: Disposition(at(Disposition::POOL, OPEN_EXISTING)),
                    inherit: false,
                },
                write_image(PeImage::BadSignature),
                image_section(PAGE_READONLY),
            ],
        ),
        (
            // The FromApp creators in an app container without codeGeneration (J10):
            // executable sections and views refused, plain ones made; VirtualAllocFromApp
            // refuses executable protections to everyone.
            "seed-from-app-creators",
            vec![
                ac.clone(),
                from_app(PAGE_EXECUTE_READWRITE),
                from_app(PAGE_READWRITE),
                view_from_app(FILE_MAP_EXECUTE | FILE_MAP_READ),
                view_from_app(FILE_MAP_WRITE),
                commit_from_app(PAGE_EXECUTE_READ),
                commit_from_app(PAGE_READWRITE),
            ],
        ),
        (
            // CE: one flat namespace shared with events; views of one mapping at one address
            // in every process (K7, K8).
            "seed-ce-profile-names-and-shared-views",
            vec![
                Op::Machine { ce: true },
                pagefile(P0, 0, 0x1000, Some("A")),
                Op::CreateEvent {
                    proc: P1,
                    name: name("A"),
                    inherit: false,
                },
                pagefile(P1, 0, 0x10000, Some("A")),
                pagefile(P1, SEC_RESERVE, 0x1000, Some("B")),
                map(P0, HandleRef::Section(0), FILE_MAP_WRITE),
                map(P1, HandleRef::Section(0), FILE_MAP_WRITE),
                Op::Write {
                    proc: P0,
                    addr: view0(),
                    value: ByteValue(0),
                },
                Op::Read {
                    proc: P1,
                    addr: view0(),
                },
                map(P1, HandleRef::Section(0), FILE_MAP_COPY),
            ],
        ),
        (
            // CE: CreateFileForMapping; the file handle belongs to CreateFileMapping, closed on
            // success and on failure (K1, K9).
            "seed-ce-profile-file-handle-taken",
            vec![
                Op::Machine { ce: true },
                Op::CreateFileForMapping {
                    proc: P0,
                    path: FilePath(0),
                    access: FileAccess(0),
                    disposition: Disposition(0),
                },
                first_file_section(PAGE_READWRITE, 0x1000),
                Op::CreateFileForMapping {
                    proc: P0,
                    path: FilePath(1),
                    access: FileAccess(0),
                    disposition: Disposition(0),
                },
                first_file_section(PAGE_WRITECOPY, 0x1000),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                Op::GetFileAttributes {
                    proc: P0,
                    path: FilePath(1),
                },
            ],
        ),
        (
            // App container: its own directory; a desktop process reaches it by the full
            // path; Global\ and the session's objects are closed to it; no executable memory
            // without codeGeneration (J7, J9, J10).
            "seed-app-container-profile",
            vec![
                ac,
                pagefile(P2, 0, 0x1000, Some("A")),
                pagefile(P0, 0, 0x1000, Some("A")),
                open(P0, FILE_MAP_READ, contoso),
                open(P2, FILE_MAP_READ, "Global\\A"),
                pagefile(P2, 0, 0x1000, Some("Global\\A")),
                open(P2, FILE_MAP_READ, "Session\\1\\A"),
                Op::OpenMappingFromApp {
                    proc: P2,
                    access: OpenAccess(at(OpenAccess::POOL, FILE_MAP_READ | FILE_MAP_EXECUTE)),
                    inherit: false,
                    name: name("A"),
                },
                map(P2, HandleRef::Section(0), FILE_MAP_WRITE),
                Op::ProtectFromApp {
                    proc: P2,
                    addr: view0(),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_EXECUTE_READ)),
                },
                Op::ProtectFromApp {
                    proc: P2,
                    addr: view0(),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READONLY)),
                },
            ],
        ),
        (
            // NtExtendSection on SEC_RESERVE, NtQuerySection, NtAreMappedFilesTheSame,
            // OpenProcess and the *ProcessMemory / VirtualQueryEx calls.
            "seed-native-and-process-calls",
            vec![
                pagefile(P0, SEC_RESERVE, 0x1000, Some("A")),
                open(P0, FILE_MAP_ALL_ACCESS, "A"),
                Op::ExtendSection {
                    proc: P0,
                    handle: HandleRef::Section(1),
                    size: SectionSize(at(SectionSize::POOL, 0x21000)),
                },
                Op::QuerySection {
                    proc: P0,
                    handle: HandleRef::Section(1),
                },
                pagefile(P0, 0, 0x10000, Some("B")),
                map(P0, HandleRef::Section(2), FILE_MAP_WRITE),
                Op::MappedFilesSame {
                    proc: P0,
                    first: view0(),
                    second: AddrRef::View {
                        view: 0,
                        page: PageSel::Last,
                        byte: 7,
                    },
                },
                Op::OpenProcess {
                    proc: P0,
                    target: TargetRef::Live(1),
                    access: ProcessAccess(0),
                    inherit: false,
                },
                Op::ProcessMemory {
                    proc: P0,
                    process: HandleRef::CurrentProcess,
                    addr: view0(),
                    write: Some(ByteValue(0)),
                },
                Op::ProcessMemory {
                    proc: P0,
                    process: HandleRef::Process(0),
                    addr: view0(),
                    write: None,
                },
                Op::QueryEx {
                    proc: P0,
                    process: HandleRef::Process(0),
                    addr: view0(),
                },
                // VirtualProtectEx through the handle (PROCESS_VM_OPERATION), then through
                // GetCurrentProcess().
                Op::ProtectEx {
                    proc: P0,
                    process: HandleRef::Process(0),
                    addr: view0(),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READONLY)),
                },
                Op::ProtectEx {
                    proc: P0,
                    process: HandleRef::CurrentProcess,
                    addr: view0(),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
            ],
        ),
        (
            // MapViewOfFile3: NULL process, MEM_RESERVE on a file view but not on a page-file
            // one, a guarded view (first touch raises, the next succeeds), a placeholder that
            // is not there (issue 10).
            "seed-map-view-of-file3",
            vec![
                file(P0, OPEN_ALWAYS),
                first_file_section(PAGE_READWRITE, 0x10000),
                view3(HandleRef::Section(0), MEM_RESERVE, PAGE_READWRITE),
                pagefile(P0, 0, 0x10000, None),
                view3(HandleRef::Section(1), MEM_RESERVE, PAGE_READWRITE),
                view3(HandleRef::Section(1), 0, PAGE_READWRITE | PAGE_GUARD),
                Op::Write {
                    proc: P0,
                    addr: AddrRef::View {
                        view: 1,
                        page: PageSel::First,
                        byte: 0,
                    },
                    value: ByteValue(1),
                },
                Op::Write {
                    proc: P0,
                    addr: AddrRef::View {
                        view: 1,
                        page: PageSel::First,
                        byte: 0,
                    },
                    value: ByteValue(1),
                },
                view3(
                    HandleRef::Section(1),
                    MEM_REPLACE_PLACEHOLDER,
                    PAGE_READWRITE,
                ),
            ],
        ),
        (
            // Byte-range locks (H12, H20-H22): an exclusive lock of one handle keeps another
            // from reading; a shared lock keeps its owner from writing; a range ending at 2^64
            // is valid, one byte more is not; a view writes the locked bytes all the same; the
            // lock goes with its handle.
            "seed-file-locks",
            vec![
                file(P0, OPEN_ALWAYS),
                file(P0, OPEN_EXISTING),
                Op::WriteFile {
                    proc: P0,
                    handle: HandleRef::File(0),
                    value: ByteValue(0),
                    len: 3,
                },
                lock_op(
                    HandleRef::File(0),
                    LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
                    0,
                    100,
                ),
                Op::ReadFile {
                    proc: P0,
                    handle: HandleRef::File(1),
                    len: 3,
                },
                lock_op(HandleRef::File(1), 0, 100, 100),
                Op::Seek {
                    proc: P0,
                    handle: HandleRef::File(1),
                    position: FilePosition(at(FilePosition::POOL, 100)),
                },
                Op::WriteFile {
                    proc: P0,
                    handle: HandleRef::File(1),
                    value: ByteValue(1),
                    len: 0,
                },
                lock_op(HandleRef::File(1), LOCKFILE_EXCLUSIVE_LOCK, u64::MAX, 1),
                lock_op(HandleRef::File(1), LOCKFILE_EXCLUSIVE_LOCK, u64::MAX, 2),
                first_file_section(PAGE_READWRITE, 0x1000),
                map(P0, HandleRef::Section(0), FILE_MAP_WRITE),
                Op::Write {
                    proc: P0,
                    addr: view0(),
                    value: ByteValue(1),
                },
                Op::UnlockFile {
                    proc: P0,
                    handle: HandleRef::File(1),
                    offset: LockOffset(at(LockOffset::POOL, 0)),
                    length: LockLength(at(LockLength::POOL, 100)),
                },
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                Op::ReadFile {
                    proc: P0,
                    handle: HandleRef::File(0),
                    len: 3,
                },
            ],
        ),
        (
            // CopyFileW and MoveFileExW: fail_if_exists both ways, a copy over a mapped file
            // (ERROR_USER_MAPPED_FILE), a move onto the root directory (ERROR_ACCESS_DENIED with
            // MOVEFILE_REPLACE_EXISTING, H25), a rename of a mapped file (H11).
            "seed-copy-and-move",
            vec![
                file(P0, OPEN_ALWAYS),
                Op::WriteFile {
                    proc: P0,
                    handle: HandleRef::File(0),
                    value: ByteValue(0),
                    len: 3,
                },
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                copy_op(0, 1, true),
                copy_op(0, 1, true),
                copy_op(0, 1, false),
                file(P0, OPEN_EXISTING),
                first_file_section(PAGE_READWRITE, 0x1000),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                copy_op(1, 0, false),
                move_op(1, 6, MOVEFILE_REPLACE_EXISTING),
                move_op(1, 0, MOVEFILE_REPLACE_EXISTING),
                move_op(0, 1, 0),
                move_op(0, 1, MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED),
                Op::GetFileAttributes {
                    proc: P0,
                    path: FilePath(0),
                },
            ],
        ),
        (
            // SetFileInformationByHandle: a short buffer (ERROR_BAD_LENGTH), the end of file
            // under a section (ERROR_USER_MAPPED_FILE), a POSIX delete that frees the name when
            // its handle closes while another keeps the file (H26), ON_CLOSE with DELETE
            // (ERROR_NOT_SUPPORTED, H27).
            "seed-file-information",
            vec![
                deleting_file(CREATE_ALWAYS),
                info_op(FileEndOfFileInfo, FILE_INFO::EndOfFile(0x10000), Some(7)),
                info_op(FileEndOfFileInfo, FILE_INFO::EndOfFile(0x10000), None),
                first_file_section(PAGE_READWRITE, 0x1000),
                info_op(FileEndOfFileInfo, FILE_INFO::EndOfFile(100), None),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::Section(0),
                },
                info_op(
                    FileDispositionInfoEx,
                    FILE_INFO::DispositionEx(
                        FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE,
                    ),
                    None,
                ),
                deleting_file(OPEN_EXISTING),
                info_op(
                    FileDispositionInfoEx,
                    FILE_INFO::DispositionEx(
                        FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS,
                    ),
                    None,
                ),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                Op::GetFileAttributes {
                    proc: P0,
                    path: FilePath(0),
                },
                file(P0, CREATE_NEW),
                Op::GetFileSize {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
            ],
        ),
        (
            // FILE_FLAG_DELETE_ON_CLOSE and FILE_DISPOSITION_FLAG_ON_CLOSE (H27): ON_CLOSE alone
            // cancels the delete-on-close open, the file survives; a second delete-on-close open
            // takes DELETE | ON_CLOSE and the file goes with it.
            "seed-delete-on-close",
            vec![
                Op::CreateFileDeleteOnClose {
                    proc: P0,
                    path: FilePath(0),
                    access: FileAccess(0),
                    share: ShareMode(0),
                    disposition: Disposition(at(Disposition::POOL, CREATE_ALWAYS)),
                },
                info_op(
                    FileDispositionInfoEx,
                    FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_ON_CLOSE),
                    None,
                ),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                Op::GetFileAttributes {
                    proc: P0,
                    path: FilePath(0),
                },
                Op::CreateFileDeleteOnClose {
                    proc: P0,
                    path: FilePath(0),
                    access: FileAccess(0),
                    share: ShareMode(0),
                    disposition: Disposition(at(Disposition::POOL, OPEN_EXISTING)),
                },
                info_op(
                    FileDispositionInfoEx,
                    FILE_INFO::DispositionEx(
                        FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE,
                    ),
                    None,
                ),
                Op::CloseHandle {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
                Op::GetFileAttributes {
                    proc: P0,
                    path: FilePath(0),
                },
            ],
        ),
        (
            // Placeholders (wine kernelbase/tests/process.c test_VirtualAlloc2): reserve two
            // granules as a placeholder, split it, a view replaces the first half and
            // memory the second, a view unmapped with MEM_PRESERVE_PLACEHOLDER and memory
            // freed with it give the placeholders back, which coalesce into one; then release.
            "seed-placeholder-round-trip",
            vec![
                pagefile(P0, 0, 0x10000, None),
                alloc2(
                    AddrRef::Raw(RawAddr::Null),
                    0x20000,
                    MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
                    PAGE_NOACCESS,
                ),
                free(
                    region(0, PageSel::First),
                    RangeSize::Page,
                    MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
                ),
                free(
                    region(0, PageSel::First),
                    RangeSize::Span(1),
                    MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS,
                ),
                free(
                    region(0, PageSel::Nth(16)),
                    RangeSize::Rest,
                    MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
                ),
                Op::MapView3At {
                    proc: P0,
                    handle: HandleRef::Section(0),
                    process: HandleRef::Null,
                    base: region(0, PageSel::First),
                    offset: ViewOffset(0),
                    size: RangeSize::Rest,
                    allocation: MapAllocation(at(MapAllocation::POOL, MEM_REPLACE_PLACEHOLDER)),
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
                alloc2(
                    region(1, PageSel::First),
                    0x10000,
                    MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER,
                    PAGE_READWRITE,
                ),
                Op::Write {
                    proc: P0,
                    addr: region(1, PageSel::Last),
                    value: ByteValue(0),
                },
                Op::Read {
                    proc: P0,
                    addr: region(1, PageSel::Last),
                },
                Op::Unmap2 {
                    proc: P0,
                    process: HandleRef::CurrentProcess,
                    addr: region(0, PageSel::First),
                    flags: UnmapFlags(at(UnmapFlags::POOL, MEM_PRESERVE_PLACEHOLDER)),
                },
                free(
                    region(1, PageSel::First),
                    RangeSize::Rest,
                    MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
                ),
                free(
                    region(0, PageSel::First),
                    RangeSize::Span(1),
                    MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS,
                ),
                Op::Query {
                    proc: P0,
                    addr: region(0, PageSel::First),
                },
                free(region(0, PageSel::First), RangeSize::Zero, MEM_RELEASE),
            ],
        ),
        (
            // What placeholders and private memory refuse (wine test_VirtualAlloc2, MS docs
            // VirtualFree): a plain reservation released with MEM_PRESERVE_PLACEHOLDER
            // (ERROR_INVALID_ADDRESS); MEM_RELEASE with a size (ERROR_INVALID_PARAMETER); a
            // placeholder with another protection, committed, or released whole with
            // MEM_PRESERVE_PLACEHOLDER; a view or memory of another size over it
            // (ERROR_INVALID_PARAMETER); coalescing what is not placeholders; unmapping a
            // view with MEM_PRESERVE_PLACEHOLDER that replaced none; VirtualAllocEx without
            // PROCESS_VM_OPERATION; decommitted pages read zeros when committed again (F22).
            "seed-placeholder-and-private-memory-failures",
            vec![
                alloc(
                    AllocApi::Plain,
                    0x20000,
                    MEM_RESERVE | MEM_COMMIT,
                    PAGE_READWRITE,
                ),
                free(
                    region(0, PageSel::First),
                    RangeSize::Page,
                    MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
                ),
                free(region(0, PageSel::First), RangeSize::Page, MEM_RELEASE),
                Op::Write {
                    proc: P0,
                    addr: region(0, PageSel::First),
                    value: ByteValue(0),
                },
                free(region(0, PageSel::First), RangeSize::Page, MEM_DECOMMIT),
                Op::Read {
                    proc: P0,
                    addr: region(0, PageSel::First),
                },
                Op::Commit {
                    proc: P0,
                    addr: region(0, PageSel::First),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
                Op::Read {
                    proc: P0,
                    addr: region(0, PageSel::First),
                },
                alloc2(
                    AddrRef::Raw(RawAddr::Null),
                    0x20000,
                    MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
                    PAGE_READWRITE,
                ),
                alloc2(
                    AddrRef::Raw(RawAddr::Null),
                    0x20000,
                    MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
                    PAGE_NOACCESS,
                ),
                Op::Commit {
                    proc: P0,
                    addr: region(1, PageSel::First),
                    size: RangeSize::Page,
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
                free(
                    region(1, PageSel::First),
                    RangeSize::Rest,
                    MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
                ),
                alloc2(
                    region(1, PageSel::First),
                    0x10000,
                    MEM_RESERVE | MEM_REPLACE_PLACEHOLDER,
                    PAGE_READWRITE,
                ),
                pagefile(P0, 0, 0x10000, None),
                Op::MapView3At {
                    proc: P0,
                    handle: HandleRef::Section(0),
                    process: HandleRef::Null,
                    base: region(1, PageSel::First),
                    offset: ViewOffset(0),
                    size: RangeSize::Page,
                    allocation: MapAllocation(at(MapAllocation::POOL, MEM_REPLACE_PLACEHOLDER)),
                    protect: PageProtect(at(PageProtect::POOL, PAGE_READWRITE)),
                },
                free(
                    region(0, PageSel::First),
                    RangeSize::Span(1),
                    MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS,
                ),
                map(P0, HandleRef::Section(0), FILE_MAP_WRITE),
                Op::Unmap2 {
                    proc: P0,
                    process: HandleRef::CurrentProcess,
                    addr: view0(),
                    flags: UnmapFlags(at(UnmapFlags::POOL, MEM_PRESERVE_PLACEHOLDER)),
                },
                Op::Unmap2 {
                    proc: P0,
                    process: HandleRef::Null,
                    addr: view0(),
                    flags: UnmapFlags(0),
                },
                Op::OpenProcess {
                    proc: P0,
                    target: TargetRef::Current,
                    access: ProcessAccess(at(ProcessAccess::POOL, PROCESS_VM_READ)),
                    inherit: false,
                },
                alloc(
                    AllocApi::Ex(HandleRef::Process(0)),
                    0x10000,
                    MEM_RESERVE,
                    PAGE_READWRITE,
                ),
            ],
        ),
        (
            // A file section past NTFS's largest file: ERROR_DISK_FULL, nothing changed.
            "regression_file_section_past_ntfs_max",
            vec![
                file(P0, OPEN_ALWAYS),
                first_file_section(PAGE_READWRITE, 1 << 48),
                Op::GetFileSize {
                    proc: P0,
                    handle: HandleRef::File(0),
                },
            ],
        ),
    ]
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/ops");
    for (file, ops) in seeds() {
        let mut bytes = Vec::new();
        for op in &ops {
            op.encode(&mut bytes);
        }
        let mut u = Unstructured::new(&bytes);
        let mut decoded = Vec::new();
        while !u.is_empty() {
            match Op::arbitrary(&mut u) {
                Ok(op) => decoded.push(op),
                Err(e) => panic!("{file}: {e}"),
            }
        }
        assert_eq!(decoded, ops, "{file}: the bytes decode to other ops");
        if let Err(e) = std::fs::write(dir.join(file), &bytes) {
            panic!("{file}: {e}");
        }
        println!("{file}: {} ops, {} bytes", ops.len(), bytes.len());
    }
}
