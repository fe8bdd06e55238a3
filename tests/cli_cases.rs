//! The CLI's behaviour as snapshots (trycmd): `tests/cmd/*.md` are commands with their exact
//! output and exit status, readable as documentation; `tests/cmd/*.toml` feed standard input.
//! After a deliberate change: `TRYCMD=overwrite cargo test --test cli_cases`, then read the
//! diff (`git diff tests/cmd`) before committing it. trycmd shows every `\` of the output
//! as `/` (it normalises paths), so `Global\X` reads `Global/X` in these files.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "winsection",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_winsection")),
        )
        .case("tests/cmd/*.md")
        .case("tests/cmd/*.toml");
}
