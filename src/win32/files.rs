//! File functions: CreateFile, ReadFile, WriteFile, SetFilePointer(Ex), SetEndOfFile,
//! GetFileSize(Ex), FlushFileBuffers, DeleteFile, MoveFile, LockFile(Ex), UnlockFile(Ex),
//! CreateDirectory.

#![allow(non_snake_case)]

use super::*;
use crate::io::api::FileRequest;

fn path_arg(p: Result<Option<String>>) -> Result<String> {
    p?.ok_or(Win32Error::INVALID_PARAMETER)
}

impl Win32<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_file(
        &mut self,
        call: &'static str,
        path: Result<Option<String>>,
        access: u32,
        share: u32,
        sa: Option<&SECURITY_ATTRIBUTES>,
        disposition: u32,
        flags: u32,
    ) -> HANDLE {
        let shown = super::shown::Path(&path);
        let args = format_args!("{shown}, {access:#x}, {share:#x}, {disposition}, {flags:#x}");
        let inherit = inherit_of(sa);
        self.call_create_or(call, args, INVALID_HANDLE_VALUE, |s, p| {
            let path = path
                .as_ref()
                .map_err(|e| *e)?
                .as_deref()
                .ok_or(Win32Error::INVALID_PARAMETER)?;
            s.create_file(
                p,
                FileRequest {
                    path,
                    access,
                    share,
                    disposition,
                    flags,
                    inherit,
                },
            )
        })
    }

    /// `CreateFileW`: INVALID_HANDLE_VALUE on failure; on success the last error is
    /// ERROR_ALREADY_EXISTS when CREATE_ALWAYS / OPEN_ALWAYS found the file, else 0
    /// (CreateFileW doc, dwCreationDisposition).
    #[allow(clippy::too_many_arguments)]
    pub fn CreateFileW(
        &mut self,
        lpFileName: Option<&str>,
        dwDesiredAccess: u32,
        dwShareMode: u32,
        lpSecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
        dwCreationDisposition: u32,
        dwFlagsAndAttributes: u32,
        hTemplateFile: HANDLE,
    ) -> HANDLE {
        let _ = hTemplateFile;
        self.create_file(
            "CreateFileW",
            Ok(lpFileName.map(String::from)),
            dwDesiredAccess,
            dwShareMode,
            lpSecurityAttributes,
            dwCreationDisposition,
            dwFlagsAndAttributes,
        )
    }

    /// `CreateFileA`: paths of MAX_PATH (260) bytes or more fail with
    /// ERROR_FILENAME_EXCED_RANGE.
    #[allow(clippy::too_many_arguments)]
    pub fn CreateFileA(
        &mut self,
        lpFileName: Option<&[u8]>,
        dwDesiredAccess: u32,
        dwShareMode: u32,
        lpSecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
        dwCreationDisposition: u32,
        dwFlagsAndAttributes: u32,
        hTemplateFile: HANDLE,
    ) -> HANDLE {
        let _ = hTemplateFile;
        self.create_file(
            "CreateFileA",
            ansi_name(lpFileName),
            dwDesiredAccess,
            dwShareMode,
            lpSecurityAttributes,
            dwCreationDisposition,
            dwFlagsAndAttributes,
        )
    }

    /// `ReadFile` (synchronous): reads up to `nNumberOfBytesToRead` bytes into `lpBuffer`;
    /// a buffer shorter than that is ERROR_NOACCESS (the kernel's probe would fault). TRUE with
    /// 0 bytes at end of file.
    pub fn ReadFile(
        &mut self,
        hFile: HANDLE,
        lpBuffer: &mut [u8],
        nNumberOfBytesToRead: u32,
        lpNumberOfBytesRead: Option<&mut u32>,
    ) -> BOOL {
        let mut got = 0u64;
        let r = self.call(
            "ReadFile",
            format_args!("{hFile:#x}, {nNumberOfBytesToRead}"),
            0,
            |s, p| {
                let buffer = lpBuffer
                    .get_mut(..nNumberOfBytesToRead as usize)
                    .ok_or(Win32Error::NOACCESS)?;
                got = s.read_file_into(p, from_handle(hFile), buffer)?;
                Ok(1)
            },
        );
        if let Some(n) = lpNumberOfBytesRead {
            *n = if r != 0 { got as u32 } else { 0 };
        }
        r
    }

    /// `WriteFile` (synchronous): writes the first `nNumberOfBytesToWrite` bytes of `lpBuffer`.
    pub fn WriteFile(
        &mut self,
        hFile: HANDLE,
        lpBuffer: &[u8],
        nNumberOfBytesToWrite: u32,
        lpNumberOfBytesWritten: Option<&mut u32>,
    ) -> BOOL {
        let mut written = 0;
        let r = self.call(
            "WriteFile",
            format_args!("{hFile:#x}, {nNumberOfBytesToWrite}"),
            0,
            |s, p| {
                let data = lpBuffer
                    .get(..nNumberOfBytesToWrite as usize)
                    .ok_or(Win32Error::NOACCESS)?;
                written = s.write_file(p, from_handle(hFile), data)?;
                Ok(1)
            },
        );
        if let Some(n) = lpNumberOfBytesWritten {
            *n = written as u32;
        }
        r
    }

    /// `SetFilePointer`: with `lpDistanceToMoveHigh` the distance is 64-bit and the high part
    /// of the result is written back; without it the distance is a signed 32-bit value and a
    /// result beyond 4 GiB is ERROR_INVALID_PARAMETER. Failure returns
    /// INVALID_SET_FILE_POINTER; a successful result whose low part equals it sets the last
    /// error to 0 (SetFilePointer doc).
    pub fn SetFilePointer(
        &mut self,
        hFile: HANDLE,
        lDistanceToMove: i32,
        lpDistanceToMoveHigh: Option<&mut i32>,
        dwMoveMethod: u32,
    ) -> u32 {
        let high = lpDistanceToMoveHigh.as_ref().map(|h| **h);
        let distance = match high {
            Some(h) => (i64::from(h) << 32) | i64::from(lDistanceToMove as u32),
            None => i64::from(lDistanceToMove),
        };
        let mut position = None;
        let args = format_args!("{hFile:#x}, {distance}, {dwMoveMethod}");
        let r = self.call("SetFilePointer", args, INVALID_SET_FILE_POINTER, |s, p| {
            let h = from_handle(hFile);
            let old = s.set_file_pointer(p, h, 0, FILE_CURRENT)?;
            let new = s.set_file_pointer(p, h, distance, dwMoveMethod)?;
            if high.is_none() && new > u64::from(u32::MAX) {
                s.set_file_pointer(p, h, i64::try_from(old).unwrap_or(0), FILE_BEGIN)?;
                return Err(Win32Error::INVALID_PARAMETER);
            }
            position = Some(new);
            Ok(new as u32)
        });
        if let Some(new) = position {
            if let Some(hi) = lpDistanceToMoveHigh {
                *hi = (new >> 32) as i32;
            }
            if r == INVALID_SET_FILE_POINTER {
                self.SetLastError(ERROR_SUCCESS);
            }
        }
        r
    }

    /// `SetFilePointerEx`.
    pub fn SetFilePointerEx(
        &mut self,
        hFile: HANDLE,
        liDistanceToMove: i64,
        lpNewFilePointer: Option<&mut i64>,
        dwMoveMethod: u32,
    ) -> BOOL {
        let mut position = 0u64;
        let r = self.call(
            "SetFilePointerEx",
            format_args!("{hFile:#x}, {liDistanceToMove}, {dwMoveMethod}"),
            0,
            |s, p| {
                position =
                    s.set_file_pointer(p, from_handle(hFile), liDistanceToMove, dwMoveMethod)?;
                Ok(1)
            },
        );
        if let (Some(out), 1) = (lpNewFilePointer, r) {
            *out = position as i64;
        }
        r
    }

    /// `SetEndOfFile` (catalog H4-H6: ERROR_USER_MAPPED_FILE when a section forbids it).
    pub fn SetEndOfFile(&mut self, hFile: HANDLE) -> BOOL {
        self.call("SetEndOfFile", format_args!("{hFile:#x}"), 0, |s, p| {
            s.set_end_of_file(p, from_handle(hFile)).map(|()| 1)
        })
    }

    /// `GetFileSize`: INVALID_FILE_SIZE on failure; a size whose low part equals it sets the
    /// last error to 0 (GetFileSize doc).
    pub fn GetFileSize(&mut self, hFile: HANDLE, lpFileSizeHigh: Option<&mut u32>) -> u32 {
        let mut size = 0u64;
        let r = self.call(
            "GetFileSize",
            format_args!("{hFile:#x}"),
            INVALID_FILE_SIZE,
            |s, p| {
                size = s.get_file_size(p, from_handle(hFile))?;
                Ok(size as u32)
            },
        );
        let ok = r != INVALID_FILE_SIZE || size as u32 == INVALID_FILE_SIZE;
        if ok {
            if let Some(hi) = lpFileSizeHigh {
                *hi = (size >> 32) as u32;
            }
            if r == INVALID_FILE_SIZE {
                self.SetLastError(ERROR_SUCCESS);
            }
        }
        r
    }

    /// `GetFileSizeEx`.
    pub fn GetFileSizeEx(&mut self, hFile: HANDLE, lpFileSize: &mut i64) -> BOOL {
        let mut size = 0u64;
        let r = self.call("GetFileSizeEx", format_args!("{hFile:#x}"), 0, |s, p| {
            size = s.get_file_size(p, from_handle(hFile))?;
            Ok(1)
        });
        if r != 0 {
            *lpFileSize = size as i64;
        }
        r
    }

    /// `FlushFileBuffers`: this host's dirty pages of the file reach its disk image.
    pub fn FlushFileBuffers(&mut self, hFile: HANDLE) -> BOOL {
        self.call("FlushFileBuffers", format_args!("{hFile:#x}"), 0, |s, p| {
            s.flush_file_buffers(p, from_handle(hFile)).map(|()| 1)
        })
    }

    /// `DeleteFileW` (catalog H9, H10: see `System::delete_file` for the choice made).
    pub fn DeleteFileW(&mut self, lpFileName: Option<&str>) -> BOOL {
        let path = Ok(lpFileName.map(String::from));
        self.delete_file("DeleteFileW", path)
    }

    /// `DeleteFileA`.
    pub fn DeleteFileA(&mut self, lpFileName: Option<&[u8]>) -> BOOL {
        self.delete_file("DeleteFileA", ansi_name(lpFileName))
    }

    fn delete_file(&mut self, call: &'static str, path: Result<Option<String>>) -> BOOL {
        let shown = format!("{:?}", path.as_ref().ok().cloned().flatten());
        self.call(call, format_args!("{shown}"), 0, |s, p| {
            let path = path_arg(path)?;
            s.delete_file(p, &path).map(|()| 1)
        })
    }

    /// `MoveFileW` (catalog H11).
    pub fn MoveFileW(
        &mut self,
        lpExistingFileName: Option<&str>,
        lpNewFileName: Option<&str>,
    ) -> BOOL {
        let args = format_args!("{lpExistingFileName:?}, {lpNewFileName:?}");
        self.call("MoveFileW", args, 0, |s, p| {
            let (Some(from), Some(to)) = (lpExistingFileName, lpNewFileName) else {
                return Err(Win32Error::INVALID_PARAMETER);
            };
            s.move_file(p, from, to).map(|()| 1)
        })
    }

    /// `LockFile`: an exclusive lock that fails at once on conflict (ERROR_LOCK_VIOLATION).
    pub fn LockFile(
        &mut self,
        hFile: HANDLE,
        dwFileOffsetLow: u32,
        dwFileOffsetHigh: u32,
        nNumberOfBytesToLockLow: u32,
        nNumberOfBytesToLockHigh: u32,
    ) -> BOOL {
        let offset = dword_pair(dwFileOffsetHigh, dwFileOffsetLow);
        let length = dword_pair(nNumberOfBytesToLockHigh, nNumberOfBytesToLockLow);
        self.call(
            "LockFile",
            format_args!("{hFile:#x}, {offset:#x}, {length:#x}"),
            0,
            |s, p| {
                s.lock_file(p, from_handle(hFile), offset, length, true)
                    .map(|()| 1)
            },
        )
    }

    /// `LockFileEx` with the offset of its OVERLAPPED: LOCKFILE_EXCLUSIVE_LOCK or shared.
    pub fn LockFileEx(
        &mut self,
        hFile: HANDLE,
        dwFlags: u32,
        dwReserved: u32,
        nNumberOfBytesToLockLow: u32,
        nNumberOfBytesToLockHigh: u32,
        offset: u64,
    ) -> BOOL {
        let length = dword_pair(nNumberOfBytesToLockHigh, nNumberOfBytesToLockLow);
        self.call(
            "LockFileEx",
            format_args!("{hFile:#x}, {dwFlags:#x}, {offset:#x}, {length:#x}"),
            0,
            |s, p| {
                if dwReserved != 0
                    || dwFlags & !(LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY) != 0
                {
                    return Err(Win32Error::INVALID_PARAMETER);
                }
                s.lock_file(
                    p,
                    from_handle(hFile),
                    offset,
                    length,
                    dwFlags & LOCKFILE_EXCLUSIVE_LOCK != 0,
                )
                .map(|()| 1)
            },
        )
    }

    /// `UnlockFile` (ERROR_NOT_LOCKED unless exactly a range this handle locked).
    pub fn UnlockFile(
        &mut self,
        hFile: HANDLE,
        dwFileOffsetLow: u32,
        dwFileOffsetHigh: u32,
        nNumberOfBytesToUnlockLow: u32,
        nNumberOfBytesToUnlockHigh: u32,
    ) -> BOOL {
        let offset = dword_pair(dwFileOffsetHigh, dwFileOffsetLow);
        let length = dword_pair(nNumberOfBytesToUnlockHigh, nNumberOfBytesToUnlockLow);
        self.call(
            "UnlockFile",
            format_args!("{hFile:#x}, {offset:#x}, {length:#x}"),
            0,
            |s, p| {
                s.unlock_file(p, from_handle(hFile), offset, length)
                    .map(|()| 1)
            },
        )
    }

    /// `UnlockFileEx` with the offset of its OVERLAPPED.
    pub fn UnlockFileEx(
        &mut self,
        hFile: HANDLE,
        dwReserved: u32,
        nNumberOfBytesToUnlockLow: u32,
        nNumberOfBytesToUnlockHigh: u32,
        offset: u64,
    ) -> BOOL {
        let length = dword_pair(nNumberOfBytesToUnlockHigh, nNumberOfBytesToUnlockLow);
        self.call(
            "UnlockFileEx",
            format_args!("{hFile:#x}, {offset:#x}, {length:#x}"),
            0,
            |s, p| {
                if dwReserved != 0 {
                    return Err(Win32Error::INVALID_PARAMETER);
                }
                s.unlock_file(p, from_handle(hFile), offset, length)
                    .map(|()| 1)
            },
        )
    }

    /// `CreateDirectoryW`.
    pub fn CreateDirectoryW(
        &mut self,
        lpPathName: Option<&str>,
        lpSecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
    ) -> BOOL {
        let _ = lpSecurityAttributes;
        self.call(
            "CreateDirectoryW",
            format_args!("{lpPathName:?}"),
            0,
            |s, p| {
                let path = lpPathName.ok_or(Win32Error::INVALID_PARAMETER)?;
                s.create_directory(p, path).map(|()| 1)
            },
        )
    }
}
