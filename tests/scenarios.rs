//! Snapshot of every teaching scenario's full trace (each ends with a `dump`): the traces are
//! reviewed like code. Every teaching scenario must pass (exit status 0) and leave the machine
//! consistent (`System::check()`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use winsection::scenario;

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn teaching_scenarios() {
    settings().bind(|| {
        insta::glob!("../scenarios", "*.scn", |path| {
            let src = std::fs::read(path).unwrap();
            let script = scenario::load(&src)
                .unwrap_or_else(|e| panic!("{}", e.display(&path.display().to_string())));
            let result = scenario::run(&script);
            let text = result.text();
            assert_eq!(result.exit_status(), 0, "{}:\n{text}", path.display());
            if let Err(e) = result.system.check() {
                panic!("invariant broken after {}: {e}", path.display());
            }
            assert!(
                result
                    .records
                    .last()
                    .is_some_and(|r| matches!(r.outcome, scenario::Outcome::Dump { .. })),
                "{} should end with `dump`",
                path.display()
            );
            insta::assert_snapshot!(text);
        });
    });
}

#[test]
fn teaching_scenarios_as_dot() {
    settings().bind(|| {
        let src =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tour.scn")).unwrap();
        let result = scenario::run(&scenario::load(&src).unwrap());
        insta::assert_snapshot!("tour_dot", result.system.dump_dot());
    });
}

/// The two profiles' pictures (issue 9: "the DOT picture and the dump show the profile,
/// process slots (CE) and the app-container directory").
#[test]
fn profile_scenarios_as_dot() {
    settings().bind(|| {
        for name in ["windows_ce", "app_container_squatter"] {
            let path = format!("{}/scenarios/{name}.scn", env!("CARGO_MANIFEST_DIR"));
            let src = std::fs::read(path).unwrap();
            let result = scenario::run(&scenario::load(&src).unwrap());
            let dot = result.system.dump_dot();
            if name == "windows_ce" {
                assert!(dot.contains("profile ce"), "{dot}");
                assert!(dot.contains("slot 2: 0x4000000-0x5ffffff"), "{dot}");
                assert!(!dot.contains("session 1"), "CE has no sessions:\n{dot}");
            } else {
                assert!(dot.contains("AppContainerNamedObjects"), "{dot}");
                assert!(dot.contains("capabilities codeGeneration"), "{dot}");
            }
            insta::assert_snapshot!(format!("{name}_dot"), dot);
        }
    });
}

#[test]
fn the_built_in_tour_is_scenarios_tour_scn() {
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tour.scn"))
            .unwrap();
    assert_eq!(scenario::TOUR, on_disk);
}
