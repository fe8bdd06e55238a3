//! The information-length and ReturnLength parameters of `NtQuerySection` (catalog E12) and
//! `NtQueryObject` (catalog G6) (issue 10 fidelity), as Windows answers them:
//! - `NtQuerySection`: ReactOS `modules/rostests/apitests/ntdll/NtQuerySection.c`
//!   (`Test_SectionBasicInformation`, an API test that runs on Windows) and ReactOS
//!   `ntoskrnl/mm/section.c NtQuerySection` for the order of the checks: the buffer is probed
//!   (NULL with a length: STATUS_ACCESS_VIOLATION), then the class (STATUS_INVALID_INFO_CLASS)
//!   and the length (shorter than the structure: STATUS_INFO_LENGTH_MISMATCH; longer is
//!   accepted, as Wine `dlls/kernel32/tests/virtual.c test_NtQuerySection` passes a union), then
//!   the handle; ReturnLength is the structure's size, written only on success.
//! - `NtQueryObject(ObjectBasicInformation)`: Wine `dlls/ntdll/tests/om.c test_query_object`
//!   (plain `ok()` lines, run on Windows) and ReactOS `ntoskrnl/ob/oblife.c NtQueryObject`:
//!   the handle is resolved before the length is looked at, the length must be exactly 56
//!   bytes, and ReturnLength receives 56 on success and on a length mismatch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::error::NtStatus;
use winsection::scenario;
use winsection::win32::*;

fn st(s: NtStatus) -> NTSTATUS {
    s.0 as NTSTATUS
}

/// ReactOS apitests `NtQuerySection.c Test_SectionBasicInformation`: a NULL handle, a NULL
/// buffer, a buffer one byte short, then the right size with its ReturnLength.
#[test]
fn reactos_apitest_nt_query_section_test_section_basic_information() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READWRITE | SEC_COMMIT,
        0,
        0x123,
        None,
    );
    assert_ne!(s, 0);
    let mut info = SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default());
    let mut returned = 0xdead_beef_usize;
    let r = w.NtQuerySectionEx(
        0,
        SectionBasicInformation,
        Some(&mut info),
        SECTION_BASIC_INFORMATION_SIZE,
        Some(&mut returned),
    );
    assert_eq!(r, st(NtStatus::INVALID_HANDLE));
    let r = w.NtQuerySectionEx(
        s,
        SectionBasicInformation,
        None,
        SECTION_BASIC_INFORMATION_SIZE,
        Some(&mut returned),
    );
    assert_eq!(r, st(NtStatus::ACCESS_VIOLATION));
    let r = w.NtQuerySectionEx(
        s,
        SectionBasicInformation,
        Some(&mut info),
        SECTION_BASIC_INFORMATION_SIZE - 1,
        Some(&mut returned),
    );
    assert_eq!(r, st(NtStatus::INFO_LENGTH_MISMATCH));
    // Failures write neither the structure nor ReturnLength.
    assert_eq!(returned, 0xdead_beef);
    assert_eq!(
        info,
        SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default())
    );
    let r = w.NtQuerySectionEx(
        s,
        SectionBasicInformation,
        Some(&mut info),
        SECTION_BASIC_INFORMATION_SIZE,
        Some(&mut returned),
    );
    assert_eq!(r, 0);
    assert_eq!(returned, 24);
    assert_eq!(
        info,
        SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION {
            BaseAddress: 0,
            AllocationAttributes: SEC_COMMIT,
            MaximumSize: 0x1000,
        })
    );
    check(&sys);
}

/// Wine `virtual.c test_NtQuerySection` queries into a union larger than either structure:
/// a longer buffer is accepted and ReturnLength is still the structure's size (ReactOS
/// `section.c`: only `SectionInformationLength < sizeof` is a mismatch).
#[test]
fn virtual_c_test_nt_query_section_a_larger_buffer_returns_the_structure_size() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x5000, None);
    let mut info = SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default());
    let mut returned = 0usize;
    let r = w.NtQuerySectionEx(
        s,
        SectionBasicInformation,
        Some(&mut info),
        1024,
        Some(&mut returned),
    );
    assert_eq!(r, 0);
    assert_eq!(returned, SECTION_BASIC_INFORMATION_SIZE);
    let SECTION_INFORMATION::Basic(basic) = info else {
        panic!("{info:?}");
    };
    assert_eq!(basic.MaximumSize, 0x5000);
    // A NULL ReturnLength is allowed.
    assert_eq!(
        w.NtQuerySectionEx(s, SectionBasicInformation, Some(&mut info), 25, None),
        0
    );
    check(&sys);
}

/// ReactOS `section.c NtQuerySection`: the class and its length are checked before the handle,
/// so SectionImageInformation with SectionBasicInformation's 24 bytes is a length mismatch even
/// on a data section, and with 64 bytes the handle's answer, STATUS_SECTION_NOT_IMAGE. An
/// unknown class is STATUS_INVALID_INFO_CLASS, before the handle too.
#[test]
fn section_c_nt_query_section_class_and_length_before_the_handle() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
    let mut info = SECTION_INFORMATION::Image(SECTION_IMAGE_INFORMATION::default());
    let mut query = |w: &mut Win32<'_>, h: HANDLE, class: u32, len: usize| {
        w.NtQuerySectionEx(h, class, Some(&mut info), len, None)
    };
    assert_eq!(
        query(&mut w, s, SectionImageInformation, 24),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        query(&mut w, s, SectionImageInformation, 63),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        query(&mut w, s, SectionImageInformation, 64),
        st(NtStatus::SECTION_NOT_IMAGE)
    );
    assert_eq!(query(&mut w, s, 2, 1024), st(NtStatus::INVALID_INFO_CLASS));
    // A closed handle: the length is looked at first.
    assert_eq!(w.CloseHandle(s), TRUE);
    assert_eq!(
        query(&mut w, s, SectionBasicInformation, 0),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        query(&mut w, s, SectionBasicInformation, 24),
        st(NtStatus::INVALID_HANDLE)
    );
    assert_eq!(query(&mut w, s, 7, 24), st(NtStatus::INVALID_INFO_CLASS));
    check(&sys);
}

/// A NULL buffer with a length of 0 is not probed (`ProbeForWrite` checks nothing for a
/// length of 0), so the answer is the length's: STATUS_INFO_LENGTH_MISMATCH; with a length it
/// is STATUS_ACCESS_VIOLATION, before the class is looked at (ReactOS `section.c`), and so is a
/// length past user space.
#[test]
fn section_c_nt_query_section_null_buffer() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
    assert_eq!(
        w.NtQuerySectionEx(s, SectionBasicInformation, None, 0, None),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        w.NtQuerySectionEx(s, 9, None, 24, None),
        st(NtStatus::ACCESS_VIOLATION)
    );
    assert_eq!(
        w.NtQuerySectionEx(s, 9, None, 0, None),
        st(NtStatus::INVALID_INFO_CLASS)
    );
    // A length past user space cannot describe a user buffer: the probe faults (Microsoft
    // Learn, ProbeForWrite), whatever the class.
    let mut info = SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default());
    for len in [0x8000_0000_0000, usize::MAX] {
        assert_eq!(
            w.NtQuerySectionEx(s, SectionBasicInformation, Some(&mut info), len, None),
            st(NtStatus::ACCESS_VIOLATION),
            "{len:#x}"
        );
    }
    assert_eq!(
        w.NtQuerySectionEx(
            s,
            SectionBasicInformation,
            Some(&mut info),
            0x7FFF_FFFE_FFFF,
            None
        ),
        0
    );
    check(&sys);
}

/// Wine `om.c test_query_object`: a length of 0, with or without a buffer and ReturnLength, is
/// STATUS_INFO_LENGTH_MISMATCH; `sizeof(OBJECT_BASIC_INFORMATION)` succeeds with
/// `len >= sizeof(OBJECT_BASIC_INFORMATION)` (winsection writes exactly 56, as ReactOS does).
#[test]
fn om_c_test_query_object_basic_information_lengths() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let e = w.CreateEventA(None, FALSE, FALSE, Some(b"test_event".as_slice()));
    assert_ne!(e, 0);
    let mut info = OBJECT_BASIC_INFORMATION::default();
    let mut len = 0u32;
    assert_eq!(
        w.NtQueryObjectEx(e, 0, None, 0, None),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        w.NtQueryObjectEx(e, 0, Some(&mut info), 0, None),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(
        w.NtQueryObjectEx(e, 0, None, 0, Some(&mut len)),
        st(NtStatus::INFO_LENGTH_MISMATCH)
    );
    assert_eq!(info, OBJECT_BASIC_INFORMATION::default());
    len = 0;
    assert_eq!(
        w.NtQueryObjectEx(e, 0, Some(&mut info), 56, Some(&mut len)),
        0
    );
    assert_eq!(len, OBJECT_BASIC_INFORMATION_SIZE);
    assert_eq!(info.GrantedAccess, EVENT_ALL_ACCESS);
    assert_eq!(info.HandleCount, 1);
    check(&sys);
}

/// ReactOS `oblife.c NtQueryObject`: ObjectBasicInformation wants exactly 56 bytes (a longer
/// buffer is a mismatch too) and ReturnLength receives 56 on the mismatch; the structure is not
/// written.
#[test]
fn oblife_c_nt_query_object_wants_exactly_56_bytes() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
    for wrong in [55, 57, 64, 1024] {
        let mut info = OBJECT_BASIC_INFORMATION::default();
        let mut len = 0xdead_beef_u32;
        assert_eq!(
            w.NtQueryObjectEx(s, 0, Some(&mut info), wrong, Some(&mut len)),
            st(NtStatus::INFO_LENGTH_MISMATCH),
            "{wrong}"
        );
        assert_eq!(len, 56, "{wrong}");
        assert_eq!(info, OBJECT_BASIC_INFORMATION::default(), "{wrong}");
    }
    check(&sys);
}

/// ReactOS `oblife.c NtQueryObject`: the buffer is probed first (NULL with a length:
/// STATUS_ACCESS_VIOLATION), then the handle (STATUS_INVALID_HANDLE even with a wrong length,
/// ReturnLength untouched), then the class (winsection models ObjectBasicInformation only:
/// another class is STATUS_INVALID_INFO_CLASS, ReturnLength the length given).
#[test]
fn oblife_c_nt_query_object_order_of_checks() {
    let (mut sys, pids) = machine(&["t"]);
    let mut w = sys.win32(pids[0]);
    let e = w.CreateEventW(None, TRUE, FALSE, None);
    let mut info = OBJECT_BASIC_INFORMATION::default();
    let mut len = 7u32;
    assert_eq!(
        w.NtQueryObjectEx(e, 0, None, 56, Some(&mut len)),
        st(NtStatus::ACCESS_VIOLATION)
    );
    assert_eq!(len, 7);
    assert_eq!(
        w.NtQueryObjectEx(e, 9, Some(&mut info), 40, Some(&mut len)),
        st(NtStatus::INVALID_INFO_CLASS)
    );
    assert_eq!(len, 40);
    assert_eq!(w.CloseHandle(e), TRUE);
    len = 7;
    assert_eq!(
        w.NtQueryObjectEx(e, 0, Some(&mut info), 3, Some(&mut len)),
        st(NtStatus::INVALID_HANDLE)
    );
    assert_eq!(len, 7);
    check(&sys);
}

/// The scenario language: an explicit length and a ReturnLength out variable. A length left
/// out is the size of the structure the class picks (64 for SectionImageInformation, so the
/// default never makes an image query a mismatch); ReturnLength keeps its value on a failure.
#[test]
fn scenario_lengths_and_return_length() {
    let text = "process a
a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x3000, NULL)
a: expect NtQuerySection(s, SectionBasicInformation, &info, 23, &rl) == STATUS_INFO_LENGTH_MISMATCH
a: expect rl == 0
a: expect NtQuerySection(s, SectionBasicInformation, &info, 1024, &rl) == STATUS_SUCCESS
a: expect rl == 24 && info.MaximumSize == 0x3000
a: expect NtQuerySection(s, SectionImageInformation, &img, 24, &rl) == STATUS_INFO_LENGTH_MISMATCH
a: expect NtQuerySection(s, SectionImageInformation, &img) == STATUS_SECTION_NOT_IMAGE
a: expect rl == 24
a: expect NtQuerySection(s, SectionBasicInformation, NULL, 0) == STATUS_INFO_LENGTH_MISMATCH
a: expect NtQuerySection(s, SectionBasicInformation, NULL) == STATUS_ACCESS_VIOLATION
a: expect NtQueryObject(s, 0, &obj, 57, &ol) == STATUS_INFO_LENGTH_MISMATCH
a: expect ol == 56
a: ol = 0
a: expect NtQueryObject(s, 0, &obj, 56, &ol) == STATUS_SUCCESS
a: expect ol == 56 && obj.HandleCount == 1
a: expect NtQueryObject(s, 0, NULL, 0, &ol) == STATUS_INFO_LENGTH_MISMATCH
";
    let script = scenario::load(text.as_bytes()).unwrap_or_else(|e| panic!("{}", e.display("t")));
    let result = scenario::run(&script);
    assert_eq!(result.exit_status(), 0, "{}", result.text());
    check(&result.system);
}
