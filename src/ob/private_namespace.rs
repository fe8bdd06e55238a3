//! Private namespaces: boundary descriptors, `CreatePrivateNamespace`,
//! `OpenPrivateNamespace`, `ClosePrivateNamespace`, and `alias\name` object names.
//!
//! Sources: MS docs CreatePrivateNamespaceW ("To create an object in this namespace, specify
//! the object name as prefix\objectname"; "The system supports multiple private namespaces with
//! the same name, as long as they define different boundaries"; "After the namespace handle is
//! closed, subsequent calls to OpenPrivateNamespace fail, but all operations on objects in the
//! namespace succeed"), ClosePrivateNamespace (PRIVATE_NAMESPACE_FLAG_DESTROY), MS docs "Object
//! Namespaces"; microsoft/service-fabric `PrivateNamespace.cs` (create of an existing namespace:
//! NULL + ERROR_ALREADY_EXISTS; open of a missing one: ERROR_PATH_NOT_FOUND). Catalog J11-J14.
//!
//! Model: a namespace is a directory object named `alias|boundary` in a hidden directory of
//! the host; like any temporary object its name lives as long as its handles, which is exactly
//! J14. A process resolves `alias\name` through the private namespaces it holds handles to.

use super::handle_table::Handle;
use super::namespace::Lookup;
use super::object::{Directory, ObjectId};
use super::object_type::ObjectType;
use crate::consts::*;
use crate::error::{NtStatus, Result, Win32Error};
use crate::object_body::Body;
use crate::ps::{Integrity, Pid};
use crate::system::System;

/// A boundary descriptor: a name and the SIDs a process must have to create the namespace.
/// It is a user-mode structure (the HANDLE is a heap pointer), kept per process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundaryDescriptor {
    /// `CreateBoundaryDescriptorW` name.
    pub name: String,
    /// SIDs added with `AddSIDToBoundaryDescriptor`, as given.
    pub sids: Vec<String>,
}

impl BoundaryDescriptor {
    /// The identity two descriptors share when they describe the same boundary.
    fn key(&self) -> String {
        let mut sids: Vec<String> = self.sids.iter().map(|s| s.to_uppercase()).collect();
        sids.sort();
        format!("{}|{}", self.name, sids.join(","))
    }
}

/// Where boundary descriptors "live" in a process's heap (fake, deterministic addresses).
const BOUNDARY_HEAP: u64 = 0x0000_0002_0000_0000;

impl System {
    /// `CreateBoundaryDescriptorW`: returns the descriptor's (fake heap) address.
    pub fn create_boundary_descriptor(&mut self, pid: Pid, name: &str) -> Result<u64> {
        let process = self.live_process_mut(pid)?;
        let next = match process.boundaries.keys().next_back() {
            Some(last) => last.checked_add(0x100).ok_or(NtStatus::NO_MEMORY)?,
            None => BOUNDARY_HEAP,
        };
        process.boundaries.insert(
            next,
            BoundaryDescriptor {
                name: name.into(),
                sids: Vec::new(),
            },
        );
        Ok(next)
    }

    /// `AddSIDToBoundaryDescriptor`: a SID string (`S-1-...`) or a well-known account name.
    pub fn add_sid_to_boundary(&mut self, pid: Pid, bd: u64, sid: &str) -> Result<()> {
        if sid.is_empty() {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let process = self.live_process_mut(pid)?;
        let b = process
            .boundaries
            .get_mut(&bd)
            .ok_or(NtStatus::INVALID_PARAMETER)?;
        b.sids.push(sid.into());
        Ok(())
    }

    /// `DeleteBoundaryDescriptor`.
    pub fn delete_boundary_descriptor(&mut self, pid: Pid, bd: u64) -> Result<()> {
        let process = self.live_process_mut(pid)?;
        process
            .boundaries
            .remove(&bd)
            .map(|_| ())
            .ok_or_else(|| NtStatus::INVALID_PARAMETER.into())
    }

    /// Whether the caller's token holds a SID: Everyone always; its user; Administrators and
    /// SYSTEM by integrity (elevated, system); `S-1-16-N` integrity labels up to its own.
    fn token_has_sid(&self, pid: Pid, sid: &str) -> bool {
        let Ok(p) = self.live_process(pid) else {
            return false;
        };
        let il = p.spec.integrity;
        match sid.to_uppercase().as_str() {
            "EVERYONE" | "S-1-1-0" => true,
            "ADMINISTRATORS" | "S-1-5-32-544" => il >= Integrity::High,
            "SYSTEM" | "S-1-5-18" => il == Integrity::System,
            "S-1-16-4096" => il >= Integrity::Low,
            "S-1-16-8192" => il >= Integrity::Medium,
            "S-1-16-12288" => il >= Integrity::High,
            "S-1-16-16384" => il == Integrity::System,
            other => other.eq_ignore_ascii_case(&p.spec.user),
        }
    }

    fn namespace_key(&self, pid: Pid, bd: u64, alias: &str) -> Result<String> {
        if alias.is_empty() || alias.contains('\\') {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let b = self
            .live_process(pid)?
            .boundaries
            .get(&bd)
            .ok_or(NtStatus::INVALID_PARAMETER)?;
        Ok(format!("{alias}|{}", b.key()))
    }

    /// `CreatePrivateNamespaceW`: the caller must be inside the boundary (every SID in its
    /// token, else ERROR_ACCESS_DENIED); an existing (alias, boundary) is NULL +
    /// ERROR_ALREADY_EXISTS — it is not opened (catalog J11, J12).
    pub fn create_private_namespace(&mut self, pid: Pid, bd: u64, alias: &str) -> Result<Handle> {
        let key = self.namespace_key(pid, bd, alias)?;
        let sids = self
            .live_process(pid)?
            .boundaries
            .get(&bd)
            .map(|b| b.sids.clone())
            .unwrap_or_default();
        if !sids.iter().all(|s| self.token_has_sid(pid, s)) {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        // The handle slot is reserved before the directory is made and named: a full handle
        // table must leave no namespace behind (issue 15; the section and file paths do the
        // same in `create_or_open` / `create_file`).
        self.reserve_handle_slot(pid)?;
        let host_id = self.live_process(pid)?.spec.host;
        let host = self.host_mut(host_id)?;
        let root = host.namespace.private_root;
        match host.namespace.lookup_relative(&host.objects, root, &key) {
            Ok(Lookup::Found(_)) => {
                return Err(NtStatus::OBJECT_NAME_COLLISION.by(crate::rule::RuleId::J12))
            }
            Ok(Lookup::Missing { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let dir = Directory {
            alias: Some(alias.into()),
            ..Directory::default()
        };
        let id = host.objects.insert(Body::Directory(Box::new(dir)), false);
        host.objects.link_name(id, root, &key);
        let h = self.add_handle(pid, id, DIRECTORY_ALL_ACCESS, false)?;
        self.hit(crate::rule::RuleId::J11);
        Ok(h)
    }

    /// `OpenPrivateNamespaceW`: a namespace nobody holds open any more, or never created, is
    /// ERROR_PATH_NOT_FOUND (catalog J13, J14).
    pub fn open_private_namespace(&mut self, pid: Pid, bd: u64, alias: &str) -> Result<Handle> {
        let key = self.namespace_key(pid, bd, alias)?;
        let host_id = self.live_process(pid)?.spec.host;
        let host = self.host_ref(host_id)?;
        let root = host.namespace.private_root;
        match host.namespace.lookup_relative(&host.objects, root, &key) {
            Ok(Lookup::Found(id)) => self.add_handle(pid, id, DIRECTORY_ALL_ACCESS, false),
            _ => Err(NtStatus::OBJECT_PATH_NOT_FOUND.by(crate::rule::RuleId::J13)),
        }
    }

    /// `ClosePrivateNamespace`: closes the handle; PRIVATE_NAMESPACE_FLAG_DESTROY also removes
    /// the namespace at once, so it can no longer be opened (objects in it keep working).
    pub fn close_private_namespace(&mut self, pid: Pid, handle: Handle, flags: u32) -> Result<()> {
        if flags & !PRIVATE_NAMESPACE_FLAG_DESTROY != 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (id, _) = self.resolve_typed(pid, handle, ObjectType::Directory)?;
        let host_id = self.live_process(pid)?.spec.host;
        let is_private = matches!(
            self.host_ref(host_id)?.objects.get(id).map(|o| &o.body),
            Some(Body::Directory(d)) if d.alias.is_some()
        );
        if !is_private {
            return Err(Win32Error::INVALID_HANDLE);
        }
        if flags & PRIVATE_NAMESPACE_FLAG_DESTROY != 0 {
            self.host_mut(host_id)?.objects.unlink(id);
        }
        self.close_handle(pid, handle)?;
        // Closing (and destroying) a private namespace (catalog J14).
        self.hit(crate::rule::RuleId::J14);
        Ok(())
    }

    /// The private namespace directory a process reaches as `alias` (through its handles).
    pub(crate) fn private_namespace_dir(&self, pid: Pid, alias: &str) -> Option<ObjectId> {
        let p = self.live_process(pid).ok()?;
        let host = self.hosts.get(p.spec.host)?;
        // Only when a private namespace with this alias exists are the handles looked at.
        if !host.objects.has_private_alias(alias) {
            return None;
        }
        p.handles.iter().map(|(_, e)| e.object).find(|id| {
            matches!(
                host.objects.get(*id).map(|o| &o.body),
                Some(Body::Directory(d)) if d.alias.as_deref() == Some(alias)
            )
        })
    }
}
