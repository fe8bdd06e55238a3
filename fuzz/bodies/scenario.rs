/// Any bytes as a `.scn` scenario: a script error or a run, never a panic; the machine must
/// stay consistent (`System::check()`) after every statement, not only at the end (issue 15).
pub fn run_scenario(data: &[u8]) {
    if let Ok(script) = winsection::scenario::load(data) {
        let mut runner = winsection::scenario::interpreter::Runner::new(script.config.clone());
        for stmt in &script.statements {
            let record = runner.step(stmt);
            if let Err(e) = runner.system().check() {
                panic!("invariant broken after line {}: {e}\n{record:?}", stmt.pos.line);
            }
        }
    }
}
