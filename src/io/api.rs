//! The file-system API on `System`: create/open, read, write, seek, size, truncate, flush,
//! delete, move, byte-range locks, directories, and power loss.
//!
//! Sources: the functions' MS docs (CreateFileW "Creating and Opening Files" table, ReadFile,
//! WriteFile, SetEndOfFile, DeleteFileW, MoveFileW, LockFileEx, FlushFileBuffers);
//! `MmCanFileBeTruncated` / `MmFlushImageSection` docs; catalog H1-H19.

use super::cache;
use super::file_object::{share_conflict, FileObject};
use super::locks::ByteRangeLock;
use super::path::{self, FilePath};
use super::storage::FileId;
use crate::consts::*;
use crate::error::{NtStatus, Result, Win32Error};
use crate::mm::access::MAX_ACCESS_LEN;
use crate::ob::api::Disposition;
use crate::ob::handle_table::Handle;
use crate::ob::object::ObjectId;
use crate::ob::object_type::ObjectType;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// Sector size: FILE_FLAG_NO_BUFFERING I/O must be aligned to it (CreateFileW doc, "File
/// Buffering": offsets and sizes multiples of the volume sector size), else
/// ERROR_INVALID_PARAMETER.
pub const SECTOR_SIZE: u64 = 512;

/// `CreateFileW`'s parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRequest<'a> {
    /// Win32 path.
    pub path: &'a str,
    /// GENERIC_* / FILE_* access.
    pub access: u32,
    /// FILE_SHARE_*.
    pub share: u32,
    /// CREATE_NEW .. TRUNCATE_EXISTING.
    pub disposition: u32,
    /// FILE_FLAG_* and FILE_ATTRIBUTE_*.
    pub flags: u32,
    /// Handle inheritable.
    pub inherit: bool,
}

/// Opens a file handle request with the usual defaults (no flags, not inheritable).
impl<'a> FileRequest<'a> {
    /// A request for `path`.
    pub fn new(path: &'a str, access: u32, share: u32, disposition: u32) -> Self {
        FileRequest {
            path,
            access,
            share,
            disposition,
            flags: 0,
            inherit: false,
        }
    }
}

/// The largest file NTFS makes: "Maximum file size ... Implementation: 16 terabytes minus 64 KB
/// (2^44 bytes minus 64 KB)" (Microsoft, "How NTFS Works", Windows Server 2003 technical
/// reference, NTFS size limits table; the volume here has 4 KiB clusters, where 2^32 clusters
/// make 16 TB). Growing a file past it (WriteFile, SetEndOfFile, a file-backed section) fails
/// with ERROR_DISK_FULL, the error a Windows file system gives for a size it cannot allocate
/// (Windows-driver-samples `filesys/fastfat/fileinfo.c` `FatSetEndOfFileInfo`: a size that
/// `FatIsIoRangeValid` rejects is STATUS_DISK_FULL, "Illegal allocation size"; Wine writes to
/// a host file and has no limit of its own). The file pointer may still
/// go anywhere up to 2^63-1 ("It is not an error to set a file pointer to a position beyond the
/// end of the file", SetFilePointerEx doc). Issue 15: before this, a write at `i64::MAX - 1`
/// made a size beyond `i64::MAX` that GetFileSizeEx reported as negative.
pub const MAX_FILE_SIZE: u64 = (1 << 44) - (64 << 10);

/// Where SetFilePointer moves from.
fn seek_base(method: u32, position: u64, size: u64) -> Result<i128> {
    match method {
        FILE_BEGIN => Ok(0),
        FILE_CURRENT => Ok(i128::from(position)),
        FILE_END => Ok(i128::from(size)),
        _ => Err(NtStatus::INVALID_PARAMETER.into()),
    }
}

impl System {
    /// Resolves a path to (disk host, parsed path) for a caller on `host`.
    pub(crate) fn locate(&self, host: usize, path: &str) -> Result<(usize, FilePath)> {
        let fp = path::parse(path)?;
        let disk = match &fp.server {
            None => host,
            Some(server) => self.host_id(server).ok_or(NtStatus::BAD_NETWORK_PATH)?,
        };
        Ok((disk, fp))
    }

    /// Opens instances of a file that still have handles: (access, share) pairs (from the
    /// file's own index, not a scan of the objects).
    pub(crate) fn open_instances(&self, file: FileId) -> Vec<(u32, u32)> {
        self.storage
            .files
            .get(file)
            .map(|n| n.open_instances.values().copied().collect())
            .unwrap_or_default()
    }

    /// `CreateFileW` / `NtCreateFile`. Checks, in order: path, disposition, directory, parent
    /// (ERROR_PATH_NOT_FOUND), existence (ERROR_FILE_NOT_FOUND / ERROR_FILE_EXISTS),
    /// delete-pending (ERROR_ACCESS_DENIED), share modes and user-writable sections
    /// (ERROR_SHARING_VIOLATION; H1), image sections (writers: ERROR_SHARING_VIOLATION,
    /// delete-on-close: ERROR_ACCESS_DENIED; H3, H10), then truncation of a mapped file
    /// (ERROR_USER_MAPPED_FILE; H7: sharing is checked first).
    pub fn create_file(&mut self, pid: Pid, req: FileRequest<'_>) -> Result<(Handle, Disposition)> {
        let host = self.live_process(pid)?.spec.host;
        let (disk_host, fp) = self.locate(host, req.path)?;
        if !(CREATE_NEW..=TRUNCATE_EXISTING).contains(&req.disposition) {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let mut access = ObjectType::File.map_generic(req.access);
        if req.flags & FILE_FLAG_DELETE_ON_CLOSE != 0 {
            access |= DELETE;
        }
        // "TRUNCATE_EXISTING ... The calling process must open the file with the GENERIC_WRITE
        // bit set" (CreateFileW doc).
        if req.disposition == TRUNCATE_EXISTING && access & FILE_WRITE_DATA == 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let truncate = matches!(req.disposition, CREATE_ALWAYS | TRUNCATE_EXISTING);
        self.reserve_handle_slot(pid)?;
        let (key, parent) = (fp.key(), fp.parent_key());
        let volume_key = fp.volume_key();
        let disk = self
            .storage
            .disks
            .get_mut(disk_host)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        let volume = disk.volume_mut(&volume_key);
        if fp.components.is_empty() || volume.dirs.contains(&key) {
            // A directory: opening one as a file is STATUS_FILE_IS_A_DIRECTORY.
            return Err(NtStatus::FILE_IS_A_DIRECTORY.into());
        }
        if !volume.dirs.contains(&parent) {
            return Err(NtStatus::OBJECT_PATH_NOT_FOUND.into());
        }
        let existing = volume.files.get(&key).copied();
        let (file, disposition) = match existing {
            None => {
                if matches!(req.disposition, OPEN_EXISTING | TRUNCATE_EXISTING) {
                    return Err(NtStatus::OBJECT_NAME_NOT_FOUND.into());
                }
                let display = fp.display();
                let id = self.storage.create(
                    disk_host,
                    &volume_key,
                    &key,
                    display,
                    0,
                    Default::default(),
                );
                (id, Disposition::Created)
            }
            Some(id) => {
                if req.disposition == CREATE_NEW {
                    return Err(Win32Error::FILE_EXISTS);
                }
                let node = self.live_file(id)?;
                let image_section = node.has_image_section();
                let writable_section = node.has_writable_section();
                let data_section = !node.sections.is_empty() && !image_section;
                // Share modes first, image sections after: the file system checks share
                // access (FatCheckShareAccess / IoCheckShareAccess) before it asks
                // MmFlushImageSection (FastFAT `FatOpenExistingFcb`, Windows-driver-samples
                // filesys/fastfat/create.c), so an open that both conflicts with a handle
                // and is refused by an image gets ERROR_SHARING_VIOLATION.
                if share_conflict(self.open_instances(id).into_iter(), access, req.share) {
                    return Err(NtStatus::SHARING_VIOLATION.into());
                }
                if writable_section && req.share & FILE_SHARE_WRITE == 0 {
                    return Err(NtStatus::SHARING_VIOLATION.by(RuleId::H1));
                }
                if image_section {
                    // Only FILE_WRITE_DATA conflicts with an image section; FILE_APPEND_DATA
                    // does not (wine `kernel32/tests/file.c test_file_sharing`,
                    // `is_sharing_map_compatible` for SEC_IMAGE).
                    if access & FILE_WRITE_DATA != 0 || truncate {
                        return Err(NtStatus::SHARING_VIOLATION.by(RuleId::H3));
                    }
                    // Only a delete-on-close open asks MmFlushImageSection and is refused
                    // (STATUS_CANNOT_DELETE); DELETE access alone opens (wine `file.c
                    // test_file_sharing`, `is_sharing_map_compatible`: an image conflicts
                    // with FILE_WRITE_DATA only).
                    if req.flags & FILE_FLAG_DELETE_ON_CLOSE != 0 {
                        return Err(NtStatus::CANNOT_DELETE.by(RuleId::H10));
                    }
                }
                if data_section && !writable_section {
                    // Read-only and copy-on-write sections restrict no sharing (catalog H2).
                    self.hit(RuleId::H2);
                }
                if truncate {
                    self.resize_file(id, 0).map_err(|e| {
                        if e == Win32Error::USER_MAPPED_FILE {
                            e.by(RuleId::H7)
                        } else {
                            e
                        }
                    })?;
                }
                let d = if matches!(req.disposition, CREATE_ALWAYS | OPEN_ALWAYS) {
                    Disposition::OpenedExisting
                } else {
                    Disposition::Created
                };
                (id, d)
            }
        };
        let object = FileObject {
            file,
            access,
            share: req.share,
            flags: req.flags,
            position: 0,
        };
        let h = self.host_mut(host)?;
        let id = h.objects.insert(Body::File(Box::new(object)), false);
        if let Some(node) = self.storage.files.get_mut(file) {
            node.file_objects = node.file_objects.saturating_add(1);
            node.open_instances.insert((host, id), (access, req.share));
        }
        match self.add_handle(pid, id, access, req.inherit) {
            Ok(handle) => Ok((handle, disposition)),
            Err(e) => {
                // No handle could be made: the new file object dies at once.
                if let Some(node) = self.storage.files.get_mut(file) {
                    node.open_instances.remove(&(host, id));
                }
                self.host_mut(host)?.objects.remove_unreferenced(id);
                self.file_object_destroyed(file);
                Err(e)
            }
        }
    }

    /// A file that is not delete-pending: opening or deleting one that is fails with
    /// STATUS_DELETE_PENDING -> ERROR_ACCESS_DENIED (DeleteFile doc).
    pub(crate) fn live_file(&self, file: FileId) -> Result<&super::storage::FileNode> {
        let node = self
            .storage
            .files
            .get(file)
            .ok_or(NtStatus::OBJECT_NAME_NOT_FOUND)?;
        if node.delete_pending {
            return Err(NtStatus::DELETE_PENDING.into());
        }
        Ok(node)
    }

    /// The file object behind a file handle: (object id, host, granted access).
    pub(crate) fn file_handle(&self, pid: Pid, handle: Handle) -> Result<(ObjectId, usize, u32)> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::File)?;
        Ok((id, self.live_process(pid)?.spec.host, access))
    }

    pub(crate) fn file_object(&self, host: usize, id: ObjectId) -> Result<&FileObject> {
        match self.host_ref(host)?.objects.get(id).map(|o| &o.body) {
            Some(Body::File(f)) => Ok(f),
            _ => Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        }
    }

    pub(crate) fn file_object_mut(&mut self, host: usize, id: ObjectId) -> Result<&mut FileObject> {
        match self
            .host_mut(host)?
            .objects
            .get_mut(id)
            .map(|o| &mut o.body)
        {
            Some(Body::File(f)) => Ok(f),
            _ => Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        }
    }

    /// `ReadFile` at the file pointer: needs FILE_READ_DATA; stops at end of file (0 bytes at or
    /// past it); a range locked by another handle is ERROR_LOCK_VIOLATION (H12); cached reads go
    /// through this host's cache, FILE_FLAG_NO_BUFFERING reads come from the disk image (H15).
    pub fn read_file(&mut self, pid: Pid, handle: Handle, len: u64) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.read_file_with(pid, handle, len, |total, bytes| {
            if out.is_empty() {
                out.reserve_exact(total);
            }
            out.extend_from_slice(bytes);
        })?;
        Ok(out)
    }

    /// `ReadFile` into the caller's buffer (at most `buffer.len()` bytes): each byte is copied
    /// once, from the cached page to the buffer. Returns the bytes read.
    pub fn read_file_into(&mut self, pid: Pid, handle: Handle, buffer: &mut [u8]) -> Result<u64> {
        let mut at = 0usize;
        self.read_file_with(pid, handle, buffer.len() as u64, |_, bytes| {
            let end = at.saturating_add(bytes.len());
            if let Some(dst) = buffer.get_mut(at..end) {
                dst.copy_from_slice(bytes);
            }
            at = end;
        })
    }

    /// The read itself: checks, then hands `sink` the total length and the bytes, page by
    /// page.
    fn read_file_with(
        &mut self,
        pid: Pid,
        handle: Handle,
        len: u64,
        mut sink: impl FnMut(usize, &[u8]),
    ) -> Result<u64> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & FILE_READ_DATA == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        if len > MAX_ACCESS_LEN {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let f = self.file_object(host, id)?.clone();
        if f.no_buffering() && (f.position % SECTOR_SIZE != 0 || len % SECTOR_SIZE != 0) {
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::H15));
        }
        let node = self
            .storage
            .files
            .get(f.file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        let n = len.min(node.size.saturating_sub(f.position));
        // Locks bind ReadFile/WriteFile through other handles, never views (H12).
        node.locks
            .check_io(f.position, n, (host, id), false)
            .map_err(|e| e.by(RuleId::H12))?;
        if !node.sections.is_empty() {
            // ReadFile sees what views wrote (H14).
            self.rules_hit.insert(RuleId::H14);
        }
        let total = usize::try_from(n).unwrap_or(0);
        let h = self.hosts.get_mut(host).ok_or(NtStatus::INVALID_HANDLE)?;
        let cache = h.caches.entry(f.file).or_default();
        let mut done = 0u64;
        while done < n {
            let at = f.position + done;
            let (index, lo) = (at / PAGE_SIZE, (at % PAGE_SIZE) as usize);
            let chunk = (PAGE_SIZE - lo as u64).min(n - done);
            let page = if f.no_buffering() {
                node.image.read(index)
            } else {
                cache.page(node, index)
            };
            sink(total, page.get(lo..lo + chunk as usize).unwrap_or(&[]));
            done += chunk;
        }
        self.file_object_mut(host, id)?.position = f.position.saturating_add(n);
        Ok(n)
    }

    /// `WriteFile` at the file pointer (at the end for append-only handles): needs
    /// FILE_WRITE_DATA or FILE_APPEND_DATA; extends the file (ERROR_DISK_FULL when the disk is
    /// full) — sections keep their size (H8); respects other handles' locks (H12). Cached
    /// writes dirty this host's cache (coherent with views, H14); FILE_FLAG_WRITE_THROUGH also
    /// writes the disk image; FILE_FLAG_NO_BUFFERING writes only the disk image (H15).
    pub fn write_file(&mut self, pid: Pid, handle: Handle, data: &[u8]) -> Result<u64> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & (FILE_WRITE_DATA | FILE_APPEND_DATA) == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let f = self.file_object(host, id)?.clone();
        let size = self.storage.files.get(f.file).map_or(0, |n| n.size);
        let start = if access & FILE_WRITE_DATA == 0 {
            size
        } else {
            f.position
        };
        let len = data.len() as u64;
        if f.no_buffering() && (start % SECTOR_SIZE != 0 || len % SECTOR_SIZE != 0) {
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::H15));
        }
        let end = start.checked_add(len).ok_or(NtStatus::INVALID_PARAMETER)?;
        let node = self
            .storage
            .files
            .get(f.file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        node.locks
            .check_io(start, len, (host, id), true)
            .map_err(|e| e.by(RuleId::H12))?;
        let mapped = !node.sections.is_empty();
        // "A value of zero specifies a null write operation" (WriteFile doc): it neither writes
        // nor extends the file, wherever the pointer is.
        if end > size && len > 0 {
            self.resize_file(f.file, end)?;
            if mapped {
                // Extending a mapped file is allowed; its views keep their size (H8).
                self.hit(RuleId::H8);
            }
        }
        if mapped {
            // Views see what WriteFile wrote (H14).
            self.hit(RuleId::H14);
        }
        let Some(node) = self.storage.files.get_mut(f.file) else {
            return Err(NtStatus::INVALID_HANDLE.into());
        };
        let h = self.hosts.get_mut(host).ok_or(NtStatus::INVALID_HANDLE)?;
        let cache = h.caches.entry(f.file).or_default();
        let mut done = 0u64;
        while done < len {
            let at = start + done;
            let (page, lo) = (at / PAGE_SIZE, (at % PAGE_SIZE) as usize);
            let chunk = (PAGE_SIZE - lo as u64).min(len - done);
            let bytes = data
                .get(done as usize..(done + chunk) as usize)
                .unwrap_or(&[]);
            let hi = lo + bytes.len();
            if f.no_buffering() {
                if let Some(t) = node.image.write(page).get_mut(lo..hi) {
                    t.copy_from_slice(bytes);
                }
                if node.sections.is_empty() && cache.dirty.get(page).is_none() {
                    // No view holds the cached copy: the file system purges it (H15).
                    cache.pages.remove(page);
                }
            } else {
                if let Some(t) = cache.page_mut(node, page).get_mut(lo..hi) {
                    t.copy_from_slice(bytes);
                }
                if f.write_through() {
                    cache.flush(node, page, page + 1);
                }
            }
            done += chunk;
        }
        if f.no_buffering() || f.write_through() {
            self.note_file_changed(f.file);
        }
        self.file_object_mut(host, id)?.position = end;
        Ok(len)
    }

    /// `SetFilePointerEx`: moves the pointer; a negative result is ERROR_NEGATIVE_SEEK; past
    /// the end is allowed. Returns the new position.
    pub fn set_file_pointer(
        &mut self,
        pid: Pid,
        handle: Handle,
        distance: i64,
        method: u32,
    ) -> Result<u64> {
        let (id, host, _) = self.file_handle(pid, handle)?;
        let f = self.file_object(host, id)?;
        let size = self.storage.files.get(f.file).map_or(0, |n| n.size);
        let target = seek_base(method, f.position, size)? + i128::from(distance);
        if target < 0 {
            return Err(Win32Error::NEGATIVE_SEEK);
        }
        let position = u64::try_from(target).map_err(|_| NtStatus::INVALID_PARAMETER)?;
        if position > i64::MAX as u64 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        self.file_object_mut(host, id)?.position = position;
        Ok(position)
    }

    /// `SetEndOfFile`: the size becomes the file pointer. Needs FILE_WRITE_DATA. Shrinking while
    /// any section of the file exists is ERROR_USER_MAPPED_FILE (MmCanFileBeTruncated;
    /// H4-H6); growing is fine (ERROR_DISK_FULL if the disk is full).
    pub fn set_end_of_file(&mut self, pid: Pid, handle: Handle) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & FILE_WRITE_DATA == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let f = self.file_object(host, id)?;
        let (file, position) = (f.file, f.position);
        self.resize_file(file, position)
    }

    /// Changes a file's size on every host: truncation rules, disk space, cached pages.
    pub(crate) fn resize_file(&mut self, file: FileId, new_size: u64) -> Result<()> {
        let node = self
            .storage
            .files
            .get_mut(file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        let old = node.size;
        if new_size > old && new_size > MAX_FILE_SIZE {
            return Err(NtStatus::DISK_FULL.into());
        }
        if new_size < old && node.truncation_blocked() {
            return Err(NtStatus::USER_MAPPED_FILE.by(RuleId::H4));
        }
        let disk = self
            .storage
            .disks
            .get_mut(node.disk)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        disk.resize(old, new_size)?;
        if new_size < old {
            cache::truncate(None, node, new_size);
            for c in self
                .hosts
                .iter_mut()
                .filter_map(|h| h.caches.get_mut(&file))
            {
                cache::truncate(Some(c), node, new_size);
            }
        } else if new_size > old {
            cache::zero_tail(None, node, old);
            for c in self
                .hosts
                .iter_mut()
                .filter_map(|h| h.caches.get_mut(&file))
            {
                cache::zero_tail(Some(c), node, old);
            }
        }
        node.size = new_size;
        self.note_file_changed(file);
        Ok(())
    }

    /// `GetFileSizeEx`.
    pub fn get_file_size(&self, pid: Pid, handle: Handle) -> Result<u64> {
        let (id, host, _) = self.file_handle(pid, handle)?;
        let f = self.file_object(host, id)?;
        Ok(self.storage.files.get(f.file).map_or(0, |n| n.size))
    }

    /// `FlushFileBuffers`: writes this host's dirty pages of the file — from WriteFile and from
    /// views alike — to the disk image. Needs write access (FlushFileBuffers doc: "The file
    /// handle must have the GENERIC_WRITE access right").
    pub fn flush_file_buffers(&mut self, pid: Pid, handle: Handle) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & (FILE_WRITE_DATA | FILE_APPEND_DATA) == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let file = self.file_object(host, id)?.file;
        self.flush_pages(host, file, 0, u64::MAX);
        Ok(())
    }

    /// Writes `host`'s dirty cached pages `[first, last)` of `file` to its disk image.
    pub(crate) fn flush_pages(&mut self, host: usize, file: FileId, first: u64, last: u64) {
        let (Some(h), Some(node)) = (self.hosts.get_mut(host), self.storage.files.get_mut(file))
        else {
            return;
        };
        if let Some(c) = h.caches.get_mut(&file) {
            c.flush(node, first, last);
        }
        self.note_file_changed(file);
    }

    /// `DeleteFileW`. Open handles without FILE_SHARE_DELETE: ERROR_SHARING_VIOLATION. A section
    /// (image or data) or a mapped view over the file: ERROR_ACCESS_DENIED — NT's
    /// `MmFlushImageSection(MmFlushForDelete)` refuses while user references to the file's
    /// sections exist (WRK; DeleteFile doc: "fails if ... open ... as a memory-mapped file").
    /// Wine deletes such a file (catalog H9 observations); the Windows behaviour is followed.
    /// With other handles (all sharing delete) the file becomes delete-pending: it goes when
    /// the last handle closes, and opening it meanwhile is ERROR_ACCESS_DENIED (DeleteFile doc).
    pub fn delete_file(&mut self, pid: Pid, path: &str) -> Result<()> {
        let host = self.live_process(pid)?.spec.host;
        let (disk_host, fp) = self.locate(host, path)?;
        let file = self.lookup_file(disk_host, &fp)?;
        let node = self.live_file(file)?;
        let opens = self.open_instances(file);
        if share_conflict(
            opens.iter().copied(),
            DELETE,
            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        ) {
            return Err(NtStatus::SHARING_VIOLATION.into());
        }
        if !node.sections.is_empty() {
            let rule = if node.has_image_section() {
                RuleId::H10
            } else {
                RuleId::H9
            };
            return Err(NtStatus::CANNOT_DELETE.by(rule));
        }
        if opens.is_empty() {
            self.storage.unlink(file);
            self.drop_caches_if_gone(file);
        } else if let Some(node) = self.storage.files.get_mut(file) {
            node.delete_pending = true;
        }
        Ok(())
    }

    /// The file a path names: ERROR_PATH_NOT_FOUND if its directory is missing,
    /// ERROR_FILE_NOT_FOUND if it is, ERROR_ACCESS_DENIED for a directory.
    pub(crate) fn lookup_file(&self, disk_host: usize, fp: &FilePath) -> Result<FileId> {
        let disk = self
            .storage
            .disks
            .get(disk_host)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        let volume = disk.volume(&fp.volume_key());
        let key = fp.key();
        if fp.components.is_empty() || volume.is_some_and(|v| v.dirs.contains(&key)) {
            return Err(NtStatus::FILE_IS_A_DIRECTORY.into());
        }
        let in_root = fp.components.len() == 1;
        match volume {
            Some(v) if v.dirs.contains(&fp.parent_key()) => v
                .files
                .get(&key)
                .copied()
                .ok_or_else(|| NtStatus::OBJECT_NAME_NOT_FOUND.into()),
            None if in_root => Err(NtStatus::OBJECT_NAME_NOT_FOUND.into()),
            _ => Err(NtStatus::OBJECT_PATH_NOT_FOUND.into()),
        }
    }

    /// `MoveFileW` = `MoveFileWithProgressW(.., MOVEFILE_COPY_ALLOWED)`: a rename within a
    /// volume, else a copy then a delete ("A new file may be on a different file system or
    /// drive", MoveFileW doc). The target must not exist (ERROR_ALREADY_EXISTS); open handles
    /// without FILE_SHARE_DELETE: ERROR_SHARING_VIOLATION. A mapped file can be renamed (H11) but
    /// not moved to another volume, since its source cannot be deleted (ERROR_ACCESS_DENIED).
    pub fn move_file(&mut self, pid: Pid, from: &str, to: &str) -> Result<()> {
        let host = self.live_process(pid)?.spec.host;
        let (src_disk, src) = self.locate(host, from)?;
        let (dst_disk, dst) = self.locate(host, to)?;
        let file = self.lookup_file(src_disk, &src)?;
        if self
            .storage
            .files
            .get(file)
            .is_some_and(|n| n.delete_pending)
        {
            return Err(NtStatus::DELETE_PENDING.into());
        }
        let all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
        let opens = self.open_instances(file);
        if share_conflict(opens.iter().copied(), DELETE, all) {
            return Err(NtStatus::SHARING_VIOLATION.into());
        }
        let same_volume = src_disk == dst_disk && src.volume_key() == dst.volume_key();
        let (volume_key, key, parent) = (dst.volume_key(), dst.key(), dst.parent_key());
        let disk = self
            .storage
            .disks
            .get_mut(dst_disk)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        let volume = disk.volume_mut(&volume_key);
        if !volume.dirs.contains(&parent) {
            return Err(NtStatus::OBJECT_PATH_NOT_FOUND.into());
        }
        let taken = dst.components.is_empty()
            || volume.dirs.contains(&key)
            || volume.files.contains_key(&key);
        if taken && !(same_volume && src.key() == key) {
            return Err(NtStatus::OBJECT_NAME_COLLISION.into());
        }
        if same_volume {
            if self
                .storage
                .files
                .get(file)
                .is_some_and(|n| !n.sections.is_empty())
            {
                // A mapped file can be renamed; its views keep working (H11).
                self.rules_hit.insert(RuleId::H11);
            }
            volume.files.remove(&src.key());
            volume.files.insert(key.clone(), file);
            if let Some(node) = self.storage.files.get_mut(file) {
                node.link = Some((volume_key, key));
                node.display = dst.display();
            }
            return Ok(());
        }
        if self
            .storage
            .files
            .get(file)
            .is_some_and(|n| !n.sections.is_empty())
        {
            return Err(NtStatus::CANNOT_DELETE.into());
        }
        let size = self.storage.files.get(file).map_or(0, |n| n.size);
        let image = self.copied_image(host, file, size);
        let disk = self
            .storage
            .disks
            .get_mut(dst_disk)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        disk.resize(0, size)?;
        self.storage
            .create(dst_disk, &volume_key, &key, dst.display(), size, image);
        if opens.is_empty() {
            self.storage.unlink(file);
            self.drop_caches_if_gone(file);
        } else if let Some(node) = self.storage.files.get_mut(file) {
            node.delete_pending = true;
        }
        Ok(())
    }

    /// The bytes a copy of `file` starts with, as `host` sees them: its first `size` bytes.
    /// Only pages that hold bytes are copied (the disk image's and this host's cached ones): a
    /// sparse file of any size copies in time proportional to what it stores, never to its
    /// length (issue 15: walking every logical page of a huge file never finished). Bytes past
    /// the end of file in its last page — what a view wrote there (D12) — are not file data
    /// and are not copied (CopyFileW copies the file's data; issue 10).
    pub(crate) fn copied_image(
        &self,
        host: usize,
        file: FileId,
        size: u64,
    ) -> crate::mm::page_store::PageStore {
        let mut stored = std::collections::BTreeSet::new();
        if let Some(node) = self.storage.files.get(file) {
            stored.extend(node.image.pages());
        }
        if let Some(c) = self.hosts.get(host).and_then(|h| h.caches.get(&file)) {
            stored.extend(c.pages.pages());
        }
        let last = size.div_ceil(PAGE_SIZE);
        let tail = (size % PAGE_SIZE) as usize;
        let mut image = crate::mm::page_store::PageStore::default();
        for page in stored.into_iter().filter(|p| *p < last) {
            let mut bytes = self.logical_page(host, file, page);
            if page + 1 == last && tail != 0 {
                if let Some(past_end) = bytes.get_mut(tail..) {
                    past_end.fill(0);
                }
            }
            if bytes.iter().any(|b| *b != 0) {
                image.insert(page, &bytes);
            }
        }
        image
    }

    /// A file page as `host` sees it: its cached copy, else the disk image.
    pub(crate) fn logical_page(
        &self,
        host: usize,
        file: FileId,
        page: u64,
    ) -> crate::mm::page_store::Page {
        let cached = self
            .hosts
            .get(host)
            .and_then(|h| h.caches.get(&file))
            .filter(|c| c.pages.contains(page));
        match (cached, self.storage.files.get(file)) {
            (Some(c), _) => *c.pages.read(page),
            (None, Some(node)) => *node.image.read(page),
            (None, None) => [0; PAGE_SIZE as usize],
        }
    }

    /// `LockFileEx` (and `LockFile`: exclusive, fail immediately). Needs read or write access.
    /// A conflicting range is ERROR_LOCK_VIOLATION — also without LOCKFILE_FAIL_IMMEDIATELY,
    /// since no other thread could ever release it here; a range past 2^64 is
    /// ERROR_INVALID_LOCK_RANGE (`io/locks.rs`).
    pub fn lock_file(
        &mut self,
        pid: Pid,
        handle: Handle,
        offset: u64,
        length: u64,
        exclusive: bool,
    ) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA) == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let file = self.file_object(host, id)?.file;
        let node = self
            .storage
            .files
            .get_mut(file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        node.locks.lock(ByteRangeLock {
            offset,
            length,
            owner: (host, id),
            exclusive,
        })
    }

    /// The byte-range locks a file handle's file object holds, as (offset, length,
    /// exclusive) in the order taken (for tests and the reference model's audit).
    pub fn file_locks(&self, pid: Pid, handle: Handle) -> Result<Vec<(u64, u64, bool)>> {
        let (id, host, _) = self.file_handle(pid, handle)?;
        let file = self.file_object(host, id)?.file;
        let node = self
            .storage
            .files
            .get(file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        Ok(node.locks.held_by((host, id)))
    }

    /// `UnlockFile(Ex)`: exactly a range this handle locked, else ERROR_NOT_LOCKED.
    pub fn unlock_file(
        &mut self,
        pid: Pid,
        handle: Handle,
        offset: u64,
        length: u64,
    ) -> Result<()> {
        let (id, host, _) = self.file_handle(pid, handle)?;
        let file = self.file_object(host, id)?.file;
        let node = self
            .storage
            .files
            .get_mut(file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        node.locks.unlock(offset, length, (host, id))
    }

    /// `CreateDirectoryW`: ERROR_ALREADY_EXISTS if the name exists, ERROR_PATH_NOT_FOUND if
    /// the parent does not.
    pub fn create_directory(&mut self, pid: Pid, path: &str) -> Result<()> {
        let host = self.live_process(pid)?.spec.host;
        let (disk_host, fp) = self.locate(host, path)?;
        let disk = self
            .storage
            .disks
            .get_mut(disk_host)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        let volume = disk.volume_mut(&fp.volume_key());
        let (key, parent) = (fp.key(), fp.parent_key());
        if fp.components.is_empty() || volume.dirs.contains(&key) || volume.files.contains_key(&key)
        {
            return Err(NtStatus::OBJECT_NAME_COLLISION.into());
        }
        if !volume.dirs.contains(&parent) {
            return Err(NtStatus::OBJECT_PATH_NOT_FOUND.into());
        }
        volume.dirs.insert(key);
        Ok(())
    }

    /// Power loss on `host`: every process there ends (handles close, views unmap) and the
    /// host's caches vanish with every page not yet flushed; disk images survive, file sizes
    /// too (metadata is journaled). Caches other hosts keep of this host's files survive.
    pub fn crash(&mut self, host: usize) -> Result<()> {
        self.host_ref(host)?;
        let victims: Vec<Pid> = self
            .processes
            .values()
            .filter(|p| p.spec.host == host && p.exit_code.is_none())
            .map(|p| p.pid)
            .collect();
        for pid in victims {
            self.exit_process(pid, NtStatus::ACCESS_VIOLATION.0)?;
        }
        if let Some(h) = self.hosts.get_mut(host) {
            h.caches.clear();
        }
        Ok(())
    }

    /// Last handle of a file object closed (IRP_MJ_CLEANUP): its share access and locks go,
    /// FILE_FLAG_DELETE_ON_CLOSE marks the file for deletion, and a delete-pending file with no
    /// handle left — or whose POSIX delete this object asked for — is unlinked (unless a
    /// section still uses it: MmFlushImageSection refuses, and the deletion is dropped).
    pub(crate) fn file_cleanup(&mut self, host: usize, object: ObjectId, file: FileId, flags: u32) {
        let Some(node) = self.storage.files.get_mut(file) else {
            return;
        };
        node.open_instances.remove(&(host, object));
        let open = !node.open_instances.is_empty();
        node.locks.release_owner((host, object));
        if flags & FILE_FLAG_DELETE_ON_CLOSE != 0 {
            node.delete_pending = true;
        }
        // A POSIX delete takes the name away when the handle that asked for it closes, other
        // handles open or not (FILE_DISPOSITION_INFORMATION_EX doc; wine `ntdll/tests/file.c`
        // test_file_disposition_information: "file is deleted after handle with
        // FILE_DISPOSITION_POSIX_SEMANTICS is closed").
        let posix_close = node.posix_delete_by == Some((host, object));
        if node.delete_pending && (!open || posix_close) {
            if posix_close {
                self.rules_hit.insert(RuleId::H26);
            }
            if node.sections.is_empty() {
                self.storage.unlink(file);
                self.drop_caches_if_gone(file);
            } else {
                node.delete_pending = false;
                node.posix_delete_by = None;
            }
        }
    }

    /// A file object's last reference went: the node may go too.
    pub(crate) fn file_object_destroyed(&mut self, file: FileId) {
        if let Some(node) = self.storage.files.get_mut(file) {
            node.file_objects = node.file_objects.saturating_sub(1);
        }
        self.storage.collect(file);
        self.drop_caches_if_gone(file);
    }

    pub(crate) fn drop_caches_if_gone(&mut self, file: FileId) {
        if !self.storage.files.contains_key(file) {
            for h in &mut self.hosts {
                h.caches.remove(&file);
            }
        }
    }

    /// Whether a path names an existing file (for tests and dumps).
    pub fn file_exists(&self, host: usize, path: &str) -> bool {
        self.locate(host, path)
            .and_then(|(d, fp)| self.lookup_file(d, &fp))
            .is_ok()
    }

    /// The durable (on-disk) bytes of a file, up to its size: what survives a power loss.
    pub fn disk_contents(&self, host: usize, path: &str) -> Result<Vec<u8>> {
        let (d, fp) = self.locate(host, path)?;
        let file = self.lookup_file(d, &fp)?;
        let node = self
            .storage
            .files
            .get(file)
            .ok_or(NtStatus::OBJECT_NAME_NOT_FOUND)?;
        if node.size > MAX_ACCESS_LEN {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let mut out = Vec::new();
        copy_out(&mut out, 0, node.size, |p| *node.image.read(p));
        Ok(out)
    }
}

/// Appends `len` bytes from `start`, fetching each page with `page`.
fn copy_out(
    out: &mut Vec<u8>,
    start: u64,
    len: u64,
    mut page: impl FnMut(u64) -> crate::mm::page_store::Page,
) {
    let mut done = 0u64;
    while done < len {
        let at = start + done;
        let (index, lo) = (at / PAGE_SIZE, (at % PAGE_SIZE) as usize);
        let chunk = (PAGE_SIZE - lo as u64).min(len - done);
        let bytes = page(index);
        out.extend_from_slice(bytes.get(lo..lo + chunk as usize).unwrap_or(&[]));
        done += chunk;
    }
}
