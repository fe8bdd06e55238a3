/// Any bytes as a `.scn` scenario: a script error or a run, never a panic; a run must leave
/// the machine consistent (`System::check()`).
pub fn run_scenario(data: &[u8]) {
    if let Ok(script) = winsection::scenario::load(data) {
        let result = winsection::scenario::run(&script);
        if let Err(e) = result.system.check() {
            panic!("invariant broken: {e}\n{}", result.text());
        }
    }
}
