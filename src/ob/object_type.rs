//! Object types: their names, their full-access masks and their generic mappings.
//!
//! A `GENERIC_*` right in a requested access is replaced by the type's specific rights before
//! anything is granted (`RtlMapGenericMask`); the values are winnt.h's and, for sections, MS docs
//! "File-mapping security and access rights" (catalog E1).

use crate::consts::*;

/// The kinds of kernel object winsection knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    /// `\BaseNamedObjects` and friends.
    Directory,
    /// `Global`, `Local`, `Session` links.
    SymbolicLink,
    /// A file mapping.
    Section,
    /// An event.
    Event,
    /// A mutex ("Mutant" in NT).
    Mutant,
    /// A semaphore.
    Semaphore,
    /// A waitable timer ("Timer" in NT).
    WaitableTimer,
    /// A job object.
    Job,
    /// A process.
    Process,
    /// An open file.
    File,
}

/// `GENERIC_MAPPING`: what each generic right means for one type.
#[derive(Clone, Copy, Debug)]
struct GenericMapping {
    read: u32,
    write: u32,
    execute: u32,
    all: u32,
}

impl ObjectType {
    /// The NT type name (`NtQueryObject(ObjectTypeInformation)`, catalog B16).
    pub fn nt_name(self) -> &'static str {
        match self {
            ObjectType::Directory => "Directory",
            ObjectType::SymbolicLink => "SymbolicLink",
            ObjectType::Section => "Section",
            ObjectType::Event => "Event",
            ObjectType::Mutant => "Mutant",
            ObjectType::Semaphore => "Semaphore",
            ObjectType::WaitableTimer => "Timer",
            ObjectType::Job => "Job",
            ObjectType::Process => "Process",
            ObjectType::File => "File",
        }
    }

    fn generic_mapping(self) -> GenericMapping {
        match self {
            ObjectType::Section => GenericMapping {
                read: STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
                write: STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
                execute: STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
                all: SECTION_ALL_ACCESS,
            },
            ObjectType::Event | ObjectType::Semaphore | ObjectType::WaitableTimer => {
                GenericMapping {
                    read: STANDARD_RIGHTS_READ | 0x1,
                    write: STANDARD_RIGHTS_WRITE | 0x2,
                    execute: STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
                    all: STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3,
                }
            }
            ObjectType::Mutant => GenericMapping {
                read: STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE,
                write: STANDARD_RIGHTS_WRITE,
                execute: STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
                all: MUTANT_ALL_ACCESS,
            },
            ObjectType::Job => GenericMapping {
                read: STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY,
                write: STANDARD_RIGHTS_WRITE
                    | JOB_OBJECT_ASSIGN_PROCESS
                    | JOB_OBJECT_SET_ATTRIBUTES
                    | JOB_OBJECT_TERMINATE
                    | JOB_OBJECT_SET_SECURITY_ATTRIBUTES,
                execute: STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
                all: JOB_OBJECT_ALL_ACCESS,
            },
            ObjectType::Directory => GenericMapping {
                read: STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                write: STANDARD_RIGHTS_WRITE
                    | DIRECTORY_CREATE_OBJECT
                    | DIRECTORY_CREATE_SUBDIRECTORY,
                execute: STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                all: DIRECTORY_ALL_ACCESS,
            },
            ObjectType::SymbolicLink => GenericMapping {
                read: STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY,
                write: STANDARD_RIGHTS_WRITE,
                execute: STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY,
                all: SYMBOLIC_LINK_ALL_ACCESS,
            },
            ObjectType::File => GenericMapping {
                read: FILE_GENERIC_READ,
                write: FILE_GENERIC_WRITE,
                execute: FILE_GENERIC_EXECUTE,
                all: FILE_ALL_ACCESS,
            },
            ObjectType::Process => GenericMapping {
                read: STANDARD_RIGHTS_READ | PROCESS_QUERY_INFORMATION | 0x10,
                write: STANDARD_RIGHTS_WRITE | 0x0BEA,
                execute: STANDARD_RIGHTS_EXECUTE
                    | SYNCHRONIZE
                    | PROCESS_QUERY_LIMITED_INFORMATION
                    | PROCESS_TERMINATE,
                all: PROCESS_ALL_ACCESS,
            },
        }
    }

    /// Every right this type defines (its `..._ALL_ACCESS`).
    pub fn all_access(self) -> u32 {
        self.generic_mapping().all
    }

    /// Replaces GENERIC_* bits by the type's specific rights (`RtlMapGenericMask`) and drops
    /// bits the type does not define, as the object manager does before granting.
    pub fn map_generic(self, access: u32) -> u32 {
        let m = self.generic_mapping();
        let mut out = access & !(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
        if access & GENERIC_READ != 0 {
            out |= m.read;
        }
        if access & GENERIC_WRITE != 0 {
            out |= m.write;
        }
        if access & GENERIC_EXECUTE != 0 {
            out |= m.execute;
        }
        if access & GENERIC_ALL != 0 {
            out |= m.all;
        }
        // MAXIMUM_ALLOWED is resolved by the access check, not by the mapping.
        out &= !MAXIMUM_ALLOWED;
        out & (self.valid_access() | ACCESS_SYSTEM_SECURITY_BIT)
    }

    /// The rights a handle of this type can hold: its full access, plus for sections the
    /// `SECTION_MAP_EXECUTE_EXPLICIT` (= FILE_MAP_EXECUTE) bit that SECTION_ALL_ACCESS leaves out.
    pub fn valid_access(self) -> u32 {
        match self {
            ObjectType::Section => SECTION_ALL_ACCESS | SECTION_MAP_EXECUTE_EXPLICIT,
            other => other.generic_mapping().all,
        }
    }
}

/// `ACCESS_SYSTEM_SECURITY`: kept through the mapping (needs a privilege we do not model).
const ACCESS_SYSTEM_SECURITY_BIT: u32 = 0x0100_0000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_generic_mapping_matches_file_mapping_security_doc() {
        // catalog E1: GENERIC_READ -> STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ.
        assert_eq!(ObjectType::Section.map_generic(GENERIC_READ), 0x2_0005);
        assert_eq!(ObjectType::Section.map_generic(GENERIC_WRITE), 0x2_0002);
        assert_eq!(
            ObjectType::Section.map_generic(GENERIC_ALL),
            SECTION_ALL_ACCESS
        );
        // Sections have no SYNCHRONIZE right (B15).
        assert_eq!(ObjectType::Section.map_generic(SYNCHRONIZE), 0);
        assert_eq!(
            ObjectType::Section.map_generic(FILE_MAP_EXECUTE),
            SECTION_MAP_EXECUTE_EXPLICIT
        );
    }
}
