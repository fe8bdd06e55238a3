#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::System::Memory::*;

fn w(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

#[test]
fn smoke() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    unsafe {
        let name = w("Local\\x");
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE,
            0,
            8192,
            name.as_ptr(),
        );
        assert!(!h.is_null(), "{}", GetLastError());
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        assert!(!v.Value.is_null(), "{}", GetLastError());
        let p = v.Value as *mut u8;
        *p = 42;
        *p.add(5000) = 7;
        let _g = sys::enter(b);
        let h2 = OpenFileMappingW(FILE_MAP_READ, 0, name.as_ptr());
        assert!(!h2.is_null(), "{}", GetLastError());
        let v2 = MapViewOfFile(h2, FILE_MAP_READ, 0, 0, 0);
        let q = v2.Value as *const u8;
        assert_eq!(*q, 42);
        assert_eq!(*q.add(5000), 7);
        *p = 43;
        assert_eq!(*q, 43);
    }
    sys::with_system(|s| s.check().unwrap()).unwrap();
}
