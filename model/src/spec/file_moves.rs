//! `CopyFileW` and `MoveFileExW` on the model's one volume (MS docs CopyFileW, MoveFileExW;
//! catalog H11, H25). Every check runs before anything changes, so a failed call changes
//! nothing.

use super::files::{parse_path, share_conflict};
use super::*;

/// MOVEFILE_WRITE_THROUGH (winbase.h): accepted, metadata is written at once anyway.
const MOVEFILE_WRITE_THROUGH: u32 = 0x8;

/// Every share mode.
const SHARE_ALL: u32 = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

/// Where a path leads in the root directory: None for the root itself, else the path key, or
/// ERROR_PATH_NOT_FOUND below a directory that does not exist (the model's volume has only
/// its root).
fn entry(components: &[String]) -> Result<Option<String>, u32> {
    match components {
        [] => Ok(None),
        [name] => Ok(Some(name.clone())),
        _ => Err(ERROR_PATH_NOT_FOUND),
    }
}

impl Model {
    /// The file a path names: the root is a directory (STATUS_FILE_IS_A_DIRECTORY ->
    /// ERROR_ACCESS_DENIED), a missing one ERROR_FILE_NOT_FOUND.
    fn linked_file(&self, components: &[String]) -> Result<u64, u32> {
        let key = entry(components)?.ok_or(ERROR_ACCESS_DENIED)?;
        self.links.get(&key).copied().ok_or(ERROR_FILE_NOT_FOUND)
    }

    /// The node of a file, unless it is delete-pending (STATUS_DELETE_PENDING ->
    /// ERROR_ACCESS_DENIED).
    fn live_node(&self, node: u64) -> Result<&FileNode, u32> {
        match self.files.get(&node) {
            Some(n) if n.delete_pending => Err(ERROR_ACCESS_DENIED),
            Some(n) => Ok(n),
            None => Err(ERROR_FILE_NOT_FOUND),
        }
    }

    /// `CopyFileW(from, to, fail_if_exists)` (engine `io/copy.rs`, after Wine's `CopyFileExW`,
    /// which reads the source with FILE_SHARE_READ | FILE_SHARE_DELETE and writes the target
    /// CREATE_ALWAYS with no sharing). Order: NULL paths (ERROR_INVALID_PARAMETER); both
    /// paths' syntax; the source (directory ERROR_ACCESS_DENIED, missing ERROR_FILE_NOT_FOUND,
    /// delete-pending ERROR_ACCESS_DENIED, open for writing or deleting by a handle that does
    /// not share it ERROR_SHARING_VIOLATION); the target's path; then an existing target:
    /// `fail_if_exists` ERROR_FILE_EXISTS, the source itself ERROR_SHARING_VIOLATION,
    /// delete-pending ERROR_ACCESS_DENIED, any open with read, write or delete access
    /// ERROR_SHARING_VIOLATION, a section ERROR_USER_MAPPED_FILE (CREATE_ALWAYS over a mapped
    /// file; H7). The target is replaced by a new file with the source's first `size` bytes
    /// (bytes a view left past the end are not file data).
    pub fn copy_file(
        &mut self,
        pid: u32,
        from: Option<&str>,
        to: Option<&str>,
        fail_if_exists: bool,
    ) -> Result<(), u32> {
        let (Some(from), Some(to)) = (from, to) else {
            return Err(ERROR_INVALID_PARAMETER);
        };
        self.live(pid)?;
        let (src, dst) = (parse_path(from)?, parse_path(to)?);
        let source = self.linked_file(&src)?;
        let s = self.live_node(source)?;
        let (size, bytes) = (s.size, s.bytes.clone());
        if share_conflict(
            &self.open_instances(source),
            FILE_READ_DATA,
            FILE_SHARE_READ | FILE_SHARE_DELETE,
        ) {
            return Err(ERROR_SHARING_VIOLATION);
        }
        let key = entry(&dst)?.ok_or(ERROR_ACCESS_DENIED)?;
        let existing = self.links.get(&key).copied();
        if let Some(target) = existing {
            if fail_if_exists {
                return Err(ERROR_FILE_EXISTS);
            }
            if target == source {
                return Err(ERROR_SHARING_VIOLATION);
            }
            let t = self.live_node(target)?;
            if share_conflict(&self.open_instances(target), FILE_WRITE_DATA, 0) {
                return Err(ERROR_SHARING_VIOLATION);
            }
            if !t.sections.is_empty() {
                return Err(ERROR_USER_MAPPED_FILE);
            }
            self.unlink_file(target);
        }
        let data = bytes.into_iter().filter(|(o, _)| *o < size).collect();
        self.link_new_file(key, size, data);
        Ok(())
    }

    /// `MoveFileExW(from, to, flags)` (engine `io/move_ex.rs`). Order: NULL paths and flags
    /// other than MOVEFILE_REPLACE_EXISTING, MOVEFILE_COPY_ALLOWED and MOVEFILE_WRITE_THROUGH
    /// (ERROR_INVALID_PARAMETER); both paths' syntax; the source as CopyFileW finds it. With
    /// MOVEFILE_REPLACE_EXISTING: a directory target is ERROR_ACCESS_DENIED (H25); an existing
    /// file other than the source is removed first, unless the source is delete-pending
    /// (ERROR_ACCESS_DENIED) or open without FILE_SHARE_DELETE (ERROR_SHARING_VIOLATION), or
    /// the target is delete-pending, open by any handle or used by a section (all
    /// ERROR_ACCESS_DENIED: NT's rename with ReplaceIfExists refuses an open target,
    /// STATUS_CANNOT_DELETE for a mapped one). Then the rename (MoveFileW's rules): a
    /// delete-pending source ERROR_ACCESS_DENIED, a source open without FILE_SHARE_DELETE
    /// ERROR_SHARING_VIOLATION, a missing target directory ERROR_PATH_NOT_FOUND, a taken name
    /// (the root, another file) ERROR_ALREADY_EXISTS; a mapped file can be renamed (H11); a
    /// name onto itself is a rename to itself.
    pub fn move_file_ex(
        &mut self,
        pid: u32,
        from: Option<&str>,
        to: Option<&str>,
        flags: u32,
    ) -> Result<(), u32> {
        let (Some(from), Some(to)) = (from, to) else {
            return Err(ERROR_INVALID_PARAMETER);
        };
        let known = MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED | MOVEFILE_WRITE_THROUGH;
        if flags & !known != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        self.live(pid)?;
        let (src, dst) = (parse_path(from)?, parse_path(to)?);
        let source = self.linked_file(&src)?;
        if flags & MOVEFILE_REPLACE_EXISTING != 0 {
            match entry(&dst) {
                Ok(None) => return Err(ERROR_ACCESS_DENIED),
                Ok(Some(key)) => {
                    if let Some(target) = self.links.get(&key).copied() {
                        if target != source {
                            self.check_target_replaceable(source, target)?;
                            self.unlink_file(target);
                        }
                    }
                }
                // A missing directory is the rename's to report.
                Err(_) => {}
            }
        }
        let n = self.live_node(source)?;
        let from_key = n.key.clone();
        if share_conflict(&self.open_instances(source), DELETE, SHARE_ALL) {
            return Err(ERROR_SHARING_VIOLATION);
        }
        let key = entry(&dst)?;
        let taken = key.as_ref().is_none_or(|k| self.links.contains_key(k));
        let onto_itself = key.is_some() && key == from_key;
        let Some(key) = key.filter(|_| !taken || onto_itself) else {
            return Err(ERROR_ALREADY_EXISTS);
        };
        if let Some(old) = from_key {
            self.links.remove(&old);
        }
        self.links.insert(key.clone(), source);
        if let Some(n) = self.files.get_mut(&source) {
            n.key = Some(key);
        }
        Ok(())
    }

    /// What removing `target` for a MOVEFILE_REPLACE_EXISTING rename of `source` refuses.
    fn check_target_replaceable(&self, source: u64, target: u64) -> Result<(), u32> {
        self.live_node(source)?;
        if share_conflict(&self.open_instances(source), DELETE, SHARE_ALL) {
            return Err(ERROR_SHARING_VIOLATION);
        }
        let t = self.live_node(target)?;
        if !self.open_instances(target).is_empty() || !t.sections.is_empty() {
            return Err(ERROR_ACCESS_DENIED);
        }
        Ok(())
    }
}
