//! The teaching scenarios built into the binary (`winsection list`, `winsection run @NAME`):
//! every file of `scenarios/`, in the order a newcomer should read them (README's order: the
//! tour first, then names, views, sections, processes, files, machines, the fix). A test keeps
//! this list and the directory equal.

/// One built-in scenario.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    /// `grow_on_map` (run it as `@grow_on_map`).
    pub name: &'static str,
    /// The `.scn` text.
    pub source: &'static str,
}

impl Builtin {
    /// The one-line lesson: the file's first comment line.
    pub fn lesson(&self) -> &'static str {
        self.source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .map_or("", str::trim)
    }

    /// The scenario a reader should run after this one.
    pub fn next(&self) -> Option<&'static Builtin> {
        let i = SCENARIOS.iter().position(|b| b.name == self.name)?;
        SCENARIOS.get(i.saturating_add(1))
    }
}

/// The teaching scenarios, in reading order.
pub static SCENARIOS: &[Builtin] = &[
    Builtin {
        name: "tour",
        source: include_str!("../../scenarios/tour.scn"),
    },
    Builtin {
        name: "name_clash_event",
        source: include_str!("../../scenarios/name_clash_event.scn"),
    },
    Builtin {
        name: "view_outlives_handle",
        source: include_str!("../../scenarios/view_outlives_handle.scn"),
    },
    Builtin {
        name: "name_dies_first",
        source: include_str!("../../scenarios/name_dies_first.scn"),
    },
    Builtin {
        name: "copy_on_write",
        source: include_str!("../../scenarios/copy_on_write.scn"),
    },
    Builtin {
        name: "sec_reserve",
        source: include_str!("../../scenarios/sec_reserve.scn"),
    },
    Builtin {
        name: "global_vs_local",
        source: include_str!("../../scenarios/global_vs_local.scn"),
    },
    Builtin {
        name: "inherit_duplicate",
        source: include_str!("../../scenarios/inherit_duplicate.scn"),
    },
    Builtin {
        name: "unhandled_exception",
        source: include_str!("../../scenarios/unhandled_exception.scn"),
    },
    Builtin {
        name: "grow_on_map",
        source: include_str!("../../scenarios/grow_on_map.scn"),
    },
    Builtin {
        name: "file_invalid",
        source: include_str!("../../scenarios/file_invalid.scn"),
    },
    Builtin {
        name: "user_mapped_file",
        source: include_str!("../../scenarios/user_mapped_file.scn"),
    },
    Builtin {
        name: "remote_incoherence",
        source: include_str!("../../scenarios/remote_incoherence.scn"),
    },
    Builtin {
        name: "power_loss",
        source: include_str!("../../scenarios/power_loss.scn"),
    },
    Builtin {
        name: "private_namespace",
        source: include_str!("../../scenarios/private_namespace.scn"),
    },
    Builtin {
        name: "placeholders",
        source: include_str!("../../scenarios/placeholders.scn"),
    },
    Builtin {
        name: "app_container_squatter",
        source: include_str!("../../scenarios/app_container_squatter.scn"),
    },
    Builtin {
        name: "store_app_codegen",
        source: include_str!("../../scenarios/store_app_codegen.scn"),
    },
    Builtin {
        name: "windows_ce",
        source: include_str!("../../scenarios/windows_ce.scn"),
    },
];

/// The scenario called `name` (with or without its `@`, case-insensitive).
pub fn find(name: &str) -> Option<&'static Builtin> {
    let name = name.strip_prefix('@').unwrap_or(name);
    SCENARIOS.iter().find(|b| b.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn every_file_of_scenarios_is_built_in_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "scn"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut built: Vec<String> = SCENARIOS.iter().map(|b| b.name.to_string()).collect();
        built.sort();
        assert_eq!(on_disk, built);
        for b in SCENARIOS {
            assert!(!b.lesson().is_empty(), "{} has no lesson line", b.name);
        }
        assert_eq!(find("@Grow_On_Map").unwrap().name, "grow_on_map");
        assert_eq!(
            find("tour").unwrap().next().unwrap().name,
            "name_clash_event"
        );
        assert!(find("windows_ce").unwrap().next().is_none());
    }
}
