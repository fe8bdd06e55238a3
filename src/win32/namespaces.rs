//! Private namespaces: CreateBoundaryDescriptorW, AddSIDToBoundaryDescriptor,
//! DeleteBoundaryDescriptor, CreatePrivateNamespaceW, OpenPrivateNamespaceW,
//! ClosePrivateNamespace (catalog J11-J14).

#![allow(non_snake_case)]

use super::*;

impl Win32<'_> {
    /// `CreateBoundaryDescriptorW`: a boundary descriptor (a user-mode structure; the HANDLE
    /// is its address). `Flags` must be 0.
    pub fn CreateBoundaryDescriptorW(&mut self, Name: Option<&str>, Flags: u32) -> HANDLE {
        self.call(
            "CreateBoundaryDescriptorW",
            format_args!("{Name:?}, {Flags:#x}"),
            0,
            |s, p| {
                let name = Name.ok_or(Win32Error::INVALID_PARAMETER)?;
                if Flags != 0 {
                    return Err(Win32Error::INVALID_PARAMETER);
                }
                s.create_boundary_descriptor(p, c_str(name))
                    .map(|a| a as HANDLE)
            },
        )
    }

    /// `AddSIDToBoundaryDescriptor(&bd, sid)`; the SID is a string (`S-1-1-0`, `Everyone`).
    pub fn AddSIDToBoundaryDescriptor(
        &mut self,
        BoundaryDescriptor: &mut HANDLE,
        RequiredSid: &str,
    ) -> BOOL {
        let bd = *BoundaryDescriptor;
        self.call(
            "AddSIDToBoundaryDescriptor",
            format_args!("{bd:#x}, {RequiredSid:?}"),
            0,
            |s, p| s.add_sid_to_boundary(p, bd as u64, RequiredSid).map(|()| 1),
        )
    }

    /// `DeleteBoundaryDescriptor`.
    pub fn DeleteBoundaryDescriptor(&mut self, BoundaryDescriptor: HANDLE) {
        let bd = BoundaryDescriptor;
        self.call(
            "DeleteBoundaryDescriptor",
            format_args!("{bd:#x}"),
            (),
            |s, p| s.delete_boundary_descriptor(p, bd as u64),
        );
    }

    /// `CreatePrivateNamespaceW`: NULL + ERROR_ALREADY_EXISTS if that alias already exists
    /// with that boundary (J12); ERROR_ACCESS_DENIED if the caller is outside the boundary.
    pub fn CreatePrivateNamespaceW(
        &mut self,
        lpPrivateNamespaceAttributes: Option<&SECURITY_ATTRIBUTES>,
        lpBoundaryDescriptor: HANDLE,
        lpAliasPrefix: Option<&str>,
    ) -> HANDLE {
        let _ = lpPrivateNamespaceAttributes;
        let bd = lpBoundaryDescriptor;
        self.call(
            "CreatePrivateNamespaceW",
            format_args!("{bd:#x}, {lpAliasPrefix:?}"),
            0,
            |s, p| {
                let alias = lpAliasPrefix.ok_or(Win32Error::INVALID_PARAMETER)?;
                s.create_private_namespace(p, bd as u64, c_str(alias))
                    .map(to_handle)
            },
        )
    }

    /// `OpenPrivateNamespaceW`: ERROR_PATH_NOT_FOUND when no such namespace is open (J13).
    pub fn OpenPrivateNamespaceW(
        &mut self,
        lpBoundaryDescriptor: HANDLE,
        lpAliasPrefix: Option<&str>,
    ) -> HANDLE {
        let bd = lpBoundaryDescriptor;
        self.call(
            "OpenPrivateNamespaceW",
            format_args!("{bd:#x}, {lpAliasPrefix:?}"),
            0,
            |s, p| {
                let alias = lpAliasPrefix.ok_or(Win32Error::INVALID_PARAMETER)?;
                s.open_private_namespace(p, bd as u64, c_str(alias))
                    .map(to_handle)
            },
        )
    }

    /// `ClosePrivateNamespace` (PRIVATE_NAMESPACE_FLAG_DESTROY removes it at once; J14).
    pub fn ClosePrivateNamespace(&mut self, hNamespace: HANDLE, Flags: u32) -> BOOL {
        self.call(
            "ClosePrivateNamespace",
            format_args!("{hNamespace:#x}, {Flags:#x}"),
            0,
            |s, p| {
                s.close_private_namespace(p, from_handle(hNamespace), Flags)
                    .map(|()| 1)
            },
        )
    }
}
