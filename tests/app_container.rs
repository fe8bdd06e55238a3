//! App containers and the FromApp family (catalog J3, J7, J9, J10; issue 9). Each test names
//! its rule and source.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::check;
use winsection::win32::*;
use winsection::{Handle, Pid, ProcessSpec, System};

/// A machine with a desktop process, a Store app without capabilities and one with
/// `codeGeneration`.
fn machine() -> (System, Pid, Pid, Pid) {
    let mut sys = System::new();
    let desktop = sys.spawn(ProcessSpec::named("desktop")).unwrap();
    let store = sys
        .spawn(ProcessSpec {
            app_container: Some("Contoso.Viewer".into()),
            ..ProcessSpec::named("store")
        })
        .unwrap();
    let jit = sys
        .spawn(ProcessSpec {
            app_container: Some("Contoso.Jit".into()),
            capabilities: ["codeGeneration".to_string()].into_iter().collect(),
            ..ProcessSpec::named("jit")
        })
        .unwrap();
    check(&sys);
    (sys, desktop, store, jit)
}

fn anon(sys: &mut System, pid: Pid, prot: u32, name: Option<&str>) -> HANDLE {
    let h = sys
        .win32(pid)
        .CreateFileMappingFromApp(INVALID_HANDLE_VALUE, None, prot, 4096, name);
    check(sys);
    h
}

fn err(sys: &mut System, pid: Pid) -> u32 {
    sys.win32(pid).GetLastError()
}

fn path_of(sys: &System, pid: Pid, h: HANDLE) -> String {
    sys.object_name(pid, Handle(h as u64)).unwrap().unwrap()
}

fn own_path(sys: &mut System, pid: Pid) -> String {
    let mut path = String::new();
    let mut len = 0;
    let ok = sys.win32(pid).GetAppContainerNamedObjectPath(
        0,
        None,
        260,
        Some(&mut path),
        Some(&mut len),
    );
    assert_eq!(ok, 1);
    assert_eq!(len as usize, path.len() + 1);
    path
}

/// J9 — an app container's plain and `Local\` names land in
/// `\Sessions\1\AppContainerNamedObjects\<SID>`; `GetAppContainerNamedObjectPath` returns that
/// directory relative to the session namespace. Source: GetAppContainerNamedObjectPath doc
/// ("Each app container has its own named object path"); catalog J9.
#[test]
fn j9_names_resolve_in_the_app_container_directory() {
    let (mut sys, _, store, jit) = machine();
    let path = own_path(&mut sys, store);
    assert!(
        path.starts_with(r"AppContainerNamedObjects\S-1-15-2-"),
        "{path}"
    );
    assert_ne!(
        path,
        own_path(&mut sys, jit),
        "each app container has its own"
    );
    let h = anon(&mut sys, store, PAGE_READWRITE, Some("N"));
    assert_ne!(h, 0);
    assert_eq!(path_of(&sys, store, h), format!(r"\Sessions\1\{path}\N"));
    let local = sys
        .win32(store)
        .OpenFileMappingFromApp(FILE_MAP_READ, 0, Some(r"Local\N"));
    assert_ne!(local, 0);
    assert_eq!(sys.win32(store).CompareObjectHandles(h, local), 1);
    // The other app's "N" is another object.
    let other = anon(&mut sys, jit, PAGE_READWRITE, Some("N"));
    assert_eq!(err(&mut sys, jit), ERROR_SUCCESS);
    assert_ne!(path_of(&sys, jit, other), path_of(&sys, store, h));
}

/// J9 — the squatter story: a desktop process's name does not capture a Store app's create of
/// the same name (the app gets a new object of its own size). Source: catalog J9, B8; issue 9.
#[test]
fn j9_desktop_squatter_does_not_capture_the_app() {
    let (mut sys, desktop, store, _) = machine();
    let squat = sys.win32(desktop).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("MyFileMapping"),
    );
    assert_ne!(squat, 0);
    let h = sys.win32(store).CreateFileMappingFromApp(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        1 << 20,
        Some("MyFileMapping"),
    );
    assert_ne!(h, 0);
    assert_eq!(err(&mut sys, store), ERROR_SUCCESS, "a new object, not 183");
    let v = sys
        .win32(store)
        .MapViewOfFileFromApp(h, FILE_MAP_WRITE, 0, 1 << 20);
    assert_ne!(v, 0, "the app's section has the size it asked for");
    check(&sys);
}

/// J9 — desktop processes reach the app's objects by the full path; the app's default DACL
/// grants its package and its user, so another user's process is refused. Source:
/// GetAppContainerNamedObjectPath doc; catalog J5, J9.
#[test]
fn j9_desktop_reaches_app_objects_by_path_only() {
    let (mut sys, desktop, store, _) = machine();
    let h = anon(&mut sys, store, PAGE_READWRITE, Some("Shared"));
    assert_ne!(h, 0);
    let w = sys
        .win32(desktop)
        .OpenFileMappingW(FILE_MAP_READ, 0, Some("Shared"));
    assert_eq!(w, 0);
    assert_eq!(err(&mut sys, desktop), ERROR_FILE_NOT_FOUND);
    let full = format!(r"{}\Shared", own_path(&mut sys, store));
    let d = sys
        .win32(desktop)
        .OpenFileMappingW(FILE_MAP_READ, 0, Some(&full));
    assert_ne!(d, 0);
    assert_eq!(sys.win32(desktop).CompareObjectHandles(d, d), 1);
    let bob = sys
        .spawn(ProcessSpec {
            user: "bob".into(),
            ..ProcessSpec::named("bob")
        })
        .unwrap();
    assert_eq!(
        sys.win32(bob)
            .OpenFileMappingW(FILE_MAP_READ, 0, Some(&full)),
        0
    );
    assert_eq!(err(&mut sys, bob), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// J3, J7 — `Global\` is not available to app containers: creating there is refused.
/// Source: "Kernel object namespaces" ("The global namespace is not available for Windows
/// Store apps"); catalog J3, J7.
#[test]
fn j3_global_is_closed_to_app_containers() {
    let (mut sys, _, store, _) = machine();
    assert_eq!(anon(&mut sys, store, PAGE_READWRITE, Some(r"Global\X")), 0);
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    // Nor in the user's session directory (reached through Session\1).
    assert_eq!(
        anon(&mut sys, store, PAGE_READWRITE, Some(r"Session\1\X")),
        0
    );
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
}

/// J9 — the app does not see the user's objects unless their DACL grants its SID or ALL
/// APPLICATION PACKAGES (an Everyone ACE is not enough). Source: GetAppContainerNamedObjectPath
/// doc ("Windows Store apps by default cannot access named objects in the user or global
/// session"); MS docs "AppContainer isolation"; catalog J9.
#[test]
fn j9_app_needs_a_package_ace() {
    let (mut sys, desktop, store, _) = machine();
    let everyone = SECURITY_ATTRIBUTES {
        bInheritHandle: 0,
        lpSecurityDescriptor: Some("D:(A;;GA;;;WD)".into()),
    };
    let apps = SECURITY_ATTRIBUTES {
        bInheritHandle: 0,
        lpSecurityDescriptor: Some("D:(A;;GA;;;WD)(A;;GR;;;AC)".into()),
    };
    for (name, sa) in [("E", &everyone), ("A", &apps)] {
        let h = sys.win32(desktop).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            Some(sa),
            PAGE_READWRITE,
            0,
            4096,
            Some(name),
        );
        assert_ne!(h, 0);
    }
    let o = sys
        .win32(store)
        .OpenFileMappingFromApp(FILE_MAP_READ, 0, Some(r"Session\1\E"));
    assert_eq!(o, 0);
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    let o = sys
        .win32(store)
        .OpenFileMappingFromApp(FILE_MAP_READ, 0, Some(r"Session\1\A"));
    assert_ne!(o, 0);
    // Read is all AC is granted.
    let o = sys
        .win32(store)
        .OpenFileMappingFromApp(FILE_MAP_WRITE, 0, Some(r"Session\1\A"));
    assert_eq!(o, 0);
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// J10 — executable sections and views through the FromApp calls need `codeGeneration`;
/// desktop processes may. Source: MapViewOfFileFromApp doc ("You can only successfully request
/// executable protection if your app has the codeGeneration capability"); Wine
/// `kernelbase/tests/process.c` `test_CreateFileMappingFromApp`, `test_MapViewOfFileFromApp`.
#[test]
fn j10_executable_needs_code_generation() {
    let (mut sys, desktop, store, jit) = machine();
    assert_eq!(anon(&mut sys, store, PAGE_EXECUTE_READWRITE, None), 0);
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    for pid in [desktop, jit] {
        let h = anon(&mut sys, pid, PAGE_EXECUTE_READWRITE, None);
        assert_ne!(h, 0);
        // The handle carries SECTION_MAP_EXECUTE (test_CreateFileMappingFromApp).
        let granted = sys
            .object_basic_information(pid, Handle(h as u64))
            .unwrap()
            .0;
        assert_ne!(granted & SECTION_MAP_EXECUTE, 0, "{granted:#x}");
        let v = sys
            .win32(pid)
            .MapViewOfFileFromApp(h, FILE_MAP_READ | FILE_MAP_EXECUTE, 0, 0);
        assert_ne!(v, 0);
    }
    let h = anon(&mut sys, store, PAGE_READWRITE, None);
    let v = sys
        .win32(store)
        .MapViewOfFileFromApp(h, FILE_MAP_READ | FILE_MAP_EXECUTE, 0, 0);
    assert_eq!(v, 0);
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    let v = sys
        .win32(store)
        .MapViewOfFileFromApp(h, FILE_MAP_READ, 0, 0);
    assert_ne!(v, 0);
    // VirtualProtectFromApp: executable refused to the store app, allowed to desktop.
    let mut old = 0;
    assert_eq!(
        sys.win32(store)
            .VirtualProtectFromApp(v, 4096, PAGE_EXECUTE_READ, Some(&mut old)),
        0
    );
    assert_eq!(err(&mut sys, store), ERROR_ACCESS_DENIED);
    assert_eq!(
        sys.win32(store)
            .VirtualProtectFromApp(v, 4096, PAGE_READONLY, Some(&mut old)),
        1
    );
    assert_eq!(old, PAGE_READONLY, "a FILE_MAP_READ view");
    check(&sys);
}

/// J10 — `VirtualAllocFromApp` refuses PAGE_EXECUTE* to everyone with ERROR_INVALID_PARAMETER,
/// and allocates non-executable memory. Source: VirtualAllocFromApp doc; Wine
/// `kernelbase/tests/process.c` `test_VirtualAllocFromApp`.
#[test]
fn j10_virtual_alloc_from_app_never_executable() {
    let (mut sys, desktop, _, jit) = machine();
    for pid in [desktop, jit] {
        for prot in [PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE] {
            let a = sys
                .win32(pid)
                .VirtualAllocFromApp(0, 4096, MEM_COMMIT | MEM_RESERVE, prot);
            assert_eq!(a, 0);
            assert_eq!(err(&mut sys, pid), ERROR_INVALID_PARAMETER);
        }
        let a =
            sys.win32(pid)
                .VirtualAllocFromApp(0, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        assert_ne!(a, 0);
    }
    check(&sys);
}

/// J10 — `OpenFileMappingFromApp(FILE_MAP_READ)` grants exactly SECTION_MAP_READ. Source: Wine
/// `kernelbase/tests/process.c` `test_OpenFileMappingFromApp`.
#[test]
fn j10_open_file_mapping_from_app_grants_what_is_asked() {
    let (mut sys, desktop, _, _) = machine();
    let h = anon(&mut sys, desktop, PAGE_READWRITE, Some("foo"));
    assert_ne!(h, 0);
    let o = sys
        .win32(desktop)
        .OpenFileMappingFromApp(FILE_MAP_READ, 0, Some("foo"));
    assert_ne!(o, 0);
    assert_eq!(
        sys.object_basic_information(desktop, Handle(o as u64))
            .unwrap()
            .0,
        SECTION_MAP_READ
    );
}

/// J9 — `GetAppContainerNamedObjectPath`: a short buffer is ERROR_INSUFFICIENT_BUFFER with the
/// needed length; a desktop caller without an app-container SID gets ERROR_INVALID_PARAMETER;
/// with the app's SID it gets the app's path. Source: GetAppContainerNamedObjectPath doc.
#[test]
fn j9_get_app_container_named_object_path() {
    let (mut sys, desktop, store, _) = machine();
    let path = own_path(&mut sys, store);
    let mut out = String::new();
    let mut len = 0;
    let r = sys.win32(store).GetAppContainerNamedObjectPath(
        0,
        None,
        10,
        Some(&mut out),
        Some(&mut len),
    );
    assert_eq!(r, 0);
    assert_eq!(err(&mut sys, store), ERROR_INSUFFICIENT_BUFFER);
    assert_eq!(len as usize, path.len() + 1);
    assert!(out.is_empty());
    let r = sys.win32(desktop).GetAppContainerNamedObjectPath(
        0,
        None,
        260,
        Some(&mut out),
        Some(&mut len),
    );
    assert_eq!(r, 0);
    assert_eq!(err(&mut sys, desktop), ERROR_INVALID_PARAMETER);
    let sid = path.rsplit('\\').next().unwrap();
    let r = sys.win32(desktop).GetAppContainerNamedObjectPath(
        0,
        Some(sid),
        260,
        Some(&mut out),
        Some(&mut len),
    );
    assert_eq!(r, 1);
    assert_eq!(out, path);
}
