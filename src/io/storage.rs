//! The disks of the network: one per host, each with its `C:` volume and any shares, holding
//! directories and files. A file's bytes on disk (its durable image) live in its `FileNode`;
//! cached bytes live in each host's `FileCache` (see `cache.rs`).

use std::collections::{BTreeMap, BTreeSet};

use slotmap::SlotMap;

use super::locks::ByteRangeLocks;
use crate::consts::PAGE_SIZE;
use crate::error::{NtStatus, Result};
use crate::mm::page_store::PageStore;

slotmap::new_key_type! {
    /// Key of a file in the storage of the network. Internal only.
    pub(crate) struct FileId;
}

/// One section over a file, as the file system sees it (for truncation, sharing and deletion
/// rules: catalog H1-H10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SectionUse {
    pub size: u64,
    pub writable: bool,
    pub image: bool,
}

/// A file: its size, its bytes on disk and the state the file system keeps about it.
#[derive(Clone, Debug)]
pub(crate) struct FileNode {
    /// The host whose disk holds it.
    pub disk: usize,
    /// Volume key and path key while linked in a directory; None once unlinked.
    pub link: Option<(String, String)>,
    /// The path as created (for dumps).
    pub display: String,
    /// File size (end of file). Metadata is durable: it survives a power loss.
    pub size: u64,
    /// The durable image: what a power loss leaves.
    pub image: PageStore,
    /// DeleteFile succeeded while handles were open: gone when the last handle closes.
    pub delete_pending: bool,
    /// File objects referencing the node (handles and sections keep them).
    pub file_objects: u32,
    /// The file objects with a handle open, keyed by (host, object), with their (access,
    /// share): what share-mode checks compare against, without scanning every object.
    pub open_instances: BTreeMap<(usize, crate::ob::object::ObjectId), (u32, u32)>,
    /// Live sections over the file, keyed by (host, section serial).
    pub sections: BTreeMap<(usize, u64), SectionUse>,
    /// Byte-range locks.
    pub locks: ByteRangeLocks,
    /// The file object whose FileDispositionInfoEx set FILE_DISPOSITION_FLAG_POSIX_SEMANTICS
    /// with the delete: the name goes when that object's last handle closes, even while other
    /// handles stay open (`io/file_information.rs`). Only ever set while `delete_pending`.
    pub posix_delete_by: Option<(usize, crate::ob::object::ObjectId)>,
}

impl FileNode {
    /// Bytes of disk the file occupies (whole 4 KiB clusters).
    pub fn allocation(&self) -> u64 {
        allocation_of(self.size)
    }

    /// Whether shrinking the file is refused: `MmCanFileBeTruncated` returns FALSE when "An
    /// image section exists" or "One or more users hold references to the data section for the
    /// file, and NewFileSize <= the current file size" (MS docs; catalog H4-H7). So any shrink
    /// fails while a section exists — also back to the section's own size (Wine 8 oracle
    /// `setendoffile_shrink_to_section_size_with_view` agrees with the doc).
    pub fn truncation_blocked(&self) -> bool {
        !self.sections.is_empty()
    }

    /// A user-writable data section exists (`MmDoesFileHaveUserWritableReferences`, H1).
    pub fn has_writable_section(&self) -> bool {
        self.sections.values().any(|s| s.writable && !s.image)
    }

    /// An image section exists (H3, H10).
    pub fn has_image_section(&self) -> bool {
        self.sections.values().any(|s| s.image)
    }
}

/// Whole clusters for `size` bytes.
pub(crate) fn allocation_of(size: u64) -> u64 {
    size.div_ceil(PAGE_SIZE).saturating_mul(PAGE_SIZE)
}

/// A volume: `C:` or a share.
#[derive(Clone, Debug, Default)]
pub(crate) struct Volume {
    /// Directory keys (`\`, `\DIR`, ...).
    pub dirs: BTreeSet<String>,
    /// File keys -> files.
    pub files: BTreeMap<String, FileId>,
}

/// One host's disk.
#[derive(Clone, Debug)]
pub(crate) struct Disk {
    /// Capacity in bytes (None: unlimited).
    pub capacity: Option<u64>,
    /// Bytes allocated to files.
    pub used: u64,
    /// Volume key (`C:`, a share name in upper case) -> volume.
    pub volumes: BTreeMap<String, Volume>,
}

impl Disk {
    pub fn new(capacity: Option<u64>) -> Self {
        let mut volumes = BTreeMap::new();
        volumes.insert("C:".to_string(), Volume::with_root());
        Disk {
            capacity,
            used: 0,
            volumes,
        }
    }

    /// The volume, created on first use for shares (every share exists implicitly).
    pub fn volume_mut(&mut self, key: &str) -> &mut Volume {
        self.volumes
            .entry(key.to_string())
            .or_insert_with(Volume::with_root)
    }

    pub fn volume(&self, key: &str) -> Option<&Volume> {
        self.volumes.get(key)
    }

    /// Reserves room for a file growing from `old` to `new` bytes, or ERROR_DISK_FULL
    /// (CreateFileMappingW doc: growth that cannot happen fails with ERROR_DISK_FULL; D6).
    pub fn resize(&mut self, old: u64, new: u64) -> Result<()> {
        let (old, new) = (allocation_of(old), allocation_of(new));
        let used = self
            .used
            .saturating_sub(old)
            .checked_add(new)
            .ok_or(NtStatus::DISK_FULL)?;
        if new > old && self.capacity.is_some_and(|c| used > c) {
            return Err(NtStatus::DISK_FULL.into());
        }
        self.used = used;
        Ok(())
    }
}

impl Volume {
    fn with_root() -> Self {
        let mut v = Volume::default();
        v.dirs.insert("\\".to_string());
        v
    }
}

/// Every disk and file of the network.
#[derive(Clone, Debug)]
pub(crate) struct Storage {
    pub files: SlotMap<FileId, FileNode>,
    /// Indexed by host id.
    pub disks: Vec<Disk>,
}

impl Storage {
    pub fn new(capacity: Option<u64>) -> Self {
        Storage {
            files: SlotMap::with_key(),
            disks: vec![Disk::new(capacity)],
        }
    }

    /// Creates a file node linked at `key` in a volume of `disk`; the caller has reserved its
    /// disk space.
    pub fn create(
        &mut self,
        disk: usize,
        volume: &str,
        key: &str,
        display: String,
        size: u64,
        image: PageStore,
    ) -> FileId {
        let id = self.files.insert(FileNode {
            disk,
            link: Some((volume.to_string(), key.to_string())),
            display,
            size,
            image,
            delete_pending: false,
            file_objects: 0,
            open_instances: BTreeMap::new(),
            sections: BTreeMap::new(),
            locks: ByteRangeLocks::default(),
            posix_delete_by: None,
        });
        if let Some(d) = self.disks.get_mut(disk) {
            d.volume_mut(volume).files.insert(key.to_string(), id);
        }
        id
    }

    /// Unlinks a file from its directory; the node itself goes when nothing references it.
    pub fn unlink(&mut self, id: FileId) {
        let Some(node) = self.files.get_mut(id) else {
            return;
        };
        if let Some((volume, key)) = node.link.take() {
            if let Some(v) = self
                .disks
                .get_mut(node.disk)
                .and_then(|d| d.volumes.get_mut(&volume))
            {
                v.files.remove(&key);
            }
        }
        node.delete_pending = false;
        node.posix_delete_by = None;
        self.collect(id);
    }

    /// Removes an unlinked node that no file object references, returning its disk space.
    pub fn collect(&mut self, id: FileId) {
        let dead = self
            .files
            .get(id)
            .is_some_and(|n| n.link.is_none() && n.file_objects == 0);
        if dead {
            if let Some(node) = self.files.remove(id) {
                if let Some(d) = self.disks.get_mut(node.disk) {
                    let _ = d.resize(node.size, 0);
                }
            }
        }
    }
}
