//! Files under sections: open, write, size, truncation, deletion (catalog D3, D4, D10, D12,
//! H1-H9, H18; MS docs CreateFileW, WriteFile, SetFilePointer, SetEndOfFile, DeleteFileW,
//! "Naming Files, Paths, and Namespaces").
//!
//! The model has one volume, `C:`, with only its root directory.

use super::*;

/// Characters a file name may not contain (MS docs "Naming Files, Paths, and Namespaces").
const RESERVED: &[char] = &['<', '>', ':', '"', '|', '?', '*'];

/// MS docs "Naming Files, Paths, and Namespaces": `/` is a separator, repeated separators
/// collapse, `.` and `..` are resolved, trailing dots and spaces of a component are dropped,
/// names compare case-insensitively; `C:` is the only drive here (another drive, or an empty
/// path: ERROR_PATH_NOT_FOUND); a reserved or control character is ERROR_INVALID_NAME; a
/// component longer than 255 is ERROR_FILENAME_EXCED_RANGE. Returns the upper-case
/// components. (UNC paths are outside this vocabulary: ERROR_BAD_NETPATH.)
pub fn parse_path(path: &str) -> Result<Vec<String>, u32> {
    let path = path.split('\0').next().unwrap_or("").replace('/', "\\");
    let path = path.strip_prefix(r"\\?\").unwrap_or(&path);
    if path.is_empty() {
        return Err(ERROR_PATH_NOT_FOUND);
    }
    if path.starts_with(r"\\") {
        return Err(ERROR_BAD_NETPATH);
    }
    let mut chars = path.chars();
    let rest = match (chars.next(), chars.next()) {
        (Some(letter), Some(':')) => {
            if !letter.eq_ignore_ascii_case(&'c') {
                return Err(ERROR_PATH_NOT_FOUND);
            }
            path.get(2..).unwrap_or("")
        }
        _ => path,
    };
    let mut out: Vec<String> = Vec::new();
    for raw in rest.split('\\') {
        match raw {
            "" | "." => continue,
            ".." => {
                out.pop();
                continue;
            }
            _ => {}
        }
        let c = raw.trim_end_matches(['.', ' ']);
        if c.is_empty() {
            continue;
        }
        if c.chars()
            .any(|ch| RESERVED.contains(&ch) || u32::from(ch) < 0x20)
        {
            return Err(ERROR_INVALID_NAME);
        }
        if c.encode_utf16().count() > 255 {
            return Err(ERROR_FILENAME_EXCED_RANGE);
        }
        out.push(c.to_uppercase());
    }
    Ok(out)
}

/// The file a path names in the root directory: the root itself is a directory
/// (STATUS_FILE_IS_A_DIRECTORY -> ERROR_ACCESS_DENIED); a path below a directory that does not
/// exist is ERROR_PATH_NOT_FOUND. Returns the path key.
fn file_key(components: &[String]) -> Result<String, u32> {
    match components {
        [] => Err(ERROR_ACCESS_DENIED),
        [name] => Ok(name.clone()),
        _ => Err(ERROR_PATH_NOT_FOUND),
    }
}

/// `IoCheckShareAccess` (MS docs "Creating and Opening Files" sharing table): a new open with
/// read (FILE_READ_DATA / FILE_EXECUTE), write (FILE_WRITE_DATA / FILE_APPEND_DATA) or DELETE
/// access conflicts with an existing open that does not share it, or that uses an access the
/// new open does not share. Opens with none of these accesses neither check nor constrain.
pub fn share_conflict(opens: &[(u32, u32)], access: u32, share: u32) -> bool {
    let rwd = |a: u32| {
        (
            a & (FILE_READ_DATA | FILE_EXECUTE) != 0,
            a & (FILE_WRITE_DATA | FILE_APPEND_DATA) != 0,
            a & DELETE != 0,
        )
    };
    let (r, w, d) = rwd(access);
    if !(r || w || d) {
        return false;
    }
    opens.iter().any(|&(a, s)| {
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

impl Model {
    /// Opens of a file that still have handles: (access, share).
    pub(crate) fn open_instances(&self, node: u64) -> Vec<(u32, u32)> {
        self.objects
            .values()
            .filter(|o| o.handle_count > 0)
            .filter_map(|o| match &o.kind {
                ObjKind::File(f) if f.node == node => Some((f.access, f.share)),
                _ => None,
            })
            .collect()
    }

    /// `CreateFileW` (MS docs CreateFileW, "Creating and Opening Files"; H1, H7). Order (engine
    /// choice where no source fixes it): NULL path -> ERROR_INVALID_PARAMETER; path syntax;
    /// disposition (ERROR_INVALID_PARAMETER); TRUNCATE_EXISTING without write access
    /// (ERROR_INVALID_PARAMETER: "must open the file with the GENERIC_WRITE bit"); directory
    /// (ERROR_ACCESS_DENIED) / missing directory (ERROR_PATH_NOT_FOUND); missing file for
    /// OPEN_EXISTING / TRUNCATE_EXISTING (ERROR_FILE_NOT_FOUND); existing file for CREATE_NEW
    /// (ERROR_FILE_EXISTS); delete-pending (ERROR_ACCESS_DENIED, DeleteFile doc); share modes
    /// and a user-writable data section, which forces every later opener to share write even
    /// with no access (ERROR_SHARING_VIOLATION, H1, H2); an image section (a writer or a
    /// truncation: ERROR_SHARING_VIOLATION, H3; with `delete_on_close`, FILE_FLAG_DELETE_ON_CLOSE
    /// from `create_file_delete_on_close`: ERROR_ACCESS_DENIED, H10; FastFAT
    /// `FatOpenExistingFcb` checks share access first); then truncation of a file with a
    /// section (ERROR_USER_MAPPED_FILE, H7: sharing is checked first).
    /// Returns (handle, existed) — `existed` only for CREATE_ALWAYS / OPEN_ALWAYS, which report
    /// ERROR_ALREADY_EXISTS.
    #[allow(clippy::too_many_arguments)]
    pub fn create_file(
        &mut self,
        pid: u32,
        path: Option<&str>,
        access: u32,
        share: u32,
        disposition: u32,
        inherit: bool,
        delete_on_close: bool,
    ) -> Result<(u64, bool), u32> {
        let path = path.ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        let components = parse_path(path)?;
        if !(CREATE_NEW..=TRUNCATE_EXISTING).contains(&disposition) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let access = handles::map_generic(Kind::File, access);
        if disposition == TRUNCATE_EXISTING && access & FILE_WRITE_DATA == 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let truncate = disposition == CREATE_ALWAYS || disposition == TRUNCATE_EXISTING;
        let key = file_key(&components)?;
        let (node, existed) = match self.links.get(&key).copied() {
            None => {
                if disposition == OPEN_EXISTING || disposition == TRUNCATE_EXISTING {
                    return Err(ERROR_FILE_NOT_FOUND);
                }
                (self.link_new_file(key, 0, BTreeMap::new()), false)
            }
            Some(id) => {
                if disposition == CREATE_NEW {
                    return Err(ERROR_FILE_EXISTS);
                }
                let n = self.files.get(&id).ok_or(ERROR_FILE_NOT_FOUND)?;
                if n.delete_pending {
                    return Err(ERROR_ACCESS_DENIED);
                }
                let writable_section = n.sections.values().any(|(_, w)| *w);
                // Share modes before image sections: FastFAT `FatOpenExistingFcb` checks
                // share access, then MmFlushImageSection (Windows-driver-samples
                // filesys/fastfat/create.c).
                if share_conflict(&self.open_instances(id), access, share)
                    || (writable_section && share & FILE_SHARE_WRITE == 0)
                {
                    return Err(ERROR_SHARING_VIOLATION);
                }
                if self.has_image_section(id) {
                    // An image section conflicts with FILE_WRITE_DATA and truncation only, not
                    // with FILE_APPEND_DATA (H3; wine `file.c test_file_sharing`,
                    // `is_sharing_map_compatible`; image.rs) ...
                    if access & FILE_WRITE_DATA != 0 || truncate {
                        return Err(ERROR_SHARING_VIOLATION);
                    }
                    // ... and refuses a delete-on-close open: STATUS_CANNOT_DELETE (H10).
                    if delete_on_close {
                        return Err(ERROR_ACCESS_DENIED);
                    }
                }
                if truncate {
                    self.resize_file(id, 0)?;
                }
                (
                    id,
                    disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS,
                )
            }
        };
        let object = self.insert_object(ObjKind::File(FileObject {
            node,
            access,
            share,
            position: 0,
            delete_on_close: false,
        }));
        if let Some(n) = self.files.get_mut(&node) {
            n.file_objects = n.file_objects.saturating_add(1);
        }
        let h = self.add_handle(pid, object, access, inherit)?;
        Ok((h, existed))
    }

    /// `CreateFileW` with FILE_FLAG_DELETE_ON_CLOSE: the open asks for DELETE too ("the file
    /// is to be deleted immediately after all of its handles are closed ... requires DELETE
    /// access", CreateFileW doc) and is otherwise CreateFileW's; the file object remembers it
    /// (its last close marks the file delete-pending: `file_cleanup`). An image section
    /// refuses it, after the share modes are checked (H10: ERROR_ACCESS_DENIED).
    pub fn create_file_delete_on_close(
        &mut self,
        pid: u32,
        path: Option<&str>,
        access: u32,
        share: u32,
        disposition: u32,
    ) -> Result<(u64, bool), u32> {
        let (h, existed) =
            self.create_file(pid, path, access | DELETE, share, disposition, false, true)?;
        let (object, _) = self.resolve_typed(pid, h, Kind::File)?;
        if let Some(f) = self.file_object_mut(object) {
            f.delete_on_close = true;
        }
        Ok((h, existed))
    }

    /// H4-H7 (`MmCanFileBeTruncated`: a file cannot be truncated while "one or more users hold
    /// references to the data section for the file"): shrinking a file that has a section —
    /// alive through a handle or a view — fails with ERROR_USER_MAPPED_FILE, even to a size
    /// still covering every section (H4: "Shrinking back to 192 KiB (= section size) with the
    /// view still mapped -> FALSE, 1224"; H5: "The section alone (no view) also blocks
    /// shrinking"); growing is fine (H4, H8, D4). Bytes from the old end on read as zero after
    /// any change of size (D4, D12: valid data length; H18).
    /// Growing past NTFS's largest file, 16 TB - 64 KB ("How NTFS Works", NTFS size limits:
    /// "Implementation: 16 terabytes minus 64 KB"), fails with ERROR_DISK_FULL (issue 15).
    pub(crate) fn resize_file(&mut self, node: u64, new_size: u64) -> Result<(), u32> {
        let n = self.files.get_mut(&node).ok_or(ERROR_INVALID_HANDLE)?;
        let old = n.size;
        if new_size > old && new_size > NTFS_MAX_FILE_SIZE {
            return Err(ERROR_DISK_FULL);
        }
        if new_size < old && !n.sections.is_empty() {
            return Err(ERROR_USER_MAPPED_FILE);
        }
        let keep = old.min(new_size);
        n.bytes.retain(|offset, _| *offset < keep);
        n.size = new_size;
        Ok(())
    }

    /// The file object of a file handle and its granted access.
    fn file_handle(&self, pid: u32, value: u64) -> Result<(u64, u32), u32> {
        self.resolve_typed(pid, value, Kind::File)
    }

    /// `WriteFile` at the file pointer (H8, H14): needs write access (ERROR_ACCESS_DENIED);
    /// a range another handle locked, or anyone share-locked, is ERROR_LOCK_VIOLATION (H12,
    /// `file_locks.rs`); extends the file past its end (sections keep their size, H8); the bytes are seen at
    /// once through every view of the file (H14: one byte store per file).
    pub fn write_file(&mut self, pid: u32, value: u64, byte: u8, len: u32) -> Result<u32, u32> {
        let data = vec![byte; usize::try_from(len).unwrap_or(0)];
        self.write_bytes(pid, value, &data)
    }

    /// `WriteFile` of `data` at the file pointer (as [`Model::write_file`]).
    pub fn write_bytes(&mut self, pid: u32, value: u64, data: &[u8]) -> Result<u32, u32> {
        let len = u32::try_from(data.len()).map_err(|_| ERROR_INVALID_PARAMETER)?;
        let (object, access) = self.file_handle(pid, value)?;
        if access & (FILE_WRITE_DATA | FILE_APPEND_DATA) == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        let f = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?;
        let node = f.node;
        let size = self.files.get(&node).map_or(0, |n| n.size);
        let start = if access & FILE_WRITE_DATA == 0 {
            size
        } else {
            f.position
        };
        let end = start
            .checked_add(u64::from(len))
            .ok_or(ERROR_INVALID_PARAMETER)?;
        self.check_locked_io(node, object, start, u64::from(len), true)?;
        if end > size {
            self.resize_file(node, end)?;
        }
        if let Some(n) = self.files.get_mut(&node) {
            for (offset, byte) in (start..end).zip(data) {
                n.bytes.insert(offset, *byte);
            }
        }
        if let Some(f) = self.file_object_mut(object) {
            f.position = end;
        }
        Ok(len)
    }

    /// `ReadFile` at the file pointer (H14: cached reads see the bytes views wrote, one byte
    /// store per file): needs FILE_READ_DATA (ERROR_ACCESS_DENIED); bytes another handle
    /// locked exclusively are ERROR_LOCK_VIOLATION (H12); stops at the end of file
    /// (TRUE with 0 bytes at or past it; ReadFile doc); the pointer advances by what was read.
    pub fn read_file(&mut self, pid: u32, value: u64, len: u32) -> Result<Vec<u8>, u32> {
        let (object, access) = self.file_handle(pid, value)?;
        if access & FILE_READ_DATA == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        let f = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?;
        let (node, position) = (f.node, f.position);
        let n = self.files.get(&node).ok_or(ERROR_INVALID_HANDLE)?;
        let count = u64::from(len).min(n.size.saturating_sub(position));
        self.check_locked_io(node, object, position, count, false)?;
        let bytes: Vec<u8> = (0..count)
            .map(|i| {
                n.bytes
                    .get(&position.saturating_add(i))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        if let Some(f) = self.file_object_mut(object) {
            f.position = position.saturating_add(count);
        }
        Ok(bytes)
    }

    /// `SetFilePointer(h, low, &high, FILE_BEGIN)`: any file handle; a 64-bit distance beyond
    /// `i64::MAX` is negative, ERROR_NEGATIVE_SEEK; past the end of file is allowed
    /// (SetFilePointer doc).
    pub fn set_file_pointer(&mut self, pid: u32, value: u64, position: u64) -> Result<u64, u32> {
        let (object, _) = self.file_handle(pid, value)?;
        if position > i64::MAX as u64 {
            return Err(ERROR_NEGATIVE_SEEK);
        }
        let f = self.file_object_mut(object).ok_or(ERROR_INVALID_HANDLE)?;
        f.position = position;
        Ok(position)
    }

    /// `SetEndOfFile`: the size becomes the file pointer; needs FILE_WRITE_DATA
    /// (ERROR_ACCESS_DENIED); shrinking under a section is ERROR_USER_MAPPED_FILE (H4-H6).
    pub fn set_end_of_file(&mut self, pid: u32, value: u64) -> Result<(), u32> {
        let (object, access) = self.file_handle(pid, value)?;
        if access & FILE_WRITE_DATA == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        let f = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?;
        let (node, position) = (f.node, f.position);
        self.resize_file(node, position)
    }

    /// `GetFileSize`: any file handle (D4, D10, H18: growth is seen through every handle).
    pub fn get_file_size(&self, pid: u32, value: u64) -> Result<u64, u32> {
        let (object, _) = self.file_handle(pid, value)?;
        let f = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?;
        Ok(self.files.get(&f.node).map_or(0, |n| n.size))
    }

    /// `DeleteFileW`. Order: NULL path (ERROR_INVALID_PARAMETER); path (as CreateFileW);
    /// missing file (ERROR_FILE_NOT_FOUND); delete-pending (ERROR_ACCESS_DENIED); an open handle
    /// not sharing delete (ERROR_SHARING_VIOLATION, DeleteFile doc); then a section or mapped
    /// view over the file: ERROR_ACCESS_DENIED — engine choice (`System::delete_file`:
    /// `MmFlushImageSection(MmFlushForDelete)` refuses while user references to the file's
    /// sections exist; DeleteFile doc "fails if ... open ... as a memory-mapped file"),
    /// against the Wine observations of H9, which show delete-pending instead. Without
    /// sections: no handle open -> the file goes at once; otherwise it becomes delete-pending
    /// and goes with the last handle (H9, DeleteFile doc).
    pub fn delete_file(&mut self, pid: u32, path: Option<&str>) -> Result<(), u32> {
        let path = path.ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        let components = parse_path(path)?;
        let key = file_key(&components)?;
        let node = *self.links.get(&key).ok_or(ERROR_FILE_NOT_FOUND)?;
        let n = self.files.get(&node).ok_or(ERROR_FILE_NOT_FOUND)?;
        if n.delete_pending {
            return Err(ERROR_ACCESS_DENIED);
        }
        let opens = self.open_instances(node);
        if share_conflict(
            &opens,
            DELETE,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        ) {
            return Err(ERROR_SHARING_VIOLATION);
        }
        if !n.sections.is_empty() {
            return Err(ERROR_ACCESS_DENIED);
        }
        if opens.is_empty() {
            self.unlink_file(node);
        } else if let Some(n) = self.files.get_mut(&node) {
            n.delete_pending = true;
        }
        Ok(())
    }

    /// `GetFileAttributesW` (MS docs GetFileAttributesW): NULL is ERROR_INVALID_PARAMETER; the
    /// path as CreateFileW parses it; the root is FILE_ATTRIBUTE_DIRECTORY; a missing file is
    /// ERROR_FILE_NOT_FOUND; a delete-pending one STATUS_DELETE_PENDING ->
    /// ERROR_ACCESS_DENIED; any other file is FILE_ATTRIBUTE_ARCHIVE (set on every file created
    /// or written; no call here sets another attribute).
    pub fn file_attributes(&self, pid: u32, path: Option<&str>) -> Result<u32, u32> {
        let path = path.ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        let components = parse_path(path)?;
        if components.is_empty() {
            return Ok(FILE_ATTRIBUTE_DIRECTORY);
        }
        let key = file_key(&components)?;
        let node = self.links.get(&key).ok_or(ERROR_FILE_NOT_FOUND)?;
        match self.files.get(node) {
            Some(n) if n.delete_pending => Err(ERROR_ACCESS_DENIED),
            Some(_) => Ok(FILE_ATTRIBUTE_ARCHIVE),
            None => Err(ERROR_FILE_NOT_FOUND),
        }
    }

    /// A new file named `key` in the root directory, with `size` and `bytes`.
    pub(crate) fn link_new_file(
        &mut self,
        key: String,
        size: u64,
        bytes: BTreeMap<u64, u8>,
    ) -> u64 {
        let id = self.next_file;
        self.next_file = self.next_file.saturating_add(1);
        self.files.insert(
            id,
            FileNode {
                key: Some(key.clone()),
                size,
                bytes,
                delete_pending: false,
                file_objects: 0,
                sections: BTreeMap::new(),
                locks: Vec::new(),
                posix_delete_by: None,
            },
        );
        self.links.insert(key, id);
        id
    }

    /// Removes a file's name; the node goes when no file object references it.
    pub(crate) fn unlink_file(&mut self, node: u64) {
        if let Some(n) = self.files.get_mut(&node) {
            if let Some(key) = n.key.take() {
                self.links.remove(&key);
            }
            n.delete_pending = false;
            n.posix_delete_by = None;
        }
        self.collect_file(node);
    }

    /// Forgets a file nobody can reach any more.
    pub(crate) fn collect_file(&mut self, node: u64) {
        let dead = self
            .files
            .get(&node)
            .is_some_and(|n| n.key.is_none() && n.file_objects == 0);
        if dead {
            self.files.remove(&node);
        }
    }

    /// The last handle of file object `object` closed (IRP_MJ_CLEANUP): its locks go (H21);
    /// FILE_FLAG_DELETE_ON_CLOSE marks the file delete-pending; a delete-pending file with no handle left goes (DeleteFile doc: "marks a file for
    /// deletion on close"), and so does the name of one whose POSIX delete this object asked
    /// for, other handles open or not (H26: they keep the unnamed file). Engine choice: if a
    /// section was made over it meanwhile, the deletion is dropped instead.
    pub(crate) fn file_cleanup(&mut self, node: u64, object: u64) {
        let open = !self.open_instances(node).is_empty();
        let delete_on_close = self.file_object(object).is_some_and(|f| f.delete_on_close);
        let Some(n) = self.files.get_mut(&node) else {
            return;
        };
        n.locks.retain(|l| l.owner != object);
        if delete_on_close {
            n.delete_pending = true;
        }
        let posix_close = n.posix_delete_by == Some(object);
        if n.delete_pending && (!open || posix_close) {
            if n.sections.is_empty() {
                self.unlink_file(node);
            } else {
                n.delete_pending = false;
                n.posix_delete_by = None;
            }
        }
    }
}

/// NTFS's largest file: 2^44 bytes minus 64 KiB ("How NTFS Works", size limits table).
const NTFS_MAX_FILE_SIZE: u64 = (1 << 44) - (64 << 10);
