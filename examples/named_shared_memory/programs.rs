//! The two programs of "Creating Named Shared Memory", as Microsoft wrote them, in Rust. Only
//! the `use` lines know whether they run on Windows or on winsection.

#![allow(clippy::missing_safety_doc)]

use std::ptr::null;

#[cfg(windows)]
use windows_sys::Win32::{Foundation::*, System::Memory::*};
#[cfg(not(windows))]
use winsection::sys::Win32::{Foundation::*, System::Memory::*};

const BUF_SIZE: u32 = 256;
const NAME: &str = "Global\\MyFileMappingObject";
const MSG: &str = "Message from first process.";

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// What the first program holds while it waits for a key.
pub struct Mapped {
    map_file: HANDLE,
    buf: MEMORY_MAPPED_VIEW_ADDRESS,
}

/// First process: CreateFileMapping + MapViewOfFile + CopyMemory of the message.
pub fn first_process() -> Result<Mapped, String> {
    let name = wide(NAME);
    // SAFETY: Win32 calls with valid arguments; the copy stays inside the BUF_SIZE view.
    unsafe {
        let map_file = CreateFileMappingW(
            INVALID_HANDLE_VALUE, // use paging file
            null(),               // default security
            PAGE_READWRITE,       // read/write access
            0,                    // maximum object size (high-order DWORD)
            BUF_SIZE,             // maximum object size (low-order DWORD)
            name.as_ptr(),        // name of mapping object
        );
        if map_file.is_null() {
            return Err(format!(
                "Could not create file mapping object ({}).",
                GetLastError()
            ));
        }
        let buf = MapViewOfFile(map_file, FILE_MAP_ALL_ACCESS, 0, 0, BUF_SIZE as usize);
        if buf.Value.is_null() {
            let e = GetLastError();
            CloseHandle(map_file);
            return Err(format!("Could not map view of file ({e})."));
        }
        let msg: Vec<u16> = MSG.encode_utf16().collect();
        std::ptr::copy_nonoverlapping(msg.as_ptr(), buf.Value.cast::<u16>(), msg.len());
        Ok(Mapped { map_file, buf })
    }
}

/// First process, after `_getch()`: UnmapViewOfFile + CloseHandle.
pub fn first_process_exit(m: Mapped) {
    // SAFETY: the view and handle this program made.
    unsafe {
        UnmapViewOfFile(m.buf);
        CloseHandle(m.map_file);
    }
}

/// Second process: OpenFileMapping + MapViewOfFile, and the text MessageBox would show.
pub fn second_process() -> Result<String, String> {
    let name = wide(NAME);
    // SAFETY: Win32 calls with valid arguments; reads stay inside the BUF_SIZE view.
    unsafe {
        let map_file = OpenFileMappingW(FILE_MAP_ALL_ACCESS, 0, name.as_ptr());
        if map_file.is_null() {
            return Err(format!(
                "Could not open file mapping object ({}).",
                GetLastError()
            ));
        }
        let buf = MapViewOfFile(map_file, FILE_MAP_ALL_ACCESS, 0, 0, BUF_SIZE as usize);
        if buf.Value.is_null() {
            let e = GetLastError();
            CloseHandle(map_file);
            return Err(format!("Could not map view of file ({e})."));
        }
        let text = buf.Value.cast::<u16>();
        let len = (0..BUF_SIZE as usize / 2)
            .find(|&i| text.add(i).read() == 0)
            .unwrap_or(BUF_SIZE as usize / 2);
        let s = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
        UnmapViewOfFile(buf);
        CloseHandle(map_file);
        Ok(s)
    }
}

/// The squatting story, run in a child process. A service in session 0 (no privilege needed
/// there) creates `Global\MyFileMappingObject` with 4 KiB. A victim that wants 64 KiB gets the
/// squatter's section back with ERROR_ALREADY_EXISTS — which the walkthrough never checks —
/// maps it whole and fills its 64 KiB: the 4097th byte faults.
#[cfg(target_os = "linux")]
pub fn squat_and_overrun() {
    use winsection::sys;
    use winsection::{Integrity, Privilege, ProcessSpec};
    sys::reset();
    let squatter = ProcessSpec {
        session: 0,
        integrity: Integrity::System,
        ..ProcessSpec::named("squatter.exe")
    };
    let victim = ProcessSpec {
        integrity: Integrity::High,
        privileges: [Privilege::CreateGlobal].into_iter().collect(),
        ..ProcessSpec::named("victim.exe")
    };
    let (Ok(squatter), Ok(victim)) = (sys::spawn_with(squatter), sys::spawn_with(victim)) else {
        println!("could not start the processes");
        return;
    };
    let name = wide(NAME);
    // SAFETY: Win32 calls with valid arguments; the overrun at the end is the point of the
    // story and ends this (child) process with SIGSEGV.
    unsafe {
        {
            let _s = sys::enter(squatter);
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                null(),
                PAGE_READWRITE,
                0,
                4096,
                name.as_ptr(),
            );
            println!(
                "squatter.exe: CreateFileMappingW(4096) -> {:?}, last error {}",
                !h.is_null(),
                GetLastError()
            );
        }
        let _v = sys::enter(victim);
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            null(),
            PAGE_READWRITE,
            0,
            0x10000,
            name.as_ptr(),
        );
        println!(
            "victim.exe: CreateFileMappingW(65536) -> {}, last error {} (ERROR_ALREADY_EXISTS = {})",
            if h.is_null() { "NULL" } else { "a handle" },
            GetLastError(),
            ERROR_ALREADY_EXISTS
        );
        let asked = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0x10000);
        println!(
            "victim.exe: MapViewOfFile(65536) -> {}, last error {}",
            if asked.Value.is_null() {
                "NULL"
            } else {
                "a view"
            },
            GetLastError()
        );
        let whole = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        let mut mbi = MEMORY_BASIC_INFORMATION::default();
        VirtualQuery(
            whole.Value,
            &mut mbi,
            std::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
        );
        println!(
            "victim.exe: MapViewOfFile(0) -> a view of {} bytes; writing 65536 bytes...",
            mbi.RegionSize
        );
        let p = whole.Value.cast::<u8>();
        for i in 0..0x10000usize {
            if i == 4096 {
                println!("victim.exe: 4096 bytes written; the 4097th:");
                use std::io::Write;
                let _ = std::io::stdout().flush();
            }
            p.add(i).write_volatile(0x41);
        }
        println!("victim.exe: all 65536 bytes written (unexpected)");
    }
}
