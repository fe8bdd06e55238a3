//! App containers (Store/UWP processes): their SID and their own named-object directory.
//!
//! An app-container process's named objects live in
//! `\Sessions\<N>\AppContainerNamedObjects\<AppContainerSID>` (catalog J9; MS docs
//! "GetAppContainerNamedObjectPath": "Each app container has its own named object path").
//! That directory holds the same three links a session's BaseNamedObjects holds (`Global`,
//! `Local` -> itself, `Session`), so the app's unprefixed and `Local\` names land in its own
//! directory, and `Global\` leads to `\BaseNamedObjects`, where an app container can create
//! nothing (it runs at low integrity: catalog J3, J7) and opens only what a DACL grants it
//! (catalog J9). The session's BaseNamedObjects gets a link `AppContainerNamedObjects` to
//! `\Sessions\<N>\AppContainerNamedObjects`, so the relative path
//! `GetAppContainerNamedObjectPath` returns works as a name prefix for desktop processes.
//!
//! Both appear when the session's first app-container process starts, so a machine without
//! app containers has exactly the namespace it had before.

use sha2::{Digest, Sha256};

use super::namespace::{make_dir, make_link, Lookup, Namespace};
use super::object::{ObjectBody, ObjectId, ObjectTable};
use crate::error::{NtStatus, Result, Win32Error};
use crate::ps::Pid;
use crate::system::System;

/// The name of the per-session directory of app-container directories (and of the link to it
/// in the session's BaseNamedObjects).
pub const APP_CONTAINER_NAMED_OBJECTS: &str = "AppContainerNamedObjects";

/// The capability that allows executable memory through the FromApp calls (MS docs
/// "MapViewOfFileFromApp", "VirtualProtectFromApp"; catalog J10).
pub const CODE_GENERATION: &str = "codeGeneration";

/// The app-container SID of a package name, as `DeriveAppContainerSidFromAppContainerName`
/// makes it: `S-1-15-2-` and seven 32-bit sub-authorities taken (little-endian) from the
/// SHA-256 of the lower-cased name. The name is hashed as UTF-8 here (Windows hashes UTF-16);
/// the SID is a stable, distinct identifier either way, which is what the model needs.
pub fn app_container_sid(name: &str) -> String {
    let digest = Sha256::digest(name.to_lowercase().as_bytes());
    let mut sid = String::from("S-1-15-2");
    for chunk in digest.chunks_exact(4).take(7) {
        let word: [u8; 4] = chunk.try_into().unwrap_or_default();
        sid.push('-');
        sid.push_str(&u32::from_le_bytes(word).to_string());
    }
    sid
}

/// The integrity level a process's token has: low for an app container (app containers run
/// at low integrity: MS docs "AppContainer isolation"), else what its spec says.
pub fn effective_integrity(spec: &crate::ps::ProcessSpec) -> crate::ps::Integrity {
    if spec.app_container.is_some() {
        crate::ps::Integrity::Low
    } else {
        spec.integrity
    }
}

/// ` appcontainer=NAME sid=S-1-15-2-... capabilities=A,B` for a dump line (empty outside an
/// app container).
pub fn describe(spec: &crate::ps::ProcessSpec) -> String {
    let Some(name) = &spec.app_container else {
        return String::new();
    };
    let mut s = format!(" appcontainer={name} sid={}", app_container_sid(name));
    if !spec.capabilities.is_empty() {
        let caps: Vec<&str> = spec.capabilities.iter().map(String::as_str).collect();
        s.push_str(&format!(" capabilities={}", caps.join(",")));
    }
    s
}

impl Namespace {
    /// `\Sessions\<session>\AppContainerNamedObjects\<sid>`, made (with its links, and the
    /// session's `AppContainerNamedObjects` link) on first use.
    pub fn app_container_dir<B: ObjectBody>(
        &mut self,
        objects: &mut ObjectTable<B>,
        session: u32,
        sid: &str,
    ) -> ObjectId {
        let bno = self.session_bno(objects, session);
        let parent_path = format!(r"Sessions\{session}\{APP_CONTAINER_NAMED_OBJECTS}");
        let parent = match self.lookup_relative(objects, self.root, &parent_path) {
            Ok(Lookup::Found(dir)) => dir,
            _ => {
                let session_dir =
                    match self.lookup_relative(objects, self.root, &format!(r"Sessions\{session}"))
                    {
                        Ok(Lookup::Found(dir)) => dir,
                        // Session 0's BaseNamedObjects is `\BaseNamedObjects`: its app containers
                        // go under `\Sessions\0`, made here.
                        _ => {
                            let sessions =
                                match self.lookup_relative(objects, self.root, "Sessions") {
                                    Ok(Lookup::Found(dir)) => dir,
                                    _ => self.root,
                                };
                            make_dir(objects, sessions, &session.to_string())
                        }
                    };
                let dir = make_dir(objects, session_dir, APP_CONTAINER_NAMED_OBJECTS);
                // A name already taken in the session's BaseNamedObjects (an object made there
                // before the session's first app container) keeps its owner: no link then
                // (winsection's choice; on Windows the link exists from the session's start).
                let taken = matches!(
                    self.lookup_relative(objects, bno, APP_CONTAINER_NAMED_OBJECTS),
                    Ok(Lookup::Found(_))
                );
                if !taken {
                    make_link(
                        objects,
                        bno,
                        APP_CONTAINER_NAMED_OBJECTS,
                        format!(r"\{parent_path}"),
                    );
                }
                dir
            }
        };
        if let Ok(Lookup::Found(dir)) = self.lookup_relative(objects, parent, sid) {
            return dir;
        }
        let dir = make_dir(objects, parent, sid);
        let own = format!(r"\{parent_path}\{sid}");
        make_link(objects, dir, "Global", r"\BaseNamedObjects");
        make_link(objects, dir, "Local", own);
        make_link(objects, dir, "Session", r"\Sessions\BNOLINKS");
        dir
    }
}

impl System {
    /// `GetAppContainerNamedObjectPath`: the path of an app container's named-object
    /// directory relative to the caller's session namespace, `AppContainerNamedObjects\<SID>`
    /// (catalog J9). `sid` names the app container (a desktop caller asking for one); `None`
    /// asks for the caller's own, which a process outside an app container does not have
    /// (ERROR_INVALID_PARAMETER, emulator choice: the docs name no error).
    pub fn app_container_named_object_path(&self, pid: Pid, sid: Option<&str>) -> Result<String> {
        let process = self.live_process(pid)?;
        let sid = match sid {
            Some(s) if s.to_uppercase().starts_with("S-1-15-2-") => s.to_string(),
            Some(_) => return Err(NtStatus::INVALID_PARAMETER.into()),
            None => match &process.spec.app_container {
                Some(name) => app_container_sid(name),
                None => return Err(Win32Error::INVALID_PARAMETER),
            },
        };
        Ok(format!(r"{APP_CONTAINER_NAMED_OBJECTS}\{sid}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_is_stable_distinct_and_case_blind() {
        let a = app_container_sid("Contoso.App");
        assert!(a.starts_with("S-1-15-2-"));
        assert_eq!(a.split('-').count(), 11);
        assert_eq!(a, app_container_sid("contoso.app"));
        assert_ne!(a, app_container_sid("Fabrikam.App"));
    }
}
