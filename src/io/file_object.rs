//! File objects (what a file handle refers to) and the share-access rules between them.

use super::storage::FileId;
use crate::consts::*;

/// An open instance of a file (`FILE_OBJECT`): its access, share mode, flags and position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileObject {
    pub file: FileId,
    /// Granted access (generic-mapped FILE_* rights).
    pub access: u32,
    /// FILE_SHARE_* given at open.
    pub share: u32,
    /// FILE_FLAG_* given at open.
    pub flags: u32,
    /// File pointer.
    pub position: u64,
}

impl FileObject {
    pub fn no_buffering(&self) -> bool {
        self.flags & FILE_FLAG_NO_BUFFERING != 0
    }

    pub fn write_through(&self) -> bool {
        self.flags & FILE_FLAG_WRITE_THROUGH != 0
    }
}

/// (read, write, delete) as IoCheckShareAccess counts them: read = FILE_READ_DATA or
/// FILE_EXECUTE, write = FILE_WRITE_DATA or FILE_APPEND_DATA, delete = DELETE.
fn rwd(access: u32) -> (bool, bool, bool) {
    (
        access & (FILE_READ_DATA | FILE_EXECUTE) != 0,
        access & (FILE_WRITE_DATA | FILE_APPEND_DATA) != 0,
        access & DELETE != 0,
    )
}

/// `IoCheckShareAccess`: does a new open (`access`, `share`) conflict with the opens that still
/// have handles? Opens with none of read/write/delete access neither check nor constrain
/// (MS docs "Creating and Opening Files" sharing table; ReactOS `IoCheckShareAccess`).
pub(crate) fn share_conflict(
    opens: impl Iterator<Item = (u32, u32)>,
    access: u32,
    share: u32,
) -> bool {
    let (r, w, d) = rwd(access);
    if !(r || w || d) {
        return false;
    }
    opens.into_iter().any(|(a, s)| {
        let (er, ew, ed) = rwd(a);
        if !(er || ew || ed) {
            return false;
        }
        (r && s & FILE_SHARE_READ == 0)
            || (w && s & FILE_SHARE_WRITE == 0)
            || (d && s & FILE_SHARE_DELETE == 0)
            || (er && share & FILE_SHARE_READ == 0)
            || (ew && share & FILE_SHARE_WRITE == 0)
            || (ed && share & FILE_SHARE_DELETE == 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_matrix() {
        let rw = FILE_READ_DATA | FILE_WRITE_DATA;
        // A reader sharing read lets another reader in, not a writer.
        let reader = [(FILE_READ_DATA, FILE_SHARE_READ)];
        assert!(!share_conflict(
            reader.into_iter(),
            FILE_READ_DATA,
            FILE_SHARE_READ
        ));
        assert!(share_conflict(
            reader.into_iter(),
            rw,
            FILE_SHARE_READ | FILE_SHARE_WRITE
        ));
        // The newcomer must share what the existing open uses.
        let writer = [(rw, FILE_SHARE_READ | FILE_SHARE_WRITE)];
        assert!(share_conflict(
            writer.into_iter(),
            FILE_READ_DATA,
            FILE_SHARE_READ
        ));
        assert!(!share_conflict(
            writer.into_iter(),
            FILE_READ_DATA,
            FILE_SHARE_READ | FILE_SHARE_WRITE
        ));
        // Attribute-only opens are not checked.
        assert!(!share_conflict(writer.into_iter(), FILE_READ_ATTRIBUTES, 0));
        assert!(!share_conflict(
            [(FILE_READ_ATTRIBUTES, 0)].into_iter(),
            rw,
            0
        ));
    }
}
