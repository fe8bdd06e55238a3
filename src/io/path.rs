//! Win32 file paths -> (disk, volume, components), as `RtlDosPathNameToNtPathName` would
//! normalise them: `/` is a separator, repeated separators collapse, `.` and `..` are resolved,
//! trailing dots and spaces of a component are dropped, and names compare case-insensitively.
//!
//! Forms: `C:\dir\file` (the only drive letter), `\dir\file` and relative paths (from `C:\`,
//! every process's current directory), `\\?\C:\...`, and `\\HOST\SHARE\dir\file` for a file on
//! HOST's disk (SCENARIO.md "Hosts"); every share of a host exists implicitly.

use crate::error::{NtStatus, Result};

/// Characters Windows file names may not contain (MS docs "Naming Files, Paths, and
/// Namespaces"); a name with one is ERROR_INVALID_NAME.
const RESERVED: &[char] = &['<', '>', ':', '"', '|', '?', '*'];

/// The longest component NTFS accepts (255 UTF-16 units).
const MAX_COMPONENT: usize = 255;

/// A parsed, normalised path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FilePath {
    /// The host whose disk holds the file; None = the caller's own disk.
    pub server: Option<String>,
    /// `C:` or a share name, as written.
    pub volume: String,
    /// Path components below the volume root, as written (case kept).
    pub components: Vec<String>,
}

impl FilePath {
    /// The case-insensitive key of a path inside its volume (`\DIR\FILE`).
    pub fn key(&self) -> String {
        key_of(&self.components)
    }

    /// The key of the parent directory (`\` for the root).
    pub fn parent_key(&self) -> String {
        key_of(
            self.components
                .split_last()
                .map_or(&[][..], |(_, parent)| parent),
        )
    }

    /// The path as a user would write it.
    pub fn display(&self) -> String {
        let prefix = match &self.server {
            Some(server) => format!(r"\\{server}\{}", self.volume),
            None => self.volume.clone(),
        };
        format!("{prefix}\\{}", self.components.join("\\"))
    }

    /// The volume key (upper case).
    pub fn volume_key(&self) -> String {
        self.volume.to_uppercase()
    }
}

/// Case-insensitive key of a component list.
pub(crate) fn key_of(components: &[String]) -> String {
    let mut key = String::new();
    for c in components {
        key.push('\\');
        key.push_str(&c.to_uppercase());
    }
    if key.is_empty() {
        key.push('\\');
    }
    key
}

/// Parses a Win32 path. Errors: an empty path or another drive letter ->
/// ERROR_PATH_NOT_FOUND; a reserved character -> ERROR_INVALID_NAME; a component longer than
/// 255 -> ERROR_FILENAME_EXCED_RANGE; `\\server` without a share -> ERROR_BAD_NETPATH.
pub(crate) fn parse(path: &str) -> Result<FilePath> {
    let path = path.split('\0').next().unwrap_or("").replace('/', "\\");
    let path = path.strip_prefix(r"\\?\").map_or(path.as_str(), |p| p);
    if path.is_empty() {
        return Err(NtStatus::OBJECT_PATH_NOT_FOUND.into());
    }
    let (server, volume, rest) = if let Some(unc) = path.strip_prefix(r"\\") {
        let mut parts = unc.splitn(3, '\\');
        let server = parts.next().unwrap_or("");
        let share = parts.next().unwrap_or("");
        if server.is_empty() || share.is_empty() {
            return Err(NtStatus::BAD_NETWORK_PATH.into());
        }
        (
            Some(server.to_string()),
            share.to_string(),
            parts.next().unwrap_or(""),
        )
    } else {
        let mut chars = path.chars();
        match (chars.next(), chars.next()) {
            (Some(letter), Some(':')) => {
                if !letter.eq_ignore_ascii_case(&'c') {
                    return Err(NtStatus::OBJECT_PATH_NOT_FOUND.into());
                }
                (None, "C:".to_string(), path.get(2..).unwrap_or(""))
            }
            _ => (None, "C:".to_string(), path),
        }
    };
    let mut components: Vec<String> = Vec::new();
    for raw in rest.split('\\') {
        let c = raw.trim_end_matches(['.', ' ']);
        match raw {
            "" | "." => continue,
            ".." => {
                components.pop();
                continue;
            }
            _ => {}
        }
        if c.is_empty() {
            continue;
        }
        if c.chars()
            .any(|ch| RESERVED.contains(&ch) || u32::from(ch) < 0x20)
        {
            return Err(NtStatus::OBJECT_NAME_INVALID.into());
        }
        if c.encode_utf16().count() > MAX_COMPONENT {
            return Err(NtStatus::NAME_TOO_LONG.into());
        }
        components.push(c.to_string());
    }
    Ok(FilePath {
        server,
        volume,
        components,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Win32Error;

    #[test]
    fn normalisation() {
        let p = parse(r"c:/Data\\.\x\..\File.BIN. ").unwrap_or_else(|_| unreachable!());
        assert_eq!(p.volume, "C:");
        assert_eq!(
            p.components,
            vec!["Data".to_string(), "File.BIN".to_string()]
        );
        assert_eq!(p.key(), r"\DATA\FILE.BIN");
        assert_eq!(p.parent_key(), r"\DATA");
        let unc = parse(r"\\srv\share\f.bin").unwrap_or_else(|_| unreachable!());
        assert_eq!(unc.server.as_deref(), Some("srv"));
        assert_eq!(unc.volume_key(), "SHARE");
        assert_eq!(unc.display(), r"\\srv\share\f.bin");
    }

    #[test]
    fn errors() {
        assert_eq!(parse(""), Err(Win32Error::PATH_NOT_FOUND));
        assert_eq!(parse(r"D:\x"), Err(Win32Error::PATH_NOT_FOUND));
        assert_eq!(parse(r"C:\a?b"), Err(Win32Error::INVALID_NAME));
        assert_eq!(parse(r"\\srv"), Err(Win32Error::BAD_NETPATH));
        assert_eq!(
            parse(&format!(r"C:\{}", "a".repeat(256))),
            Err(Win32Error::FILENAME_EXCED_RANGE)
        );
    }
}
