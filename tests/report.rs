//! `winsection report`: one self-contained page (nothing fetched), a picture per statement,
//! changes highlighted; and in a real headless browser (Debian's `chromium`, which `.ci/run`
//! installs) the page runs without a script error and stepping shows another picture.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

fn report(name: &str) -> (std::path::PathBuf, String) {
    let out = std::env::temp_dir().join(format!(
        "winsection-report-{}-{name}.html",
        std::process::id()
    ));
    let status = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["report", &format!("@{name}"), "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let html = std::fs::read_to_string(&out).unwrap();
    (out, html)
}

/// The `<figure>` of each step, in order.
fn figures(html: &str) -> Vec<&str> {
    html.split("<figure class=\"step\"").skip(1).collect()
}

#[test]
fn a_self_contained_page_with_a_picture_per_statement() {
    let (_, html) = report("tour");
    // Nothing is fetched: no src/href attributes, no URL but the SVG namespace name.
    assert!(!html.contains(" src=") && !html.contains(" href="));
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
    let figs = figures(&html);
    assert_eq!(figs.len(), 25, "one picture per statement of the tour");
    assert_eq!(html.matches("<li class=\"stmt").count(), 25);
    // Narration is there, and the pictures change: the step that maps the app's view adds it.
    assert!(html.contains("# The tour: squatting on a file-mapping name, and the fix."));
    let map_step = figs
        .iter()
        .position(|f| f.contains("after line 29: app: view = MapViewOfFile"))
        .unwrap();
    assert!(figs[map_step].contains("view 0x10000000 -&gt; #18"));
    assert!(!figs[map_step - 1].contains("data-key=\"p260v10000000\""));
    assert!(figs[map_step].contains("<g class=\"item changed\" data-key=\"p260v10000000\">"));
    // A statement that changes nothing highlights nothing.
    let expect_step = figs
        .iter()
        .position(|f| f.contains("after line 31: app: expect mbi.RegionSize == 4096"))
        .unwrap();
    assert!(!figs[expect_step].contains("item changed"));
    // Access rights by name, section -> file edges in a file scenario.
    assert!(html.contains("SECTION_MAP_WRITE|SECTION_MAP_READ"));
    let (_, files) = report("user_mapped_file");
    assert!(
        files.contains("stroke=\"#b07030\""),
        "a file-backed section's edge"
    );
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new("sh")
            .args(["-c", &format!("command -v {c}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The DOM after the page's script ran, opened at `#step=N`, and the browser's stderr.
fn dom_at(browser: &str, page: &std::path::Path, step: usize) -> (String, String) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("file://{}#step={step}", page.display()))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The step whose figure is shown (the one without `hidden`).
fn shown(dom: &str) -> Vec<String> {
    figures(dom)
        .iter()
        .filter(|f| {
            let tag = f.split('>').next().unwrap_or("");
            !tag.contains("hidden")
        })
        .map(|f| f.split("</figcaption>").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_page_steps_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium on this machine (apt-get install -y chromium)");
        return;
    };
    let (page, _) = report("tour");
    let (first, err1) = dom_at(browser, &page, 0);
    let (later, err2) = dom_at(browser, &page, 8);
    for err in [&err1, &err2] {
        assert!(
            !err.contains("Uncaught") && !err.contains(":CONSOLE"),
            "console errors:\n{err}"
        );
    }
    // The script ran to its end and selected the step asked for.
    assert!(
        first.contains("data-step=\"0\"") && first.contains("data-ready=\"1\""),
        "{first}"
    );
    assert!(later.contains("data-step=\"8\"") && later.contains("data-ready=\"1\""));
    let (a, b) = (shown(&first), shown(&later));
    assert_eq!((a.len(), b.len()), (1, 1), "exactly one picture is shown");
    assert_ne!(a, b, "stepping shows another picture");
    assert!(b[0].contains("after line 29"), "{b:?}");
    assert!(later.contains("class=\"stmt current\" data-step=\"8\""));
}

/// Issue 9: the pictures show the profile and the process slots on CE (no sessions there), and
/// each app-container process's container, SID and capabilities.
#[test]
fn the_pictures_show_the_profile_slots_and_app_containers() {
    let (_, ce) = report("windows_ce");
    let last = *figures(&ce).last().unwrap();
    assert!(
        last.contains("processes (profile ce: 32 MB slots; shared region 0x42000000-0x7fffffff)")
    );
    assert!(last.contains("process writer (pid 256, slot 2: 0x4000000-0x5ffffff)"));
    assert!(last.contains("process reader (pid 260, slot 3: 0x6000000-0x7ffffff)"));
    assert!(!last.contains("session 1"));
    let (_, ac) = report("app_container_squatter");
    let last = *figures(&ac).last().unwrap();
    assert!(last.contains("process jit (pid 264, session 1)"));
    assert!(last.contains("app container ContosoJit"));
    assert!(last.contains("capabilities codeGeneration"));
    assert!(!figures(&ac)[0].contains("profile ce"));
}
