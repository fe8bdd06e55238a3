//! SDDL in `SECURITY_ATTRIBUTES`, as ConvertStringSecurityDescriptorToSecurityDescriptor reads it
//! (wine `dlls/advapi32/tests/security.c test_ConvertStringSecurityDescriptor`), and the DACL a
//! new object gets (MS docs "DACLs for New Objects").
//!
//! Skipped: SDDL revisions, ACE flags and object ACEs (not modelled), SACL audit ACEs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;
use winsection::{Integrity, ProcessSpec};

fn sa(sddl: &str) -> SECURITY_ATTRIBUTES {
    SECURITY_ATTRIBUTES {
        bInheritHandle: 0,
        lpSecurityDescriptor: Some(sddl.into()),
    }
}

/// security.c `test_ConvertStringSecurityDescriptor`: an unknown SID alias in an ACE is
/// ERROR_INVALID_ACL — it does not become a new account — and nothing is created.
#[test]
fn security_c_unknown_alias_is_an_error() {
    let (mut sys, pids) = machine(&["app"]);
    let mut w = sys.win32(pids[0]);
    for (sddl, want) in [
        ("D:(A;;GA;;;WX)", ERROR_INVALID_ACL),
        ("D:(A;;GA;;;WD)(D;;GW;;;QQ)", ERROR_INVALID_ACL),
        ("O:WXD:(A;;GA;;;WD)", ERROR_INVALID_SID),
    ] {
        let h = w.CreateMutexW(Some(&sa(sddl)), FALSE, Some("Sddl"));
        assert_eq!(h, 0, "{sddl}");
        assert_eq!(w.GetLastError(), want, "{sddl}");
        assert_eq!(w.OpenMutexW(SYNCHRONIZE, FALSE, Some("Sddl")), 0);
        assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    }
    // Known aliases and SID strings still work.
    let h = w.CreateMutexW(
        Some(&sa("D:(A;;GA;;;WD)(A;;GA;;;S-1-5-18)")),
        FALSE,
        Some("Ok"),
    );
    assert_ne!(h, 0);
    check(&sys);
}

/// A descriptor without `D:` (and the empty text) is expressible and has no DACL of its own:
/// the object gets its creator's default DACL (MS docs "DACLs for New Objects", step 3), so
/// another user is refused; `D:NO_ACCESS_CONTROL` is the NULL DACL that admits everyone.
#[test]
fn descriptor_without_dacl_gets_the_default_dacl() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let other = sys
        .spawn(ProcessSpec {
            user: "mallory".into(),
            integrity: Integrity::Medium,
            ..ProcessSpec::named("other")
        })
        .unwrap();
    for (i, sddl) in ["O:BA", "", "S:(ML;;NW;;;ME)"].into_iter().enumerate() {
        let name = format!("NoDacl{i}");
        let h = sys
            .win32(app)
            .CreateEventW(Some(&sa(sddl)), TRUE, FALSE, Some(&name));
        assert_ne!(h, 0, "{sddl:?}");
        let mine = sys.win32(app).OpenEventW(SYNCHRONIZE, FALSE, Some(&name));
        assert_ne!(mine, 0, "{sddl:?}");
        let mut o = sys.win32(other);
        assert_eq!(o.OpenEventW(SYNCHRONIZE, FALSE, Some(&name)), 0, "{sddl:?}");
        assert_eq!(o.GetLastError(), ERROR_ACCESS_DENIED);
    }
    let h =
        sys.win32(app)
            .CreateEventW(Some(&sa("D:NO_ACCESS_CONTROL")), TRUE, FALSE, Some("Null"));
    assert_ne!(h, 0);
    assert_ne!(
        sys.win32(other)
            .OpenEventW(SYNCHRONIZE, FALSE, Some("Null")),
        0
    );
    check(&sys);
}
