//! Which calls failed, for the harness's standing check that a failed call changes nothing
//! (issue 15): after a call returns its documented failure value, `System::dump()` must be
//! what it was before the call (the last error is not in the dump).

use crate::spec::{Access, Call, Fault, Outcome, Value};
use winsection::consts::DUPLICATE_CLOSE_SOURCE;

/// Whether the outcome is the call's documented failure: NULL or INVALID_HANDLE_VALUE, FALSE,
/// a NULL address, a zero-length VirtualQuery, a faulting memory access, or
/// INVALID_FILE_SIZE / INVALID_SET_FILE_POINTER with a last error other than NO_ERROR (the
/// GetFileSize and SetFilePointer docs: those values are also valid results).
pub fn failed(outcome: &Outcome) -> bool {
    match &outcome.value {
        Value::Nothing | Value::Spawned(_) => false,
        Value::Handle(h) => *h == 0 || *h == -1,
        Value::Bool(b)
        | Value::Flags(b, _)
        | Value::Duplicated(b, _)
        | Value::Protect(b, _)
        | Value::Written(b, _)
        | Value::FileRead(b, _, _) => *b == 0,
        Value::Address(a) => *a == 0,
        Value::Query(n, _) => *n == 0,
        Value::Read(a) => fault_changes_nothing(a),
        Value::Write(a) => fault_changes_nothing(a),
        Value::Dword(v, _) => *v == u32::MAX && outcome.last_error != 0,
        Value::Status(s)
        | Value::Extended(s, _)
        | Value::SectionInfo(s, _, _)
        | Value::ObjectInfo(s, _)
        | Value::ImageInfo(s, _) => *s < 0,
        Value::ProcessMemory(b, _, _) => *b == 0,
    }
}

/// A failed access, except a guard-page fault: touching a PAGE_GUARD page clears the guard as
/// it raises (MS docs "Creating Guard Pages"), so it changes state by design.
fn fault_changes_nothing<T>(a: &Access<T>) -> bool {
    match a {
        Access::Done(_) => false,
        Access::Fault(Fault::GuardPage { .. }) => false,
        Access::Fault(Fault::AccessViolation { .. }) | Access::Error(_) => true,
    }
}

/// Whether a failure of this call must leave the machine unchanged. The documented
/// exceptions: `DuplicateHandle` with DUPLICATE_CLOSE_SOURCE closes the source "regardless of
/// any error status returned" (DuplicateHandle doc); on a CE machine (`ce`) `CreateFileMapping`
/// closes the file handle it was given "if CreateFileMapping fails" ("CreateFileMapping
/// (Windows CE 5.0)"; catalog K9); `WriteImage` is SetFilePointer then WriteFile.
pub fn must_change_nothing(call: &Call, ce: bool) -> bool {
    match call {
        Call::DuplicateHandle { options, .. } => options & DUPLICATE_CLOSE_SOURCE == 0,
        Call::CreateFileMapping { file, .. } | Call::CreateFileMappingFromApp { file, .. } => {
            !ce || *file == 0 || *file == -1
        }
        // Two calls: the file pointer moves even when the write then fails.
        Call::WriteImage { .. } => false,
        _ => true,
    }
}
