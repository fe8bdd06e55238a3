//! Processes: creation with handle inheritance, and exit (catalog I4, I6, G10, J15).

use super::*;

impl Model {
    /// Starts a process in `session` (J15: the session decides the default namespace; a
    /// session's directories appear with its first process — engine choice, A6 flag).
    /// With a parent and `inherit_handles`, every inheritable handle of the parent is copied at
    /// the same value with the same access and the inherit flag (I6, MS docs "Handle
    /// Inheritance"); otherwise the child starts with an empty table (I4). Pids are multiples
    /// of 4 from 0x100 (engine choice). A process in an app container gets its container's
    /// named-object directory, made with the first process of that container in the session
    /// (catalog J9).
    pub fn spawn(
        &mut self,
        session: u32,
        create_global: bool,
        parent: Option<u32>,
        inherit_handles: bool,
        app_container: Option<(usize, bool)>,
    ) -> Result<u32, u32> {
        let inherited: Vec<(u64, handles::HandleEntry)> = match parent {
            Some(ppid) => {
                let p = self.live(ppid)?;
                if inherit_handles {
                    p.handles
                        .iter()
                        .filter(|(_, e)| e.inherit)
                        .map(|(s, e)| (*s, *e))
                        .collect()
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        };
        self.sessions.insert(session);
        if let Some((k, _)) = app_container {
            // The session's first app container links `AppContainerNamedObjects` into the
            // session's BaseNamedObjects, unless an object already holds that name there
            // (engine choice; on Windows the link exists from the session's start).
            let first = !self.app_containers.iter().any(|(s, _)| *s == session);
            let bno = names::session_dir(session);
            let name = (bno, names::APP_CONTAINER_NAMED_OBJECTS.to_string());
            if first && !self.names.contains_key(&name) {
                self.app_container_links.insert(session);
            }
            self.app_containers.insert((session, k));
        }
        let index = u32::try_from(self.procs.len()).map_err(|_| ERROR_NO_SYSTEM_RESOURCES)?;
        let pid = index
            .checked_mul(4)
            .and_then(|o| o.checked_add(FIRST_PID))
            .ok_or(ERROR_NO_SYSTEM_RESOURCES)?;
        let object = self.insert_object(ObjKind::Process(pid));
        self.add_kernel_ref(object);
        let mut handles = BTreeMap::new();
        for (slot, entry) in inherited {
            if let Some(o) = self.objects.get_mut(&entry.object) {
                o.handle_count = o.handle_count.saturating_add(1);
            }
            handles.insert(slot, entry);
        }
        self.procs.push(Proc {
            pid,
            session,
            create_global,
            package: app_container.map(|(k, _)| k),
            code_generation: app_container.is_some_and(|(_, c)| c),
            alive: true,
            object,
            handles,
            views: BTreeMap::new(),
            private: BTreeMap::new(),
            last_error: 0,
        });
        Ok(pid)
    }

    /// G10: process exit closes every handle (protected ones too) and unmaps every view and frees its private memory —
    /// handles first, in value order, then views in address order (engine choice for the
    /// order) — so names owned only by the process vanish and file holds are released.
    pub fn exit_process(&mut self, pid: u32) -> Result<(), u32> {
        self.live(pid)?;
        let (handles, views, private, object) = {
            let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
            p.alive = false;
            (
                std::mem::take(&mut p.handles),
                std::mem::take(&mut p.views),
                std::mem::take(&mut p.private),
                p.object,
            )
        };
        for (_, e) in handles {
            self.release_handle_ref(e.object);
        }
        for (_, v) in views {
            self.release_kernel_ref(v.section);
        }
        // Private memory gives its commit back.
        for (_, r) in private {
            self.uncharge(r.committed_pages(0, r.pages()));
        }
        self.release_kernel_ref(object);
        Ok(())
    }
}
