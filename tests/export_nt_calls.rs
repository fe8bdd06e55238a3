//! `export-c` for the native calls (issue 10 leftover): NtQuerySection (SectionBasicInformation
//! and SectionImageInformation), NtQueryObject, NtAreMappedFilesTheSame and NtExtendSection are
//! resolved from ntdll.dll at run time and print their NTSTATUS by name and their out
//! structures as typed values (docs/trace-json.md), and the Windows 8 / 10 additions are looked
//! up in kernelbase. The generated statements are a reviewed snapshot; the program compiles
//! with mingw-w64 `-Wall -Werror` when it is installed (skipped, and said so, when it is not:
//! the convention of tests/wine_compare.rs), and, with Wine installed, the NT conformance
//! scenario differs from Wine only where wine/known-deviations.json explains it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use winsection::compare::wine;
use winsection::export;
use winsection::scenario;

const NT_SCRIPT: &str = "process a
process b
a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0, 0x10000, \"Nt\")
a: NtQuerySection(s, SectionBasicInformation, &info)
a: expect info.BaseAddress == 0 && info.MaximumSize == 0x10000
a: expect NtQuerySection(s, SectionImageInformation, &img) == STATUS_SECTION_NOT_IMAGE
a: NtQuerySection(s, SectionImageInformation, &img, 24)
a: NtQueryObject(s, 0, &obj)
a: v = MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0)
a: NtAreMappedFilesTheSame(v, v + 0x30)
a: size = 0x20000
a: NtExtendSection(s, &size)
a: VirtualQuery(v, &mbi)
a: expect mbi.BaseAddress == v
b: p = VirtualAlloc2(a, NULL, 0x10000, MEM_RESERVE, PAGE_READWRITE)
";

fn exported() -> export::Exported {
    let script = scenario::load(NT_SCRIPT.as_bytes()).unwrap();
    export::export_c(&script, "nt.scn").unwrap()
}

/// The generated part of the program: its header and the statement functions (the runtime is
/// the same for every program).
#[test]
fn the_statements_of_an_nt_program() {
    common::exported::assert_generated_snapshot("export_c_nt_calls", &exported().c);
}

/// What the statements call, checked one by one (the snapshot shows them whole).
#[test]
fn native_calls_are_looked_up_named_and_typed() {
    let c = exported().c;
    // Looked up before the last-error probe, so a system without the export reports NOT RUN.
    for name in [
        "NtQuerySection",
        "NtQueryObject",
        "NtAreMappedFilesTheSame",
        "NtExtendSection",
    ] {
        let need = c.find(&format!("ws_need_nt(\"{name}\");")).unwrap();
        let probe = c[need..].find("SetLastError(WS_LE_PROBE);").unwrap();
        let call = c[need..].find(&format!("ws_{name}(")).unwrap();
        assert!(probe < call, "{name}");
    }
    assert!(c.contains("ws_need_kb(\"VirtualAlloc2\");"));
    // VirtualAlloc2's process is a handle opened with PROCESS_VM_OPERATION for the call.
    assert!(c.contains("HANDLE ph0 = ws_proc_open(0, 0x8); /* a */"));
    // The information class picks the structure; its size is the length when none is given,
    // the scenario's length when one is.
    assert!(c.contains("WS_SECTION_BASIC_INFORMATION o2;"));
    assert!(c.contains("sizeof(WS_SECTION_BASIC_INFORMATION), NULL)"));
    assert!(c.contains("sizeof(WS_SECTION_IMAGE_INFORMATION), NULL)"));
    assert!(c.contains("(SIZE_T)ws_n("));
    assert!(c.contains("sizeof(WS_OBJECT_BASIC_INFORMATION), NULL)"));
    // The structure is taken only on STATUS_SUCCESS, as winsection sets it.
    assert!(c.contains("if (ret == 0) o2v.sbi = o2;"));
    // NTSTATUS results print by the engine's STATUS_* names.
    assert!(c.contains("ws_note_call(R_STATUS, ret, 0x0ULL, le);"));
    assert!(c.contains("{0xC00000D4UL, \"STATUS_NOT_SAME_DEVICE\"},"));
    assert!(c.contains("{0xC0000049UL, \"STATUS_SECTION_NOT_IMAGE\"},"));
    // BaseAddress is a field of two structures: read by the value's kind at run time.
    assert!(c.contains(".kind == WS_MBI ? (uint64_t)(uintptr_t)"));
    assert!(c.contains(".kind == WS_SBI ? (uint64_t)(uintptr_t)"));
}

const RETURN_LENGTH_SCRIPT: &str = "process a
a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NULL)
a: NtQuerySection(s, SectionBasicInformation, &info, 1024, &rl)
a: NtQuerySection(s, SectionImageInformation, &img, 63, &rl)
a: NtQueryObject(s, 0, &obj, 57, &ol)
";

/// ReturnLength, when the scenario gives one, is a SIZE_T (NtQuerySection) or a ULONG
/// (NtQueryObject) the variable takes whatever the call left in it, as winsection's facade
/// writes it only where Windows does; the lengths are passed as written.
#[test]
fn return_length_is_an_out_variable() {
    let script = scenario::load(RETURN_LENGTH_SCRIPT.as_bytes()).unwrap();
    let c = export::export_c(&script, "rl.scn").unwrap().c;
    assert!(c.contains("SIZE_T o4 = (SIZE_T)"), "{c}");
    assert!(c.contains("DWORD o4 = (DWORD)"), "{c}");
    assert!(c.contains(", &o4);"), "{c}");
    assert!(
        !c.contains("sizeof(WS_SECTION_BASIC_INFORMATION), &o4"),
        "{c}"
    );
    assert!(c.contains("(SIZE_T)ws_n("), "{c}");
    assert!(c.contains("ws_note_out(\"rl\", O_DEC"), "{c}");
    assert!(c.contains("ws_note_out(\"ol\", O_DEC"), "{c}");
    if wine::available(wine::MINGW_GCC) {
        let dir = wine::scratch_dir("export-nt-rl").unwrap();
        common::exported::assert_compiles(&c, &dir, "rl");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_nt_program_compiles_with_mingw() {
    if !wine::available(wine::MINGW_GCC) {
        println!(
            "skipping the C compilation: {} is not installed",
            wine::MINGW_GCC
        );
        return;
    }
    let dir = wine::scratch_dir("export-nt").unwrap();
    common::exported::assert_compiles(&exported().c, &dir, "nt");
    let _ = std::fs::remove_dir_all(&dir);
}

/// wine/scenarios/nt_section_query.scn under Wine 8: every difference is a known deviation
/// (OBJ_INHERIT in ObjectBasicInformation.Attributes, unverified; PointerCount,
/// host-dependent; ObjectBasicInformation's ReturnLength on a length mismatch, unverified),
/// the information lengths and ReturnLength of NtQuerySection agree, and the image section's size agrees now that winsection reports
/// SizeOfImage (tests/wine_loader_image_information.rs).
#[test]
fn the_nt_conformance_scenario_agrees_with_wine_or_is_known() {
    let Some(stdout) = common::exported::compare_with_wine("wine/scenarios/nt_section_query.scn")
    else {
        return;
    };
    assert!(
        stdout.contains(
            "summary: 48 statements compared with wine: 45 agree, 3 known deviations [unverified 2, host-dependent 1], 0 host-dependent expectations, 0 new differences"
        ),
        "{stdout}"
    );
}
