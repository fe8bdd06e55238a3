//! Object security: security descriptors (owner, DACL, mandatory label), the SDDL text they are
//! written in, process tokens, and the access check made when a name is opened.
//!
//! Sources: MS docs "Security Descriptor String Format" and "ACE Strings" (SDDL), "Null DACLs
//! and Empty DACLs", "Mandatory Integrity Control" (no-write-up; "Objects that lack an integrity
//! label are treated as medium"), "Kernel object namespaces"; catalog J5-J8.
//!
//! What is modelled: allow and deny ACEs with generic or specific rights, a NULL DACL (full
//! access to everyone), an empty DACL (no access), the owner's implicit READ_CONTROL|WRITE_DAC,
//! the default DACL a token gives new objects (its user and SYSTEM, full access), and the
//! no-write-up mandatory policy. Not modelled: groups beyond the well-known ones below,
//! inheritance flags, SACL auditing, privileges that bypass checks.

use std::sync::Arc;

use super::object_type::ObjectType;
use crate::consts::*;
use crate::error::{codes, NtStatus, Result, Win32Error};
use crate::ps::{Integrity, ProcessSpec};

/// A security identifier, as winsection tells them apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Sid {
    Everyone,
    AuthenticatedUsers,
    Users,
    Interactive,
    System,
    Administrators,
    /// OWNER RIGHTS (`OW`) and CREATOR OWNER (`CO`): whoever owns the object.
    Owner,
    /// ALL APPLICATION PACKAGES (`AC`, S-1-15-2-1): every app container.
    AllApplicationPackages,
    /// A user account, by name (a scenario user) or SID string (an app container's
    /// `S-1-15-2-...` SID too).
    Account(String),
}

impl Sid {
    /// An SDDL alias (`WD`, `SY`, ...), a SID string, or an account name.
    pub fn parse(s: &str) -> Self {
        match s.to_uppercase().as_str() {
            "WD" | "S-1-1-0" | "EVERYONE" => Sid::Everyone,
            "AU" | "S-1-5-11" => Sid::AuthenticatedUsers,
            "BU" | "S-1-5-32-545" | "USERS" => Sid::Users,
            "IU" | "S-1-5-4" => Sid::Interactive,
            "SY" | "S-1-5-18" | "SYSTEM" => Sid::System,
            "BA" | "S-1-5-32-544" | "ADMINISTRATORS" => Sid::Administrators,
            "OW" | "S-1-3-4" | "CO" | "S-1-3-0" => Sid::Owner,
            "AC" | "S-1-15-2-1" => Sid::AllApplicationPackages,
            _ => Sid::Account(s.to_string()),
        }
    }

    /// Like [`Sid::parse`], but a two-letter upper-case text that is no SDDL alias (`WX`) is
    /// refused, as ConvertStringSecurityDescriptorToSecurityDescriptor refuses it (wine
    /// `advapi32/tests/security.c test_ConvertStringSecurityDescriptor`: an unknown SID string
    /// in an ACE is ERROR_INVALID_ACL) instead of becoming an account. Longer texts stay
    /// account names (winsection's extension, for the users a scenario declares).
    pub fn parse_strict(s: &str) -> Option<Self> {
        let sid = Sid::parse(s);
        let alias_like = s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
        if alias_like && matches!(sid, Sid::Account(_)) {
            None
        } else {
            Some(sid)
        }
    }
}

/// One access-control entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ace {
    pub allow: bool,
    /// Rights as written (GENERIC_* mapped at check time).
    pub mask: u32,
    pub sid: Sid,
}

/// An object's security descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SecurityDescriptor {
    pub owner: Sid,
    /// `None` is a NULL DACL: everyone has full access.
    pub dacl: Option<Vec<Ace>>,
    /// Mandatory label (no-write-up); unlabelled objects are medium.
    pub label: Integrity,
}

/// The parts of a process token an access check reads.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub user: String,
    pub integrity: Integrity,
    pub interactive: bool,
    /// The app-container SID of a process in an app container (a "lowbox" token).
    pub app_container: Option<String>,
}

impl Token {
    /// An app-container process's token is low integrity whatever the spec says (MS docs
    /// "AppContainer isolation": app containers run at low integrity).
    pub fn of(spec: &ProcessSpec) -> Self {
        let app_container = spec
            .app_container
            .as_deref()
            .map(super::app_container::app_container_sid);
        Token {
            user: spec.user.clone(),
            integrity: super::app_container::effective_integrity(spec),
            interactive: spec.session != 0,
            app_container,
        }
    }

    /// Whether `sid` names this token's app container, or all of them (the second pass of an
    /// app container's access check: MS docs "AppContainer isolation"; catalog J9).
    fn has_package(&self, sid: &Sid) -> bool {
        match (&self.app_container, sid) {
            (Some(_), Sid::AllApplicationPackages) => true,
            (Some(own), Sid::Account(s)) => own.eq_ignore_ascii_case(s),
            _ => false,
        }
    }

    /// Whether the token holds `sid`: Everyone, Authenticated Users and Users always; its
    /// user; Interactive outside session 0; SYSTEM at system integrity; Administrators when
    /// elevated (high or system integrity).
    pub fn has(&self, sid: &Sid) -> bool {
        match sid {
            Sid::Everyone | Sid::AuthenticatedUsers | Sid::Users => true,
            Sid::Interactive => self.interactive,
            Sid::System => self.integrity == Integrity::System,
            Sid::Administrators => self.integrity >= Integrity::High,
            Sid::Account(name) => name.eq_ignore_ascii_case(&self.user),
            // Only the package pass of an app container's check matches it.
            Sid::AllApplicationPackages => false,
            // Resolved against the descriptor's owner by `access_check`.
            Sid::Owner => false,
        }
    }

    fn owner_sid(&self) -> Sid {
        if self.integrity == Integrity::System {
            Sid::System
        } else {
            Sid::Account(self.user.clone())
        }
    }

    /// The descriptor a new object gets without an explicit one: owner and default DACL from
    /// the token (its user — or SYSTEM for a service — and SYSTEM, full access; for SYSTEM
    /// also Administrators), labelled low when a low-integrity process creates it.
    pub fn default_descriptor(&self) -> SecurityDescriptor {
        let mut dacl = vec![Ace {
            allow: true,
            mask: GENERIC_ALL,
            sid: self.owner_sid(),
        }];
        if let Some(package) = &self.app_container {
            // A lowbox token's default DACL also grants its own package (else the app could
            // not reopen what it made).
            dacl.push(Ace {
                allow: true,
                mask: GENERIC_ALL,
                sid: Sid::Account(package.clone()),
            });
        }
        if self.integrity == Integrity::System {
            dacl.push(Ace {
                allow: true,
                mask: GENERIC_ALL,
                sid: Sid::Administrators,
            });
        } else {
            dacl.push(Ace {
                allow: true,
                mask: GENERIC_ALL,
                sid: Sid::System,
            });
        }
        let label = if self.integrity == Integrity::Low {
            Integrity::Low
        } else {
            Integrity::Medium
        };
        SecurityDescriptor {
            owner: self.owner_sid(),
            dacl: Some(dacl),
            label,
        }
    }
}

/// Two-letter SDDL right codes (MS docs "ACE Strings").
const RIGHTS: &[(&str, u32)] = &[
    ("GA", GENERIC_ALL),
    ("GR", GENERIC_READ),
    ("GW", GENERIC_WRITE),
    ("GX", GENERIC_EXECUTE),
    ("RC", READ_CONTROL),
    ("SD", DELETE),
    ("WD", WRITE_DAC),
    ("WO", WRITE_OWNER),
    ("FA", FILE_ALL_ACCESS),
    ("FR", FILE_GENERIC_READ),
    ("FW", FILE_GENERIC_WRITE),
    ("FX", FILE_GENERIC_EXECUTE),
];

fn parse_rights(s: &str) -> Result<u32> {
    let bad = || -> crate::error::Win32Error { NtStatus::INVALID_PARAMETER.into() };
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).map_err(|_| bad());
    }
    let mut mask = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let code = rest.get(..2).ok_or_else(bad)?;
        let (_, bits) = RIGHTS
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .ok_or_else(bad)?;
        mask |= bits;
        rest = rest.get(2..).unwrap_or("");
    }
    Ok(mask)
}

/// Parses the SDDL text of a security descriptor: `O:owner`, `G:group` (ignored), `D:` DACL
/// (`(A;;rights;;;sid)` / `(D;...)` ACEs; `D:NO_ACCESS_CONTROL` for a NULL DACL; `D:` alone is
/// an empty DACL) and `S:(ML;;NW;;;LW)` mandatory labels. Missing parts come from `defaults`.
/// Malformed text is ERROR_INVALID_PARAMETER, as ConvertStringSecurityDescriptorToSecurity-
/// Descriptor answers; an unknown alias is ERROR_INVALID_ACL in an ACE, ERROR_INVALID_SID as
/// the owner. A descriptor without `D:` has no DACL of its own, so the new object gets the
/// creator token's default DACL (MS docs "DACLs for New Objects", steps 1-3: the DACL comes
/// from the creator's descriptor only when it has one) — the empty text `""` is such a
/// descriptor too. A NULL DACL (everyone has access) is written `D:NO_ACCESS_CONTROL`.
pub(crate) fn parse_sddl(text: &str, defaults: &SecurityDescriptor) -> Result<SecurityDescriptor> {
    let bad = || -> crate::error::Win32Error { NtStatus::INVALID_PARAMETER.into() };
    let mut sd = defaults.clone();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (tag, body) = rest.split_at_checked(2).ok_or_else(bad)?;
        // A part runs to the next `X:` tag outside parentheses.
        let mut depth = 0i32;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0
                    && i > 0
                    && body.get(i + 1..i + 2) == Some(":")
                    && "OGDS".contains(c) =>
                {
                    end = i;
                    break;
                }
                _ => {}
            }
            if depth < 0 {
                return Err(bad());
            }
        }
        let (part, next) = body.split_at_checked(end).ok_or_else(bad)?;
        rest = next;
        match tag.to_uppercase().as_str() {
            "O:" => {
                sd.owner = Sid::parse_strict(part)
                    .ok_or(Win32Error::from_code(codes::ERROR_INVALID_SID))?
            }
            "G:" => {}
            "D:" => sd.dacl = parse_acl(part)?,
            "S:" => {
                if let Some(level) = parse_label(part)? {
                    sd.label = level;
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(sd)
}

/// The ACEs of a DACL body (flags, then ACEs); `None` for NO_ACCESS_CONTROL.
fn parse_acl(body: &str) -> Result<Option<Vec<Ace>>> {
    let bad = || -> crate::error::Win32Error { NtStatus::INVALID_PARAMETER.into() };
    let first_ace = body.find('(').unwrap_or(body.len());
    let flags = body.get(..first_ace).unwrap_or("");
    if flags.contains("NO_ACCESS_CONTROL") {
        return Ok(None);
    }
    let mut aces = Vec::new();
    for ace in aces_of(body.get(first_ace..).unwrap_or(""))? {
        let fields: Vec<&str> = ace.split(';').collect();
        let [kind, _flags, rights, _obj, _inh, sid] = fields.as_slice() else {
            return Err(bad());
        };
        let allow = match kind.to_uppercase().as_str() {
            "A" => true,
            "D" => false,
            _ => return Err(bad()),
        };
        aces.push(Ace {
            allow,
            mask: parse_rights(rights)?,
            sid: Sid::parse_strict(sid).ok_or(Win32Error::from_code(codes::ERROR_INVALID_ACL))?,
        });
    }
    Ok(Some(aces))
}

/// The mandatory label of a SACL body, if it has one.
fn parse_label(body: &str) -> Result<Option<Integrity>> {
    let bad = || -> crate::error::Win32Error { NtStatus::INVALID_PARAMETER.into() };
    for ace in aces_of(
        body.get(body.find('(').unwrap_or(body.len())..)
            .unwrap_or(""),
    )? {
        let fields: Vec<&str> = ace.split(';').collect();
        let [kind, _, _, _, _, level] = fields.as_slice() else {
            return Err(bad());
        };
        if kind.eq_ignore_ascii_case("ML") {
            return Ok(Some(match level.to_uppercase().as_str() {
                "LW" | "S-1-16-4096" => Integrity::Low,
                "ME" | "S-1-16-8192" => Integrity::Medium,
                "HI" | "S-1-16-12288" => Integrity::High,
                "SI" | "S-1-16-16384" => Integrity::System,
                _ => return Err(bad()),
            }));
        }
    }
    Ok(None)
}

/// `(...)(...)` -> the texts inside the parentheses.
fn aces_of(s: &str) -> Result<Vec<&str>> {
    let bad = || -> crate::error::Win32Error { NtStatus::INVALID_PARAMETER.into() };
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('(').ok_or_else(bad)?;
        let close = inner.find(')').ok_or_else(bad)?;
        out.push(inner.get(..close).ok_or_else(bad)?);
        rest = inner.get(close + 1..).unwrap_or("").trim_start();
    }
    Ok(out)
}

/// Rights the no-write-up policy withholds from a lower-integrity caller: the type's generic
/// write rights (less READ_CONTROL, which is also a read right), DELETE, WRITE_DAC and
/// WRITE_OWNER (MS docs "Mandatory Integrity Control"; catalog J8).
fn write_rights(ty: ObjectType) -> u32 {
    (ty.map_generic(GENERIC_WRITE) & !READ_CONTROL) | DELETE | WRITE_DAC | WRITE_OWNER
}

/// What the ACEs matching `matches` grant, in order (a deny before an allow wins), plus
/// `implicit` (the owner's rights).
fn dacl_grant(aces: &[Ace], ty: ObjectType, implicit: u32, matches: impl Fn(&Sid) -> bool) -> u32 {
    let mut granted = implicit;
    let mut refused = 0u32;
    for ace in aces.iter().filter(|a| matches(&a.sid)) {
        // GENERIC_ALL grants every right of the type, FILE_MAP_EXECUTE's
        // SECTION_MAP_EXECUTE_EXPLICIT included (OpenFileMapping with FILE_MAP_EXECUTE
        // works for the creator: "File-mapping security and access rights").
        let mut mask = ty.map_generic(ace.mask);
        if ace.mask & GENERIC_ALL != 0 {
            mask |= ty.valid_access();
        }
        if ace.allow {
            granted |= mask & !refused;
        } else {
            refused |= mask & !granted;
        }
    }
    granted
}

/// The access check of an open: mandatory policy first, then the DACL. `desired` is already
/// generic-mapped; MAXIMUM_ALLOWED asks for whatever the DACL grants. Returns the granted
/// mask, or ERROR_ACCESS_DENIED.
pub(crate) fn access_check(
    sd: &SecurityDescriptor,
    token: &Token,
    ty: ObjectType,
    desired: u32,
    maximum_allowed: bool,
) -> Result<u32> {
    let denied = || -> crate::error::Win32Error { NtStatus::ACCESS_DENIED.into() };
    let mut withheld = 0;
    if token.integrity < sd.label {
        withheld = write_rights(ty);
        if desired & withheld != 0 {
            // No write-up (catalog J8).
            return Err(NtStatus::ACCESS_DENIED.by(crate::rule::RuleId::J8));
        }
    }
    let all = ty.valid_access();
    let grantable = match &sd.dacl {
        None => all,
        Some(aces) => {
            let owner = if token.has(&sd.owner) {
                READ_CONTROL | WRITE_DAC
            } else {
                0
            };
            let user_pass = dacl_grant(aces, ty, owner, |sid| match sid {
                Sid::Owner => token.has(&sd.owner),
                other => token.has(other),
            });
            if token.app_container.is_some() {
                // An app container's token passes two checks: its user and groups, then its
                // package (its own SID or ALL APPLICATION PACKAGES); it gets what both grant
                // (MS docs "AppContainer isolation"; catalog J9).
                user_pass & dacl_grant(aces, ty, 0, |sid| token.has_package(sid))
            } else {
                user_pass
            }
        }
    } & !withheld;
    if maximum_allowed {
        if grantable == 0 && desired == 0 {
            return Err(denied());
        }
        return Ok(grantable | desired);
    }
    if desired & !grantable != 0 {
        return Err(denied());
    }
    Ok(desired)
}

/// A process's memo of its last granted access check: the token, the descriptor (both held,
/// so their addresses cannot be reused while remembered), the object type and the access
/// asked, and what the check granted. Opening the same object again (or another object that
/// shares the descriptor: a process's objects share its default one) asks the same question,
/// and the answer is read back instead of walking the DACL again (issue #11).
///
/// Exact: `access_check` is a function of the descriptor's and the token's contents, the
/// type, the desired access and MAXIMUM_ALLOWED, and neither a descriptor nor a token changes
/// once built (an object gets a new descriptor as a new `Arc`; a process's token is built once
/// from its spec, which does not change after spawn — a rebuilt token would be a new `Arc`).
/// So equal pointers (compared while both are held) and equal arguments give the same answer.
/// Only grants are remembered: a refusal runs the full check each time, which carries its
/// rule (catalog J8) to the caller.
#[derive(Clone, Debug, Default)]
pub(crate) struct AccessMemo {
    last: Option<GrantedAccess>,
}

/// One remembered grant.
#[derive(Clone, Debug)]
struct GrantedAccess {
    token: Arc<Token>,
    descriptor: Arc<SecurityDescriptor>,
    ty: ObjectType,
    desired: u32,
    maximum_allowed: bool,
    granted: u32,
}

impl AccessMemo {
    /// `access_check(descriptor, token, ty, desired, maximum_allowed)`, read from the memo when
    /// it asked exactly this last time.
    pub fn check(
        &mut self,
        descriptor: &Arc<SecurityDescriptor>,
        token: &Arc<Token>,
        ty: ObjectType,
        desired: u32,
        maximum_allowed: bool,
    ) -> Result<u32> {
        if let Some(last) = &self.last {
            if Arc::ptr_eq(&last.descriptor, descriptor)
                && Arc::ptr_eq(&last.token, token)
                && last.ty == ty
                && last.desired == desired
                && last.maximum_allowed == maximum_allowed
            {
                return Ok(last.granted);
            }
        }
        let granted = access_check(descriptor, token, ty, desired, maximum_allowed)?;
        self.last = Some(GrantedAccess {
            token: Arc::clone(token),
            descriptor: Arc::clone(descriptor),
            ty,
            desired,
            maximum_allowed,
            granted,
        });
        Ok(granted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(user: &str, integrity: Integrity) -> Token {
        Token {
            user: user.into(),
            integrity,
            interactive: true,
            app_container: None,
        }
    }

    #[test]
    fn default_dacl_admits_the_creator_only() {
        let alice = token("alice", Integrity::Medium);
        let sd = alice.default_descriptor();
        let want = ObjectType::Section.map_generic(FILE_MAP_ALL_ACCESS);
        assert!(access_check(&sd, &alice, ObjectType::Section, want, false).is_ok());
        let bob = token("bob", Integrity::Medium);
        assert!(access_check(&sd, &bob, ObjectType::Section, SECTION_MAP_READ, false).is_err());
        assert_eq!(
            access_check(&sd, &bob, ObjectType::Section, 0, false),
            Ok(0)
        );
    }

    #[test]
    fn sddl_everyone_read_and_low_label() {
        let alice = token("alice", Integrity::Medium);
        let sd = parse_sddl("D:(A;;GR;;;WD)S:(ML;;NW;;;LW)", &alice.default_descriptor())
            .unwrap_or_else(|_| unreachable!());
        let low = token("bob", Integrity::Low);
        let read = ObjectType::Section.map_generic(GENERIC_READ);
        assert_eq!(
            access_check(&sd, &low, ObjectType::Section, read, false),
            Ok(read)
        );
        assert!(access_check(&sd, &low, ObjectType::Section, SECTION_MAP_WRITE, false).is_err());
        let empty =
            parse_sddl("D:", &alice.default_descriptor()).unwrap_or_else(|_| unreachable!());
        assert!(
            access_check(&empty, &alice, ObjectType::Section, SECTION_MAP_READ, false).is_err()
        );
        let null = parse_sddl("D:NO_ACCESS_CONTROL", &alice.default_descriptor())
            .unwrap_or_else(|_| unreachable!());
        assert!(access_check(&null, &low, ObjectType::Section, SECTION_MAP_READ, false).is_ok());
        assert!(parse_sddl("D:(A;;ZZ;;;WD)", &alice.default_descriptor()).is_err());
        assert!(parse_sddl("D:(A;;GA;;WD)", &alice.default_descriptor()).is_err());
    }

    #[test]
    fn medium_label_blocks_low_writers() {
        let alice = token("alice", Integrity::Medium);
        let mut sd = alice.default_descriptor();
        sd.dacl = None;
        let low = token("alice", Integrity::Low);
        assert!(access_check(&sd, &low, ObjectType::Section, SECTION_MAP_READ, false).is_ok());
        assert!(access_check(&sd, &low, ObjectType::Section, SECTION_MAP_WRITE, false).is_err());
    }

    #[test]
    fn the_memo_answers_as_the_full_check() {
        let alice = Arc::new(token("alice", Integrity::Medium));
        let bob = Arc::new(token("bob", Integrity::Low));
        let own = Arc::new(alice.default_descriptor());
        let shared = Arc::new(
            parse_sddl("D:(A;;GR;;;WD)S:(ML;;NW;;;LW)", &alice.default_descriptor())
                .unwrap_or_else(|_| unreachable!()),
        );
        let read = ObjectType::Section.map_generic(GENERIC_READ);
        let asks = [
            (SECTION_MAP_READ, false),
            (SECTION_MAP_WRITE, false),
            (read, false),
            (0, true),
            (SECTION_MAP_READ, true),
        ];
        let mut memo = AccessMemo::default();
        // Every ask twice in a row (the second from the memo when granted), in every order of
        // token, descriptor and type.
        for t in [&alice, &bob, &alice] {
            for sd in [&own, &shared, &own] {
                for ty in [ObjectType::Section, ObjectType::Event] {
                    for (desired, maximum) in asks {
                        let full = access_check(sd, t, ty, desired, maximum);
                        assert_eq!(memo.check(sd, t, ty, desired, maximum), full);
                        assert_eq!(memo.check(sd, t, ty, desired, maximum), full);
                    }
                }
            }
        }
        // An equal descriptor in another `Arc` is asked afresh (and agrees).
        let copy = Arc::new((*own).clone());
        assert_eq!(
            memo.check(&copy, &alice, ObjectType::Section, read, false),
            access_check(&copy, &alice, ObjectType::Section, read, false)
        );
    }
}
