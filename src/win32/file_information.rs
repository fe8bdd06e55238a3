//! `SetFileInformationByHandle` (FileEndOfFileInfo, FileDispositionInfo) (`io/file_information.rs`).

#![allow(non_snake_case, non_camel_case_types, non_upper_case_globals)]

use super::*;

/// The information `SetFileInformationByHandle` takes, by class: `FILE_END_OF_FILE_INFO` or
/// `FILE_DISPOSITION_INFO`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FILE_INFO {
    /// `FILE_END_OF_FILE_INFO { EndOfFile }`.
    EndOfFile(i64),
    /// `FILE_DISPOSITION_INFO { DeleteFile }`.
    Disposition(BOOL),
}

impl Win32<'_> {
    /// `SetFileInformationByHandle(hFile, class, &info, size)`: the class must match the
    /// information (else ERROR_INVALID_PARAMETER, as for a class winsection does not model);
    /// a negative end of file is ERROR_INVALID_PARAMETER.
    pub fn SetFileInformationByHandle(
        &mut self,
        hFile: HANDLE,
        FileInformationClass: u32,
        lpFileInformation: &FILE_INFO,
    ) -> BOOL {
        let info = *lpFileInformation;
        let args = format_args!("{hFile:#x}, {FileInformationClass}, {info:?}");
        self.call("SetFileInformationByHandle", args, 0, |s, p| {
            let h = from_handle(hFile);
            match (FileInformationClass, info) {
                (FileEndOfFileInfo, FILE_INFO::EndOfFile(size)) => {
                    let size = u64::try_from(size).map_err(|_| Win32Error::INVALID_PARAMETER)?;
                    s.set_file_end(p, h, size)
                }
                (FileDispositionInfo, FILE_INFO::Disposition(delete)) => {
                    s.set_file_disposition(p, h, delete != 0)
                }
                _ => Err(Win32Error::INVALID_PARAMETER),
            }
            .map(|()| 1)
        })
    }
}

impl Win32<'_> {
    /// `GetFileAttributesW`: the attributes, or INVALID_FILE_ATTRIBUTES with the last error.
    pub fn GetFileAttributesW(&mut self, lpFileName: Option<&str>) -> u32 {
        let args = format_args!("{lpFileName:?}");
        self.call(
            "GetFileAttributesW",
            args,
            INVALID_FILE_ATTRIBUTES,
            |s, p| {
                let name = lpFileName.ok_or(Win32Error::INVALID_PARAMETER)?;
                s.file_attributes(p, c_str(name))
            },
        )
    }
}

impl Win32<'_> {
    /// `MoveFileExW` (`io/move_ex.rs`).
    pub fn MoveFileExW(
        &mut self,
        lpExistingFileName: Option<&str>,
        lpNewFileName: Option<&str>,
        dwFlags: u32,
    ) -> BOOL {
        let args = format_args!("{lpExistingFileName:?}, {lpNewFileName:?}, {dwFlags:#x}");
        self.call("MoveFileExW", args, 0, |s, p| {
            let (Some(from), Some(to)) = (lpExistingFileName, lpNewFileName) else {
                return Err(Win32Error::INVALID_PARAMETER);
            };
            s.move_file_ex(p, c_str(from), c_str(to), dwFlags)
                .map(|()| 1)
        })
    }
}

impl Win32<'_> {
    /// `CopyFileW` (`io/copy.rs`).
    pub fn CopyFileW(
        &mut self,
        lpExistingFileName: Option<&str>,
        lpNewFileName: Option<&str>,
        bFailIfExists: BOOL,
    ) -> BOOL {
        let args = format_args!("{lpExistingFileName:?}, {lpNewFileName:?}, {bFailIfExists}");
        self.call("CopyFileW", args, 0, |s, p| {
            let (Some(from), Some(to)) = (lpExistingFileName, lpNewFileName) else {
                return Err(Win32Error::INVALID_PARAMETER);
            };
            s.copy_file(p, c_str(from), c_str(to), bFailIfExists != 0)
                .map(|()| 1)
        })
    }
}
