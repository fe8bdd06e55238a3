//! `SetFileInformationByHandle` (FileEndOfFileInfo, FileAllocationInfo, FileDispositionInfo,
//! FileDispositionInfoEx) (`io/file_information.rs`).

#![allow(non_snake_case, non_camel_case_types, non_upper_case_globals)]

use super::*;

/// The information `SetFileInformationByHandle` takes, by class: `FILE_END_OF_FILE_INFO`,
/// `FILE_ALLOCATION_INFO`, `FILE_DISPOSITION_INFO` or `FILE_DISPOSITION_INFO_EX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FILE_INFO {
    /// `FILE_END_OF_FILE_INFO { EndOfFile }`.
    EndOfFile(i64),
    /// `FILE_ALLOCATION_INFO { AllocationSize }`.
    Allocation(i64),
    /// `FILE_DISPOSITION_INFO { DeleteFile }`.
    Disposition(BOOL),
    /// `FILE_DISPOSITION_INFO_EX { Flags }` (`FILE_DISPOSITION_FLAG_*`).
    DispositionEx(u32),
}

/// `sizeof` the structure a class takes (winbase.h): what `dwBufferSize` must reach; None for
/// a class `SetFileInformationByHandle` does not take here.
pub fn file_info_size(class: u32) -> Option<u32> {
    match class {
        FileEndOfFileInfo | FileAllocationInfo => Some(8),
        FileDispositionInfo => Some(1), // a BOOLEAN
        FileDispositionInfoEx => Some(4),
        _ => None,
    }
}

impl Win32<'_> {
    /// `SetFileInformationByHandle(hFile, class, &info, dwBufferSize)`. A class winsection does
    /// not model, or information of another class, is ERROR_INVALID_PARAMETER (as kernelbase
    /// answers for classes it does not pass on); a buffer smaller than the class's structure
    /// is ERROR_BAD_LENGTH (STATUS_INFO_LENGTH_MISMATCH, checked first: MS-FSA 2.1.5.15.1 and
    /// 2.1.5.15.4); a negative size is ERROR_INVALID_PARAMETER ("greater than the maximum file
    /// size", MS-FSA 2.1.5.15.4).
    pub fn SetFileInformationByHandle(
        &mut self,
        hFile: HANDLE,
        FileInformationClass: u32,
        lpFileInformation: &FILE_INFO,
        dwBufferSize: u32,
    ) -> BOOL {
        let info = *lpFileInformation;
        let args = format_args!("{hFile:#x}, {FileInformationClass}, {info:?}, {dwBufferSize}");
        self.call("SetFileInformationByHandle", args, 0, |s, p| {
            let h = from_handle(hFile);
            let needed =
                file_info_size(FileInformationClass).ok_or(Win32Error::INVALID_PARAMETER)?;
            if dwBufferSize < needed {
                return Err(crate::error::NtStatus::INFO_LENGTH_MISMATCH.into());
            }
            let size = |v: i64| u64::try_from(v).map_err(|_| Win32Error::INVALID_PARAMETER);
            match (FileInformationClass, info) {
                (FileEndOfFileInfo, FILE_INFO::EndOfFile(v)) => s.set_file_end(p, h, size(v)?),
                (FileAllocationInfo, FILE_INFO::Allocation(v)) => {
                    s.set_file_allocation(p, h, size(v)?)
                }
                (FileDispositionInfo, FILE_INFO::Disposition(delete)) => {
                    s.set_file_disposition(p, h, delete != 0)
                }
                (FileDispositionInfoEx, FILE_INFO::DispositionEx(flags)) => {
                    s.set_file_disposition_ex(p, h, flags)
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
