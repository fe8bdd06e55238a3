//! Replays every committed seed of the `ops` fuzz target (fuzz/seeds/ops/*) through the same
//! fuzz body cargo-fuzz runs, so CI exercises it without cargo-fuzz (TOOLING.md).

mod ops_body {
    include!("../../fuzz/bodies/ops.rs");
}

#[test]
fn ops_seeds_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/ops");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    seeds.sort();
    assert!(!seeds.is_empty(), "fuzz/seeds/ops holds no seed");
    for path in seeds {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let r = std::panic::catch_unwind(|| ops_body::run_ops(&bytes));
        assert!(r.is_ok(), "seed {} failed", path.display());
    }
}
