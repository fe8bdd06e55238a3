//! Private memory through the Win32 facade: what `VirtualFree(MEM_DECOMMIT)` leaves behind
//! (catalog F22).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::machine;
use winsection::win32::*;
use winsection::RuleId;

/// F22 — decommitted pages lose their contents: committed again they read zeros (MS docs
/// "VirtualAlloc", MEM_COMMIT: "the contents will be zero" on first access; "VirtualFree",
/// MEM_DECOMMIT: the pages return to the reserved state). Pages not decommitted keep theirs.
#[test]
fn f22_decommitted_pages_read_zero_when_committed_again() {
    let (mut sys, pids) = machine(&["p"]);
    let mut w = sys.win32(pids[0]);
    let p = w.VirtualAlloc(0, 0x3000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    assert_ne!(p, 0);
    w.write(p, &[1]).unwrap().unwrap();
    w.write(p + 0x1000, &[2]).unwrap().unwrap();
    w.write(p + 0x2000, &[3]).unwrap().unwrap();
    assert_eq!(w.VirtualFree(p + 0x1000, 0x1000, MEM_DECOMMIT), TRUE);
    assert!(
        w.read(p + 0x1000, 1).unwrap().is_err(),
        "a reserved page faults"
    );
    assert_eq!(
        w.VirtualAlloc(p + 0x1000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
        p + 0x1000
    );
    assert_eq!(w.read(p + 0x1000, 1).unwrap().unwrap(), vec![0]);
    assert_eq!(w.read(p, 1).unwrap().unwrap(), vec![1]);
    assert_eq!(w.read(p + 0x2000, 1).unwrap().unwrap(), vec![3]);
    // The whole allocation (size 0 from the base) too.
    assert_eq!(w.VirtualFree(p, 0, MEM_DECOMMIT), TRUE);
    assert_eq!(w.VirtualAlloc(p, 0x3000, MEM_COMMIT, PAGE_READWRITE), p);
    assert_eq!(w.read(p, 1).unwrap().unwrap(), vec![0]);
    assert_eq!(w.read(p + 0x2000, 1).unwrap().unwrap(), vec![0]);
    assert!(sys.take_rules_hit().contains(RuleId::F22));
    sys.check().unwrap();
}
