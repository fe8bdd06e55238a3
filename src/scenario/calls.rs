//! The call table: every function a scenario may call, with its parameters (in C order), its
//! return kind (how the result prints and what its failure value is) and how it runs on the
//! [`Win32`] facade.
//!
//! Adding a facade function to the language is one entry in [`CALLS`]. A function the engine
//! does not have yet is listed with [`Run::NotYet`] and its full signature, so that a scenario
//! using it is a script error naming it, and enabling it later only means replacing `NotYet`
//! with `Facade`.
//!
//! Not in the table, because they are not facade calls: `SA(...)` (builds SECURITY_ATTRIBUTES)
//! and the memory pseudo-calls `read`, `write`, `fill` (see the interpreter).

#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation
)]

use super::value::{show_int, show_protection, StructKind, Value};
use crate::error::Win32Error;
use crate::win32::ProcessRef;
use crate::win32::{
    section_information_size, SectionBasicInformation, SectionImageInformation, Win32, BOOL,
    HANDLE, MEMORY_BASIC_INFORMATION, OBJECT_BASIC_INFORMATION, SECTION_BASIC_INFORMATION,
    SECTION_IMAGE_INFORMATION, SECTION_INFORMATION, SECURITY_ATTRIBUTES, SYSTEM_INFO,
    WAIT_ABANDONED, WAIT_FAILED, WAIT_OBJECT_0, WAIT_TIMEOUT,
};

/// What a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A number (DWORD, SIZE_T, BOOL, LONG...), converted to the parameter's width as C does.
    Int,
    /// A HANDLE (a number; `GetCurrentProcess()` is (HANDLE)-1).
    Handle,
    /// An optional wide string: `"..."` (passed as UTF-16) or NULL.
    NameW,
    /// An optional ANSI string: `"..."` (passed as bytes) or NULL.
    NameA,
    /// Bytes to pass in (a string or `x"..."`).
    Data,
    /// `SA(INHERIT)`, `SA(INHERIT, "SDDL")` or NULL.
    Sa,
    /// `DuplicateHandle`'s processes: a process name (the process itself, no handle needed),
    /// `GetCurrentProcess()`, NULL, or a process handle value (needing PROCESS_DUP_HANDLE).
    Process,
    /// A process handle: a handle value (from `OpenProcess`), `GetCurrentProcess()`, NULL, or a
    /// process name, which stands for a handle the caller opens to that process with this
    /// access for the one call and closes after (SCENARIO.md: "where C takes a process handle,
    /// a process name or `GetCurrentProcess()` is given"; export-c does the same in C).
    ProcessHandle(u32),
    /// A process id: a process name or a number.
    Pid,
    /// An out parameter: `&VAR` or NULL.
    Out(OutKind),
    /// An out parameter that may not be NULL (`&VAR`).
    OutRequired(OutKind),
    /// A reserved pointer or count that must be NULL or 0.
    Zero,
    /// A SID: `"S-1-..."` or an account name.
    Sid,
}

/// What an out parameter receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutKind {
    /// A number, shown as given.
    Int(IntShow),
    /// A struct.
    Struct(StructKind),
    /// Bytes.
    Bytes,
}

/// How an integer out value prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntShow {
    /// `0x...` (sizes, flags).
    Hex,
    /// `0x...`, a handle value (typed `{"handle": N}` in JSON).
    Handle,
    /// Decimal (counts).
    Dec,
    /// A page protection name.
    Protection,
}

impl OutKind {
    /// The value an out variable starts with when it was never set.
    pub fn initial(self) -> Value {
        match self {
            OutKind::Int(_) => Value::Int(0),
            OutKind::Struct(k) => k.zeroed(),
            OutKind::Bytes => Value::Bytes(Vec::new()),
        }
    }

    /// An out value as printed.
    pub fn show(self, v: &Value) -> String {
        match (self, v) {
            (OutKind::Int(IntShow::Dec), Value::Int(n)) => n.to_string(),
            (OutKind::Int(IntShow::Hex | IntShow::Handle), Value::Int(n)) => format!("0x{n:x}"),
            (OutKind::Int(IntShow::Protection), Value::Int(n)) => {
                show_protection(u32::try_from(*n).unwrap_or(u32::MAX))
            }
            (_, v) => v.show(),
        }
    }
}

/// One parameter: its C name, what it accepts, and a default when it may be left out (only
/// trailing parameters have one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    /// The C parameter name.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Param,
    /// Value used when the argument is left out.
    pub default: Option<u64>,
}

const fn p(name: &'static str, kind: Param) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        default: None,
    }
}

const fn opt(name: &'static str, kind: Param, default: u64) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        default: Some(default),
    }
}

/// How a return value prints and what the documented failure value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ret {
    /// A HANDLE; NULL on failure.
    Handle,
    /// A file HANDLE; INVALID_HANDLE_VALUE on failure.
    FileHandle,
    /// An address; NULL on failure.
    Address,
    /// A BOOL: TRUE / FALSE (failure).
    Bool,
    /// A byte count; 0 on failure.
    Count,
    /// A wait result (WAIT_OBJECT_0, ...); WAIT_FAILED on failure.
    Wait,
    /// A DWORD whose failure value is given (INVALID_FILE_SIZE, INVALID_SET_FILE_POINTER).
    Dword(u64),
    /// A Win32 error code (GetLastError): never a failure.
    ErrorCode,
    /// A number that cannot fail.
    Int,
    /// An NTSTATUS (the native calls): shown by its `STATUS_*` name; the call reports through
    /// it and leaves the last error alone, so it never "fails" in the Win32 sense.
    Status,
    /// No value.
    Void,
}

impl Ret {
    /// The documented failure value, if the function can fail.
    pub fn failure(self) -> Option<u64> {
        match self {
            Ret::Handle | Ret::Address | Ret::Bool | Ret::Count => Some(0),
            Ret::FileHandle => Some(u64::MAX),
            Ret::Wait => Some(u64::from(WAIT_FAILED)),
            Ret::Dword(f) => Some(f),
            Ret::ErrorCode | Ret::Int | Ret::Status | Ret::Void => None,
        }
    }

    /// Whether `v` is the failure value.
    pub fn failed(self, v: u64) -> bool {
        self.failure() == Some(v)
    }

    /// A return value as printed: NULL / INVALID_HANDLE_VALUE / TRUE / FALSE / WAIT_* /
    /// ERROR_* names where they apply, hex for handles and addresses, decimal for counts.
    pub fn show(self, v: u64) -> String {
        match self {
            Ret::Handle | Ret::Address if v == 0 => "NULL".into(),
            Ret::FileHandle if v == u64::MAX => "INVALID_HANDLE_VALUE".into(),
            Ret::Handle | Ret::FileHandle if v >= 0xFFFF_FFFF_FFFF_0000 => {
                format!("(HANDLE)-{}", v.wrapping_neg())
            }
            Ret::Handle | Ret::FileHandle | Ret::Address => format!("0x{v:x}"),
            Ret::Bool => if v == 0 { "FALSE" } else { "TRUE" }.into(),
            Ret::Count => v.to_string(),
            Ret::Wait => match u32::try_from(v) {
                Ok(WAIT_OBJECT_0) => "WAIT_OBJECT_0".into(),
                Ok(WAIT_ABANDONED) => "WAIT_ABANDONED".into(),
                Ok(WAIT_TIMEOUT) => "WAIT_TIMEOUT".into(),
                Ok(WAIT_FAILED) => "WAIT_FAILED".into(),
                _ => show_int(v),
            },
            Ret::Dword(f) if v == f => show_int(v),
            Ret::Dword(_) => v.to_string(),
            Ret::ErrorCode => Win32Error::from_code(u32::try_from(v).unwrap_or(u32::MAX)).name(),
            Ret::Int => show_int(v),
            Ret::Status => match u32::try_from(v) {
                Ok(0) => "STATUS_SUCCESS".into(),
                Ok(s) => crate::error::NtStatus(s)
                    .name()
                    .map_or_else(|| format!("0x{s:08x}"), String::from),
                Err(_) => show_int(v),
            },
            Ret::Void => "(void)".into(),
        }
    }
}

/// Runs a call on the facade: returns the raw return value (sign-extended for HANDLE/BOOL).
pub type Facade = fn(&mut Win32<'_>, &mut Args) -> u64;

/// How a call runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// Through the facade.
    Facade(Facade),
    /// Not available yet: the reason, shown in the script error.
    NotYet(&'static str),
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Run::Facade(_) => write!(f, "Facade"),
            Run::NotYet(why) => write!(f, "NotYet({why:?})"),
        }
    }
}

/// One callable function.
#[derive(Clone, Copy, Debug)]
pub struct CallSpec {
    /// The Win32 name.
    pub name: &'static str,
    /// Parameters in C order.
    pub params: &'static [ParamSpec],
    /// Return kind.
    pub ret: Ret,
    /// How it runs.
    pub run: Run,
}

impl CallSpec {
    /// Fewest arguments accepted.
    pub fn min_args(&self) -> usize {
        self.params.iter().filter(|p| p.default.is_none()).count()
    }
}

/// An evaluated argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgValue {
    /// A number.
    Int(u64),
    /// A string / bytes, or NULL.
    Bytes(Option<Vec<u8>>),
    /// SECURITY_ATTRIBUTES or NULL.
    Sa(Option<SECURITY_ATTRIBUTES>),
    /// A process.
    Process(ProcessRef),
    /// An out parameter: its current value, or NULL.
    Out(Option<Value>),
}

/// The evaluated arguments of one call. Accessors return a neutral value for a missing or
/// mistyped argument (the checker rules both out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// The arguments in order.
    pub values: Vec<ArgValue>,
}

impl Args {
    /// A number argument.
    pub fn int(&self, i: usize) -> u64 {
        match self.values.get(i) {
            Some(ArgValue::Int(v)) => *v,
            _ => 0,
        }
    }

    /// A DWORD argument (truncated as C converts).
    pub fn u32(&self, i: usize) -> u32 {
        self.int(i) as u32
    }

    /// A LONG argument (truncated as C converts).
    pub fn i32(&self, i: usize) -> i32 {
        self.int(i) as u32 as i32
    }

    /// A BOOL argument.
    pub fn bool(&self, i: usize) -> BOOL {
        self.i32(i)
    }

    /// A HANDLE argument.
    pub fn handle(&self, i: usize) -> HANDLE {
        self.int(i) as HANDLE
    }

    /// A wide-string argument.
    pub fn wname(&self, i: usize) -> Option<String> {
        match self.values.get(i) {
            Some(ArgValue::Bytes(Some(b))) => Some(super::value::bytes_to_text(b)),
            _ => None,
        }
    }

    /// An ANSI-string argument.
    pub fn aname(&self, i: usize) -> Option<Vec<u8>> {
        match self.values.get(i) {
            Some(ArgValue::Bytes(Some(b))) => Some(b.clone()),
            _ => None,
        }
    }

    /// A SECURITY_ATTRIBUTES argument.
    pub fn sa(&self, i: usize) -> Option<SECURITY_ATTRIBUTES> {
        match self.values.get(i) {
            Some(ArgValue::Sa(sa)) => sa.clone(),
            _ => None,
        }
    }

    /// A process argument.
    pub fn process(&self, i: usize) -> ProcessRef {
        match self.values.get(i) {
            Some(ArgValue::Process(p)) => *p,
            _ => ProcessRef::Null,
        }
    }

    /// An integer out parameter's current value, or None for NULL.
    pub fn out_int(&self, i: usize) -> Option<u64> {
        match self.values.get(i) {
            Some(ArgValue::Out(Some(v))) => Some(v.int()),
            _ => None,
        }
    }

    /// A MEMORY_BASIC_INFORMATION out parameter, or None for NULL.
    pub fn out_mbi(&self, i: usize) -> Option<MEMORY_BASIC_INFORMATION> {
        match self.values.get(i) {
            Some(ArgValue::Out(Some(Value::Mbi(m)))) => Some(*m),
            Some(ArgValue::Out(Some(_))) => Some(MEMORY_BASIC_INFORMATION::default()),
            _ => None,
        }
    }

    /// A SYSTEM_INFO out parameter, or None for NULL.
    pub fn out_system_info(&self, i: usize) -> Option<SYSTEM_INFO> {
        match self.values.get(i) {
            Some(ArgValue::Out(Some(Value::SystemInfo(s)))) => Some(*s),
            Some(ArgValue::Out(Some(_))) => Some(SYSTEM_INFO::default()),
            _ => None,
        }
    }

    /// Stores an out parameter's new value (ignored for a NULL one).
    pub fn set_out(&mut self, i: usize, v: Value) {
        if let Some(ArgValue::Out(slot @ Some(_))) = self.values.get_mut(i) {
            *slot = Some(v);
        }
    }
}

fn h(v: HANDLE) -> u64 {
    v as u64
}

fn b(v: BOOL) -> u64 {
    i64::from(v) as u64
}

use IntShow::{Dec, Hex, Protection};
use Param::{
    Data, Handle, Int, NameA, NameW, Out, OutRequired, Pid, Process, ProcessHandle, Sa, Sid, Zero,
};

/// The access a process name is opened with to allocate, free, protect or map in it
/// (each function's hProcess parameter, MS docs).
const VM_OPERATION: Param = ProcessHandle(crate::consts::PROCESS_VM_OPERATION);
const HANDLE_OUT: OutKind = OutKind::Int(IntShow::Handle);

/// The largest ReadFile buffer a scenario gets (64 MiB), so that a huge
/// nNumberOfBytesToRead cannot make the host allocate gigabytes.
pub const MAX_READ_BUFFER: usize = 64 << 20;

/// `CreateFileW` / `CreateFileA` / `CreateFileForMapping` parameters.
const CREATE_FILE_W: &[ParamSpec] = &[
    p("lpFileName", NameW),
    p("dwDesiredAccess", Int),
    p("dwShareMode", Int),
    p("lpSecurityAttributes", Sa),
    p("dwCreationDisposition", Int),
    p("dwFlagsAndAttributes", Int),
    p("hTemplateFile", Handle),
];
const CREATE_FILE_A: &[ParamSpec] = &[
    p("lpFileName", NameA),
    p("dwDesiredAccess", Int),
    p("dwShareMode", Int),
    p("lpSecurityAttributes", Sa),
    p("dwCreationDisposition", Int),
    p("dwFlagsAndAttributes", Int),
    p("hTemplateFile", Handle),
];
const FILE_RANGE: &[ParamSpec] = &[
    p("hFile", Handle),
    p("dwFileOffsetLow", Int),
    p("dwFileOffsetHigh", Int),
    p("nNumberOfBytesToLockLow", Int),
    p("nNumberOfBytesToLockHigh", Int),
];
const OPEN_W: &[ParamSpec] = &[
    p("dwDesiredAccess", Int),
    p("bInheritHandle", Int),
    p("lpName", NameW),
];
const OPEN_A: &[ParamSpec] = &[
    p("dwDesiredAccess", Int),
    p("bInheritHandle", Int),
    p("lpName", NameA),
];
const HANDLE_ONLY: &[ParamSpec] = &[p("hObject", Handle)];
const ADDRESS_SIZE: &[ParamSpec] = &[p("lpAddress", Int), p("dwSize", Int)];

/// Every function a scenario may call.
pub static CALLS: &[CallSpec] = &[
    // ---- Sections.
    CallSpec {
        name: "CreateFileMappingW",
        params: &[
            p("hFile", Handle),
            p("lpFileMappingAttributes", Sa),
            p("flProtect", Int),
            p("dwMaximumSizeHigh", Int),
            p("dwMaximumSizeLow", Int),
            p("lpName", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(1), a.wname(5));
            h(w.CreateFileMappingW(
                a.handle(0),
                sa.as_ref(),
                a.u32(2),
                a.u32(3),
                a.u32(4),
                name.as_deref(),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileMappingA",
        params: &[
            p("hFile", Handle),
            p("lpFileMappingAttributes", Sa),
            p("flProtect", Int),
            p("dwMaximumSizeHigh", Int),
            p("dwMaximumSizeLow", Int),
            p("lpName", NameA),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(1), a.aname(5));
            h(w.CreateFileMappingA(
                a.handle(0),
                sa.as_ref(),
                a.u32(2),
                a.u32(3),
                a.u32(4),
                name.as_deref(),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileMappingNumaW",
        params: &[
            p("hFile", Handle),
            p("lpFileMappingAttributes", Sa),
            p("flProtect", Int),
            p("dwMaximumSizeHigh", Int),
            p("dwMaximumSizeLow", Int),
            p("lpName", NameW),
            p("nndPreferred", Int),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(1), a.wname(5));
            h(w.CreateFileMappingNumaW(
                a.handle(0),
                sa.as_ref(),
                a.u32(2),
                a.u32(3),
                a.u32(4),
                name.as_deref(),
                a.u32(6),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileMappingFromApp",
        params: &[
            p("hFile", Handle),
            p("SecurityAttributes", Sa),
            p("PageProtection", Int),
            p("MaximumSize", Int),
            p("Name", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(1), a.wname(4));
            h(w.CreateFileMappingFromApp(
                a.handle(0),
                sa.as_ref(),
                a.u32(2),
                a.int(3),
                name.as_deref(),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileMapping2",
        params: &[
            p("File", Handle),
            p("SecurityAttributes", Sa),
            p("DesiredAccess", Int),
            p("PageProtection", Int),
            p("AllocationAttributes", Int),
            p("MaximumSize", Int),
            p("Name", NameW),
            opt("ExtendedParameters", Zero, 0),
            opt("ParameterCount", Zero, 0),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(1), a.wname(6));
            h(w.CreateFileMapping2(
                a.handle(0),
                sa.as_ref(),
                a.u32(2),
                a.u32(3),
                a.u32(4),
                a.int(5),
                name.as_deref(),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileForMapping",
        params: CREATE_FILE_W,
        ret: Ret::FileHandle,
        run: Run::Facade(|w, a| {
            let (name, sa) = (a.wname(0), a.sa(3));
            h(w.CreateFileForMapping(
                name.as_deref(),
                a.u32(1),
                a.u32(2),
                sa.as_ref(),
                a.u32(4),
                a.u32(5),
                a.handle(6),
            ))
        }),
    },
    CallSpec {
        name: "OpenFileMappingW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenFileMappingW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenFileMappingFromApp",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenFileMappingFromApp(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenFileMappingA",
        params: OPEN_A,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.aname(2);
            h(w.OpenFileMappingA(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    // ---- Views.
    CallSpec {
        name: "MapViewOfFile",
        params: &[
            p("hFileMappingObject", Handle),
            p("dwDesiredAccess", Int),
            p("dwFileOffsetHigh", Int),
            p("dwFileOffsetLow", Int),
            p("dwNumberOfBytesToMap", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| {
            w.MapViewOfFile(a.handle(0), a.u32(1), a.u32(2), a.u32(3), a.int(4))
        }),
    },
    CallSpec {
        name: "MapViewOfFileEx",
        params: &[
            p("hFileMappingObject", Handle),
            p("dwDesiredAccess", Int),
            p("dwFileOffsetHigh", Int),
            p("dwFileOffsetLow", Int),
            p("dwNumberOfBytesToMap", Int),
            p("lpBaseAddress", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| {
            w.MapViewOfFileEx(
                a.handle(0),
                a.u32(1),
                a.u32(2),
                a.u32(3),
                a.int(4),
                a.int(5),
            )
        }),
    },
    CallSpec {
        name: "MapViewOfFileFromApp",
        params: &[
            p("hFileMappingObject", Handle),
            p("DesiredAccess", Int),
            p("FileOffset", Int),
            p("NumberOfBytesToMap", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| w.MapViewOfFileFromApp(a.handle(0), a.u32(1), a.int(2), a.int(3))),
    },
    CallSpec {
        name: "MapViewOfFile3",
        params: &[
            p("FileMapping", Handle),
            p("Process", VM_OPERATION),
            p("BaseAddress", Int),
            p("Offset", Int),
            p("ViewSize", Int),
            p("AllocationType", Int),
            p("PageProtection", Int),
            opt("ExtendedParameters", Zero, 0),
            opt("ParameterCount", Zero, 0),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| {
            w.MapViewOfFile3(
                a.handle(0),
                a.handle(1),
                a.int(2),
                a.int(3),
                a.int(4),
                a.u32(5),
                a.u32(6),
            )
        }),
    },
    CallSpec {
        name: "UnmapViewOfFile",
        params: &[p("lpBaseAddress", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.UnmapViewOfFile(a.int(0)))),
    },
    CallSpec {
        name: "UnmapViewOfFileEx",
        params: &[p("BaseAddress", Int), p("UnmapFlags", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.UnmapViewOfFileEx(a.int(0), a.u32(1)))),
    },
    CallSpec {
        name: "UnmapViewOfFile2",
        params: &[
            p("Process", VM_OPERATION),
            p("BaseAddress", Int),
            p("UnmapFlags", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.UnmapViewOfFile2(a.handle(0), a.int(1), a.u32(2)))),
    },
    CallSpec {
        name: "FlushViewOfFile",
        params: &[p("lpBaseAddress", Int), p("dwNumberOfBytesToFlush", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.FlushViewOfFile(a.int(0), a.int(1)))),
    },
    // ---- Virtual memory.
    CallSpec {
        name: "VirtualQuery",
        params: &[
            p("lpAddress", Int),
            p("lpBuffer", Out(OutKind::Struct(StructKind::Mbi))),
            opt("dwLength", Int, 48),
        ],
        ret: Ret::Count,
        run: Run::Facade(|w, a| {
            let mut mbi = a.out_mbi(1);
            let r = w.VirtualQuery(a.int(0), mbi.as_mut(), a.int(2));
            if let Some(m) = mbi {
                a.set_out(1, Value::Mbi(m));
            }
            r
        }),
    },
    CallSpec {
        name: "VirtualProtect",
        params: &[
            p("lpAddress", Int),
            p("dwSize", Int),
            p("flNewProtect", Int),
            p("lpflOldProtect", Out(OutKind::Int(Protection))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut old = a.out_int(3).map(|v| v as u32);
            let r = w.VirtualProtect(a.int(0), a.int(1), a.u32(2), old.as_mut());
            if let Some(v) = old {
                a.set_out(3, Value::Int(u64::from(v)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "VirtualAlloc",
        params: &[
            p("lpAddress", Int),
            p("dwSize", Int),
            p("flAllocationType", Int),
            p("flProtect", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| w.VirtualAlloc(a.int(0), a.int(1), a.u32(2), a.u32(3))),
    },
    CallSpec {
        name: "VirtualFree",
        params: &[p("lpAddress", Int), p("dwSize", Int), p("dwFreeType", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.VirtualFree(a.int(0), a.int(1), a.u32(2)))),
    },
    CallSpec {
        name: "VirtualLock",
        params: ADDRESS_SIZE,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.VirtualLock(a.int(0), a.int(1)))),
    },
    CallSpec {
        name: "VirtualUnlock",
        params: ADDRESS_SIZE,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.VirtualUnlock(a.int(0), a.int(1)))),
    },
    CallSpec {
        name: "VirtualAlloc2",
        params: &[
            p("Process", VM_OPERATION),
            p("BaseAddress", Int),
            p("Size", Int),
            p("AllocationType", Int),
            p("PageProtection", Int),
            opt("ExtendedParameters", Zero, 0),
            opt("ParameterCount", Zero, 0),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| {
            w.VirtualAlloc2(a.handle(0), a.int(1), a.int(2), a.u32(3), a.u32(4))
        }),
    },
    CallSpec {
        name: "VirtualAllocEx",
        params: &[
            p("hProcess", VM_OPERATION),
            p("lpAddress", Int),
            p("dwSize", Int),
            p("flAllocationType", Int),
            p("flProtect", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| {
            w.VirtualAllocEx(a.handle(0), a.int(1), a.int(2), a.u32(3), a.u32(4))
        }),
    },
    CallSpec {
        name: "VirtualAllocFromApp",
        params: &[
            p("BaseAddress", Int),
            p("Size", Int),
            p("AllocationType", Int),
            p("Protection", Int),
        ],
        ret: Ret::Address,
        run: Run::Facade(|w, a| w.VirtualAllocFromApp(a.int(0), a.int(1), a.u32(2), a.u32(3))),
    },
    CallSpec {
        name: "VirtualFreeEx",
        params: &[
            p("hProcess", VM_OPERATION),
            p("lpAddress", Int),
            p("dwSize", Int),
            p("dwFreeType", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.VirtualFreeEx(a.handle(0), a.int(1), a.int(2), a.u32(3)))),
    },
    CallSpec {
        name: "VirtualProtectEx",
        params: &[
            p("hProcess", VM_OPERATION),
            p("lpAddress", Int),
            p("dwSize", Int),
            p("flNewProtect", Int),
            p("lpflOldProtect", Out(OutKind::Int(Protection))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut old = a.out_int(4).map(|v| v as u32);
            let r = w.VirtualProtectEx(a.handle(0), a.int(1), a.int(2), a.u32(3), old.as_mut());
            if let Some(v) = old {
                a.set_out(4, Value::Int(u64::from(v)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "VirtualProtectFromApp",
        params: &[
            p("Address", Int),
            p("Size", Int),
            p("NewProtection", Int),
            p("OldProtection", Out(OutKind::Int(Protection))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut old = a.out_int(3).map(|v| v as u32);
            let r = w.VirtualProtectFromApp(a.int(0), a.int(1), a.u32(2), old.as_mut());
            if let Some(v) = old {
                a.set_out(3, Value::Int(u64::from(v)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "VirtualQueryEx",
        params: &[
            p(
                "hProcess",
                ProcessHandle(crate::consts::PROCESS_QUERY_INFORMATION),
            ),
            p("lpAddress", Int),
            p("lpBuffer", Out(OutKind::Struct(StructKind::Mbi))),
            opt("dwLength", Int, 48),
        ],
        ret: Ret::Count,
        run: Run::Facade(|w, a| {
            let mut mbi = a.out_mbi(2);
            let r = w.VirtualQueryEx(a.handle(0), a.int(1), mbi.as_mut(), a.int(3));
            if let Some(m) = mbi {
                a.set_out(2, Value::Mbi(m));
            }
            r
        }),
    },
    // ---- App-container paths (catalog J9).
    CallSpec {
        name: "GetAppContainerNamedObjectPath",
        params: &[
            p("Token", Handle),
            p("AppContainerSid", NameW),
            p("ObjectPathLength", Int),
            p("ObjectPath", Out(OutKind::Bytes)),
            p("ReturnLength", Out(OutKind::Int(Dec))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let sid = a.wname(1);
            let mut path = a.out_int(3).map(|_| String::new());
            let mut len = a.out_int(4).map(|v| v as u32);
            let r = w.GetAppContainerNamedObjectPath(
                a.handle(0),
                sid.as_deref(),
                a.u32(2),
                path.as_mut(),
                len.as_mut(),
            );
            if let (Some(p), 1) = (path, r) {
                a.set_out(3, Value::Bytes(p.into_bytes()));
            }
            if let Some(v) = len {
                a.set_out(4, Value::Int(u64::from(v)));
            }
            b(r)
        }),
    },
    // ---- Handles.
    CallSpec {
        name: "CloseHandle",
        params: HANDLE_ONLY,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.CloseHandle(a.handle(0)))),
    },
    CallSpec {
        name: "DuplicateHandle",
        params: &[
            p("hSourceProcessHandle", Process),
            p("hSourceHandle", Handle),
            p("hTargetProcessHandle", Process),
            p("lpTargetHandle", Out(HANDLE_OUT)),
            p("dwDesiredAccess", Int),
            p("bInheritHandle", Int),
            p("dwOptions", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut target = a.out_int(3).map(|v| v as HANDLE);
            let r = w.DuplicateHandleBetween(
                a.process(0),
                a.handle(1),
                a.process(2),
                target.as_mut(),
                a.u32(4),
                a.bool(5),
                a.u32(6),
            );
            if let Some(t) = target {
                a.set_out(3, Value::Int(h(t)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "GetHandleInformation",
        params: &[p("hObject", Handle), p("lpdwFlags", Out(OutKind::Int(Hex)))],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut flags = a.out_int(1).map(|v| v as u32);
            let r = w.GetHandleInformation(a.handle(0), flags.as_mut());
            if let Some(f) = flags {
                a.set_out(1, Value::Int(u64::from(f)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "SetHandleInformation",
        params: &[p("hObject", Handle), p("dwMask", Int), p("dwFlags", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.SetHandleInformation(a.handle(0), a.u32(1), a.u32(2)))),
    },
    CallSpec {
        name: "CompareObjectHandles",
        params: &[
            p("hFirstObjectHandle", Handle),
            p("hSecondObjectHandle", Handle),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.CompareObjectHandles(a.handle(0), a.handle(1)))),
    },
    // ---- Other named objects.
    CallSpec {
        name: "CreateEventW",
        params: &[
            p("lpEventAttributes", Sa),
            p("bManualReset", Int),
            p("bInitialState", Int),
            p("lpName", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.wname(3));
            h(w.CreateEventW(sa.as_ref(), a.bool(1), a.bool(2), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateEventA",
        params: &[
            p("lpEventAttributes", Sa),
            p("bManualReset", Int),
            p("bInitialState", Int),
            p("lpName", NameA),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.aname(3));
            h(w.CreateEventA(sa.as_ref(), a.bool(1), a.bool(2), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateMutexW",
        params: &[
            p("lpMutexAttributes", Sa),
            p("bInitialOwner", Int),
            p("lpName", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.wname(2));
            h(w.CreateMutexW(sa.as_ref(), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateMutexA",
        params: &[
            p("lpMutexAttributes", Sa),
            p("bInitialOwner", Int),
            p("lpName", NameA),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.aname(2));
            h(w.CreateMutexA(sa.as_ref(), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateSemaphoreW",
        params: &[
            p("lpSemaphoreAttributes", Sa),
            p("lInitialCount", Int),
            p("lMaximumCount", Int),
            p("lpName", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.wname(3));
            h(w.CreateSemaphoreW(sa.as_ref(), a.i32(1), a.i32(2), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateSemaphoreA",
        params: &[
            p("lpSemaphoreAttributes", Sa),
            p("lInitialCount", Int),
            p("lMaximumCount", Int),
            p("lpName", NameA),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.aname(3));
            h(w.CreateSemaphoreA(sa.as_ref(), a.i32(1), a.i32(2), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateWaitableTimerW",
        params: &[
            p("lpTimerAttributes", Sa),
            p("bManualReset", Int),
            p("lpTimerName", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.wname(2));
            h(w.CreateWaitableTimerW(sa.as_ref(), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateJobObjectW",
        params: &[p("lpJobAttributes", Sa), p("lpName", NameW)],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, name) = (a.sa(0), a.wname(1));
            h(w.CreateJobObjectW(sa.as_ref(), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenEventW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenEventW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenEventA",
        params: OPEN_A,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.aname(2);
            h(w.OpenEventA(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenMutexW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenMutexW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenSemaphoreW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenSemaphoreW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenWaitableTimerW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenWaitableTimerW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenJobObjectW",
        params: OPEN_W,
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(2);
            h(w.OpenJobObjectW(a.u32(0), a.bool(1), name.as_deref()))
        }),
    },
    CallSpec {
        name: "WaitForSingleObject",
        params: &[p("hHandle", Handle), p("dwMilliseconds", Int)],
        ret: Ret::Wait,
        run: Run::Facade(|w, a| u64::from(w.WaitForSingleObject(a.handle(0), a.u32(1)))),
    },
    CallSpec {
        name: "SetEvent",
        params: HANDLE_ONLY,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.SetEvent(a.handle(0)))),
    },
    CallSpec {
        name: "ResetEvent",
        params: HANDLE_ONLY,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.ResetEvent(a.handle(0)))),
    },
    CallSpec {
        name: "ReleaseMutex",
        params: HANDLE_ONLY,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.ReleaseMutex(a.handle(0)))),
    },
    CallSpec {
        name: "ReleaseSemaphore",
        params: &[
            p("hSemaphore", Handle),
            p("lReleaseCount", Int),
            opt("lpPreviousCount", Out(OutKind::Int(Dec)), 0),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut previous = a.out_int(2).map(|v| v as u32 as i32);
            let r = w.ReleaseSemaphore(a.handle(0), a.i32(1), previous.as_mut());
            if let Some(v) = previous {
                a.set_out(2, Value::Int(i64::from(v) as u64));
            }
            b(r)
        }),
    },
    // ---- Processes and the thread's state.
    CallSpec {
        name: "GetCurrentProcess",
        params: &[],
        ret: Ret::Handle,
        run: Run::Facade(|w, _| h(w.GetCurrentProcess())),
    },
    CallSpec {
        name: "GetCurrentProcessId",
        params: &[],
        ret: Ret::Int,
        run: Run::Facade(|w, _| u64::from(w.GetCurrentProcessId())),
    },
    CallSpec {
        name: "OpenProcess",
        params: &[
            p("dwDesiredAccess", Int),
            p("bInheritHandle", Int),
            p("dwProcessId", Pid),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| h(w.OpenProcess(a.u32(0), a.bool(1), a.u32(2)))),
    },
    CallSpec {
        name: "GetLastError",
        params: &[],
        ret: Ret::ErrorCode,
        run: Run::Facade(|w, _| u64::from(w.GetLastError())),
    },
    CallSpec {
        name: "SetLastError",
        params: &[p("dwErrCode", Int)],
        ret: Ret::Void,
        run: Run::Facade(|w, a| {
            w.SetLastError(a.u32(0));
            0
        }),
    },
    CallSpec {
        name: "GetSystemInfo",
        params: &[p(
            "lpSystemInfo",
            OutRequired(OutKind::Struct(StructKind::SystemInfo)),
        )],
        ret: Ret::Void,
        run: Run::Facade(|w, a| {
            let mut si = a.out_system_info(0).unwrap_or_default();
            w.GetSystemInfo(&mut si);
            a.set_out(0, Value::SystemInfo(si));
            0
        }),
    },
    CallSpec {
        name: "GetLargePageMinimum",
        params: &[],
        ret: Ret::Int,
        run: Run::Facade(|w, _| w.GetLargePageMinimum()),
    },
    // ---- Files.
    CallSpec {
        name: "CreateFileW",
        params: CREATE_FILE_W,
        ret: Ret::FileHandle,
        run: Run::Facade(|w, a| {
            let (name, sa) = (a.wname(0), a.sa(3));
            h(w.CreateFileW(
                name.as_deref(),
                a.u32(1),
                a.u32(2),
                sa.as_ref(),
                a.u32(4),
                a.u32(5),
                a.handle(6),
            ))
        }),
    },
    CallSpec {
        name: "CreateFileA",
        params: CREATE_FILE_A,
        ret: Ret::FileHandle,
        run: Run::Facade(|w, a| {
            let (name, sa) = (a.aname(0), a.sa(3));
            h(w.CreateFileA(
                name.as_deref(),
                a.u32(1),
                a.u32(2),
                sa.as_ref(),
                a.u32(4),
                a.u32(5),
                a.handle(6),
            ))
        }),
    },
    CallSpec {
        name: "NtQuerySection",
        params: &[
            p("SectionHandle", Handle),
            // SectionBasicInformation (0) or SectionImageInformation (1), a constant: it picks
            // the out structure's type (`class_out_kind`).
            p("SectionInformationClass", Int),
            p(
                "SectionInformation",
                Out(OutKind::Struct(StructKind::SectionBasic)),
            ),
            // Left out: the size of the structure the class picks (`class_default_length`;
            // the 24 here is SectionBasicInformation's).
            opt("SectionInformationLength", Int, 24),
            opt("ReturnLength", Out(OutKind::Int(Dec)), 0),
        ],
        ret: Ret::Status,
        run: Run::Facade(|w, a| {
            let class = a.u32(1);
            let wanted = matches!(a.values.get(2), Some(ArgValue::Out(Some(_))));
            let mut info = wanted.then(|| {
                if class == SectionImageInformation {
                    SECTION_INFORMATION::Image(SECTION_IMAGE_INFORMATION::default())
                } else {
                    SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default())
                }
            });
            let mut returned = a.out_int(4).map(|v| v as usize);
            let r = w.NtQuerySectionEx(
                a.handle(0),
                class,
                info.as_mut(),
                a.int(3) as usize,
                returned.as_mut(),
            );
            if r == 0 {
                match info {
                    Some(SECTION_INFORMATION::Basic(i)) => a.set_out(2, Value::SectionBasic(i)),
                    Some(SECTION_INFORMATION::Image(i)) => a.set_out(2, Value::SectionImage(i)),
                    None => {}
                }
            }
            if let Some(n) = returned {
                a.set_out(4, Value::Int(n as u64));
            }
            u64::from(r as u32)
        }),
    },
    CallSpec {
        name: "NtQueryObject",
        params: &[
            p("Handle", Handle),
            // ObjectBasicInformation (0) only.
            p("ObjectInformationClass", Zero),
            p(
                "ObjectInformation",
                Out(OutKind::Struct(StructKind::ObjectBasic)),
            ),
            opt("ObjectInformationLength", Int, 56),
            opt("ReturnLength", Out(OutKind::Int(Dec)), 0),
        ],
        ret: Ret::Status,
        run: Run::Facade(|w, a| {
            let mut info = match a.values.get(2) {
                Some(ArgValue::Out(Some(_))) => Some(OBJECT_BASIC_INFORMATION::default()),
                _ => None,
            };
            let mut returned = a.out_int(4).map(|v| v as u32);
            let r = w.NtQueryObjectEx(
                a.handle(0),
                a.u32(1),
                info.as_mut(),
                a.u32(3),
                returned.as_mut(),
            );
            if let (Some(i), 0) = (info, r) {
                a.set_out(2, Value::ObjectBasic(i));
            }
            if let Some(n) = returned {
                a.set_out(4, Value::Int(u64::from(n)));
            }
            u64::from(r as u32)
        }),
    },
    CallSpec {
        name: "NtAreMappedFilesTheSame",
        params: &[p("File1MappedAsAnImage", Int), p("File2MappedAsFile", Int)],
        ret: Ret::Status,
        run: Run::Facade(|w, a| u64::from(w.NtAreMappedFilesTheSame(a.int(0), a.int(1)) as u32)),
    },
    CallSpec {
        name: "NtExtendSection",
        params: &[
            p("SectionHandle", Handle),
            p("NewSectionSize", Out(OutKind::Int(Hex))),
        ],
        ret: Ret::Status,
        run: Run::Facade(|w, a| {
            let mut size = a.out_int(1).map(|v| v as i64);
            let r = w.NtExtendSection(a.handle(0), size.as_mut());
            if let Some(v) = size {
                a.set_out(1, Value::Int(v as u64));
            }
            u64::from(r as u32)
        }),
    },
    CallSpec {
        name: "ReadProcessMemory",
        params: &[
            p("hProcess", ProcessHandle(crate::consts::PROCESS_VM_READ)),
            p("lpBaseAddress", Int),
            p("lpBuffer", OutRequired(OutKind::Bytes)),
            p("nSize", Int),
            p("lpNumberOfBytesRead", Out(OutKind::Int(Dec))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            // As ReadFile: the buffer holds nSize bytes, up to MAX_READ_BUFFER.
            let want = a.int(3);
            let len = usize::try_from(want)
                .unwrap_or(usize::MAX)
                .min(MAX_READ_BUFFER);
            let mut buffer = vec![0u8; len];
            let mut read = a.out_int(4);
            let r = w.ReadProcessMemory(a.handle(0), a.int(1), &mut buffer, want, read.as_mut());
            if let Some(n) = read {
                a.set_out(4, Value::Int(n));
            }
            if r != 0 {
                a.set_out(2, Value::Bytes(buffer));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "WriteProcessMemory",
        params: &[
            p(
                "hProcess",
                ProcessHandle(
                    crate::consts::PROCESS_VM_WRITE | crate::consts::PROCESS_VM_OPERATION,
                ),
            ),
            p("lpBaseAddress", Int),
            p("lpBuffer", Data),
            p("nSize", Int),
            p("lpNumberOfBytesWritten", Out(OutKind::Int(Dec))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let data = a.aname(2).unwrap_or_default();
            let mut written = a.out_int(4);
            let r = w.WriteProcessMemory(a.handle(0), a.int(1), &data, a.int(3), written.as_mut());
            if let Some(n) = written {
                a.set_out(4, Value::Int(n));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "ReadFile",
        params: &[
            p("hFile", Handle),
            p("lpBuffer", OutRequired(OutKind::Bytes)),
            p("nNumberOfBytesToRead", Int),
            p("lpNumberOfBytesRead", Out(OutKind::Int(Dec))),
            p("lpOverlapped", Zero),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            // The buffer holds nNumberOfBytesToRead bytes, up to MAX_READ_BUFFER (a larger
            // request meets a shorter buffer: ERROR_NOACCESS).
            let want = a.u32(2);
            let mut buffer = vec![0u8; (want as usize).min(MAX_READ_BUFFER)];
            let mut read = a.out_int(3).map(|v| v as u32);
            let r = w.ReadFile(a.handle(0), &mut buffer, want, read.as_mut());
            if let Some(n) = read {
                a.set_out(3, Value::Int(u64::from(n)));
                buffer.truncate(n as usize);
            }
            if r != 0 {
                a.set_out(1, Value::Bytes(buffer));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "WriteFile",
        params: &[
            p("hFile", Handle),
            p("lpBuffer", Data),
            p("nNumberOfBytesToWrite", Int),
            p("lpNumberOfBytesWritten", Out(OutKind::Int(Dec))),
            p("lpOverlapped", Zero),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let data = a.aname(1).unwrap_or_default();
            let mut written = a.out_int(3).map(|v| v as u32);
            let r = w.WriteFile(a.handle(0), &data, a.u32(2), written.as_mut());
            if let Some(n) = written {
                a.set_out(3, Value::Int(u64::from(n)));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "SetFilePointer",
        params: &[
            p("hFile", Handle),
            p("lDistanceToMove", Int),
            p("lpDistanceToMoveHigh", Out(OutKind::Int(Dec))),
            p("dwMoveMethod", Int),
        ],
        ret: Ret::Dword(0xFFFF_FFFF),
        run: Run::Facade(|w, a| {
            let mut high = a.out_int(2).map(|v| v as u32 as i32);
            let r = w.SetFilePointer(a.handle(0), a.i32(1), high.as_mut(), a.u32(3));
            if let Some(v) = high {
                a.set_out(2, Value::Int(i64::from(v) as u64));
            }
            u64::from(r)
        }),
    },
    CallSpec {
        name: "SetFilePointerEx",
        params: &[
            p("hFile", Handle),
            p("liDistanceToMove", Int),
            p("lpNewFilePointer", Out(OutKind::Int(Dec))),
            p("dwMoveMethod", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut new = a.out_int(2).map(|v| v as i64);
            let r = w.SetFilePointerEx(a.handle(0), a.int(1) as i64, new.as_mut(), a.u32(3));
            if let Some(v) = new {
                a.set_out(2, Value::Int(v as u64));
            }
            b(r)
        }),
    },
    CallSpec {
        name: "SetEndOfFile",
        params: &[p("hFile", Handle)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.SetEndOfFile(a.handle(0)))),
    },
    CallSpec {
        name: "GetFileSize",
        params: &[
            p("hFile", Handle),
            p("lpFileSizeHigh", Out(OutKind::Int(Dec))),
        ],
        ret: Ret::Dword(0xFFFF_FFFF),
        run: Run::Facade(|w, a| {
            let mut high = a.out_int(1).map(|v| v as u32);
            let r = w.GetFileSize(a.handle(0), high.as_mut());
            if let Some(v) = high {
                a.set_out(1, Value::Int(u64::from(v)));
            }
            u64::from(r)
        }),
    },
    CallSpec {
        name: "GetFileSizeEx",
        params: &[
            p("hFile", Handle),
            p("lpFileSize", OutRequired(OutKind::Int(Dec))),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut size = a.out_int(1).map_or(0, |v| v as i64);
            let r = w.GetFileSizeEx(a.handle(0), &mut size);
            a.set_out(1, Value::Int(size as u64));
            b(r)
        }),
    },
    CallSpec {
        name: "FlushFileBuffers",
        params: &[p("hFile", Handle)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.FlushFileBuffers(a.handle(0)))),
    },
    CallSpec {
        name: "DeleteFileW",
        params: &[p("lpFileName", NameW)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let name = a.wname(0);
            b(w.DeleteFileW(name.as_deref()))
        }),
    },
    CallSpec {
        name: "DeleteFileA",
        params: &[p("lpFileName", NameA)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let name = a.aname(0);
            b(w.DeleteFileA(name.as_deref()))
        }),
    },
    CallSpec {
        name: "MoveFileW",
        params: &[p("lpExistingFileName", NameW), p("lpNewFileName", NameW)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let (from, to) = (a.wname(0), a.wname(1));
            b(w.MoveFileW(from.as_deref(), to.as_deref()))
        }),
    },
    CallSpec {
        name: "CopyFileW",
        params: &[
            p("lpExistingFileName", NameW),
            p("lpNewFileName", NameW),
            p("bFailIfExists", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let (from, to) = (a.wname(0), a.wname(1));
            b(w.CopyFileW(from.as_deref(), to.as_deref(), a.bool(2)))
        }),
    },
    CallSpec {
        name: "MoveFileExW",
        params: &[
            p("lpExistingFileName", NameW),
            p("lpNewFileName", NameW),
            p("dwFlags", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let (from, to) = (a.wname(0), a.wname(1));
            b(w.MoveFileExW(from.as_deref(), to.as_deref(), a.u32(2)))
        }),
    },
    CallSpec {
        name: "LockFile",
        params: FILE_RANGE,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.LockFile(a.handle(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4)))),
    },
    CallSpec {
        name: "UnlockFile",
        params: FILE_RANGE,
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            b(w.UnlockFile(a.handle(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4)))
        }),
    },
    CallSpec {
        name: "LockFileEx",
        params: &[
            p("hFile", Handle),
            p("dwFlags", Int),
            p("dwReserved", Int),
            p("nNumberOfBytesToLockLow", Int),
            p("nNumberOfBytesToLockHigh", Int),
            // The OVERLAPPED, given as the 64-bit offset it carries (Offset | OffsetHigh << 32).
            p("lpOverlapped", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            b(w.LockFileEx(
                a.handle(0),
                a.u32(1),
                a.u32(2),
                a.u32(3),
                a.u32(4),
                a.int(5),
            ))
        }),
    },
    CallSpec {
        name: "UnlockFileEx",
        params: &[
            p("hFile", Handle),
            p("dwReserved", Int),
            p("nNumberOfBytesToUnlockLow", Int),
            p("nNumberOfBytesToUnlockHigh", Int),
            p("lpOverlapped", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            b(w.UnlockFileEx(a.handle(0), a.u32(1), a.u32(2), a.u32(3), a.int(4)))
        }),
    },
    CallSpec {
        name: "SetFileInformationByHandle",
        params: &[
            p("hFile", Handle),
            p("FileInformationClass", Int),
            // The structure's one field: EndOfFile, AllocationSize, DeleteFile or Flags.
            p("lpFileInformation", Int),
            p("dwBufferSize", Int),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            use crate::win32::FILE_INFO;
            let (class, value) = (a.u32(1), a.int(2));
            let info = match class {
                crate::win32::FileAllocationInfo => FILE_INFO::Allocation(value as i64),
                crate::win32::FileDispositionInfo => FILE_INFO::Disposition(value as u8 as BOOL),
                crate::win32::FileDispositionInfoEx => FILE_INFO::DispositionEx(value as u32),
                _ => FILE_INFO::EndOfFile(value as i64),
            };
            b(w.SetFileInformationByHandle(a.handle(0), class, &info, a.u32(3)))
        }),
    },
    CallSpec {
        name: "GetFileAttributesW",
        params: &[p("lpFileName", NameW)],
        ret: Ret::Dword(0xFFFF_FFFF), // INVALID_FILE_ATTRIBUTES
        run: Run::Facade(|w, a| {
            let name = a.wname(0);
            u64::from(w.GetFileAttributesW(name.as_deref()))
        }),
    },
    CallSpec {
        name: "CreateDirectoryW",
        params: &[p("lpPathName", NameW), p("lpSecurityAttributes", Sa)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let (name, sa) = (a.wname(0), a.sa(1));
            b(w.CreateDirectoryW(name.as_deref(), sa.as_ref()))
        }),
    },
    // ---- Private namespaces.
    CallSpec {
        name: "CreateBoundaryDescriptorW",
        params: &[p("Name", NameW), p("Flags", Int)],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let name = a.wname(0);
            h(w.CreateBoundaryDescriptorW(name.as_deref(), a.u32(1)))
        }),
    },
    CallSpec {
        name: "AddSIDToBoundaryDescriptor",
        params: &[
            p("BoundaryDescriptor", OutRequired(HANDLE_OUT)),
            p("RequiredSid", Sid),
        ],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| {
            let mut bd = a.out_int(0).unwrap_or(0) as HANDLE;
            let sid = a.wname(1).unwrap_or_default();
            let r = w.AddSIDToBoundaryDescriptor(&mut bd, &sid);
            a.set_out(0, Value::Int(h(bd)));
            b(r)
        }),
    },
    CallSpec {
        name: "DeleteBoundaryDescriptor",
        params: &[p("BoundaryDescriptor", Handle)],
        ret: Ret::Void,
        run: Run::Facade(|w, a| {
            w.DeleteBoundaryDescriptor(a.handle(0));
            0
        }),
    },
    CallSpec {
        name: "CreatePrivateNamespaceW",
        params: &[
            p("lpPrivateNamespaceAttributes", Sa),
            p("lpBoundaryDescriptor", Handle),
            p("lpAliasPrefix", NameW),
        ],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let (sa, alias) = (a.sa(0), a.wname(2));
            h(w.CreatePrivateNamespaceW(sa.as_ref(), a.handle(1), alias.as_deref()))
        }),
    },
    CallSpec {
        name: "OpenPrivateNamespaceW",
        params: &[p("lpBoundaryDescriptor", Handle), p("lpAliasPrefix", NameW)],
        ret: Ret::Handle,
        run: Run::Facade(|w, a| {
            let alias = a.wname(1);
            h(w.OpenPrivateNamespaceW(a.handle(0), alias.as_deref()))
        }),
    },
    CallSpec {
        name: "ClosePrivateNamespace",
        params: &[p("Handle", Handle), p("Flags", Int)],
        ret: Ret::Bool,
        run: Run::Facade(|w, a| b(w.ClosePrivateNamespace(a.handle(0), a.u32(1)))),
    },
];

/// `SECTION_INFORMATION_CLASS` values the language takes.
const SECTION_BASIC_INFORMATION_CLASS: u64 = SectionBasicInformation as u64;
const SECTION_IMAGE_INFORMATION_CLASS: u64 = SectionImageInformation as u64;

/// The out parameter a call's information-class argument retypes: `(class argument, out
/// argument)` positions, or None. `NtQuerySection`'s class picks SECTION_BASIC_INFORMATION (0)
/// or SECTION_IMAGE_INFORMATION (1); the checker wants the class as a constant.
pub fn class_dependent_out(func: &str) -> Option<(usize, usize)> {
    (func == "NtQuerySection").then_some((1, 2))
}

/// The out kind `class` gives the out parameter of `func` named by `class_dependent_out`, or
/// None for a class the language does not take.
pub fn class_out_kind(func: &str, class: u64) -> Option<OutKind> {
    match (func, class) {
        ("NtQuerySection", SECTION_BASIC_INFORMATION_CLASS) => {
            Some(OutKind::Struct(StructKind::SectionBasic))
        }
        ("NtQuerySection", SECTION_IMAGE_INFORMATION_CLASS) => {
            Some(OutKind::Struct(StructKind::SectionImage))
        }
        _ => None,
    }
}

/// The information-length argument whose default follows the class, when it is left out:
/// `(length argument, size of the structure class picks)`, or None. `NtQuerySection`'s
/// length defaults to the size of the structure its class selects (24 or 64 bytes), so that a
/// scenario that leaves it out asks for the whole structure, as `export-c` passes it
/// (`sizeof`).
pub fn class_default_length(func: &str, class: u64) -> Option<(usize, u64)> {
    if func != "NtQuerySection" {
        return None;
    }
    let size = section_information_size(u32::try_from(class).ok()?)?;
    Some((3, size as u64))
}

/// Looks a function up by name (case-sensitive, as C is).
pub fn lookup(name: &str) -> Option<&'static CallSpec> {
    // A hash index over CALLS, built once: every call in every statement is looked up here.
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, usize>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (i, c) in CALLS.iter().enumerate() {
            m.entry(c.name).or_insert(i);
        }
        m
    });
    index.get(name).and_then(|i| CALLS.get(*i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_defaults_trail() {
        for (i, c) in CALLS.iter().enumerate() {
            assert!(
                CALLS.iter().skip(i + 1).all(|d| d.name != c.name),
                "{} twice",
                c.name
            );
            let first_default = c.params.iter().position(|p| p.default.is_some());
            if let Some(f) = first_default {
                assert!(
                    c.params.iter().skip(f).all(|p| p.default.is_some()),
                    "{}: a default before a required parameter",
                    c.name
                );
            }
        }
    }

    #[test]
    fn every_listed_call_is_in_the_table() {
        // SCENARIO.md "Calls".
        for name in [
            "CreateFileMappingW",
            "CreateFileMappingA",
            "CreateFileMappingFromApp",
            "CreateFileMapping2",
            "CreateFileForMapping",
            "OpenFileMappingW",
            "OpenFileMappingA",
            "MapViewOfFile",
            "MapViewOfFileEx",
            "MapViewOfFileFromApp",
            "MapViewOfFile3",
            "UnmapViewOfFile",
            "UnmapViewOfFileEx",
            "FlushViewOfFile",
            "VirtualQuery",
            "VirtualProtect",
            "VirtualAlloc",
            "VirtualFree",
            "VirtualLock",
            "VirtualUnlock",
            "VirtualAlloc2",
            "VirtualAllocEx",
            "VirtualAllocFromApp",
            "VirtualFreeEx",
            "VirtualProtectEx",
            "VirtualProtectFromApp",
            "VirtualQueryEx",
            "OpenFileMappingFromApp",
            "ReadProcessMemory",
            "WriteProcessMemory",
            "GetFileAttributesW",
            "NtAreMappedFilesTheSame",
            "NtExtendSection",
            "NtQuerySection",
            "NtQueryObject",
            "MoveFileExW",
            "CopyFileW",
            "CloseHandle",
            "DuplicateHandle",
            "GetHandleInformation",
            "SetHandleInformation",
            "CreateFileW",
            "CreateFileA",
            "ReadFile",
            "WriteFile",
            "SetFilePointer",
            "SetFilePointerEx",
            "SetEndOfFile",
            "GetFileSize",
            "GetFileSizeEx",
            "FlushFileBuffers",
            "DeleteFileW",
            "LockFile",
            "UnlockFile",
            "LockFileEx",
            "UnlockFileEx",
            "SetFileInformationByHandle",
            "CreateEventW",
            "CreateMutexW",
            "CreateSemaphoreW",
            "CreateWaitableTimerW",
            "CreateJobObjectW",
            "OpenEventW",
            "OpenMutexW",
            "OpenSemaphoreW",
            "OpenWaitableTimerW",
            "OpenJobObjectW",
            "CreateBoundaryDescriptorW",
            "AddSIDToBoundaryDescriptor",
            "CreatePrivateNamespaceW",
            "OpenPrivateNamespaceW",
            "ClosePrivateNamespace",
            "CreateDirectoryW",
            "WaitForSingleObject",
            "CompareObjectHandles",
            "GetSystemInfo",
            "GetCurrentProcess",
            "GetLastError",
        ] {
            assert!(lookup(name).is_some(), "{name} missing");
        }
    }

    #[test]
    fn return_values_print() {
        assert_eq!(Ret::Handle.show(0), "NULL");
        assert_eq!(Ret::Handle.show(0x44), "0x44");
        assert_eq!(Ret::Handle.show(u64::MAX), "(HANDLE)-1");
        assert_eq!(Ret::FileHandle.show(u64::MAX), "INVALID_HANDLE_VALUE");
        assert_eq!(Ret::Bool.show(1), "TRUE");
        assert_eq!(Ret::Bool.show(0), "FALSE");
        assert_eq!(Ret::Wait.show(0x102), "WAIT_TIMEOUT");
        assert_eq!(Ret::ErrorCode.show(183), "ERROR_ALREADY_EXISTS");
        assert_eq!(Ret::Count.show(48), "48");
        assert!(Ret::Bool.failed(0));
        assert!(!Ret::Bool.failed(1));
        assert!(Ret::FileHandle.failed(u64::MAX));
        assert_eq!(Ret::Void.failure(), None);
    }
}
