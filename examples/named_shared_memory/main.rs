//! Microsoft's "Creating Named Shared Memory" walkthrough (learn.microsoft.com/windows/win32/
//! memory/creating-named-shared-memory): its two programs, written in Rust against
//! windows-sys's paths, run as two simulated processes of one machine against
//! `winsection::sys` — with real pointers. Then the same first program without
//! SeCreateGlobalPrivilege in session 1, and the squatting story: a squatter's 4 KiB section
//! under the same name, a program that writes 64 KiB into it, and the 4097th byte faulting
//! (shown in a child process, since a fault ends the process as it would on Windows).
//!
//! `cargo run --example named_shared_memory`

#[cfg(target_os = "linux")]
mod programs;

#[cfg(target_os = "linux")]
fn main() {
    use winsection::sys;
    use winsection::{Integrity, Privilege, ProcessSpec};

    if std::env::args().any(|a| a == "--squatted-child") {
        // Runs in a child process: the write that faults ends it.
        programs::squat_and_overrun();
        return;
    }

    let admin = |name: &str| ProcessSpec {
        integrity: Integrity::High,
        privileges: [Privilege::CreateGlobal].into_iter().collect(),
        ..ProcessSpec::named(name)
    };

    println!("== 1. Both programs, the first elevated (SeCreateGlobalPrivilege) in session 1");
    sys::reset();
    let first = sys::spawn_with(admin("first.exe")).unwrap_or_else(|e| panic!("{e}"));
    let second = sys::spawn("second.exe").unwrap_or_else(|e| panic!("{e}"));
    let state = {
        let _in_first = sys::enter(first);
        programs::first_process()
    };
    match &state {
        Ok(_) => println!("first.exe: mapped, message written; waiting for a key (_getch)"),
        Err(e) => println!("first.exe: {e}"),
    }
    {
        let _in_second = sys::enter(second);
        match programs::second_process() {
            Ok(text) => println!("second.exe: MessageBox(\"Process2\", {text:?})"),
            Err(e) => println!("second.exe: {e}"),
        }
    }
    if let Ok(state) = state {
        let _in_first = sys::enter(first);
        programs::first_process_exit(state);
        println!("first.exe: unmapped and closed");
    }

    println!();
    println!(
        "== 2. The first program as a standard user in session 1 (no SeCreateGlobalPrivilege)"
    );
    sys::reset();
    let user = sys::spawn("first.exe").unwrap_or_else(|e| panic!("{e}"));
    {
        let _in_first = sys::enter(user);
        match programs::first_process() {
            Ok(state) => {
                println!("first.exe: created (unexpected)");
                programs::first_process_exit(state);
            }
            Err(e) => println!("first.exe: {e}  <- ERROR_ACCESS_DENIED"),
        }
    }

    println!();
    println!("== 3. Squatting: a session-0 service creates the name first, with 4 KiB");
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new(exe)
        .arg("--squatted-child")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    print!("{}", String::from_utf8_lossy(&out.stdout));
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        match out.status.signal() {
            Some(11) => println!(
                "victim.exe died of SIGSEGV at the 4097th byte: EXCEPTION_ACCESS_VIOLATION on Windows"
            ),
            other => println!("victim.exe ended with {:?} / {:?}", out.status.code(), other),
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("winsection::sys needs the host memory backend (Linux)");
}
