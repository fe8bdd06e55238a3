//! Replays every committed fuzz seed (fuzz/seeds/TARGET/*) through the same fuzz bodies the
//! cargo-fuzz targets run, so CI exercises them without cargo-fuzz (TOOLING.md).

mod names_body {
    include!("../fuzz/bodies/names.rs");
}

mod scenario_body {
    include!("../fuzz/bodies/scenario.rs");
}

use std::path::Path;

/// Every file of a seed folder, sorted, as (name, bytes).
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    Some((
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).ok()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn names_seeds_replay() {
    let seeds = seeds("names");
    assert!(!seeds.is_empty(), "fuzz/seeds/names holds no seed");
    for (name, bytes) in seeds {
        let r = std::panic::catch_unwind(|| names_body::run_names(&bytes));
        assert!(r.is_ok(), "seed {name} failed");
    }
}

#[test]
fn scenario_seeds_replay() {
    let seeds = seeds("scenario");
    assert!(!seeds.is_empty(), "fuzz/seeds/scenario holds no seed");
    for (name, bytes) in seeds {
        let r = std::panic::catch_unwind(|| scenario_body::run_scenario(&bytes));
        assert!(r.is_ok(), "seed {name} failed");
    }
}
