//! The body of a kernel object: its type-specific part. Owned here, above the object manager,
//! the memory manager and the file system, because it names types of all three: `ob`'s object
//! table is generic over it ([`crate::ob::object::ObjectBody`]), so `ob` depends on neither `mm`
//! nor `io` (DESIGN.md "Layout"; issue #11).

use crate::io::file_object::FileObject;
use crate::mm::section::Section;
use crate::ob::object::{Directory, Job, ObjectBody, SymbolicLink};
use crate::ob::object_type::ObjectType;
use crate::ob::sync::{Event, Mutant, Semaphore, WaitableTimer};
use crate::ps::Pid;

/// A kernel object of this machine.
pub(crate) type Object = crate::ob::object::Object<Body>;

/// A host's object table.
pub(crate) type ObjectTable = crate::ob::object::ObjectTable<Body>;

// An object and its slot map version fill exactly one cache line (issue #11: a lookup that
// confirms a candidate by its name reads one line of its slot, not two).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Object>() == 56);
const _: () = assert!(crate::ob::object::slot_size::<Object>() == 64);

/// The type-specific part of an object.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Boxed, as the rarer large bodies are: every object's slot is as small as its common
    /// bodies (issue #11: host bytes per object, cache lines per lookup).
    Directory(Box<Directory>),
    SymbolicLink(Box<SymbolicLink>),
    Section(Box<Section>),
    Event(Event),
    Mutant(Mutant),
    Semaphore(Semaphore),
    WaitableTimer(WaitableTimer),
    Job(Job),
    Process(Pid),
    File(Box<FileObject>),
}

impl Body {
    pub fn object_type(&self) -> ObjectType {
        match self {
            Body::Directory(_) => ObjectType::Directory,
            Body::SymbolicLink(_) => ObjectType::SymbolicLink,
            Body::Section(_) => ObjectType::Section,
            Body::Event(_) => ObjectType::Event,
            Body::Mutant(_) => ObjectType::Mutant,
            Body::Semaphore(_) => ObjectType::Semaphore,
            Body::WaitableTimer(_) => ObjectType::WaitableTimer,
            Body::Job(_) => ObjectType::Job,
            Body::Process(_) => ObjectType::Process,
            Body::File(_) => ObjectType::File,
        }
    }
}

impl ObjectBody for Body {
    fn directory(&self) -> Option<&Directory> {
        match self {
            Body::Directory(d) => Some(d),
            _ => None,
        }
    }

    fn directory_mut(&mut self) -> Option<&mut Directory> {
        match self {
            Body::Directory(d) => Some(d),
            _ => None,
        }
    }

    fn symbolic_link(&self) -> Option<&SymbolicLink> {
        match self {
            Body::SymbolicLink(l) => Some(l),
            _ => None,
        }
    }

    fn from_directory(d: Directory) -> Self {
        Body::Directory(Box::new(d))
    }

    fn from_symbolic_link(l: SymbolicLink) -> Self {
        Body::SymbolicLink(Box::new(l))
    }

    fn permanent(&self) -> bool {
        match self {
            Body::Directory(d) => d.permanent,
            Body::SymbolicLink(l) => l.permanent,
            _ => false,
        }
    }

    fn make_permanent(&mut self) -> bool {
        match self {
            Body::Directory(d) => d.permanent = true,
            Body::SymbolicLink(l) => l.permanent = true,
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object's slot, and a section's box, stay small (issue #11: host bytes per named
    /// section + handle < 400 B; a lookup reads one object slot).
    #[test]
    fn object_and_section_sizes() {
        let sizes = (
            std::mem::size_of::<Body>(),
            std::mem::size_of::<Object>(),
            std::mem::size_of::<Section>(),
            std::mem::size_of::<crate::mm::page_map::PageMap<()>>(),
            std::mem::size_of::<crate::mm::page_store::PageStore>(),
        );
        // (body, object, section, page map, page store) on x86-64. The store's dense page
        // vector (mm/page_store.rs) costs a section 8 B more than the bare hash map did.
        assert!(
            sizes.0 <= 16 && sizes.1 <= 56 && sizes.2 <= 152 && sizes.4 <= 48,
            "{sizes:?}"
        );
    }
}
